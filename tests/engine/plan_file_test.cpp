// plan.json: written from an analysis, read back, checked, re-rendered.
#include <algorithm>
#include <cstdio>
#include <functional>

#include "flagplan/render/flag_json.hpp"
#include "flagplan/planfile/plan_file.hpp"
#include "test_support.hpp"

namespace flagplan::testing {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

/// The bundled exports; "staging-far" is staging with the payments ledger at
/// `complete`, two stages past production's `live`, so that a walk has links.
Analysis examples(const std::string& from, const std::string& to, AnalyzeOptions options = {}) {
    StdRegexEngine regex;
    std::string s, t = read_text("examples/" + to + ".json");
    if (from == "staging-far") {
        auto staging = nlohmann::ordered_json::parse(read_text("examples/staging.json"));
        staging["flags"]["infra/db_migration/payments_ledger"]["value"] = "complete";
        s = staging.dump(2);
    } else {
        s = read_text("examples/" + from + ".json");
    }
    return analyze({s, "examples/" + from + ".json"}, {t, "examples/" + to + ".json"}, options, regex);
}

AnalyzeOptions with_values() {
    AnalyzeOptions o;
    o.include_values = true;
    return o;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

PlanFileRead read(const std::string& text) {
    StdRegexEngine regex;
    return read_plan_file(text, "plan.json", regex);
}

TEST(PlanFile, StepsAreFlagFlowsOwnPlanFlagsIncluded) {
    // With every step selected, plan.json's steps are exactly what FlagFlow's
    // planner returned for the same exports (tests/fixtures/flagflow).
    for (auto [from, to] : {std::pair{"production", "staging"}, std::pair{"staging", "production"}}) {
        json plan = json::parse(render_plan_json(examples(from, to, with_values()), fixed_time()));
        json flagflow = json::parse(
            read_text(std::string("tests/fixtures/flagflow/flagflow-plan-") + from + "-to-" + to + ".json"));
        EXPECT_EQ(plan["steps"], flagflow["steps"]) << from << " -> " << to;
        EXPECT_EQ(plan["unselectedSteps"], json::array());
    }
}

TEST(PlanFile, DocumentedShape) {
    Analysis a = examples("production", "staging");
    json plan = json::parse(render_plan_json(a, fixed_time()));
    EXPECT_EQ(plan["format"], "flagplan-plan");
    EXPECT_EQ(plan["formatVersion"], 1);
    EXPECT_EQ(plan["generatedAt"], "2026-11-21T12:00:00Z");
    EXPECT_EQ(plan["generator"], "flagplan test");
    EXPECT_EQ(plan["mode"], "migration");
    EXPECT_EQ(plan["blocked"], false);
    EXPECT_EQ(plan["source"], json::parse(R"({"label":"examples/production.json","environment":"production",
        "version":"1.7.1","createdAt":"2026-11-21T10:33:09.001Z","flagCount":38})"));
    EXPECT_EQ(plan["target"]["flagCount"], 43);
    // Migration mode: value steps are unselected; every step is in one list.
    EXPECT_EQ(plan["steps"].size() + plan["unselectedSteps"].size(), a.plan.steps.size());
    for (const json& s : plan["steps"]) EXPECT_NE(s["mode"], "SET_VALUE");
    for (const json& s : plan["unselectedSteps"]) EXPECT_EQ(s["mode"], "SET_VALUE");
    // A DELETE carries no flag; the baseline is null for a flag the target lacks.
    EXPECT_EQ(plan["steps"][10], json::parse(R"({"id":28,"mode":"DELETE","flagKey":"search/ranking/algorithm"})"));
    EXPECT_TRUE(plan["baseline"]["maintenance_banner"].is_null());
    EXPECT_EQ(plan["baseline"]["checkout/one_click_buy"],
              json::parse(read_text("examples/staging.json"))["flags"]["checkout/one_click_buy"]);
    // Every touched key, nothing else, in order of its first step.
    std::vector<std::string> keys;
    for (auto it = plan["baseline"].begin(); it != plan["baseline"].end(); ++it) keys.push_back(it.key());
    EXPECT_EQ(keys.size(), 36u);
    std::string text = render_plan_json(a, fixed_time());
    EXPECT_LT(text.find("\"infra/db_migration/stage\": {"), text.find("\"billing/tax/provider\": {"));
}

TEST(PlanFile, ReadBackGivesTheSamePlanAndTheSameBytes) {
    AnalyzeOptions restore;
    restore.mode = Mode::Restore;
    std::vector<Analysis> cases = {examples("production", "staging"), examples("staging", "production"),
                                   examples("production", "staging", with_values()),
                                   examples("staging", "staging", restore)};
    AnalyzeOptions some;
    some.select = std::vector<int>{9, 10, 28, 29, 47};
    cases.push_back(examples("production", "staging", some));
    // flagplan's own steps (formatVersion 2): renames and stage walks, whole or in part.
    AnalyzeOptions own = with_values();
    own.renames = true;
    own.walk_stages = true;
    cases.push_back(examples("staging", "production", own));
    cases.push_back(examples("production", "staging", own));
    AnalyzeOptions part;
    part.renames = true;
    part.walk_stages = true;
    part.select = std::vector<int>{9, 10, 11, 54};
    cases.push_back(examples("staging", "production", part));
    for (const Analysis& a : cases) {
        PlanFile made = make_plan_file(a, fixed_time());
        std::string text = write_plan_file(made);
        PlanFileRead back = read(text);
        ASSERT_TRUE(back.ok) << render_diagnostics_text(back.diagnostics);
        EXPECT_EQ(write_plan_file(back.plan), text);
        ASSERT_EQ(back.plan.plan.steps.size(), a.plan.steps.size());
        for (std::size_t i = 0; i < a.plan.steps.size(); ++i) {
            const Step& x = a.plan.steps[i];
            const Step& y = back.plan.plan.steps[i];
            EXPECT_EQ(step_lines(Plan{{x}}), step_lines(Plan{{y}}));
            EXPECT_EQ(x.old_key, y.old_key);
            EXPECT_EQ(x.stage.has_value(), y.stage.has_value());
            if (x.stage && y.stage)
                EXPECT_EQ(x.stage->from + ">" + x.stage->to + " " + std::to_string(x.stage->link) + "/" +
                              std::to_string(x.stage->links),
                          y.stage->from + ">" + y.stage->to + " " + std::to_string(y.stage->link) + "/" +
                              std::to_string(y.stage->links));
            ASSERT_EQ(x.changes.size(), y.changes.size());
            for (std::size_t c = 0; c < x.changes.size(); ++c) {
                EXPECT_EQ(x.changes[c].field, y.changes[c].field);
                EXPECT_EQ(x.changes[c].from, y.changes[c].from);
                EXPECT_EQ(x.changes[c].to, y.changes[c].to);
            }
        }
        EXPECT_EQ(back.plan.selected, a.selected);
        for (const char* format : {"sh", "rollback", "md", "plan"}) {
            Rendered direct = render(a, format, fixed_time());
            Rendered again = render_plan_file(back.plan, format);
            // A selection without steps renders no script, from either side.
            ASSERT_EQ(direct.ok, again.ok) << format;
            if (!direct.ok) {
                EXPECT_EQ(direct.diagnostics.at(0).code, "plan.nothing_selected");
                EXPECT_EQ(again.diagnostics.at(0).code, "plan.nothing_selected");
                continue;
            }
            EXPECT_EQ(direct.text, again.text) << format;
        }
    }
}

TEST(PlanFile, CommentTravelsIntoThePlanTheReportAndTheScripts) {
    RenderOptions options = fixed_time();
    options.comment = "CHG-1234: promote the \"ledger\" flags\nsecond line";
    Analysis a = examples("staging", "production");
    PlanFile made = make_plan_file(a, options);
    std::string text = write_plan_file(made);
    EXPECT_EQ(json::parse(text)["comment"], options.comment);
    PlanFileRead back = read(text);
    ASSERT_TRUE(back.ok) << render_diagnostics_text(back.diagnostics);
    EXPECT_EQ(back.plan.comment, options.comment);
    EXPECT_EQ(write_plan_file(back.plan), text);
    const std::string shown = "\"CHG-1234: promote the \\\"ledger\\\" flags\\nsecond line\"";
    for (const char* format : {"sh", "rollback"}) {
        Rendered r = render(a, format, options);
        ASSERT_TRUE(r.ok);
        EXPECT_NE(r.text.find("\n# Comment: " + shown + "\n"), std::string::npos) << format;
        EXPECT_EQ(render_plan_file(back.plan, format).text, r.text) << format;
    }
    Rendered md = render(a, "md", options);
    EXPECT_NE(md.text.find("\n- **Comment:** " + shown + "\n"), std::string::npos) << md.text.substr(0, 600);
    // No comment: no line, no member.
    EXPECT_FALSE(json::parse(write_plan_file(make_plan_file(a, fixed_time()))).contains("comment"));
    EXPECT_EQ(render(a, "sh", fixed_time()).text.find("# Comment:"), std::string::npos);
}

TEST(PlanFile, BlockedAnalysisRendersOnlyTheReport) {
    Analysis a = examples("staging", "staging");  // migration between equal environments
    ASSERT_TRUE(a.blocked);
    for (const char* format : {"plan", "sh", "rollback"}) {
        Rendered r = render(a, format, fixed_time());
        EXPECT_FALSE(r.ok);
        EXPECT_EQ(codes(r.diagnostics), std::vector<std::string>{"plan.blocked"});
    }
    Rendered md = render(a, "md", fixed_time());
    ASSERT_TRUE(md.ok);
    EXPECT_NE(md.text.find("- **Status:** BLOCKED: 1 error(s) must be fixed"), std::string::npos) << md.text;
    EXPECT_NE(md.text.find("## Errors (1)\n\n- `environment.same`: migration needs two different environments"),
              std::string::npos);
}

/// The plan of production -> staging (steps 9, 10 selected besides the default), as JSON to edit.
json editable() {
    AnalyzeOptions o;
    o.select = std::vector<int>{9, 10, 11, 28, 29, 30, 37, 47};
    return json::parse(render_plan_json(examples("production", "staging", o), fixed_time()));
}

struct Broken {
    const char* what;
    std::function<void(json&)> edit;
    std::string code;
    std::string pointer;
};

TEST(PlanFile, HandEditsThatBreakARuleAreRefused) {
    const std::vector<Broken> cases = {
        {"format", [](json& p) { p["format"] = "something-else"; }, "plan.format", "/format"},
        {"newer version", [](json& p) { p["formatVersion"] = 3; }, "plan.format_version", "/formatVersion"},
        {"version 0", [](json& p) { p["formatVersion"] = 0; }, "plan.format_version", "/formatVersion"},
        {"version 2 options in version 1", [](json& p) { p["walkStages"] = false; }, "plan.unsupported_step",
         "/walkStages"},
        {"blocked", [](json& p) { p["blocked"] = true; }, "plan.blocked", "/blocked"},
        {"error listed", [](json& p) {
             p["diagnostics"].push_back({{"severity", "error"}, {"code", "x.y"}, {"message", "m"}});
         }, "plan.blocked", "/blocked"},
        {"no mode", [](json& p) { p.erase("mode"); }, "plan.missing_field", "/mode"},
        {"bad mode", [](json& p) { p["mode"] = "yolo"; }, "plan.wrong_type", "/mode"},
        {"bad step mode", [](json& p) { p["steps"][0]["mode"] = "DROP"; }, "plan.wrong_type", "/steps/0/mode"},
        {"bad key", [](json& p) { p["steps"][0]["flagKey"] = "Bad Key"; }, "plan.invalid_key", "/steps/0/flagKey"},
        {"unknown step field", [](json& p) { p["steps"][0]["note"] = "x"; }, "plan.wrong_type", "/steps/0/note"},
        {"rename step in version 1", [](json& p) { p["steps"][0]["oldKey"] = "a"; }, "plan.unsupported_step",
         "/steps/0"},
        {"delete with flag", [](json& p) { p["steps"][3]["flag"] = p["steps"][0]["flag"]; },
         "plan.flag_unexpected", "/steps/3/flag"},
        {"set without flag", [](json& p) { p["steps"][1].erase("flag"); }, "plan.flag_missing", "/steps/1"},
        {"id twice", [](json& p) { p["steps"][1]["id"] = 9; }, "plan.step_ids", "/steps/1/id"},
        {"out of order", [](json& p) { std::swap(p["steps"][0], p["steps"][2]); }, "plan.step_ids", "/steps/1/id"},
        {"prerequisite unselected", [](json& p) {
             p["unselectedSteps"].push_back(p["steps"][0]);
             p["steps"].erase(0);
             std::sort(p["unselectedSteps"].begin(), p["unselectedSteps"].end(),
                       [](const json& a, const json& b) { return a["id"] < b["id"]; });
         }, "plan.missing_prerequisite", "/steps/0"},
        {"two flags for one key", [](json& p) { p["steps"][1]["flag"]["value"] = "off"; },
         "plan.flag_mismatch", "/steps/1/flag"},
        {"value the schema forbids", [](json& p) {
             p["steps"][1]["flag"]["value"] = "sideways";
             p["steps"][0]["flag"]["value"] = "sideways";
         }, "plan.invalid_flag", "/steps/0/flag/value"},
        {"untrimmed", [](json& p) {
             p["steps"][0]["flag"]["description"] = " padded ";
             p["steps"][1]["flag"]["description"] = " padded ";
         }, "plan.flag_not_normalized", "/steps/0/flag"},
        {"unknown flag field", [](json& p) {
             p["steps"][0]["flag"]["owner"] = "me";
             p["steps"][1]["flag"]["owner"] = "me";
         }, "plan.flag_not_normalized", "/steps/0/flag"},
        {"baseline entry missing", [](json& p) { p["baseline"].erase("api/pagination/page_size"); },
         "plan.baseline", "/baseline"},
        {"baseline entry extra", [](json& p) { p["baseline"]["zzz"] = nullptr; }, "plan.baseline", "/baseline/zzz"},
        {"step not from baseline", [](json& p) {
             // The target already has the source's flag: no step would be planned for it.
             p["baseline"]["infra/db_migration/payments_ledger"] = p["steps"][0]["flag"];
         }, "plan.inconsistent", "/steps/0"},
        {"environments", [](json& p) { p["target"]["environment"] = "production"; },
         "plan.environment", "/target/environment"},
    };
    const json good = editable();
    ASSERT_TRUE(read(good.dump()).ok) << render_diagnostics_text(read(good.dump()).diagnostics);
    ASSERT_EQ(good["steps"][0]["id"], 9);
    ASSERT_EQ(good["steps"][3]["mode"], "DELETE");
    for (const Broken& c : cases) {
        json p = good;
        c.edit(p);
        PlanFileRead r = read(p.dump(2));
        EXPECT_FALSE(r.ok) << c.what;
        ASSERT_FALSE(r.diagnostics.empty()) << c.what;
        EXPECT_EQ(r.diagnostics[0].code, c.code) << c.what << ": " << r.diagnostics[0].message;
        EXPECT_EQ(r.diagnostics[0].pointer, c.pointer) << c.what << ": " << r.diagnostics[0].message;
        EXPECT_EQ(r.diagnostics[0].file, "plan.json");
        EXPECT_TRUE(r.plan.plan.steps.empty()) << c.what;
    }
}

TEST(PlanFile, SyntaxDuplicatesAndDepth) {
    PlanFileRead r = read("{\"format\": ");
    ASSERT_EQ(codes(r.diagnostics), std::vector<std::string>{"plan.syntax"});
    EXPECT_NE(r.diagnostics[0].message.find("not valid JSON: syntax error while parsing value"), std::string::npos)
        << r.diagnostics[0].message;
    EXPECT_EQ(read("").diagnostics[0].message, "the plan file is empty");
    r = read(R"({"format":"flagplan-plan","format":"flagplan-plan"})");
    ASSERT_EQ(codes(r.diagnostics), std::vector<std::string>{"plan.duplicate_key"});
    EXPECT_EQ(r.diagnostics[0].pointer, "/format");
    r = read(std::string(100, '[') + std::string(100, ']'));
    ASSERT_EQ(codes(r.diagnostics), std::vector<std::string>{"plan.syntax"});
    EXPECT_EQ(r.diagnostics[0].message, "nested deeper than 64 levels");
    EXPECT_EQ(codes(read("[]").diagnostics), std::vector<std::string>{"plan.format"});
}

TEST(PlanFile, ExecutorSemantics) {
    Snapshot s = parse_export(export_text(R"({
        "f": {"description":"new","type":"INTEGER","defaultValue":1,"minValue":0,"maxValue":9,"valueExists":true,"value":7}
    })"), "s").snapshot;
    Snapshot t = parse_export(export_text(R"({
        "f": {"description":"old","type":"INTEGER","defaultValue":2,"minValue":0,"maxValue":5,"valueExists":true,"value":3}
    })"), "t").snapshot;
    const Flag& source = s.flags[0];
    const Flag& target = t.flags[0];
    Step create{1, StepMode::CreateDefaultValue, "f", 0, 0, {}};
    Step update{1, StepMode::UpdateSchemaDefaultValue, "f", 0, 0, {}};
    Step set{2, StepMode::SetValue, "f", 1, 1, {}};
    Step del{3, StepMode::Delete, "f", 0, 0, {}};
    auto j = [](const FlagState& f) { return f ? json::parse(flag_to_json(*f).dump()) : json(); };

    // CREATE: the source flag, valueExists false, its value kept (FlagFlow stores the whole object).
    EXPECT_EQ(j(apply_step(std::nullopt, create, &source)), json::parse(
        R"({"description":"new","type":"INTEGER","defaultValue":1,"minValue":0,"maxValue":9,"valueExists":false,"value":7})"));
    EXPECT_EQ(j(apply_step(target, create, &source)), j(target)) << "CREATE of an existing flag fails";
    // UPDATE: overwritten by the source, description included, valueExists false.
    EXPECT_EQ(j(apply_step(target, update, &source)), j(apply_step(std::nullopt, create, &source)));
    EXPECT_FALSE(apply_step(std::nullopt, update, &source)) << "UPDATE of a missing flag fails";
    // SET: valueExists and value only.
    EXPECT_EQ(j(apply_step(target, set, &source)), json::parse(
        R"({"description":"old","type":"INTEGER","defaultValue":2,"minValue":0,"maxValue":5,"valueExists":true,"value":7})"));
    EXPECT_FALSE(apply_step(std::nullopt, set, &source));
    EXPECT_FALSE(apply_step(target, del, nullptr));
}

TEST(PlanFile, PromisedStateFollowsTheSelection) {
    PlanFile p = make_plan_file(examples("production", "staging"), fixed_time());
    json source = json::parse(read_text("examples/production.json"))["flags"];
    json target = json::parse(read_text("examples/staging.json"))["flags"];
    auto j = [](const FlagState& f) { return f ? json::parse(flag_to_json(*f).dump()) : json(); };
    // UPDATE selected, SET not: the source's schema with its default value.
    json ledger = source["infra/db_migration/payments_ledger"];
    ledger["valueExists"] = false;
    EXPECT_EQ(j(promised_state(p, "infra/db_migration/payments_ledger")), ledger);
    // Only an unselected SET: unchanged.
    EXPECT_EQ(j(promised_state(p, "infra/db_migration/stage")), target["infra/db_migration/stage"]);
    // Deleted, and created.
    EXPECT_TRUE(j(promised_state(p, "checkout/one_click_buy")).is_null());
    json banner = source["maintenance_banner"];
    banner["valueExists"] = false;
    EXPECT_EQ(j(promised_state(p, "maintenance_banner")), banner);
}

TEST(PlanFile, Version2RecordsRenamesAndStageWalks) {
    AnalyzeOptions o = with_values();
    o.renames = true;
    o.walk_stages = true;
    json plan = json::parse(render_plan_json(examples("staging-far", "production", o), fixed_time()));
    EXPECT_EQ(plan["formatVersion"], 2);
    EXPECT_EQ(plan["renames"], json::parse(R"([
        {"oldKey": "notifications/push/dnd_window", "newKey": "notifications/push/quiet_hours"},
        {"oldKey": "maintenance_banner", "newKey": "ops/maintenance/banner"}])"));
    EXPECT_EQ(plan["walkStages"], true);
    json production = json::parse(read_text("examples/production.json"))["flags"];
    json staging = json::parse(read_text("examples/staging.json"))["flags"];
    // A RENAME carries its old key and the source flag; the baseline has the
    // old key (the target's flag) and the new key (null).
    json rename;
    for (const json& s : plan["steps"])
        if (s["mode"] == "RENAME" && s["flagKey"] == "ops/maintenance/banner") rename = s;
    EXPECT_EQ(rename, (json{{"id", 53}, {"mode", "RENAME"}, {"flagKey", "ops/maintenance/banner"},
                            {"oldKey", "maintenance_banner"}, {"flag", staging["ops/maintenance/banner"]}}));
    EXPECT_EQ(plan["baseline"]["maintenance_banner"], production["maintenance_banner"]);
    EXPECT_TRUE(plan["baseline"]["ops/maintenance/banner"].is_null());
    // The schema update keeps the target's stage (`keepStage`), and the walk
    // starts there: FlagFlow's step shape plus `stage`; `flag` is the source flag.
    json far = staging["infra/db_migration/payments_ledger"];
    far["value"] = "complete";
    EXPECT_EQ(plan["steps"][8], (json{{"id", 9}, {"mode", "UPDATE_SCHEMA_DEFAULTVALUE"},
                                      {"flagKey", "infra/db_migration/payments_ledger"}, {"keepStage", "live"},
                                      {"flag", far}}));
    EXPECT_EQ(plan["steps"][10], (json{{"id", 11}, {"mode", "SET_VALUE"}, {"flagKey", "infra/db_migration/payments_ledger"},
                                       {"dependentId", 10}, {"indent", 2},
                                       {"stage", {{"from", "rampdown"}, {"to", "complete"}, {"link", 2}, {"links", 2}}},
                                       {"flag", far}}));
    // Without flagplan's steps or options the plan is version 1, byte for byte as before.
    json plain = json::parse(render_plan_json(examples("production", "staging", with_values()), fixed_time()));
    EXPECT_EQ(plain["formatVersion"], 1);
    EXPECT_FALSE(plain.contains("renames"));
    EXPECT_FALSE(plain.contains("walkStages"));
    // --walk-stages is recorded even when nothing needed walking, so the
    // rollback rendered from the file walks its own jumps.
    AnalyzeOptions walk = with_values();
    walk.walk_stages = true;  // production -> staging has no jump to walk
    json walked = json::parse(render_plan_json(examples("production", "staging", walk), fixed_time()));
    EXPECT_EQ(walked["formatVersion"], 2);
    EXPECT_EQ(walked["walkStages"], true);
    EXPECT_EQ(walked["renames"], json::array());
}

/// The version 2 plan of staging -> production with renames and stage walks, as JSON to edit.
json editable_v2() {
    AnalyzeOptions o = with_values();
    o.renames = true;
    o.walk_stages = true;
    return json::parse(render_plan_json(examples("staging-far", "production", o), fixed_time()));
}

TEST(PlanFile, Version2HandEditsThatBreakARuleAreRefused) {
    const std::vector<Broken> cases = {
        {"rename not suggested", [](json& p) { p["renames"][0]["oldKey"] = "checkout/legacy_cart"; },
         "plan.inconsistent", "/renames/0"},
        {"rename listed twice", [](json& p) { p["renames"].push_back(p["renames"][0]); }, "plan.inconsistent",
         "/renames/2"},
        {"rename step without its rename", [](json& p) { p["renames"].erase(1); }, "plan.inconsistent",
         "/steps/52"},
        {"walk without walkStages", [](json& p) { p["walkStages"] = false; }, "plan.inconsistent", "/steps/9"},
        {"stage moved", [](json& p) { p["steps"][10]["stage"]["to"] = "live"; }, "plan.inconsistent", "/steps/10"},
        {"stage on a schema update", [](json& p) { p["steps"][8]["stage"] = p["steps"][10]["stage"]; },
         "plan.wrong_type", "/steps/8/stage"},
        {"stage field unknown", [](json& p) { p["steps"][10]["stage"]["pause"] = 5; }, "plan.wrong_type",
         "/steps/10/stage/pause"},
        {"stage link not a number", [](json& p) { p["steps"][10]["stage"]["link"] = "2"; }, "plan.wrong_type",
         "/steps/10/stage/link"},
        {"oldKey on a set", [](json& p) { p["steps"][10]["oldKey"] = "x"; }, "plan.wrong_type", "/steps/10/oldKey"},
        {"rename without oldKey", [](json& p) { p["steps"][52].erase("oldKey"); }, "plan.missing_field",
         "/steps/52/oldKey"},
        {"rename of another old key", [](json& p) { p["steps"][52]["oldKey"] = "checkout/legacy_cart"; },
         "plan.baseline", "/baseline/maintenance_banner"},  // then no step touches maintenance_banner
        {"rename with a bad old key", [](json& p) { p["steps"][52]["oldKey"] = "Bad Key"; }, "plan.invalid_key",
         "/steps/52/oldKey"},
        {"old key missing from the baseline", [](json& p) { p["baseline"].erase("maintenance_banner"); },
         "plan.baseline", "/baseline"},
        {"no walkStages", [](json& p) { p.erase("walkStages"); }, "plan.missing_field", "/walkStages"},
        {"renames not a list", [](json& p) { p["renames"] = "all"; }, "plan.wrong_type", "/renames"},
    };
    const json good = editable_v2();
    ASSERT_TRUE(read(good.dump()).ok) << render_diagnostics_text(read(good.dump()).diagnostics);
    ASSERT_EQ(good["steps"][52]["mode"], "RENAME");
    ASSERT_EQ(good["steps"][52]["oldKey"], "maintenance_banner");
    ASSERT_TRUE(good["steps"][10].contains("stage"));
    ASSERT_EQ(good["steps"][8]["mode"], "UPDATE_SCHEMA_DEFAULTVALUE");
    for (const Broken& c : cases) {
        json p = good;
        c.edit(p);
        PlanFileRead r = read(p.dump(2));
        EXPECT_FALSE(r.ok) << c.what;
        ASSERT_FALSE(r.diagnostics.empty()) << c.what;
        EXPECT_EQ(r.diagnostics[0].code, c.code) << c.what << ": " << r.diagnostics[0].message;
        EXPECT_EQ(r.diagnostics[0].pointer, c.pointer) << c.what << ": " << r.diagnostics[0].message;
    }
    // A rename may be unselected like any step (with its SET_VALUE, which depends on it).
    json p = good;
    for (int id : {54}) {
        auto it = std::find_if(p["steps"].begin(), p["steps"].end(), [&](const json& s) { return s["id"] == id; });
        p["unselectedSteps"].push_back(*it);
        p["steps"].erase(it);
    }
    PlanFileRead r = read(p.dump());
    ASSERT_TRUE(r.ok) << render_diagnostics_text(r.diagnostics);
    EXPECT_FALSE(r.plan.selected[53]);
}

TEST(PlanFile, RenameAndStageExecutorSemantics) {
    Snapshot t = parse_export(export_text(R"({
        "old": {"description":"kept?","type":"ENUM","defaultValue":"off","enumValues":["off","shadow","live","complete"],
                "allowEmpty":false,"valueExists":true,"value":"shadow"}
    })"), "t").snapshot;
    const Flag& old_flag = t.flags[0];
    auto j = [](const FlagState& f) { return f ? json::parse(flag_to_json(*f).dump()) : json(); };
    // FlagFlow's rename: schema and value kept, description replaced, old key gone.
    RenameResult r = apply_rename(old_flag, std::nullopt, "new", "sent");
    EXPECT_FALSE(r.old_state);
    ASSERT_TRUE(r.new_state);
    EXPECT_EQ(r.new_state->key, "new");
    json want = j(old_flag);
    want["description"] = "sent";
    EXPECT_EQ(j(r.new_state), want);
    // Refused: the old key missing, or the new key taken.
    r = apply_rename(std::nullopt, std::nullopt, "new", "sent");
    EXPECT_FALSE(r.old_state || r.new_state);
    r = apply_rename(old_flag, old_flag, "new", "sent");
    EXPECT_EQ(j(r.old_state), j(old_flag));
    EXPECT_EQ(j(r.new_state), j(old_flag));
    // A stage-walk link writes its stage; the last link the source's own value.
    Flag source = old_flag;
    source.value_exists = false;
    source.value.text = "complete";
    Step link{1, StepMode::SetValue, "old", 0, 0, {}};
    link.stage = StageMove{"shadow", "live", 1, 2};
    EXPECT_EQ(j(apply_step(old_flag, link, &source))["value"], "live");
    EXPECT_EQ(j(apply_step(old_flag, link, &source))["valueExists"], true);
    link.stage = StageMove{"live", "off", 2, 2};
    EXPECT_EQ(j(apply_step(old_flag, link, &source))["value"], "complete");
    EXPECT_EQ(j(apply_step(old_flag, link, &source))["valueExists"], false);
    // FlagFlow's executor does nothing with a RENAME step itself.
    Step rename{1, StepMode::Rename, "new", 0, 0, {}};
    rename.old_key = "old";
    EXPECT_EQ(j(apply_step(old_flag, rename, &source)), j(old_flag));
}

TEST(PlanFile, PromisedStateFollowsRenamesAndWalks) {
    AnalyzeOptions o;
    o.renames = true;
    o.walk_stages = true;
    o.select = std::vector<int>{9, 10, 53};  // the schema update keeping `live`, one of two links, one rename
    PlanFile p = make_plan_file(examples("staging-far", "production", o), fixed_time());
    json production = json::parse(read_text("examples/production.json"))["flags"];
    json staging = json::parse(read_text("examples/staging.json"))["flags"];
    auto j = [](const FlagState& f) { return f ? json::parse(flag_to_json(*f).dump()) : json(); };
    EXPECT_TRUE(j(promised_state(p, "maintenance_banner")).is_null());
    json banner = production["maintenance_banner"];
    banner["description"] = staging["ops/maintenance/banner"]["description"];
    EXPECT_EQ(j(promised_state(p, "ops/maintenance/banner")), banner);
    json ledger = staging["infra/db_migration/payments_ledger"];
    ledger["value"] = "rampdown";  // link 1 of 2
    EXPECT_EQ(j(promised_state(p, "infra/db_migration/payments_ledger")), ledger);
    // The unselected rename changes neither key.
    EXPECT_EQ(j(promised_state(p, "notifications/push/dnd_window")), production["notifications/push/dnd_window"]);
    EXPECT_TRUE(j(promised_state(p, "notifications/push/quiet_hours")).is_null());
    // promised_states() agrees, key by key, in the order of the touched keys.
    std::vector<std::pair<std::string, FlagState>> all = promised_states(p);
    ASSERT_EQ(all.size(), p.touched.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].first, p.touched[i]);
        EXPECT_EQ(j(all[i].second), j(promised_state(p, all[i].first))) << all[i].first;
    }
}

// The CLI's render command.
/// The CLI with `args`, stderr folded into stdout.
ShellRun run(const std::string& args) { return run_cli(args, true); }

TEST(PlanFile, CliRenderReadsChecksAndRendersAgain) {
    std::string dir = ::testing::TempDir();
    std::string plan = dir + "plan_file_test_plan.json";
    ASSERT_EQ(run("plan examples/production.json examples/staging.json --format plan --out '" + plan + "'").status, 0);
    for (const char* format : {"sh", "rollback", "md", "plan"}) {
        ShellRun r = run(std::string("render '") + plan + "' --format " + format);
        EXPECT_EQ(r.status, 0) << r.out;
        PlanFileRead back = read(slurp(plan));
        ASSERT_TRUE(back.ok);
        EXPECT_EQ(r.out, render_plan_file(back.plan, format).text) << format;
    }
    json edited = json::parse(slurp(plan));
    edited["steps"][0]["flagKey"] = "checkout/other";
    std::ofstream(plan) << edited.dump(2);
    ShellRun bad = run("render '" + plan + "' --format sh");
    EXPECT_EQ(bad.status, 1);
    EXPECT_NE(bad.out.find("error plan."), std::string::npos) << bad.out;
    EXPECT_NE(bad.out.find("is not a plan flagplan can render; nothing written"), std::string::npos) << bad.out;
    EXPECT_EQ(run("render '" + plan + "' --format json").status, 2);
    EXPECT_EQ(run("render '" + plan + "'").status, 2);
    EXPECT_EQ(run("render").status, 2);
}

}  // namespace
}  // namespace flagplan::testing
