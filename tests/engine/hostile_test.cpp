// The hostile-export corpus (tests/hostile/): each file yields the expected
// diagnostics or a correct plan, never a crash or a hang; the scripts made
// from hostile data carry it byte-exact and run none of it (the apply tests'
// canary: every command in the data would create `flagplan-canary`). Also:
// every Limits bound gives a clear diagnostic, 10 MB strings (made here, not
// committed), and regular expressions that would backtrack catastrophically.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>

#include <tuple>

#include "flagplan/parse/parse.hpp"
#include "flagplan/planfile/plan_file.hpp"
#include "flagplan/render/render.hpp"
#include "test_support.hpp"

namespace flagplan::testing {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

std::string corpus(const std::string& name) { return read_text("tests/hostile/" + name); }

Analysis analyze_files(const std::string& source, const std::string& target, AnalyzeOptions options = {}) {
    StdRegexEngine regex;
    std::string s = corpus(source), t = corpus(target);
    return analyze({s, source}, {t, target}, options, regex);
}

AnalyzeOptions with_values() {
    AnalyzeOptions o;
    o.include_values = true;
    return o;
}

std::string rendered(const Analysis& a, const char* format) {
    RenderOptions o;
    o.generated_at = "2026-11-21T12:00:00Z";
    Rendered r = render(a, format, o);
    EXPECT_TRUE(r.ok) << format << ": " << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
    return r.text;
}

/// The request bodies of a script: its FLAGPLAN_STEP_ heredocs, read the way
/// bash reads a quoted heredoc (from the line after `... <<'D'` to the first
/// line that is exactly D, verbatim).
std::vector<json> request_bodies(const std::string& script) {
    std::vector<std::string> lines = split_lines(script);
    std::vector<json> out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        std::size_t at = line.find("<<'FLAGPLAN_");
        if (at == std::string::npos || line.find_first_not_of(' ') == line.find('#')) continue;
        std::size_t end = line.find('\'', at + 3);
        if (end == std::string::npos) {
            ADD_FAILURE() << "unterminated heredoc delimiter: " << line;
            continue;
        }
        std::string delimiter = line.substr(at + 3, end - at - 3);
        std::string body;
        std::size_t j = i + 1;
        for (; j < lines.size() && lines[j] != delimiter; ++j) body += (j > i + 1 ? "\n" : "") + lines[j];
        EXPECT_LT(j, lines.size()) << "unterminated heredoc " << delimiter;
        if (delimiter.rfind("FLAGPLAN_STEP_", 0) == 0) out.push_back(json::parse(body));
        i = j;
    }
    return out;
}

/// A shell command with stderr folded into stdout.
ShellRun run_stderr_too(const std::string& command) { return run_shell(command + " 2>&1"); }

/// A fresh, empty directory under the test temp dir.
fs::path fresh_dir(const std::string& name) {
    fs::path dir = fs::path(::testing::TempDir()) / ("flagplan-hostile-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// Renders apply.sh and rollback.sh, checks that every request body carries
/// the flag exactly as in its export, and runs both with --dry-run (bash -n
/// first) in an empty directory: nothing in the data may run.
void expect_scripts_exact_and_inert(const Analysis& a, const json& source, const json& target, const std::string& name) {
    fs::path dir = fresh_dir(name);
    for (const char* format : {"sh", "rollback"}) {
        std::string text = rendered(a, format);
        int bodies = 0;
        for (const json& body : request_bodies(text)) {
            const json& step = body["json"]["steps"][0];
            ++bodies;
            if (!step.contains("flag")) continue;
            const std::string& key = step["flagKey"].get_ref<const std::string&>();
            const json& want = std::string(format) == "sh" ? source["flags"][key] : target["flags"][key];
            EXPECT_EQ(step["flag"], want) << name << " " << format << " " << key;
        }
        EXPECT_GT(bodies, 0) << name << " " << format;
        fs::path file = dir / (std::string(format) + ".sh");
        std::ofstream(file, std::ios::binary) << text;
        ShellRun syntax = run_stderr_too("bash -n '" + file.string() + "'");
        EXPECT_EQ(syntax.status, 0) << syntax.out;
        ShellRun dry = run_stderr_too("cd '" + dir.string() + "' && env -i PATH=/usr/bin:/bin bash '" + file.string() + "' --dry-run");
        EXPECT_EQ(dry.status, 0) << format << ":\n" << dry.out.substr(0, 2000);
    }
    EXPECT_FALSE(fs::exists(dir / "flagplan-canary")) << "a command in the data ran (" << name << ")";
}

TEST(HostileCorpus, ShellMetacharactersInEveryStringGiveTheRightPlanAndInertScripts) {
    Analysis a = analyze_files("shell_metacharacters.source.json", "shell_metacharacters.target.json", with_values());
    EXPECT_EQ(codes(a.diagnostics, Severity::Error), std::vector<std::string>{});
    ASSERT_FALSE(a.blocked) << render_diagnostics_text(a.diagnostics);
    EXPECT_EQ(step_lines(a.plan), (std::vector<std::string>{
                                      "1 SET_VALUE text/a 0 0",
                                      "2 CREATE_DEFAULTVALUE text/b 0 0",
                                      "3 SET_VALUE text/b 2 1",
                                      "4 UPDATE_SCHEMA_DEFAULTVALUE obj/c 0 0",
                                      "5 SET_VALUE obj/c 4 1",
                                      "6 CREATE_DEFAULTVALUE enum/d 0 0",
                                      "7 SET_VALUE enum/d 6 1",
                                      "8 SET_VALUE tag/e 0 0",
                                      "9 UPDATE_SCHEMA_DEFAULTVALUE ab/f 0 0",
                                      "10 DELETE retyped/h 0 0",
                                      "11 CREATE_DEFAULTVALUE retyped/h 10 1",
                                      "12 SET_VALUE retyped/h 11 2",
                                      "13 DELETE gone/g 0 0",
                                  }));
    json source = json::parse(corpus("shell_metacharacters.source.json"));
    json target = json::parse(corpus("shell_metacharacters.target.json"));
    expect_scripts_exact_and_inert(a, source, target, "shell");
    // The JSON rendering keeps every byte too (here: the environment names).
    json out = json::parse(rendered(a, "json"));
    EXPECT_EQ(out["source"]["environment"], source["environment"]);
    EXPECT_EQ(out["target"]["environment"], target["environment"]);
}

/// The Markdown report with code spans (any backtick run up to the next run
/// of the same length) removed: what a Markdown renderer would interpret.
std::string outside_code_spans(const std::string& md) {
    std::string out;
    std::size_t i = 0;
    while (i < md.size()) {
        if (md[i] != '`') {
            out += md[i++];
            continue;
        }
        std::size_t run = md.find_first_not_of('`', i) == std::string::npos ? md.size() - i : md.find_first_not_of('`', i) - i;
        std::string fence(run, '`');
        std::size_t close = i + run;
        while (true) {
            close = md.find(fence, close);
            if (close == std::string::npos) break;
            std::size_t end = close + run;
            if ((end >= md.size() || md[end] != '`')) break;
            close = md.find_first_not_of('`', end);
        }
        if (close == std::string::npos) {  // no closing run: literal backticks
            out += fence;
            i += run;
            continue;
        }
        i = close + run;
    }
    return out;
}

// The WebAssembly module checks each export and frees its text before the
// other is read (analyze_checked); the CLI reads both (analyze). Same analysis.
TEST(HostileCorpus, AnalyzingCheckedExportsIsTheSameAnalysis) {
    StdRegexEngine regex;
    const std::string examples = read_text("examples/production.json");
    for (const auto& entry : fs::directory_iterator(std::string(FLAGPLAN_SOURCE_DIR) + "/tests/hostile")) {
        const std::string name = entry.path().filename().string();
        const std::string text = corpus(name);
        for (bool hostile_source : {true, false}) {
            SCOPED_TRACE(name + (hostile_source ? " as the source" : " as the target"));
            const ExportText hostile{text, name}, other{examples, "production.json"};
            const ExportText& source = hostile_source ? hostile : other;
            const ExportText& target = hostile_source ? other : hostile;
            AnalyzeOptions options = with_values();
            options.mode = Mode::Restore;
            const Analysis whole = analyze(source, target, options, regex);
            const Analysis checked = analyze_checked(check_export(source, options.limits, regex),
                                                     check_export(target, options.limits, regex), options, regex);
            EXPECT_EQ(render_analysis_json(checked, RenderOptions{}), render_analysis_json(whole, RenderOptions{}));
            EXPECT_FALSE(whole.diagnostics.empty());
        }
    }
}

TEST(HostileCorpus, HtmlAndScriptInStringsStayTextEverywhere) {
    Analysis a = analyze_files("html_in_strings.source.json", "empty.target.json", with_values());
    ASSERT_FALSE(a.blocked) << render_diagnostics_text(a.diagnostics);
    EXPECT_EQ(a.plan.steps.size(), 12u);  // 6 flags: CREATE_DEFAULTVALUE + SET_VALUE each
    json source = json::parse(corpus("html_in_strings.source.json"));
    json target = json::parse(corpus("empty.target.json"));
    expect_scripts_exact_and_inert(a, source, target, "html");
    // The review report: outside code spans every `<` is escaped, so no tag
    // reaches a Markdown renderer (GitHub, GitLab, a ticket system).
    std::string md = outside_code_spans(rendered(a, "md"));
    for (std::size_t at = md.find('<'); at != std::string::npos; at = md.find('<', at + 1))
        EXPECT_TRUE(at > 0 && md[at - 1] == '\\') << "raw `<` in report.md: " << md.substr(at > 40 ? at - 40 : 0, 80);
    // The machine-readable analysis carries the descriptions exactly.
    json out = json::parse(rendered(a, "json"));
    std::map<std::string, std::string> descriptions;
    for (const json& step : out["steps"])
        for (const json& change : step["changes"])
            if (change["field"] == "description") descriptions[step["flagKey"]] = change["to"];
    for (auto& [key, flag] : source["flags"].items())
        EXPECT_EQ(descriptions[key], flag["description"].get<std::string>()) << key;
}

TEST(HostileCorpus, PrototypeNamesAreOrdinaryKeysAndProtoIsReported) {
    Analysis a = analyze_files("prototype_keys.source.json", "prototype_keys.target.json", with_values());
    EXPECT_EQ(codes(a.diagnostics), (std::vector<std::string>{"file.unknown_field", "file.unknown_field",
                                                              "file.unknown_field", "key.proto", "key.invalid",
                                                              "key.invalid"}));
    EXPECT_EQ(a.diagnostics[3].flag_key, "__proto__");
    EXPECT_EQ(a.diagnostics[4].flag_key, "toString");
    EXPECT_EQ(a.diagnostics[5].flag_key, "valueOf");
    EXPECT_TRUE(a.blocked);
    // `constructor` and `obj/proto` are equal in both exports: no step (FlagFlow
    // reads `constructor` through the prototype and plans a DELETE/CREATE).
    // The OBJECT value with `__proto__`/`constructor` properties conforms.
    EXPECT_EQ(step_lines(a.plan), (std::vector<std::string>{
                                      "1 CREATE_DEFAULTVALUE prototype 0 0",
                                      "2 SET_VALUE prototype 1 1",
                                      "3 SET_VALUE hasownproperty 0 0",
                                      "4 CREATE_DEFAULTVALUE __proto__ 0 0",
                                      "5 SET_VALUE __proto__ 4 1",
                                      "6 CREATE_DEFAULTVALUE toString 0 0",
                                      "7 SET_VALUE toString 6 1",
                                      "8 CREATE_DEFAULTVALUE valueOf 0 0",
                                      "9 SET_VALUE valueOf 8 1",
                                      "10 DELETE watch 0 0",
                                  }));
    // An unknown `__proto__` field inside a flag is dropped, not merged.
    const Flag* f = a.source.find("hasownproperty");
    ASSERT_NE(f, nullptr);
    EXPECT_TRUE(f->value_exists);
    EXPECT_EQ(f->value.integer, 2);
}

TEST(HostileCorpus, DuplicateKeysAreErrorsAndTheLastOneCounts) {
    std::string text = corpus("duplicate_keys.json");
    StdRegexEngine regex;
    ExportCheck c = check_export({text, "duplicate_keys.json"}, Limits{}, regex);
    EXPECT_EQ(codes(c.diagnostics), (std::vector<std::string>{"file.duplicate_key", "file.unknown_field",
                                                              "file.duplicate_key", "file.duplicate_key",
                                                              "file.duplicate_key"}));
    EXPECT_EQ(c.diagnostics[0].line, 5);  // the second "environment"
    EXPECT_EQ(c.snapshot.environment, "staging");
    ASSERT_EQ(c.snapshot.flags.size(), 2u);
    const Flag* twice = c.snapshot.find("twice");
    ASSERT_NE(twice, nullptr);
    EXPECT_EQ(twice->type, FlagType::Enum);
    EXPECT_EQ(twice->description, "last one counts");
    EXPECT_EQ(c.snapshot.find("field/twice")->value.integer, 3);
}

// Where each flag is in its file (Snapshot::offsets) stays beside its flag
// when a duplicate replaces an earlier one or a flag is dropped: a finding
// of the flag that counts points into the last occurrence, and the flags
// after a dropped one keep their own positions. check_export() drops the
// offsets once every line and column is resolved.
TEST(HostileCorpus, OffsetsFollowTheFlagThatCounts) {
    const std::string integer = "{\"description\":\"\",\"type\":\"INTEGER\",\"defaultValue\":1,\"minValue\":";
    const std::string text = "{\"environment\":\"staging\",\"version\":\"1.7.1\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"flags\":{\n"
                             "\"a\":" + integer + "0,\"maxValue\":9,\"valueExists\":false,\"value\":0},\n"
                             "\"dropped\":{\"description\":\"\",\"type\":5},\n"
                             "\"b\":" + integer + "3,\"maxValue\":9,\"valueExists\":false,\"value\":0},\n"
                             "\"a\":" + integer + "5,\"maxValue\":9,\"valueExists\":false,\"value\":0}\n}}";
    const ParseResult parsed = parse_export(text, "dup.json", Limits{});
    ASSERT_EQ(parsed.snapshot.flags.size(), 2u);
    ASSERT_EQ(parsed.snapshot.offsets.size(), parsed.snapshot.flags.size());
    StdRegexEngine regex;
    ExportCheck c = check_export({text, "dup.json"}, Limits{}, regex);
    EXPECT_TRUE(c.snapshot.offsets.empty());
    std::vector<std::string> found;
    for (const Diagnostic& d : c.diagnostics)
        found.push_back(d.code + " " + d.flag_key + " " + d.field + " " + std::to_string(d.line) + ":" +
                        std::to_string(d.column));
    // "dropped" (line 3, a type that is not a string) is not kept; the first
    // "a" (line 2) is replaced by the last (line 5), whose defaultValue 1 is
    // below its minValue 5, as "b"'s (line 4) is below 3.
    EXPECT_EQ(found, (std::vector<std::string>{"file.wrong_type dropped type 3:36", "file.duplicate_key a  5:1",
                                               "schema.integer.default_out_of_range a defaultValue 5:55",
                                               "schema.integer.default_out_of_range b defaultValue 4:55"}));
    // Past the flag limit: the flags kept keep their positions.
    Limits two;
    two.max_flags = 1;
    const ParseResult limited = parse_export(text, "dup.json", two);
    EXPECT_EQ(limited.snapshot.offsets.size(), limited.snapshot.flags.size());
}

TEST(HostileCorpus, NumbersReadAsJavaScriptReadsThem) {
    std::string text = corpus("numbers.json");
    StdRegexEngine regex;
    ExportCheck c = check_export({text, "numbers.json"}, Limits{}, regex);
    std::vector<std::string> found;
    for (const Diagnostic& d : c.diagnostics) found.push_back(d.code + " " + d.flag_key + " " + d.field);
    EXPECT_EQ(found, (std::vector<std::string>{
                         "file.unsafe_integer int/unsafe defaultValue",
                         "file.unsafe_integer int/unsafe_negative minValue",
                         "file.unsafe_integer int/huge maxValue",
                         "file.unsafe_integer int/beyond_uint64 value",
                         "file.wrong_type int/fraction defaultValue",
                         "schema.ab_test.chance_out_of_range ab/just_over chanceBPercent",
                         "schema.ab_test.chance_out_of_range ab/huge chanceBPercent",
                     }));
    // Messages print numbers the JavaScript way.
    EXPECT_NE(c.diagnostics[2].message.find("1.2345678901234568e+29"), std::string::npos) << c.diagnostics[2].message;
    EXPECT_NE(c.diagnostics[3].message.find("18446744073709552000"), std::string::npos) << c.diagnostics[3].message;
    const Snapshot& s = c.snapshot;
    EXPECT_EQ(s.find("int/negative_zero")->default_value.integer, 0);
    EXPECT_EQ(s.find("int/negative_zero")->value.integer, 0);
    EXPECT_EQ(s.find("int/exponent")->default_value.integer, 100);
    EXPECT_EQ(s.find("int/exponent")->max_value, 1000);
    EXPECT_EQ(s.find("int/max_safe")->value.integer, -9007199254740991LL);
    EXPECT_EQ(s.find("int/underflow")->default_value.integer, 0);
    EXPECT_EQ(s.find("ab/denormal")->chance_b_percent, 5e-324);
}

class SyntaxCorpus : public ::testing::TestWithParam<const char*> {};

TEST_P(SyntaxCorpus, IsOneSyntaxErrorWithItsPosition) {
    std::string text = corpus(GetParam());
    ParseResult r = parse_export(text, GetParam());
    ASSERT_EQ(codes(r.diagnostics), std::vector<std::string>{"file.syntax"});
    EXPECT_FALSE(r.snapshot.readable);
    EXPECT_EQ(r.diagnostics[0].line, 1);
    EXPECT_GT(r.diagnostics[0].column, 80);  // inside the flag, not at the start
    // The plan of an unreadable export is empty and blocked.
    Analysis a = analyze_files(GetParam(), "empty.target.json");
    EXPECT_TRUE(a.blocked);
    EXPECT_TRUE(a.plan.steps.empty());
}

INSTANTIATE_TEST_SUITE_P(HostileCorpus, SyntaxCorpus,
                         ::testing::Values("number_overflow.json", "invalid_utf8.json"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                             std::string name = info.param;
                             return name.substr(0, name.find('.'));
                         });

// A lone surrogate escape is valid for JSON.parse (an emoji cut by a length
// limit): read as one UTF-16 code unit, held as WTF-8, and written back as
// the same escape in every output, never as U+FFFD or raw bytes.
TEST(HostileCorpus, LoneSurrogatesAreReadAndWrittenBackAsJavaScriptDoes) {
    for (const auto& [file, description, escaped] :
         {std::tuple<std::string, std::string, std::string>{"lone_surrogate.json", "high \xED\xA0\x80 alone",
                                                            "high \\ud800 alone"},
          {"lone_low_surrogate.json", "low \xED\xB0\x80 first", "low \\udc00 first"}}) {
        ParseResult r = parse_export(corpus(file), file);
        EXPECT_TRUE(r.diagnostics.empty()) << file << ": " << r.diagnostics[0].code;
        ASSERT_EQ(r.snapshot.flags.size(), 1u) << file;
        EXPECT_EQ(r.snapshot.flags[0].description, description);
        Analysis a = analyze_files(file, "empty.target.json", with_values());
        ASSERT_FALSE(a.blocked) << file;
        for (const char* format : {"text", "json", "plan", "sh", "md", "github"}) {
            const std::string out = rendered(a, format);
            EXPECT_EQ(out.find("\xEF\xBF\xBD"), std::string::npos) << file << " " << format << ": U+FFFD";
            EXPECT_EQ(out.find(description), std::string::npos) << file << " " << format << ": raw WTF-8";
            if (std::string(format) != "github" && std::string(format) != "md")
                EXPECT_NE(out.find(escaped), std::string::npos) << file << " " << format;
        }
        // The saved plan reads back with the same description.
        StdRegexEngine regex;
        PlanFileRead saved = read_plan_file(rendered(a, "plan"), "plan.json", regex);
        ASSERT_TRUE(saved.ok) << file << ": " << (saved.diagnostics.empty() ? "" : saved.diagnostics[0].message);
        ASSERT_EQ(saved.plan.source_flags.flags.size(), 1u) << file;
        EXPECT_EQ(saved.plan.source_flags.flags[0].description, description) << file;
    }
}

TEST(HostileCorpus, TenThousandDeepNestingIsTooDeep) {
    std::string text = corpus("deep_nesting.json");
    ParseResult r = parse_export(text, "deep_nesting.json");
    EXPECT_EQ(codes(r.diagnostics), std::vector<std::string>{"file.too_deep"});
    EXPECT_FALSE(r.snapshot.readable);
    EXPECT_NE(r.diagnostics[0].message.find("64"), std::string::npos);
}

TEST(HostileCorpus, TenThousandDeepObjectSchemasAndValuesAreTooDeep) {
    std::string text = corpus("deep_object.json");
    StdRegexEngine regex;
    ExportCheck c = check_export({text, "deep_object.json"}, Limits{}, regex);
    std::vector<std::string> found;
    for (const Diagnostic& d : c.diagnostics) found.push_back(d.code + " " + d.flag_key);
    EXPECT_EQ(found, (std::vector<std::string>{"schema.object.too_deep obj/deep_schema",
                                               "value.object.too_deep obj/deep_value",
                                               "schema.object.default.too_deep obj/deep_default"}));
}

TEST(HostileCorpus, AFlagWithoutValueIsStillValidated) {
    // Regression: a flag with valueExists false and no `value` field used to
    // count as malformed and skip validation silently. FlagFlow's import
    // schema requires `value` (reference vectors flag-0048, flag-0155, ...),
    // so it is an error, and the flag's schema is still checked.
    Diagnostics d = check_flag(R"({"description":"d","type":"STRING","defaultValue":"abc","maxLength":2,"regExp":"","valueExists":false})");
    EXPECT_EQ(codes(d), (std::vector<std::string>{"file.missing_field", "schema.string.default_too_long"}));
    d = check_flag(R"({"description":"d","type":"INTEGER","defaultValue":5,"minValue":0,"maxValue":1,"valueExists":false})");
    EXPECT_EQ(codes(d), (std::vector<std::string>{"file.missing_field", "schema.integer.default_out_of_range"}));
    // valueExists true still needs the value.
    d = check_flag(R"({"description":"d","type":"BOOLEAN","defaultValue":true,"isKillSwitch":false,"valueExists":true})");
    EXPECT_EQ(codes(d), std::vector<std::string>{"file.missing_field"});
}

TEST(HostileCorpus, CatastrophicRegexesAreReportedNotRun) {
    std::string text = corpus("catastrophic_regex.json");
    StdRegexEngine regex;
    ExportCheck c = check_export({text, "catastrophic_regex.json"}, Limits{}, regex);
    std::vector<std::string> found;
    for (const Diagnostic& d : c.diagnostics)
        found.push_back(std::string(severity_name(d.severity)) + " " + d.code + " " + d.flag_key);
    EXPECT_EQ(found, (std::vector<std::string>{
                         "warning schema.string.regexp_unchecked re/nested_plus",
                         "warning schema.string.regexp_unchecked re/words",
                         "warning schema.string.regexp_unchecked re/alternation",
                         "warning schema.string.regexp_unchecked re/chain",
                         "warning schema.string.regexp_unchecked re/email",
                         "warning schema.string.regexp_unchecked re/classic",
                         "warning schema.string.regexp_unchecked re/counted",
                         "error value.string.mismatch re/safe_long",
                         "warning value.string.regexp_unchecked re/safe_too_long",
                     }));
}

TEST(HostileRegex, NoPatternFreezesTheNativeEngineOnTheLongestSubject) {
    // The longest subject validation tests (Limits::max_regex_subject UTF-16
    // units), against realistic patterns and ones that backtrack
    // catastrophically in backtracking engines. Each answer must come back,
    // exact (Match/NoMatch) or a bounded refusal (TooExpensive/Unsupported).
    // The time bound is a freeze detector, not a performance goal: the
    // engine's NFA simulation answers each in well under a second.
    const std::size_t n = Limits{}.max_regex_subject;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"^[a-z0-9-]+$", std::string(n - 1, 'a') + "!"},
        {"^[A-Z0-9]{6,10}$", std::string(n, 'A')},
        {"^[a-z]+(,[a-z]+)*$", std::string(n - 1, 'a') + ","},
        {"^(?=.*\\d)(?=.*[a-z]).{8,}$", std::string(n, 'a')},
        {"^https?://[a-z0-9.-]+(/[a-z0-9._-]*)*$", "https://" + std::string(n - 9, 'a') + "!"},
        {"(a+)+$", std::string(n - 1, 'a') + "b"},
        {"(a|a)*b", std::string(n, 'a')},
        {"(\\w+\\s?)+$", std::string(n - 1, 'w') + "!"},
        {"\\d+\\d+\\d+x", std::string(n, '1')},
        {".*.*.*=.*", std::string(n, 'x')},
        {"(.*a){20}", std::string(n, 'a')},
        {"(a{100}){100}", std::string(n, 'a')},
        {"(?:a?){50}a{50}", std::string(n, 'a')},
        {".*(?=.*x).*y", std::string(n, 'x')},
    };
    StdRegexEngine regex;
    for (const auto& [pattern, subject] : cases) {
        auto start = std::chrono::steady_clock::now();
        RegexResult r = regex.test(pattern, subject);
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        EXPECT_NE(r.outcome, RegexOutcome::InvalidPattern) << pattern;
        if (r.outcome != RegexOutcome::Match && r.outcome != RegexOutcome::NoMatch)
            EXPECT_FALSE(r.detail.empty()) << pattern;
        EXPECT_LT(seconds, 10.0) << pattern << " froze the engine";
    }
    EXPECT_EQ(regex.test("(a+)+$", std::string(n - 1, 'a') + "b").outcome, RegexOutcome::NoMatch);
    EXPECT_EQ(regex.test("(a+)+$", "b" + std::string(n - 1, 'a')).outcome, RegexOutcome::Match);
    EXPECT_EQ(regex.test("^[a-z0-9-]+$", std::string(n - 1, 'a') + "!").outcome, RegexOutcome::NoMatch);
}

/// Bytes a terminal interprets: C0 controls but the line feed, DEL, and the
/// C1 controls (U+0080-U+009F, UTF-8 C2 80-C2 9F).
std::string terminal_controls(const std::string& text) {
    std::string found;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                  static_cast<unsigned char>(text[i + 1]) <= 0x9F;
        if ((c < 0x20 && c != '\n') || c == 0x7F || c1) found += "[" + std::to_string(c) + " at " + std::to_string(i) + "]";
    }
    return found;
}

TEST(HostileCorpus, TextOutputSendsNoControlCharactersToTheTerminal) {
    // Regression: diagnostic messages quote export data (a deleted value, a
    // value that misses its regExp, an environment name), and the text
    // listing printed it raw: ESC ]0;...BEL retitled the terminal, ESC [2J
    // cleared it.
    const std::string evil = "x\x1b]0;pwned\x07\x1b[2J\r\nline2\xc2\x9b" "31m\x7f";
    json source = {{"environment", "staging" + evil}, {"version", "1.7.1"}, {"createdAt", "2026-11-21T10:33:08.799Z"}};
    source["flags"]["kept"] = {{"description", evil}, {"type", "STRING"}, {"defaultValue", "abc"}, {"maxLength", 0},
                               {"regExp", "^[a-z]+$"}, {"valueExists", true}, {"value", evil}};
    source["flags"]["Bad" + evil] = {{"description", "d"}, {"type", "BOOLEAN"}, {"defaultValue", false},
                                     {"isKillSwitch", false}, {"valueExists", false}, {"weird" + evil, 1}};
    json target = {{"environment", "production"}, {"version", "1.7.1"}, {"createdAt", "2026-11-21T10:33:08.799Z"}};
    target["flags"]["gone"] = {{"description", "d"}, {"type", "STRING"}, {"defaultValue", ""}, {"maxLength", 0},
                               {"regExp", ""}, {"valueExists", true}, {"value", evil}};
    std::string s = source.dump(), t = target.dump();
    StdRegexEngine regex;
    Analysis a = analyze({s, "source" + evil}, {t, "target"}, with_values(), regex);
    std::vector<std::string> found = codes(a.diagnostics);
    EXPECT_NE(std::find(found.begin(), found.end(), "value.string.mismatch"), found.end());
    EXPECT_NE(std::find(found.begin(), found.end(), "key.invalid"), found.end());
    EXPECT_NE(std::find(found.begin(), found.end(), "file.unknown_field"), found.end());
    std::string listing = rendered(a, "text");
    EXPECT_EQ(terminal_controls(listing), "") << listing;
    std::string diagnostics = render_diagnostics_text(a.diagnostics);
    EXPECT_EQ(terminal_controls(diagnostics), "") << diagnostics;
    // Still readable: the escape is shown, not dropped.
    EXPECT_NE(diagnostics.find("\\u001b]0;pwned"), std::string::npos) << diagnostics;
}

// ---- 10 MB strings (generated, not committed) ----

std::string ten_megabytes() {
    std::string s;
    s.reserve(10u << 20);
    const std::string chunk = "$(touch flagplan-canary) `x` 'y' \"z\" \\ EOF\nFLAGPLAN_STEP_1_0000\n<script>x</script> ";
    while (s.size() + chunk.size() <= (10u << 20)) s += chunk;
    return s + "end";
}

std::string export_with_description(const std::string& environment, const std::string& description) {
    json e = {{"environment", environment}, {"version", "1.7.1"}, {"createdAt", "2026-11-21T10:33:08.799Z"}};
    e["flags"]["big"] = {{"description", description}, {"type", "BOOLEAN"}, {"defaultValue", false},
                         {"isKillSwitch", false},      {"valueExists", true},  {"value", true}};
    return e.dump();
}

TEST(HostileLimits, TenMegabyteStringIsTooLongByDefault) {
    std::string text = export_with_description("staging", ten_megabytes());
    ParseResult r = parse_export(text, "big.json");
    ASSERT_EQ(codes(r.diagnostics), std::vector<std::string>{"file.string_too_long"});
    EXPECT_FALSE(r.snapshot.readable);
    EXPECT_NE(r.diagnostics[0].message.find(std::to_string(Limits{}.max_string_bytes)), std::string::npos);
    EXPECT_EQ(r.diagnostics[0].line, 1);
}

TEST(HostileLimits, TenMegabyteStringWithARaisedLimitPlansAndTravelsExactly) {
    std::string big = ten_megabytes();
    std::string source = export_with_description("staging", big);
    std::string target = export_with_description("production", "small");
    AnalyzeOptions o = with_values();
    o.limits.max_string_bytes = 16u << 20;
    StdRegexEngine regex;
    Analysis a = analyze({source, "source"}, {target, "target"}, o, regex);
    ASSERT_FALSE(a.blocked) << render_diagnostics_text(a.diagnostics);
    EXPECT_EQ(step_lines(a.plan), std::vector<std::string>{});  // description is not compared
    // Restore the target from it: now the description travels in a request.
    target = export_with_description("staging", "small");
    o.mode = Mode::Restore;
    a = analyze({source, "source"}, {target, "target"}, o, regex);
    ASSERT_FALSE(a.blocked) << render_diagnostics_text(a.diagnostics);
    json src = json::parse(source), tgt = json::parse(target);
    src["flags"]["big"]["value"] = true;
    tgt["flags"]["big"]["value"] = false;
    tgt["flags"]["big"]["valueExists"] = false;
    target = tgt.dump();
    source = src.dump();
    a = analyze({source, "source"}, {target, "target"}, o, regex);
    ASSERT_EQ(step_lines(a.plan), std::vector<std::string>{"1 SET_VALUE big 0 0"});
    expect_scripts_exact_and_inert(a, src, tgt, "ten-megabytes");
}

TEST(HostileLimits, EveryLimitGivesAClearDiagnostic) {
    const std::string staging = read_text("examples/staging.json");
    StdRegexEngine regex;
    auto first = [&](const Limits& limits, const std::string& text = std::string()) {
        ExportCheck c = check_export({text.empty() ? staging : text, "staging.json"}, limits, regex);
        return c.diagnostics.empty() ? Diagnostic{} : c.diagnostics[0];
    };
    EXPECT_TRUE(first(Limits{}).code.empty()) << "examples/staging.json is valid";

    Limits l;
    l.max_input_bytes = 1000;
    Diagnostic d = first(l);
    EXPECT_EQ(d.code, "file.too_large");
    EXPECT_NE(d.message.find("1000"), std::string::npos) << d.message;

    l = Limits{};
    l.max_string_bytes = 40;
    d = first(l);
    EXPECT_EQ(d.code, "file.string_too_long");
    EXPECT_NE(d.message.find("40 bytes"), std::string::npos) << d.message;
    EXPECT_GT(d.line, 1);

    l = Limits{};
    l.max_flags = 10;
    d = first(l);
    EXPECT_EQ(d.code, "file.too_many_flags");
    EXPECT_NE(d.message.find("10 flags"), std::string::npos) << d.message;

    l = Limits{};
    l.max_depth = 3;  // root, flags, flag: a flag's array field is the fourth level
    d = first(l);
    EXPECT_EQ(d.code, "file.too_deep");
    EXPECT_NE(d.message.find("3 levels"), std::string::npos) << d.message;

    l = Limits{};
    l.max_object_depth = 1;  // checkout/shipping/options has an array of objects
    d = first(l);
    EXPECT_EQ(d.code.rfind("schema.object.", 0), 0u) << d.code;
    EXPECT_NE(d.code.find("too_deep"), std::string::npos) << d.code;

    l = Limits{};
    l.max_regex_subject = 5;  // values longer than 5 units are not tested
    d = first(l);
    EXPECT_EQ(d.code, "schema.string.regexp_unchecked");
    EXPECT_EQ(d.severity, Severity::Warning);
    EXPECT_NE(d.message.find("limit of 5"), std::string::npos) << d.message;
}

}  // namespace
}  // namespace flagplan::testing
