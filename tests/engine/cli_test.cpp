// The native CLI as users run it: exit codes, stdout/stderr, JSON shape.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "test_support.hpp"

namespace flagplan::testing {
namespace {

using CliRun = ShellRun;

/// The CLI with `args`; stdout only, or stdout+stderr when `with_stderr`.
CliRun run(const std::string& args, bool with_stderr = false) { return run_cli(args, with_stderr); }

std::string temp_file(const std::string& name, const std::string& content) {
    std::string path = ::testing::TempDir() + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

TEST(Cli, PlanJsonMatchesFlagFlowAndDocumentedShape) {
    CliRun r = run("plan examples/staging.json examples/production.json --format json");
    ASSERT_EQ(r.status, 0);
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["source"]["environment"], "staging");
    EXPECT_EQ(j["source"]["flagCount"], 43);
    EXPECT_EQ(j["target"]["label"], "examples/production.json");
    EXPECT_EQ(j["mode"], "migration");
    EXPECT_EQ(j["blocked"], false);
    auto flagflow = nlohmann::json::parse(read_text("tests/fixtures/flagflow/flagflow-plan-staging-to-production.json"));
    ASSERT_EQ(j["steps"].size(), flagflow["steps"].size());
    for (std::size_t i = 0; i < j["steps"].size(); ++i)
        for (const char* field : {"id", "mode", "flagKey", "dependentId", "indent"})
            EXPECT_EQ(j["steps"][i].value(field, nlohmann::json()), flagflow["steps"][i].value(field, nlohmann::json()))
                << "step " << i + 1 << " " << field;
    EXPECT_EQ(j["summary"]["SET_VALUE"], 28);
    EXPECT_EQ(j["summary"]["DELETE"], 8);
    EXPECT_EQ(j["summary"]["selected"], 31);
    EXPECT_EQ(j["steps"][0]["selected"], false);
    EXPECT_EQ(j["steps"][8]["changes"][0]["field"], "enumValues");
}

TEST(Cli, PlanTextShowsFlowMarkersAndSummary) {
    CliRun r = run("plan examples/staging.json examples/production.json");
    ASSERT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("staging \u2192 production"), std::string::npos);
    EXPECT_NE(r.out.find("[x] 28 - DELETE search/ranking/algorithm"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[ ] 30    \u2514\u2500 = SET_VALUE search/ranking/algorithm"), std::string::npos) << r.out;
    // Terraform's summary line, for the selected steps only (issue 13).
    EXPECT_NE(r.out.find("\nPlan: 13 to create, 10 to update, 0 values to set, 8 to delete (31 of 59 steps selected).\n"),
              std::string::npos) << r.out;
}

TEST(Cli, SelectAndIncludeValues) {
    auto j = nlohmann::json::parse(run("plan examples/staging.json examples/production.json --format json --include-values").out);
    EXPECT_EQ(j["summary"]["selected"], 59);
    j = nlohmann::json::parse(run("plan examples/staging.json examples/production.json --format json --select 9,10").out);
    EXPECT_EQ(j["summary"]["selected"], 2);
    CliRun bad = run("plan examples/staging.json examples/production.json --format json --select 10");
    EXPECT_EQ(bad.status, 1);
    j = nlohmann::json::parse(bad.out);
    EXPECT_EQ(j["blocked"], true);
    EXPECT_EQ(j["diagnostics"].back()["code"], "selection.missing_prerequisite");
    EXPECT_EQ(j["diagnostics"].back()["severity"], "error");
}

TEST(Cli, SameEnvironmentMigrationExitsOne) {
    CliRun r = run("plan examples/staging.json examples/staging.json");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("environment.same"), std::string::npos);
    EXPECT_NE(r.out.find("Nothing to migrate"), std::string::npos);
    EXPECT_EQ(run("plan examples/staging.json examples/staging.json --mode restore").status, 0);
}

TEST(Cli, ModeAutoLetsTheEnvironmentsChoose) {
    CliRun same = run("plan examples/staging.json examples/staging.json --mode auto");
    EXPECT_EQ(same.status, 0);
    EXPECT_EQ(same.out.substr(0, same.out.find('\n')), "flagplan restore (auto: same environment): staging \u2192 staging");
    CliRun differ = run("plan examples/staging.json examples/production.json --mode auto --format json");
    EXPECT_EQ(differ.status, 0);
    nlohmann::json j = nlohmann::json::parse(differ.out);
    EXPECT_EQ(j["mode"], "migration");
    EXPECT_EQ(j["modeChoice"], "environments differ");
    // Without auto nothing is chosen, and the text header is unchanged.
    nlohmann::json given = nlohmann::json::parse(run("plan examples/staging.json examples/production.json --format json").out);
    EXPECT_EQ(given["modeChoice"], "");
    CliRun text = run("plan examples/staging.json examples/production.json --mode migration");
    EXPECT_EQ(text.out.substr(0, text.out.find('\n')), "flagplan migration: staging \u2192 production");
    // The last --mode wins, as for every option.
    EXPECT_EQ(nlohmann::json::parse(run("plan examples/staging.json examples/staging.json --mode auto --mode migration "
                                        "--format json").out)["modeChoice"], "");
}

TEST(Cli, ValidateListsEveryBrokenFlag) {
    std::string path = temp_file("broken.json", export_text(
        R"({"a":{"description":"d","type":"INTEGER","defaultValue":5,"minValue":9,"maxValue":0,"valueExists":false,"value":0},)"
        R"("b":{"description":"d","type":"ENUM","defaultValue":"x","enumValues":["y"],"allowEmpty":false,"valueExists":false,"value":""},)"
        R"("Bad":{"description":"d","type":"AB-TEST","chanceBPercent":500}})"));
    CliRun r = run("validate '" + path + "' --format json");
    EXPECT_EQ(r.status, 1);
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["files"][0]["valid"], false);
    std::vector<std::string> got;
    for (const auto& d : j["diagnostics"])
        got.push_back(d["code"].get<std::string>() + " " + d.value("flagKey", "") + " " + d.value("field", ""));
    EXPECT_EQ(got, (std::vector<std::string>{"key.invalid Bad ", "schema.integer.min_greater_than_max a minValue",
                                             "schema.enum.default_not_allowed b defaultValue",
                                             "schema.ab_test.chance_out_of_range Bad chanceBPercent"}));
    CliRun text = run("validate '" + path + "'");
    EXPECT_NE(text.out.find("flag a\n"), std::string::npos) << text.out;
}

TEST(Cli, ValidateValidFilesExitsZero) {
    EXPECT_EQ(run("validate examples/staging.json examples/production.json").status, 0);
}

TEST(Cli, UsageAndIoFailuresExitTwoWithOneLine) {
    CliRun r = run("plan examples/staging.json", true);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_EQ(run("plan a b --bogus", true).status, 2);
    EXPECT_EQ(run("plan examples/staging.json examples/production.json --format nope", true).status, 2);
    r = run("plan examples/staging.json /nonexistent/x.json", true);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("cannot read /nonexistent/x.json"), std::string::npos) << r.out;
    EXPECT_EQ(run("frobnicate", true).status, 2);
}

TEST(Cli, ReadsExportsThroughPipesAndRefusesDirectories) {
    // A pipe has no size to read ahead: /dev/stdin here, <(...) or a FIFO in a shell.
    const std::string plan = "plan examples/staging.json examples/production.json --format json";
    CliRun piped = run("plan /dev/stdin examples/production.json --format json < examples/staging.json");
    ASSERT_EQ(piped.status, 0);
    CliRun direct = run(plan);
    const std::string label = "\"label\": \"examples/staging.json\"";
    ASSERT_NE(direct.out.find(label), std::string::npos);
    std::string expected = direct.out;
    expected.replace(expected.find(label), label.size(), "\"label\": \"/dev/stdin\"");
    EXPECT_EQ(piped.out, expected);
    CliRun through_cat = run_shell("cd '" + std::string(FLAGPLAN_SOURCE_DIR) + "' && cat examples/staging.json | '" +
                                   FLAGPLAN_CLI_PATH + "' plan /dev/stdin examples/production.json --format json");
    EXPECT_EQ(through_cat.out, expected);
    CliRun directory = run("plan examples examples/production.json", true);
    EXPECT_EQ(directory.status, 2);
    EXPECT_EQ(directory.out, "flagplan: cannot read examples: it is a directory\n");
}

// --out: the file holds exactly what standard output would (the script
// written part by part as the engine makes it); a refused rendering leaves
// an existing file as it was and creates none; an existing file is replaced
// whole with its permissions, a symlink written through, a device written
// as it is; a file that cannot be written is exit 2 naming it.
TEST(Cli, OutWritesTheRenderingOrNothing) {
    const std::string dir = ::testing::TempDir();
    const auto read_text = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        EXPECT_TRUE(in.good()) << "cannot open " << path;
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    const std::string script = dir + "flagplan-out-test.sh";
    const std::string pair = "plan examples/staging.json examples/production.json --generated-at 2026-01-01T00:00:00Z ";
    std::remove(script.c_str());
    ASSERT_EQ(run(pair + "--format sh --out '" + script + "'").status, 0);
    const std::string written = read_text(script);
    EXPECT_EQ(written, run(pair + "--format sh").out);
    EXPECT_EQ(written.substr(written.size() - 10), "main \"$@\"\n");
    // Blocked (a migration between two exports of one environment): refused.
    const std::string blocked = "plan examples/staging.json examples/staging.json --format sh --out '";
    { std::ofstream keep(script, std::ios::trunc); keep << "kept"; }
    CliRun refused = run(blocked + script + "'", true);
    EXPECT_EQ(refused.status, 1);
    EXPECT_EQ(read_text(script), "kept");
    std::remove(script.c_str());
    EXPECT_EQ(run(blocked + script + "'").status, 1);
    EXPECT_FALSE(std::ifstream(script).good()) << "a refused rendering created " << script;
    // Over an existing file: replaced whole, its permissions kept, nothing
    // left beside it; through a symlink: the file it points at; a device
    // (/dev/stdout) is written as it is.
    { std::ofstream keep(script, std::ios::trunc); keep << "old"; }
    std::filesystem::permissions(script, std::filesystem::perms(0750));
    ASSERT_EQ(run(pair + "--format sh --out '" + script + "'").status, 0);
    EXPECT_EQ(read_text(script), written);
    EXPECT_EQ(std::filesystem::status(script).permissions(), std::filesystem::perms(0750));
    EXPECT_FALSE(std::filesystem::exists(script + ".flagplan-partial"));
    const std::string link = dir + "flagplan-out-link.sh";
    std::filesystem::remove(link);
    std::filesystem::create_symlink(script, link);
    { std::ofstream keep(script, std::ios::trunc); keep << "old"; }
    ASSERT_EQ(run(pair + "--format sh --out '" + link + "'").status, 0);
    EXPECT_TRUE(std::filesystem::is_symlink(link));
    EXPECT_EQ(read_text(script), written);
    std::filesystem::remove(link);
    EXPECT_EQ(run(pair + "--format sh --out /dev/stdout").out, written);
    CliRun unwritable = run(pair + "--format sh --out '" + dir + "no-such-dir/apply.sh'", true);
    EXPECT_EQ(unwritable.status, 2);
    EXPECT_EQ(unwritable.out.rfind("flagplan: cannot write " + dir + "no-such-dir/apply.sh: ", 0), 0u) << unwritable.out;
}

TEST(Cli, UsageMessagesNameTheOption) {
    auto message = [](const std::string& args) {
        CliRun r = run(args, true);
        EXPECT_EQ(r.status, 2) << args;
        return r.out;
    };
    const std::string plan = "plan examples/staging.json examples/production.json ";
    const std::string tail = " (flagplan --help shows the usage)\n";
    EXPECT_EQ(message(plan + "--bogus"), "flagplan: unknown option --bogus" + tail);
    EXPECT_EQ(message(plan + "--bogus=1"), "flagplan: unknown option --bogus" + tail);
    EXPECT_EQ(message(plan + "-x"), "flagplan: unknown option -x" + tail);
    EXPECT_EQ(message(plan + "--mode"), "flagplan: --mode needs a value" + tail);
    EXPECT_EQ(message(plan + "--renames=yes"), "flagplan: --renames takes no value" + tail);
    EXPECT_EQ(message(plan + "--mode x"), "flagplan: --mode is migration, restore or auto, not `x`" + tail);
    EXPECT_EQ(message(plan + "--select 1,,2"),
              "flagplan: --select takes step ids separated by commas, e.g. 1,2,5 (got `1,,2`)" + tail);
    EXPECT_EQ(message(plan + "--fail-on x"), "flagplan: --fail-on is error or warning, not `x`" + tail);
    EXPECT_EQ(message("render x.json --format text"),
              "flagplan: --format is sh, rollback, md or plan for render, not `text`" + tail);
    EXPECT_EQ(message("plan examples/staging.json -- --x"), "flagplan: cannot read --x: No such file or directory\n");
    // The last of a repeated option counts; "--" ends the options.
    EXPECT_EQ(run(plan + "--format json --format text --mode=migration").status, 0);
    EXPECT_EQ(run("plan -- examples/staging.json examples/production.json").status, 0);
}

TEST(Cli, BadInputsExitOneNeverCrash) {
    for (const std::string& content : {std::string(), std::string("[]"), std::string("{\"flags\":"),
                                       std::string(10000, '[') , std::string("\xff\xfe")}) {
        std::string path = temp_file("bad.json", content);
        CliRun r = run("validate '" + path + "' --format json");
        EXPECT_EQ(r.status, 1) << content.substr(0, 20);
        EXPECT_NO_THROW(nlohmann::json::parse(r.out));
    }
}

TEST(Cli, CommentTravelsIntoPlanReportAndScripts) {
    CliRun plan = run("plan examples/staging.json examples/production.json --format plan --comment 'CHG-42: promote'");
    ASSERT_EQ(plan.status, 0);
    EXPECT_EQ(nlohmann::json::parse(plan.out)["comment"], "CHG-42: promote");
    CliRun md = run("plan examples/staging.json examples/production.json --format md --comment 'CHG-42: promote'");
    EXPECT_NE(md.out.find("- **Comment:** CHG-42: promote\n"), std::string::npos) << md.out;
    std::string saved = temp_file("comment-plan.json", plan.out);
    CliRun kept = run("render '" + saved + "' --format sh");
    EXPECT_NE(kept.out.find("CHG-42: promote"), std::string::npos);
    CliRun replaced = run("render '" + saved + "' --format md --comment 'CHG-43'");
    ASSERT_EQ(replaced.status, 0);
    EXPECT_NE(replaced.out.find("- **Comment:** CHG-43\n"), std::string::npos) << replaced.out;
    EXPECT_EQ(replaced.out.find("CHG-42"), std::string::npos);
    EXPECT_EQ(run("plan examples/staging.json examples/production.json --comment", true).out,
              "flagplan: --comment needs a value (flagplan --help shows the usage)\n");
    EXPECT_NE(run("--help").out.find("--comment TEXT"), std::string::npos);
}

}  // namespace
}  // namespace flagplan::testing
