// CI features (issue 18): exit codes, reproducible artifacts, show/check,
// GitHub workflow commands, the multi-environment pipeline.
#include <cstdlib>

#include "flagplan/command/command.hpp"
#include "flagplan/pipeline/pipeline.hpp"
#include "flagplan/planfile/saved_plan.hpp"
#include "test_support.hpp"

namespace flagplan::testing {
namespace {

std::string temp_path(const std::string& name) { return ::testing::TempDir() + name; }

std::string write_temp(const std::string& name, const std::string& content) {
    std::string path = temp_path(name);
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

ShellRun cli(const std::string& args) { return run_cli(args, false); }

const std::string kPair = "examples/staging.json examples/production.json";

TEST(Ci, DetailedExitcode) {
    EXPECT_EQ(cli("plan " + kPair + " --format json").status, 0);
    EXPECT_EQ(cli("plan " + kPair + " --format json --detailed-exitcode").status, 2);  // steps selected
    EXPECT_EQ(cli("plan examples/staging.json examples/staging.json --mode restore --detailed-exitcode").status, 0);
    EXPECT_EQ(cli("plan " + kPair + " --select 10 --detailed-exitcode").status, 1);  // blocked
    EXPECT_EQ(cli("plan " + kPair + " --bogus --detailed-exitcode").status, 3);
    EXPECT_EQ(cli("plan " + kPair + " --bogus").status, 2);
    EXPECT_EQ(cli("plan examples/staging.json /nonexistent.json --detailed-exitcode").status, 3);
    std::string plan = temp_path("detailed.json");
    ASSERT_EQ(cli("plan " + kPair + " --format plan --out '" + plan + "'").status, 0);
    EXPECT_EQ(cli("render '" + plan + "' --format md").status, 0);
    EXPECT_EQ(cli("render '" + plan + "' --format md --detailed-exitcode").status, 2);
    EXPECT_EQ(cli("render '" + plan + "' --format text --detailed-exitcode").status, 3);
}

TEST(Ci, Iso8601AndGeneratedAt) {
    EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(iso8601_utc(951782400), "2000-02-29T00:00:00Z");
    EXPECT_EQ(iso8601_utc(1767225599), "2025-12-31T23:59:59Z");
    std::string error;
    EXPECT_EQ(generated_at(std::string("2026-01-31T12:00:00.5Z"), std::string("0"), 5, error), "2026-01-31T12:00:00.5Z");
    EXPECT_EQ(generated_at(std::nullopt, std::string("86400"), 5, error), "1970-01-02T00:00:00Z");
    EXPECT_EQ(generated_at(std::nullopt, std::nullopt, 5, error), "1970-01-01T00:00:05Z");
    EXPECT_EQ(generated_at(std::string("yesterday"), std::nullopt, 5, error), "");
    EXPECT_EQ(error, "--generated-at is an ISO 8601 UTC time like 2026-01-31T12:00:00Z, not `yesterday`");
    generated_at(std::nullopt, std::string("-1"), 5, error);
    EXPECT_EQ(error, "SOURCE_DATE_EPOCH is whole seconds since 1970-01-01 (digits only), not `-1`");
}

TEST(Ci, ArtifactsAreByteIdenticalAcrossRuns) {
    for (const char* format : {"plan", "sh", "rollback", "md", "json", "text", "github"}) {
        std::string args = "plan " + kPair + " --include-values --format " + format;
        ShellRun a = cli(args + " --generated-at 2026-01-31T12:00:00Z");
        ShellRun b = run_shell(std::string("sleep 1; cd '") + FLAGPLAN_SOURCE_DIR + "' && SOURCE_DATE_EPOCH=1769860800 '" +
                               FLAGPLAN_CLI_PATH + "' " + args + " 2>/dev/null");
        EXPECT_EQ(a.status, 0) << format;
        EXPECT_EQ(a.out, b.out) << format;  // 1769860800 = 2026-01-31T12:00:00Z
    }
    EXPECT_NE(cli("plan " + kPair + " --format plan --generated-at 2026-01-31T12:00:00Z").out.find(
                  "\"generatedAt\": \"2026-01-31T12:00:00Z\""),
              std::string::npos);
    EXPECT_EQ(run_cli("plan " + kPair + " --generated-at now", true).status, 2);
}

TEST(Ci, ShowPrintsASavedPlanAsPlanDoes) {
    std::string plan = temp_path("show.json");
    std::string args = "plan " + kPair + " --renames --generated-at 2026-01-31T12:00:00Z";
    ASSERT_EQ(cli(args + " --format plan --out '" + plan + "'").status, 0);
    EXPECT_EQ(cli("show '" + plan + "'").out, cli(args).out);
    EXPECT_EQ(cli("show '" + plan + "' --format md").out, cli(args + " --format md").out);
    auto shown = nlohmann::json::parse(cli("show '" + plan + "' --format json").out);
    auto planned = nlohmann::json::parse(cli(args + " --format json").out);
    EXPECT_EQ(shown["steps"], planned["steps"]);
    EXPECT_EQ(shown["source"], planned["source"]);
    EXPECT_EQ(shown["summary"]["planLine"], planned["summary"]["planLine"]);
}

TEST(Ci, CheckFindsDriftWithTheApplyScriptsRule) {
    std::string plan = temp_path("check.json");
    ASSERT_EQ(cli("plan " + kPair + " --include-values --format plan --out '" + plan + "'").status, 0);
    ShellRun clean = cli("check '" + plan + "' examples/production.json");
    EXPECT_EQ(clean.status, 0);
    EXPECT_NE(clean.out.find("No drift"), std::string::npos) << clean.out;

    auto target = nlohmann::ordered_json::parse(read_text("examples/production.json"));
    target["flags"]["infra/db_migration/stage"]["description"] = "changed";
    target["flags"].erase("checkout/legacy_cart");
    std::string drifted = write_temp("drifted.json", target.dump(2));
    ShellRun r = cli("check '" + plan + "' '" + drifted + "'");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("  infra/db_migration/stage: description is \"changed\", expected \"Migration stage of the customer DB move\"\n"),
              std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  checkout/legacy_cart: does not exist, but the plan expects it\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Drift: 2 flag(s)"), std::string::npos) << r.out;

    // apply.sh's own drift guard (jq) lists the same differences.
    std::string script = temp_path("check-apply.sh");
    ASSERT_EQ(cli("render '" + plan + "' --format sh --out '" + script + "'").status, 0);
    ShellRun jq = run_shell("sed '$d' '" + script + "' > '" + script + ".lib' && bash -c 'source \"" + script +
                            ".lib\"; workdir=$(mktemp -d); expected_states > \"$workdir/expected.json\"; differences 1' < '" +
                            drifted + "'");
    std::string engine;
    for (const std::string& line : split_lines(r.out))
        if (line.rfind("  ", 0) == 0) engine += line.substr(2) + "\n";
    EXPECT_EQ(jq.out, engine);

    target["environment"] = "elsewhere";
    EXPECT_EQ(cli("check '" + plan + "' '" + write_temp("other.json", target.dump()) + "'").status, 1);
    EXPECT_EQ(cli("check '" + plan + "'").status, 3);
}

TEST(Ci, GithubCommandsAreEscaped) {
    Diagnostic d;
    d.severity = Severity::Warning;
    d.code = "x.y";
    d.file = "a,b:c%.json";
    d.line = 3;
    d.column = 7;
    d.message = "50% off\r\nnext: line, too";
    Diagnostic note;
    note.severity = Severity::Note;
    note.code = "n";
    note.message = "plain";
    EXPECT_EQ(render_diagnostics_github({d, note}),
              "::warning file=a%2Cb%3Ac%25.json,line=3,col=7,title=x.y::50%25 off%0D%0Anext: line, too\n"
              "::notice title=n::plain\n");
}

TEST(Ci, GithubAndMdFormatsOnTheExamplesWithABrokenFile) {
    std::string broken = write_temp("broken.json", export_text(
        R"({"a":{"description":"d","type":"INTEGER","defaultValue":5,"minValue":9,"maxValue":0,"valueExists":false,"value":0}})"));
    ShellRun r = cli("validate examples/staging.json '" + broken + "' --format github");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("examples/staging.json: valid, 43 flags, 0 errors, 0 warnings\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("::error file=" + broken + ",line="), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(",title=schema.integer.min_greater_than_max::"), std::string::npos) << r.out;
    ShellRun md = cli("validate examples/staging.json '" + broken + "' --format md");
    EXPECT_NE(md.out.find("| `examples/staging.json` | `staging` | 43 | 0 | 0 | valid |\n"), std::string::npos) << md.out;
    EXPECT_NE(md.out.find("- **error** `schema.integer.min_greater_than_max`"), std::string::npos) << md.out;
    ShellRun plan = cli("plan " + kPair + " --format github");
    EXPECT_EQ(plan.status, 0);
    EXPECT_NE(plan.out.find("::warning file=examples/production.json,title=risk.type_change::"), std::string::npos);
    EXPECT_EQ(split_lines(plan.out).back(),
              "::notice title=flagplan plan::" +
                  nlohmann::json::parse(cli("plan " + kPair + " --format json").out)["summary"]["planLine"].get<std::string>());
}

TEST(Ci, PipelineOfThreeExportsWithAStageAhead) {
    auto dev = nlohmann::ordered_json::parse(read_text("examples/staging.json"));
    dev["environment"] = "dev";
    auto production = nlohmann::ordered_json::parse(read_text("examples/production.json"));
    production["flags"]["infra/db_migration/stage"]["valueExists"] = true;
    production["flags"]["infra/db_migration/stage"]["value"] = "live";  // staging is at shadow
    std::string d = write_temp("dev.json", dev.dump()), p = write_temp("prod.json", production.dump());
    std::string args = "pipeline '" + d + "' examples/staging.json '" + p + "'";
    ShellRun r = cli(args + " --format json");
    EXPECT_EQ(r.status, 0);
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["environments"].size(), 3u);
    ASSERT_EQ(j["hops"].size(), 2u);
    nlohmann::json row;
    for (const auto& f : j["flags"])
        if (f["flagKey"] == "infra/db_migration/stage") row = f;
    ASSERT_FALSE(row.is_null());
    EXPECT_EQ(row["stageFlag"], true);
    EXPECT_EQ(row["cells"][0]["stage"], "shadow");
    EXPECT_EQ(row["cells"][1]["changes"], nlohmann::json::array());  // dev = staging
    EXPECT_EQ(row["cells"][2]["stage"], "live");
    EXPECT_EQ(row["cells"][2]["schemaFingerprint"].get<std::string>().size(), 8u);
    std::vector<std::string> codes;
    for (const auto& diag : j["diagnostics"]) codes.push_back(diag["code"].get<std::string>() + " " + diag.value("flagKey", ""));
    EXPECT_EQ(codes, std::vector<std::string>{"stage.ahead infra/db_migration/stage"});
    // Each hop's line is the Plan: line of the two-export plan.
    EXPECT_EQ(j["hops"][1]["plan"],
              nlohmann::json::parse(cli("plan examples/staging.json '" + p + "' --format json").out)["summary"]["planLine"]);
    EXPECT_EQ(j["hops"][0]["plan"], "Plan: 0 to create, 0 to update, 0 values to set, 0 to delete (0 of 0 steps selected).");
    ShellRun text = cli(args);
    EXPECT_NE(text.out.find("flagplan pipeline: dev \u2192 staging \u2192 production\n"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("  staging \u2192 production: Plan: "), std::string::npos) << text.out;
    EXPECT_NE(cli(args + " --format md").out.find("| flag key | `dev` | `staging` | `production` |"), std::string::npos);
    EXPECT_EQ(run_cli("pipeline examples/staging.json", true).out,
              "flagplan: pipeline needs 2 to 8 exports in promotion order, not 1 (flagplan --help shows the usage)\n");
}

TEST(Ci, PipelineInPromotionOrderOfTheEnvironmentNames) {
    EXPECT_EQ(promotion_sequence({"production", "dev", "staging"}), (std::vector<std::size_t>{1, 2, 0}));
    EXPECT_EQ(promotion_sequence({"Prod", "QA"}), (std::vector<std::size_t>{1, 0}));
    // A name it does not know, or two of one rank: as given.
    EXPECT_EQ(promotion_sequence({"production", "eu-west", "dev"}), (std::vector<std::size_t>{0, 1, 2}));
    EXPECT_EQ(promotion_sequence({"prod", "production"}), (std::vector<std::size_t>{0, 1}));

    auto dev = nlohmann::ordered_json::parse(read_text("examples/staging.json"));
    dev["environment"] = "dev";
    std::string production = read_text("examples/production.json"), staging = read_text("examples/staging.json"),
                dev_text = dev.dump();
    std::vector<ExportText> dropped = {{production, "production.json"}, {dev_text, "dev.json"}, {staging, "staging.json"}};
    StdRegexEngine regex;
    Pipeline given = analyze_pipeline(dropped, Limits{}, regex);
    Pipeline ordered = analyze_pipeline(dropped, Limits{}, regex, PipelineOrder::ByEnvironmentName);
    EXPECT_EQ(given.environments[0].label, "production.json");
    std::vector<std::string> labels;
    for (const ExportInfo& e : ordered.environments) labels.push_back(e.label);
    EXPECT_EQ(labels, (std::vector<std::string>{"dev.json", "staging.json", "production.json"}));
    std::vector<ExportText> in_order = {dropped[1], dropped[2], dropped[0]};
    EXPECT_EQ(render_pipeline(ordered, "json"), render_pipeline(analyze_pipeline(in_order, Limits{}, regex), "json"));
}

// A hop's Plan: line is `flagplan plan`'s for the pair even where the hop's
// target reads differently as a target (untrimmed, as FlagFlow's store holds
// it) than as the source of the next hop (trimmed by the import schema).
TEST(Ci, PipelineHopReadsItsTargetAsPlanDoes) {
    const std::string padded = R"({"description":"d","type":"STRING","defaultValue":" x ","maxLength":0,"regExp":"","valueExists":false,"value":""})";
    const std::string plain = R"({"description":"d","type":"STRING","defaultValue":"x","maxLength":0,"regExp":"","valueExists":false,"value":""})";
    const std::string dev = export_text("{\"u/x\":" + plain + "}", "dev"),
                      staging = export_text("{\"u/x\":" + padded + "}", "staging"),
                      production = export_text("{\"u/x\":" + plain + "}", "production");
    const std::vector<ExportText> exports = {{dev, "dev.json"}, {staging, "staging.json"}, {production, "production.json"}};
    StdRegexEngine regex;
    Pipeline p = analyze_pipeline(exports, Limits{}, regex);
    ASSERT_EQ(p.hops.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i)
        EXPECT_EQ(p.hops[i].plan_line, summarize(analyze(exports[i], exports[i + 1], {}, regex)).plan_line) << i;
    // dev -> staging: "x" against the padded " x " as staging holds it.
    EXPECT_EQ(p.hops[0].plan_line, "Plan: 0 to create, 1 to update, 0 values to set, 0 to delete (1 of 2 steps selected).");
    // staging -> production: staging's " x " trimmed is production's "x".
    EXPECT_EQ(p.hops[1].plan_line, "Plan: 0 to create, 0 to update, 0 values to set, 0 to delete (0 of 0 steps selected).");
}

}  // namespace
}  // namespace flagplan::testing
