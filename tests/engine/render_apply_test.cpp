// apply.sh and rollback.sh as text: what each step sends, how data is
// quoted, what the drift guard and the verification expect. (The scripts
// run against the FlagFlow test server in tests/apply/.)
#include <cstdio>
#include <map>
#include <regex>
#include <set>

#include "flagplan/render/flag_json.hpp"
#include "flagplan/parse/parse.hpp"
#include "flagplan/planfile/plan_file.hpp"
#include "test_support.hpp"

namespace flagplan::testing {
namespace {

using json = nlohmann::json;

/// Source and target covering every kind of step: a created flag (BOOLEAN),
/// a re-schemaed one (INTEGER), a value-only change (ENUM), a type change,
/// and a deleted flag (AB-TEST).
const char* const kSource = R"({"environment":"staging","version":"1.7.1","createdAt":"2026-11-21T10:00:00.000Z","flags":{
 "new/flag":{"description":"Brand new","type":"BOOLEAN","defaultValue":false,"isKillSwitch":false,"valueExists":true,"value":true},
 "limits/max":{"description":"Max items","type":"INTEGER","defaultValue":5,"minValue":0,"maxValue":10,"valueExists":true,"value":7},
 "ui/color":{"description":"Colour","type":"ENUM","defaultValue":"red","enumValues":["red","blue"],"allowEmpty":false,"valueExists":true,"value":"blue"},
 "retyped":{"description":"Now a string","type":"STRING","defaultValue":"x","maxLength":0,"regExp":"","valueExists":false,"value":""}
}})";
const char* const kTarget = R"({"environment":"production","version":"1.7.1","createdAt":"2026-11-21T09:00:00.000Z","flags":{
 "limits/max":{"description":"Max items","type":"INTEGER","defaultValue":5,"minValue":0,"maxValue":20,"valueExists":true,"value":15},
 "ui/color":{"description":"Colour","type":"ENUM","defaultValue":"red","enumValues":["red","blue"],"allowEmpty":false,"valueExists":false,"value":""},
 "retyped":{"description":"Was a boolean","type":"BOOLEAN","defaultValue":true,"isKillSwitch":false,"valueExists":true,"value":false},
 "old/flag":{"description":"Going away","type":"AB-TEST","chanceBPercent":25}
}})";

Analysis small(AnalyzeOptions options = {}) {
    StdRegexEngine regex;
    return analyze({kSource, "s.json"}, {kTarget, "t.json"}, options, regex);
}

AnalyzeOptions select(std::vector<int> ids) {
    AnalyzeOptions o;
    o.select = std::move(ids);
    return o;
}

AnalyzeOptions with_values() {
    AnalyzeOptions o;
    o.include_values = true;
    return o;
}

std::string script(const Analysis& a, const char* format = "sh") {
    Rendered r = render(a, format, fixed_time());
    EXPECT_TRUE(r.ok);
    return r.text;
}

struct Heredoc {
    std::string delimiter;
    std::string body;
    std::size_t first_line;  ///< 0-based line of the `cat <<'...'` line
};

/// The heredocs of a script, read the way bash reads them: from the line
/// after `cat <<'D'` (or `read ... <<'D' || true`) to the first line that is exactly D.
std::vector<Heredoc> heredocs(const std::string& text, std::vector<bool>* in_body = nullptr) {
    static const std::regex start(R"(^\s*(?:cat|IFS= read -r -d '' step_(?:body|pause)) <<'([A-Z0-9_]+)'(?: \|\| true)?$)");
    std::vector<std::string> lines = split_lines(text);
    if (in_body) in_body->assign(lines.size(), false);
    std::vector<Heredoc> out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::smatch m;
        if (!std::regex_match(lines[i], m, start)) continue;
        Heredoc h{m[1], "", i};
        std::size_t j = i + 1;
        for (; j < lines.size() && lines[j] != h.delimiter; ++j) {
            h.body += (j > i + 1 ? "\n" : "") + lines[j];
            if (in_body) (*in_body)[j] = true;
        }
        EXPECT_LT(j, lines.size()) << "unterminated heredoc " << h.delimiter;
        out.push_back(h);
        i = j;
    }
    return out;
}

std::vector<json> request_bodies(const std::string& text) {
    std::vector<json> out;
    for (const Heredoc& h : heredocs(text))
        if (h.delimiter.rfind("FLAGPLAN_STEP_", 0) == 0) out.push_back(json::parse(h.body));
    return out;
}

json expected_states(const std::string& text) {
    for (const Heredoc& h : heredocs(text))
        if (h.delimiter.rfind("FLAGPLAN_STATES_", 0) == 0) return json::parse(h.body);
    ADD_FAILURE() << "no expected states";
    return {};
}

/// The part of a script between two lines starting with the given texts.
std::string section(const std::string& text, const std::string& from, const std::string& to) {
    std::size_t a = text.find(from);
    std::size_t b = text.find(to, a);
    EXPECT_NE(a, std::string::npos) << from;
    EXPECT_NE(b, std::string::npos) << to;
    return text.substr(a, b - a);
}

/// A restore of `n` flags bulk/flag_<i> (each with the JSON members
/// `fields`) into an empty production export.
Analysis restore_into_empty(int n, const std::string& fields) {
    std::string flags = "{";
    for (int i = 0; i < n; ++i) flags += (i ? ",\"bulk/flag_" : "\"bulk/flag_") + std::to_string(i) + "\":{" + fields + "}";
    flags += "}";
    StdRegexEngine regex;
    AnalyzeOptions options;
    options.mode = Mode::Restore;
    const std::string source = export_text(flags, "production"), target = export_text("{}", "production");
    return analyze({source, "s.json"}, {target, "t.json"}, options, regex);
}

// A large script comes in parts (the WebAssembly module hands them to
// JavaScript as they are): each part but the last ends after a function of
// steps, and together they are the script render() makes.
TEST(ApplyScript, ALargeScriptComesInPartsThatJoinToTheScript) {
    const Analysis a = restore_into_empty(4000, R"("description":"One of many","type":"STRING","defaultValue":"a",)"
                                                R"("maxLength":0,"regExp":"","valueExists":true,"value":"b")");
    ASSERT_FALSE(a.blocked);
    RenderOptions o;
    o.generated_at = "2026-11-21T12:00:00Z";
    for (const char* format : {"sh", "rollback", "md"}) {
        SCOPED_TRACE(format);
        const Rendered whole = render(a, format, o);
        const RenderedParts parts = render_parts(a, format, o);
        ASSERT_TRUE(whole.ok);
        ASSERT_TRUE(parts.ok);
        if (std::string(format) == "md") {
            EXPECT_EQ(parts.parts.size(), 1u);
        } else {
            // Functions of steps in parts of at least 1 MB, each ending after
            // a function; then the rest up to the expected states' heredoc;
            // the states as a part of their own; then the machinery.
            const std::vector<std::string>& p = parts.parts;
            ASSERT_GE(p.size(), 4u) << whole.text.size() << " bytes";
            for (std::size_t i = 0; i + 3 < p.size(); ++i) {
                EXPECT_GE(p[i].size(), std::size_t(1) << 20);
                EXPECT_EQ(p[i].substr(p[i].size() - 9), "  esac\n}\n");
            }
            const std::string& before_states = p[p.size() - 3];
            const std::size_t heredoc = before_states.rfind("cat <<'FLAGPLAN_STATES_");
            ASSERT_NE(heredoc, std::string::npos);
            EXPECT_EQ(before_states.find('\n', heredoc), before_states.size() - 1);
            EXPECT_EQ(p[p.size() - 2].substr(0, 17), "{\n  \"environment\"");
            EXPECT_EQ(p.back().substr(0, 1), "\n");
        }
        EXPECT_EQ(join_parts(parts.parts), whole.text);
        // render_to() hands the same parts to its sink, one at a time.
        std::vector<std::size_t> sizes;
        std::string streamed;
        const RenderOutcome outcome = render_to(a, format, o, [&](std::string part) {
            sizes.push_back(part.size());
            streamed += part;
        });
        EXPECT_TRUE(outcome.ok);
        EXPECT_EQ(streamed, whole.text);
        std::vector<std::size_t> expected;
        for (const std::string& part : parts.parts) expected.push_back(part.size());
        EXPECT_EQ(sizes, expected);
    }
    int called = 0;
    const RenderOutcome refused = render_to(a, "pdf", o, [&](std::string) { ++called; });
    EXPECT_FALSE(refused.ok);
    EXPECT_EQ(called, 0);
    const RenderedParts unknown = render_parts(a, "pdf", o);
    EXPECT_FALSE(unknown.ok);
    EXPECT_EQ(codes(unknown.diagnostics), std::vector<std::string>{"plan.unknown_format"});
    // One message, from unknown_format(), for an analysis and for a saved plan.
    EXPECT_EQ(unknown.diagnostics[0].message,
              "unknown format `pdf`: a plan renders as text, json, plan, sh, rollback, md, github");
    EXPECT_EQ(unknown_format("pdf", true).message, "unknown format `pdf`: a saved plan renders as plan, sh, rollback, md");
}

// The script's text comes from templates/script.sh.in: every placeholder is
// filled, no template line is left, and steps are grouped 32 to a function
// (the number the template's step() divides by).
TEST(ApplyScript, TheTemplateIsFilledAndStepsAreGroupedThirtyTwoToAFunction) {
    const Analysis a = restore_into_empty(33, R"("description":"One of many","type":"BOOLEAN","defaultValue":false,)"
                                              R"("isKillSwitch":false,"valueExists":true,"value":true)");
    ASSERT_FALSE(a.blocked);
    // 33 flags: 66 steps to create them and set their values, 33 to delete them.
    for (const auto& [format, second] : {std::pair{"sh", "steps_33_to_64"}, std::pair{"rollback", "steps_33_to_33"}}) {
        SCOPED_TRACE(format);
        const std::string text = script(a, format);
        EXPECT_EQ(text.find("@@"), std::string::npos);
        EXPECT_EQ(text.find("\n#@"), std::string::npos);
        EXPECT_EQ(text.rfind("#!/usr/bin/env bash\n# flagplan ", 0), 0u);
        EXPECT_NE(text.find("  case $((($1 - 1) / 32)) in\n    0) steps_1_to_32 \"$1\" ;;\n    1) " +
                            std::string(second) + " \"$1\" ;;\n"),
                  std::string::npos);
        EXPECT_NE(text.find("\n" + std::string(second) + "() {\n  case $1 in\n\n  # Step 33/"), std::string::npos);
        EXPECT_EQ(text.substr(text.size() - 13), "}\n\nmain \"$@\"\n");
    }
}

TEST(ApplyScript, EachRequestIsOneSelectedStepWithoutItsDependency) {
    StdRegexEngine regex;
    std::string s = read_text("examples/production.json"), t = read_text("examples/staging.json");
    AnalyzeOptions o;
    o.include_values = true;
    Analysis a = analyze({s, "p"}, {t, "s"}, o, regex);
    std::vector<json> bodies = request_bodies(script(a));
    json flagflow = json::parse(read_text("tests/fixtures/flagflow/flagflow-plan-production-to-staging.json"));
    ASSERT_EQ(bodies.size(), flagflow["steps"].size());
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        json step = flagflow["steps"][i];
        step.erase("dependentId");
        step.erase("indent");
        EXPECT_EQ(bodies[i], (json{{"json", {{"steps", json::array({step})}}}})) << "step " << i + 1;
    }
}

TEST(ApplyScript, StepsAreNamedWithTheirChangesAndBodies) {
    std::string text = script(small(select({1, 2, 3, 5, 6, 7, 8})));
    EXPECT_EQ(section(text, "  # Step 3/7:", "  # Step 4/7:"),
              "  # Step 3/7: UPDATE_SCHEMA_DEFAULTVALUE limits/max (plan step #3)\n"
              "  #   maxValue: 20 -> 10\n"
              "  #   (overwrites schema and description)\n"
              "  #   (stores valueExists false: the flag uses its default value (its SET_VALUE step #4 is not selected))\n"
              "  3)\n"
              "    step_title='UPDATE_SCHEMA_DEFAULTVALUE limits/max'\n"
              "    step_journal='\"id\":3,\"mode\":\"UPDATE_SCHEMA_DEFAULTVALUE\",\"flagKey\":\"limits/max\"'\n"
              "    IFS= read -r -d '' step_body <<'FLAGPLAN_STEP_3_E17A' || true\n"
              "{\n"
              "  \"json\": {\n"
              "    \"steps\": [\n"
              "      {\n"
              "        \"id\": 3,\n"
              "        \"mode\": \"UPDATE_SCHEMA_DEFAULTVALUE\",\n"
              "        \"flagKey\": \"limits/max\",\n"
              "        \"flag\": {\n"
              "          \"description\": \"Max items\",\n"
              "          \"type\": \"INTEGER\",\n"
              "          \"defaultValue\": 5,\n"
              "          \"minValue\": 0,\n"
              "          \"maxValue\": 10,\n"
              "          \"valueExists\": true,\n"
              "          \"value\": 7\n"
              "        }\n"
              "      }\n"
              "    ]\n"
              "  }\n"
              "}\n"
              "FLAGPLAN_STEP_3_E17A\n"
              "    ;;\n\n");
    EXPECT_EQ(section(text, "  # Step 5/7:", "    IFS= read"),
              "  # Step 5/7: DELETE retyped (plan step #6)\n"
              "  #   (deletes the flag; step 6/7 creates it again with its new type)\n"
              "  5)\n"
              "    step_title='DELETE retyped'\n"
              "    step_journal='\"id\":6,\"mode\":\"DELETE\",\"flagKey\":\"retyped\"'\n");
    EXPECT_EQ(request_bodies(text)[4], json::parse(R"({"json":{"steps":[{"id":6,"mode":"DELETE","flagKey":"retyped"}]}})"));
    // The facts the machinery reads.
    EXPECT_NE(text.find("\nstep_count=7\nflag_count=4\n"), std::string::npos);
    EXPECT_NE(text.find("\nstage_pauses=''\n"), std::string::npos);
    EXPECT_NE(text.find("#   steps   7: 2 CREATE_DEFAULTVALUE, 1 UPDATE_SCHEMA_DEFAULTVALUE, 3 SET_VALUE, 1 DELETE "
                        "(7 of 9 steps selected)\n"),
              std::string::npos);
    EXPECT_NE(text.find("#   source  s.json (environment staging, FlagFlow 1.7.1, exported 2026-11-21T10:00:00.000Z, 4 flags)\n"
                        "#   target  t.json (environment production, FlagFlow 1.7.1, exported 2026-11-21T09:00:00.000Z, 4 flags)\n"),
              std::string::npos);
    EXPECT_NE(text.find("# Made 2026-11-21T12:00:00Z by flagplan test from the plan"), std::string::npos);
    EXPECT_NE(text.find("#   plan    Plan: 2 to create, 1 to update, 3 values to set, 1 to delete (7 of 9 steps selected).\n"
                        "#   review  3 finding(s) for the selected steps: 1 risk.value_reset, 1 risk.type_change, "
                        "1 risk.value_invalidated; see the review report"),
              std::string::npos);
    // The run starts only on the last line: a truncated download runs nothing.
    EXPECT_EQ(text.substr(text.size() - 11), "\nmain \"$@\"\n");
    EXPECT_EQ(text.rfind("#!/usr/bin/env bash\n", 0), 0u);
}

TEST(ApplyScript, ExpectedStatesStartAtTheBaselineAndEndAtThePromise) {
    Analysis a = small(select({1, 3, 5, 6, 7, 9}));
    PlanFile p = make_plan_file(a, fixed_time());
    json states = expected_states(script(a));
    EXPECT_EQ(states["environment"], "production");
    json target = json::parse(kTarget)["flags"];
    std::vector<std::string> keys;
    for (auto it = states["flags"].begin(); it != states["flags"].end(); ++it) keys.push_back(it.key());
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(keys, (std::vector<std::string>{"limits/max", "new/flag", "old/flag", "retyped", "ui/color"}));
    for (const std::string& key : keys) {
        const json& list = states["flags"][key];
        EXPECT_EQ(list.front()[0], 0);
        EXPECT_EQ(list.front()[1], target.contains(key) ? target[key] : json()) << key;
        FlagState promised = promised_state(p, key);
        EXPECT_EQ(list.back()[1], promised ? json::parse(flag_to_json(*promised).dump()) : json()) << key;
    }
    // After step 1 (CREATE, its SET unselected): the source flag with its default value.
    EXPECT_EQ(states["flags"]["new/flag"][1], json::parse(R"([1, {"description":"Brand new","type":"BOOLEAN",
        "defaultValue":false,"isKillSwitch":false,"valueExists":false,"value":true}])"));
    // The type change: DELETE at step 4, CREATE at step 5.
    EXPECT_EQ(states["flags"]["retyped"][1], json::parse("[4, null]"));
    EXPECT_EQ(states["flags"]["retyped"][2][0], 5);
    EXPECT_EQ(states["flags"]["retyped"][2][1]["type"], "STRING");
}

TEST(RollbackScript, UndoesInReverseOrderBackToTheBaseline) {
    Analysis a = small(with_values());
    std::string text = script(a, "rollback");
    std::vector<std::string> steps;
    for (const json& b : request_bodies(text)) {
        const json& s = b["json"]["steps"][0];
        steps.push_back(s["id"].dump() + " " + s["mode"].get<std::string>() + " " + s["flagKey"].get<std::string>());
    }
    EXPECT_EQ(steps, (std::vector<std::string>{
                         "1 CREATE_DEFAULTVALUE old/flag",  // deleted by the apply: created again (AB-TEST: no value)
                         "2 DELETE retyped",                // retyped: back to its old type and value
                         "3 CREATE_DEFAULTVALUE retyped",
                         "4 SET_VALUE retyped",
                         "5 SET_VALUE ui/color",            // value only
                         "6 UPDATE_SCHEMA_DEFAULTVALUE limits/max",  // schema, then the value the update reset
                         "7 SET_VALUE limits/max",
                         "8 DELETE new/flag",               // created by the apply
                     }));
    json target = json::parse(kTarget)["flags"];
    std::vector<json> bodies = request_bodies(text);
    EXPECT_EQ(bodies[1]["json"]["steps"][0].contains("flag"), false);
    EXPECT_EQ(bodies[2]["json"]["steps"][0]["flag"], target["retyped"]);
    EXPECT_EQ(bodies[5]["json"]["steps"][0]["flag"], target["limits/max"]);
    EXPECT_EQ(bodies[6]["json"]["steps"][0]["flag"], target["limits/max"]);
    // The drift guard expects what the apply left; the verification the baseline.
    json source = json::parse(kSource)["flags"];
    json states = expected_states(text);
    for (auto it = states["flags"].begin(); it != states["flags"].end(); ++it) {
        const std::string& key = it.key();
        EXPECT_EQ(it.value().front()[1], source.contains(key) ? source[key] : json()) << key;
        EXPECT_EQ(it.value().back()[1], target.contains(key) ? target[key] : json()) << key;
    }
    EXPECT_NE(text.find("# flagplan rollback script: undoes apply.sh of the migration staging -> production"),
              std::string::npos);
    EXPECT_NE(text.find("script_verb='roll back'"), std::string::npos);
}

TEST(RollbackScript, OnlyTheSelectedStepsAreUndone) {
    // Schema only: the UPDATE of limits/max resets its value; the rollback
    // restores schema and value; ui/color (value step unselected) is untouched.
    std::string text = script(small(select({3})), "rollback");
    std::vector<json> bodies = request_bodies(text);
    ASSERT_EQ(bodies.size(), 2u);
    EXPECT_EQ(bodies[0]["json"]["steps"][0]["mode"], "UPDATE_SCHEMA_DEFAULTVALUE");
    EXPECT_EQ(bodies[1]["json"]["steps"][0]["mode"], "SET_VALUE");
    EXPECT_EQ(bodies[1]["json"]["steps"][0]["flag"]["value"], 15);
    EXPECT_NE(text.find("\nstep_count=2\n"), std::string::npos);
}

/// Strings a shell must never see as code.
const std::vector<std::string> kHostile = {
    "$(touch /tmp/flagplan-canary)",
    "`touch /tmp/flagplan-canary`",
    "'; touch /tmp/flagplan-canary; '",
    "\"; touch /tmp/flagplan-canary; \"",
    "back\\slash \\' \\\" \\n",
    "one\nEOF\nFLAGPLAN_STEP_1_0000\nFLAGPLAN_STATES_0000\n)\n;;\nesac\nlast",
    "unicode \xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x9A\x80 \xE2\x80\xAEreversed\xE2\x80\xAC zero\xE2\x80\x8Bwidth",
    "${IFS}$HOME!!*?[a-z]~ %s \t\r end",  // (no edge whitespace: FlagFlow trims it)
    "\x1b[31mred\x1b[0m \x7f",
};

TEST(ApplyScript, HostileDataTravelsOnlyInsideQuotedHeredocs) {
    json source = json::parse(kSource), target = json::parse(kTarget);
    for (std::size_t i = 0; i < kHostile.size(); ++i) {
        source["flags"]["new/flag"]["description"] = kHostile[i];
        source["flags"]["retyped"]["defaultValue"] = kHostile[i];
        source["flags"]["retyped"]["value"] = kHostile[i];
        source["flags"]["retyped"]["valueExists"] = true;
        source["environment"] = "env " + kHostile[i];
        target["flags"]["old/flag"]["description"] = kHostile[i];
        target["environment"] = "other " + kHostile[i];
        StdRegexEngine regex;
        AnalyzeOptions o;
        o.include_values = true;
        std::string s = source.dump(), t = target.dump();
        Analysis a = analyze({s, "src " + kHostile[i]}, {t, "t.json"}, o, regex);
        ASSERT_FALSE(a.blocked) << render_diagnostics_text(a.diagnostics);
        for (const char* format : {"sh", "rollback"}) {
            std::string text = script(a, format);
            // Every request body arrives exactly: bash copies heredoc lines verbatim.
            for (const json& body : request_bodies(text)) {
                const json& step = body["json"]["steps"][0];
                if (!step.contains("flag")) continue;
                const std::string& key = step["flagKey"].get_ref<const std::string&>();
                const json& want = std::string(format) == "sh" ? source["flags"][key] : target["flags"][key];
                EXPECT_EQ(step["flag"], want) << format << " " << key << " #" << i;
            }
            // Outside the heredoc bodies, data appears only in comments, on one line.
            std::vector<bool> in_body;
            heredocs(text, &in_body);
            std::vector<std::string> lines = split_lines(text);
            for (std::size_t l = 0; l < lines.size(); ++l) {
                if (in_body[l]) continue;
                std::string trimmed = lines[l].substr(std::min(lines[l].find_first_not_of(' '), lines[l].size()));
                bool comment = trimmed.rfind("#", 0) == 0;
                for (const char* needle : {"flagplan-canary", "reversed", "${IFS}$HOME", "[31m"})
                    if (lines[l].find(needle) != std::string::npos)
                        EXPECT_TRUE(comment) << format << " line " << l + 1 << ": " << lines[l];
            }
            // Invisible and reordering characters are shown as escapes, never raw.
            EXPECT_EQ(text.find("\xE2\x80\xAE"), std::string::npos);
            EXPECT_EQ(text.find("\xE2\x80\x8B"), std::string::npos);
            EXPECT_EQ(text.find('\x1b'), std::string::npos);
            EXPECT_EQ(text.find('\x7f'), std::string::npos);
            EXPECT_EQ(text.find('\r'), std::string::npos);
        }
    }
}

// ---------------------------------------------------------------------------
// flagplan's own steps: RENAME and stage walks.

std::string stage_flag(const std::string& value, bool exists = true) {
    json j = {{"description", "Ledger stage"}, {"type", "ENUM"}, {"defaultValue", "off"},
              {"enumValues", {"off", "dualwrite", "shadow", "live", "rampdown", "complete"}},
              {"allowEmpty", false}, {"valueExists", exists}, {"value", value}};
    return j.dump();
}

const std::string kBool = R"({"description":"Same text","type":"BOOLEAN","defaultValue":false,"isKillSwitch":false,)";

/// A rename (old/key -> new/key, values differ) and a stage flag that jumps
/// off -> live (a walk of 3 links).
Analysis renames_and_walk(AnalyzeOptions o = {}) {
    o.renames = true;
    o.walk_stages = true;
    std::string source = R"({"environment":"staging","version":"1.7.1","createdAt":"2026-11-21T10:00:00.000Z","flags":{)"
                         R"("ledger":)" + stage_flag("live") + R"(,"new/key":)" + kBool +
                         R"("valueExists":true,"value":true}}})";
    std::string target = R"({"environment":"production","version":"1.7.1","createdAt":"2026-11-21T09:00:00.000Z","flags":{)"
                         R"("ledger":)" + stage_flag("off") + R"(,"old/key":)" + kBool +
                         R"("valueExists":true,"value":false}}})";
    StdRegexEngine regex;
    return analyze({source, "s.json"}, {target, "t.json"}, o, regex);
}

std::vector<std::string> step_list(const std::string& text) {
    std::vector<std::string> out;
    static const std::regex title(R"(^    step_title='(.*)'$)");
    for (const std::string& line : split_lines(text)) {
        std::smatch m;
        if (std::regex_match(line, m, title)) out.push_back(m[1]);
    }
    return out;
}

TEST(ApplyScript, RenameIsOneRequestToFlagFlowsRenameOperation) {
    Analysis a = renames_and_walk(with_values());
    ASSERT_FALSE(a.blocked) << render_diagnostics_text(a.diagnostics);
    std::string text = script(a);
    EXPECT_EQ(step_list(text), (std::vector<std::string>{
                                   "SET_VALUE ledger (stage 1/3: off -> dualwrite)",
                                   "SET_VALUE ledger (stage 2/3: dualwrite -> shadow)",
                                   "SET_VALUE ledger (stage 3/3: shadow -> live)",
                                   "RENAME old/key -> new/key",
                                   "SET_VALUE new/key",
                               }));
    std::string d;
    for (const Heredoc& h : heredocs(text))
        if (h.delimiter.rfind("FLAGPLAN_STEP_4_", 0) == 0) d = h.delimiter;
    EXPECT_EQ(section(text, "  # Step 4/5:", "  # Step 5/5:"),
              "  # Step 4/5: RENAME old/key -> new/key (plan step #4)\n"
              "  #   key: \"old/key\" -> \"new/key\"\n"
              "  #   (flagplan's step, not one of FlagFlow's step modes: FlagFlow's rename operation (POST "
              "/ui-rpc/flag.rename) moves the flag to its new key with its schema and value)\n"
              "  #   (sends the source flag's description)\n"
              "  4)\n"
              "    step_title='RENAME old/key -> new/key'\n"
              "    step_journal='\"id\":4,\"mode\":\"RENAME\",\"flagKey\":\"new/key\",\"oldKey\":\"old/key\"'\n"
              "    step_rpc=flag.rename\n"
              "    IFS= read -r -d '' step_body <<'" + d + "' || true\n"
              "{\n"
              "  \"json\": {\n"
              "    \"oldKey\": \"old/key\",\n"
              "    \"recentKey\": \"new/key\",\n"
              "    \"description\": \"Same text\"\n"
              "  }\n"
              "}\n" + d + "\n"
              "    ;;\n\n");
    // The SET_VALUE after it writes the source's value under the new key.
    std::vector<json> bodies = request_bodies(text);
    EXPECT_EQ(bodies[4]["json"]["steps"][0]["flagKey"], "new/key");
    EXPECT_EQ(bodies[4]["json"]["steps"][0]["flag"]["value"], true);
    // Drift guard: the old key as in the target, the new key absent; promise:
    // the target's flag under the new key, then the source's value; old key gone.
    json states = expected_states(text);
    json old_flag = json::parse(kBool + R"("valueExists":true,"value":false})");
    EXPECT_EQ(states["flags"]["old/key"], json::parse("[[0, " + old_flag.dump() + "], [4, null]]"));
    json renamed = old_flag;
    json source_flag = renamed;
    source_flag["value"] = true;
    EXPECT_EQ(states["flags"]["new/key"], json::parse("[[0, null], [4, " + renamed.dump() + "], [5, " +
                                                      source_flag.dump() + "]]"));
    std::vector<std::string> keys;
    for (auto it = states["flags"].begin(); it != states["flags"].end(); ++it) keys.push_back(it.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"ledger", "new/key", "old/key"}));  // the new key, then the old one
    EXPECT_NE(text.find("\nflag_count=3\n"), std::string::npos);
    EXPECT_NE(text.find("#   steps   5: 0 CREATE_DEFAULTVALUE, 0 UPDATE_SCHEMA_DEFAULTVALUE, 4 SET_VALUE, 0 DELETE, "
                        "1 RENAME (flagplan's) (5 of 5 steps selected)\n"),
              std::string::npos);
}

TEST(ApplyScript, StageWalkSendsEachStageAndPausesBetweenLinks) {
    Analysis a = renames_and_walk(with_values());
    PlanFile p = make_plan_file(a, fixed_time());
    std::string text = script(a);
    std::vector<json> bodies = request_bodies(text);
    // Every link but the last writes valueExists true and its stage; the last
    // is the source flag as it is.
    json source = json::parse(stage_flag("live"));
    for (int link = 0; link < 3; ++link) {
        json want = source;
        want["value"] = std::vector<std::string>{"dualwrite", "shadow", "live"}[link];
        EXPECT_EQ(bodies[link]["json"]["steps"][0],
                  (json{{"id", link + 1}, {"mode", "SET_VALUE"}, {"flagKey", "ledger"}, {"flag", want}}))
            << link;
    }
    EXPECT_NE(text.find("\nstage_pauses='1 2'\n"), std::string::npos);
    EXPECT_NE(text.find("#   stages  1 stage walk(s), 2 pause(s) between stages\n"), std::string::npos);
    EXPECT_NE(text.find("5 step(s), 3 flag(s), 1 RENAME, 1 stage walk(s) with 2 pause(s)\n"), std::string::npos);
    // The pause after link 1: the stage reached, its meaning, what to verify, what comes next.
    std::vector<Heredoc> pauses;
    for (const Heredoc& h : heredocs(text))
        if (h.delimiter.rfind("FLAGPLAN_PAUSE_", 0) == 0) pauses.push_back(h);
    ASSERT_EQ(pauses.size(), 2u);
    EXPECT_EQ(pauses[0].delimiter.substr(0, 17), "FLAGPLAN_PAUSE_1_");
    EXPECT_EQ(pauses[0].body,
              "Stage reached: ledger is now `dualwrite` (link 1 of 3 of its walk `off` -> `live`).\n"
              "  dualwrite: reads the old system, writes both; the old one is authoritative.\n"
              "Verify before continuing: every write reaches both systems and the new system keeps up with the old "
              "one (compare counts or checksums); reads still come from the old system.\n"
              "Next: step 2/5 moves it to `shadow` (reads both and writes both; the old system is authoritative).");
    EXPECT_EQ(pauses[1].delimiter.substr(0, 17), "FLAGPLAN_PAUSE_2_");
    EXPECT_NE(pauses[1].body.find("Stage reached: ledger is now `shadow` (link 2 of 3"), std::string::npos);
    EXPECT_EQ(section(text, "  # Step 1/5:", "  1)"),
              "  # Step 1/5: SET_VALUE ledger (stage 1/3: off -> dualwrite) (plan step #1)\n"
              "  #   value: \"off\" -> \"dualwrite\"\n"
              "  #   (stage walk, link 1/3: off -> dualwrite; writes valueExists true and this stage)\n"
              "  #   (then pauses for you to verify this stage before step 2/5)\n");
    // Expected states step through the stages and end at the promise.
    json states = expected_states(text);
    std::vector<std::string> values;
    for (const json& entry : states["flags"]["ledger"]) values.push_back(entry[1]["value"]);
    EXPECT_EQ(values, (std::vector<std::string>{"off", "dualwrite", "shadow", "live"}));
    for (const std::string& key : p.touched) {
        FlagState promised = promised_state(p, key);
        EXPECT_EQ(states["flags"][key].back()[1], promised ? json::parse(flag_to_json(*promised).dump()) : json())
            << key;
    }
}

TEST(ApplyScript, APartlySelectedWalkStopsAtItsLastSelectedStage) {
    AnalyzeOptions o;
    o.select = std::vector<int>{1, 2};
    std::string text = script(renames_and_walk(o));
    EXPECT_EQ(step_list(text), (std::vector<std::string>{"SET_VALUE ledger (stage 1/3: off -> dualwrite)",
                                                         "SET_VALUE ledger (stage 2/3: dualwrite -> shadow)"}));
    EXPECT_NE(text.find("\nstage_pauses='1'\n"), std::string::npos);  // no pause after the last step
    EXPECT_EQ(expected_states(text)["flags"]["ledger"].back()[1]["value"], "shadow");
}

TEST(RollbackScript, WalksBackStageByStageAndRenamesBack) {
    Analysis a = renames_and_walk(with_values());
    std::string text = script(a, "rollback");
    EXPECT_EQ(step_list(text), (std::vector<std::string>{
                                   "SET_VALUE new/key",                                 // the value the rename kept
                                   "RENAME new/key -> old/key",                         // then the key
                                   "SET_VALUE ledger (stage 1/3: live -> shadow)",      // the walk, backwards
                                   "SET_VALUE ledger (stage 2/3: shadow -> dualwrite)",
                                   "SET_VALUE ledger (stage 3/3: dualwrite -> off)",
                               }));
    std::vector<json> bodies = request_bodies(text);
    json old_flag = json::parse(kBool + R"("valueExists":true,"value":false})");
    EXPECT_EQ(bodies[0]["json"]["steps"][0]["flag"]["value"], false);
    EXPECT_EQ(bodies[1], (json{{"json", {{"oldKey", "new/key"}, {"recentKey", "old/key"}, {"description", "Same text"}}}}));
    EXPECT_EQ(bodies[2]["json"]["steps"][0]["flag"]["value"], "shadow");
    EXPECT_EQ(bodies[3]["json"]["steps"][0]["flag"]["value"], "dualwrite");
    EXPECT_EQ(bodies[4]["json"]["steps"][0]["flag"], json::parse(stage_flag("off")));  // the target's own
    EXPECT_NE(text.find("\nstage_pauses='3 4'\n"), std::string::npos);
    // From what the apply leaves back to the baseline, old key included.
    json states = expected_states(text);
    json source_new = old_flag;
    source_new["value"] = true;
    EXPECT_EQ(states["flags"]["new/key"].front()[1], source_new);
    EXPECT_EQ(states["flags"]["new/key"].back()[1], json());
    EXPECT_EQ(states["flags"]["old/key"].front()[1], json());
    EXPECT_EQ(states["flags"]["old/key"].back()[1], old_flag);
    EXPECT_EQ(states["flags"]["ledger"].front()[1]["value"], "live");
    EXPECT_EQ(states["flags"]["ledger"].back()[1], json::parse(stage_flag("off")));
    EXPECT_NE(text.find("# A renamed flag gets its value back under its new key and is then renamed\n"),
              std::string::npos);
    EXPECT_NE(text.find("(walking back, stage 1/3: live -> shadow; writes valueExists true and this stage)"),
              std::string::npos);
}

TEST(RollbackScript, AKeptStageIsNotWalkedThroughTheDefault) {
    // staging -> production re-schemas payments_ledger keeping `live` (a walk
    // implies --keep-stages) and moves it one stage, live -> rampdown: no walk.
    // The rollback restores production's schema and `live`; production's four
    // values are no known stage sequence, so its schema restore is a plain one.
    StdRegexEngine regex;
    std::string s = read_text("examples/staging.json"), t = read_text("examples/production.json");
    AnalyzeOptions o = with_values();
    o.renames = true;
    o.walk_stages = true;
    Analysis a = analyze({s, "s"}, {t, "p"}, o, regex);
    std::string apply = script(a);
    // One request: the update and the write-back of `live`.
    bool kept = false;
    for (const json& body : request_bodies(apply)) {
        const json& steps = body["json"]["steps"];
        if (steps.size() == 2 && steps[0]["mode"] == "UPDATE_SCHEMA_DEFAULTVALUE" &&
            steps[0]["flagKey"] == "infra/db_migration/payments_ledger") {
            EXPECT_EQ(steps[1]["mode"], "SET_VALUE");
            EXPECT_EQ(steps[1]["flag"]["valueExists"], true);
            EXPECT_EQ(steps[1]["flag"]["value"], "live");
            kept = true;
        }
    }
    EXPECT_TRUE(kept);
    std::vector<std::string> ledger;
    for (const std::string& title : step_list(script(a, "rollback")))
        if (title.find("payments_ledger") != std::string::npos) ledger.push_back(title);
    EXPECT_EQ(ledger, (std::vector<std::string>{
                          "UPDATE_SCHEMA_DEFAULTVALUE infra/db_migration/payments_ledger",
                          "SET_VALUE infra/db_migration/payments_ledger",
                      }));
}

TEST(RollbackScript, ASchemaUpdateKeepsTheStageItRollsBackFrom) {
    // The target is at `live`; the source adds allowEmpty (a schema change) and
    // moves to `rampdown`. With --walk-stages the update keeps `live` and the
    // move is one stage; the rollback keeps `rampdown` through its own schema
    // restore, then steps back to `live`: never through `off`.
    json target_flag = json::parse(stage_flag("live"));
    json source_flag = json::parse(stage_flag("rampdown"));
    source_flag["allowEmpty"] = true;
    std::string source = export_text("{\"m\":" + source_flag.dump() + "}", "staging");
    std::string target = export_text("{\"m\":" + target_flag.dump() + "}", "production");
    AnalyzeOptions o = with_values();
    o.walk_stages = true;
    Analysis a = analyze_texts(source, target, o);
    EXPECT_EQ(step_list(script(a)), (std::vector<std::string>{"UPDATE_SCHEMA_DEFAULTVALUE m", "SET_VALUE m"}));
    std::string text = script(a, "rollback");
    EXPECT_EQ(step_list(text), (std::vector<std::string>{"UPDATE_SCHEMA_DEFAULTVALUE m", "SET_VALUE m"}));
    const json body = request_bodies(text).at(0)["json"]["steps"];
    ASSERT_EQ(body.size(), 2u);
    EXPECT_EQ(body[1]["flag"]["value"], "rampdown");
    EXPECT_NE(text.find("\nstage_pauses=''\n"), std::string::npos);
    EXPECT_EQ(expected_states(text)["flags"]["m"].back()[1], target_flag);
}

TEST(ApplyScript, DelimitersAreUniqueAndNeverALineOfTheirBody) {
    static const std::regex shape(R"(FLAGPLAN_(SUMMARY|ENVIRONMENT|STEP_[0-9]+|PAUSE_[0-9]+|STATES)_[0-9A-F]{4})");
    // summary, environment, steps, pauses, states
    for (auto [text, count] : {std::pair{script(small(with_values())), 2u + 9u + 1u},
                               std::pair{script(renames_and_walk(with_values())), 2u + 5u + 2u + 1u},
                               std::pair{script(renames_and_walk(with_values()), "rollback"), 2u + 5u + 2u + 1u}}) {
        std::vector<Heredoc> docs = heredocs(text);
        ASSERT_EQ(docs.size(), count);
        std::set<std::string> seen;
        for (const Heredoc& h : docs) {
            EXPECT_TRUE(std::regex_match(h.delimiter, shape)) << h.delimiter;
            EXPECT_TRUE(seen.insert(h.delimiter).second) << h.delimiter;
            for (const std::string& line : split_lines(h.body)) EXPECT_NE(line, h.delimiter);
        }
    }
    EXPECT_EQ(script(small(with_values())), script(small(with_values()))) << "rendering is deterministic";
}

TEST(ApplyScript, AnEmptySelectionRendersNoScript) {
    // Issue 13: with no step selected there is nothing to apply or roll back;
    // the engine refuses both scripts (the CLI, the JS library and the page
    // show this refusal), while the report and plan.json stay available.
    Analysis a = small(select({}));
    for (const char* format : {"sh", "rollback"}) {
        Rendered r = render(a, format, fixed_time());
        EXPECT_FALSE(r.ok) << format;
        ASSERT_EQ(r.diagnostics.size(), 1u);
        EXPECT_EQ(r.diagnostics[0].code, "plan.nothing_selected");
        EXPECT_EQ(r.diagnostics[0].message, std::string("no step is selected, so there is nothing to run: no ") + format +
                                                " output is rendered; select the steps to apply first");
        Rendered saved = render_plan_file(make_plan_file(a, fixed_time()), format);
        EXPECT_FALSE(saved.ok);
        ASSERT_EQ(saved.diagnostics.size(), 1u);
        EXPECT_EQ(saved.diagnostics[0].message, r.diagnostics[0].message);
    }
    EXPECT_TRUE(render(a, "md", fixed_time()).ok);
    EXPECT_TRUE(render(a, "plan", fixed_time()).ok);
}

TEST(VisibleJson, EscapesWhatCannotBeSeen) {
    EXPECT_EQ(visible_json(nlohmann::ordered_json("a\xE2\x80\xAE" "b\xC2\xA0" "c\x7f" "d\xF3\xA0\x80\x81")),
              "\"a\\u202eb\xC2\xA0" "c\\u007fd\\udb40\\udc01\"");
    EXPECT_EQ(visible_json(nlohmann::ordered_json("caf\xC3\xA9 \xF0\x9F\x9A\x80")), "\"caf\xC3\xA9 \xF0\x9F\x9A\x80\"");
    EXPECT_EQ(visible_text("plain text"), "plain text");
    EXPECT_EQ(visible_text("two\nlines"), "\"two\\nlines\"");
}

/// visible_json() as it was first written: nlohmann's dump, then every
/// hidden code point of the text escaped. The reference for JsonWriter.
std::string reference_visible(const nlohmann::ordered_json& value, int indent) {
    std::string text = value.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
        for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
        bool hidden = (cp >= 0x7f && cp <= 0x9f) || cp == 0xad || cp == 0x34f || cp == 0x61c || cp == 0x115f ||
                      cp == 0x1160 || cp == 0x17b4 || cp == 0x17b5 || (cp >= 0x180b && cp <= 0x180f) ||
                      (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
                      (cp >= 0x2060 && cp <= 0x206f) || cp == 0x3164 || cp == 0xfeff || cp == 0xffa0 ||
                      (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0x1d173 && cp <= 0x1d17a) ||
                      (cp >= 0xe0000 && cp <= 0xe007f);
        char buf[16];
        if (!hidden) out.append(text, i, len);
        else if (cp < 0x10000) std::snprintf(buf, sizeof buf, "\\u%04x", cp), out += buf;
        else
            std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xd800 + ((cp - 0x10000) >> 10),
                          0xdc00 + ((cp - 0x10000) & 0x3ff)),
                out += buf;
        i += len;
    }
    return out;
}

// Strings that exercise every escaping rule: JSON's own escapes, C0 and C1
// controls, DEL, hidden code points of 2, 3 and 4 bytes, and invalid UTF-8
// (lone continuation bytes, truncated sequences, overlong forms, code points
// above U+10FFFF) that dump() replaces by U+FFFD. Encoded surrogates (WTF-8,
// how the export reader keeps a lone "\ud800"): LoneSurrogatesAsEscapes.
const std::vector<std::string> kHostileStrings = {
    "",
    "plain",
    "quote\" backslash\\ slash/",
    std::string("nul\0one\x01 bs\b tab\t nl\n ff\f cr\r us\x1f", 29),
    "del\x7f c1\xC2\x80\xC2\x9f nbsp\xC2\xA0 shy\xC2\xAD",
    "bidi\xE2\x80\xAE zw\xE2\x80\x8B bom\xEF\xBB\xBF ls\xE2\x80\xA8 tag\xF3\xA0\x80\x81 rocket\xF0\x9F\x9A\x80",
    "lone\x80 cont",
    "trunc\xE2\x80",
    "trunc at end\xF0\x9F\x9A",
    "overlong\xC0\xAF and\xE0\x80\xAF",
    "too big\xF4\x90\x80\x80 and\xF5\x80\x80\x80 ff\xFF fe\xFE",
    "mixed\xE2\x80\xAE\xC3 then\xE2\x80\x8B",
};

// A surrogate held as WTF-8 is written as its \uXXXX escape (JSON.parse reads
// back the same UTF-16 string), by dump-like and visible writing alike; a
// string with other invalid UTF-8 is written as dump() writes it.
TEST(JsonWriter, LoneSurrogatesAsEscapes) {
    const std::string s = "surrogate\xED\xA0\x80 pair\xED\xA0\xBD\xED\xB8\x80 \xE2\x80\xAE";
    std::string plain, visible;
    append_json_string(plain, s, false);
    append_json_string(visible, s, true);
    EXPECT_EQ(plain, "\"surrogate\\ud800 pair\\ud83d\\ude00 \xE2\x80\xAE\"");
    EXPECT_EQ(visible, "\"surrogate\\ud800 pair\\ud83d\\ude00 \\u202e\"");
    EXPECT_EQ(visible_text(s), visible);
    using ojson = nlohmann::ordered_json;
    const std::string mixed = "a\xED\xA0\x80\xFF";
    std::string written;
    append_json_string(written, mixed, false);
    EXPECT_EQ(written, ojson(mixed).dump(-1, ' ', false, ojson::error_handler_t::replace));
}

TEST(JsonWriter, WritesWhatDumpAndVisibleJsonWrite) {
    using ojson = nlohmann::ordered_json;
    for (const std::string& s : kHostileStrings) {
        ojson tree = ojson::object();
        tree[s] = ojson::array({s, ojson::object(), ojson::array(), 1.5, -3, 7u, true, false, nullptr,
                                ojson{{"k", s}, {"n", 1e-7}}});
        tree["empty"] = ojson::object();
        for (int indent : {-1, 0, 2, 4}) {
            std::string dumped, visible;
            JsonWriter(dumped, indent, false).value(tree);
            JsonWriter(visible, indent, true).value(tree);
            EXPECT_EQ(dumped, tree.dump(indent, ' ', false, ojson::error_handler_t::replace)) << indent;
            EXPECT_EQ(visible, reference_visible(tree, indent)) << indent;
            EXPECT_EQ(visible_json(tree, indent), visible);

            // The same value written call by call.
            std::string built;
            JsonWriter w(built, indent, true);
            w.begin_object().key(s).begin_array().string(s).begin_object().end_object().begin_array().end_array();
            w.value(nlohmann::json(1.5)).number(-3).number(7).boolean(true).boolean(false).null();
            w.begin_object().key("k").string(s).key("n").value(nlohmann::json(1e-7)).end_object();
            w.end_array().key("empty").begin_object().end_object().end_object();
            EXPECT_EQ(built, visible) << indent;
        }
        std::string one;
        append_json_string(one, s, false);
        EXPECT_EQ(one, ojson(s).dump(-1, ' ', false, ojson::error_handler_t::replace));
    }
}

// Strings are scanned eight bytes at a time up to the first byte that is
// not copied as it is: each kind of such byte at every position of a word
// (and in the tail after the last whole word) is written as dump() and
// visible_json() write it.
TEST(JsonWriter, EveryByteToEscapeIsFoundAtEveryPositionOfAWord) {
    using ojson = nlohmann::ordered_json;
    const std::vector<std::string> specials = {"\"", "\\", "\x01", "\n", "\x1f", "\x7f", "~", " ", "\xC2\x80",
                                               "\xC3\xA9", "\xE2\x80\xAE", "\xF0\x9F\x9A\x80", "\xFF", "\xC3"};
    for (std::size_t before = 0; before < 20; ++before) {
        for (std::size_t after = 0; after < 12; after += 5) {
            for (const std::string& special : specials) {
                const std::string text = std::string(before, 'a') + special + std::string(after, 'b');
                std::string dumped, visible;
                append_json_string(dumped, text, false);
                append_json_string(visible, text, true);
                EXPECT_EQ(dumped, ojson(text).dump(-1, ' ', false, ojson::error_handler_t::replace))
                    << ::testing::PrintToString(text);
                EXPECT_EQ(visible, reference_visible(ojson(text), -1)) << ::testing::PrintToString(text);
            }
        }
    }
}

TEST(JsonWriter, WritesAFlagAsFlagToJson) {
    std::string text = read_text("examples/staging.json");
    ParseResult parsed = parse_export(text, "staging.json");
    ASSERT_FALSE(parsed.snapshot.flags.empty());
    Flag odd = parsed.snapshot.flags.front();
    odd.type = FlagType::AbTest;
    odd.chance_b_percent = 12.5;
    odd.description = kHostileStrings[10];
    parsed.snapshot.flags.push_back(odd);
    odd.type = FlagType::Tag;
    odd.tag_values = kHostileStrings;
    odd.value.tags = {kHostileStrings[5], kHostileStrings[6]};
    parsed.snapshot.flags.push_back(odd);
    for (const Flag& flag : parsed.snapshot.flags) {
        for (int indent : {-1, 2}) {
            std::string written;
            JsonWriter(written, indent, true).flag(flag);
            EXPECT_EQ(written, visible_json(flag_to_json(flag), indent)) << flag.key;
        }
    }
}

}  // namespace
}  // namespace flagplan::testing
