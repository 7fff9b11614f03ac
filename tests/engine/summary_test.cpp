// Issue 13: every figure a user sees is the engine's selection summary, for
// exactly the selected steps, on every surface (CLI text and JSON, report,
// script headers), and the guards that keep a wrong file from running.
#include <fstream>

#include "flagplan/render/render_json.hpp"
#include "test_support.hpp"

namespace flagplan::testing {
namespace {

using json = nlohmann::json;

std::string stage_flag(const std::string& value, bool exists = true) {
    return json({{"description", "ledger"}, {"type", "ENUM"}, {"defaultValue", "off"},
                 {"enumValues", {"off", "dualwrite", "shadow", "live", "rampdown", "complete"}},
                 {"allowEmpty", false}, {"valueExists", exists}, {"value", value}})
        .dump();
}

std::string ab_flag(int chance) {
    return json({{"description", "n"}, {"type", "AB-TEST"}, {"chanceBPercent", chance}}).dump();
}

/// A plan with a stage.jump on an unselected SET_VALUE (#1) and nothing else
/// risky: the schema update #2 of `n` is selected.
Analysis jump_plan(AnalyzeOptions options = {}) {
    return analyze_texts(export_text(R"({"m":)" + stage_flag("live") + R"(,"n":)" + ab_flag(20) + "}"),
                         export_text(R"({"m":)" + stage_flag("off") + R"(,"n":)" + ab_flag(10) + "}", "production"),
                         options);
}

TEST(Summary, FindingsOfUnselectedStepsAreListedApartOnEverySurface) {
    Analysis a = jump_plan();
    ASSERT_EQ(step_lines(a.plan), (std::vector<std::string>{"1 SET_VALUE m 0 0", "2 UPDATE_SCHEMA_DEFAULTVALUE n 0 0"}));
    SelectionSummary s = summarize(a);
    EXPECT_EQ(s.plan_line, "Plan: 0 to create, 1 to update, 0 values to set, 0 to delete (1 of 2 steps selected).");
    EXPECT_TRUE(s.findings.empty());
    ASSERT_EQ(s.unselected_findings.size(), 1u);
    EXPECT_EQ(a.diagnostics[s.unselected_findings[0]].code, "stage.jump");
    EXPECT_EQ(s.warnings, 0);

    std::string text = render(a, "text", fixed_time()).text;
    EXPECT_NE(text.find("\nPlan: 0 to create, 1 to update, 0 values to set, 0 to delete (1 of 2 steps selected).\n"),
              std::string::npos) << text;
    EXPECT_EQ(text.find("\nFindings: "), std::string::npos) << text;
    EXPECT_NE(text.find("\nFindings of unselected steps (not counted): 1 stage.jump.\n"), std::string::npos) << text;
    json j = json::parse(render(a, "json", fixed_time()).text);
    EXPECT_EQ(j["summary"]["findings"], json::object());
    EXPECT_EQ(j["summary"]["unselectedFindings"], json({{"stage.jump", 1}}));
    EXPECT_EQ(j["summary"]["planLine"], s.plan_line);
    EXPECT_EQ(j["summary"]["selection"]["UPDATE_SCHEMA_DEFAULTVALUE"], 1);
    EXPECT_EQ(j["summary"]["warnings"], 0);
    EXPECT_EQ(j["summary"]["executable"], true);
    std::string report = render(a, "md", fixed_time()).text;
    EXPECT_NE(report.find("- **Plan:** 0 to create, 1 to update, 0 values to set, 0 to delete (1 of 2 steps selected).\n"),
              std::string::npos) << report;
    EXPECT_NE(report.find("- **Status:** ready to apply (0 warning(s))\n"), std::string::npos);
    EXPECT_NE(report.find("## Findings of unselected steps, not counted (1)"), std::string::npos);
    EXPECT_EQ(report.find("## Warnings"), std::string::npos);
    std::string sh = render(a, "sh", fixed_time()).text;
    EXPECT_NE(sh.find("#   plan    " + s.plan_line + "\n"), std::string::npos);
    EXPECT_EQ(sh.find("#   review  "), std::string::npos);

    // Ticking the SET_VALUE makes its finding count everywhere.
    a = reselect(std::move(a), select_step(a.plan, a.selected, 1));
    s = summarize(a);
    EXPECT_EQ(s.plan_line, "Plan: 0 to create, 1 to update, 1 value to set, 0 to delete (2 of 2 steps selected).");
    ASSERT_EQ(s.finding_counts.size(), 1u);
    EXPECT_STREQ(s.finding_counts[0].code, "stage.jump");
    EXPECT_TRUE(s.unselected_findings.empty());
    EXPECT_NE(render(a, "text", fixed_time()).text.find("\nFindings: 1 stage.jump.\n"), std::string::npos);
    EXPECT_EQ(json::parse(render(a, "json", fixed_time()).text)["summary"]["findings"], json({{"stage.jump", 1}}));
    EXPECT_NE(render(a, "md", fixed_time()).text.find("## Warnings (1)\n\n- `stage.jump`"), std::string::npos);
    EXPECT_NE(render(a, "sh", fixed_time()).text.find("#   review  1 finding(s) for the selected steps: 1 stage.jump;"),
              std::string::npos);
}

TEST(Summary, CliFailOnWarningCountsOnlyWhatRuns) {
    // The bundled examples' default selection has warnings; a selection of
    // one quiet step has none, although unselected steps have many.
    ShellRun quiet = run_cli("plan examples/staging.json examples/production.json --select 1 --fail-on warning", false);
    EXPECT_EQ(quiet.status, 0) << quiet.out;
    EXPECT_NE(quiet.out.find("\nPlan: 0 to create, 0 to update, 1 value to set, 0 to delete (1 of 59 steps selected).\n"),
              std::string::npos);
    ShellRun loud = run_cli("plan examples/staging.json examples/production.json --fail-on warning", true);
    EXPECT_EQ(loud.status, 1);
}

/// The first two flags of the staging export: the wrong file for production.
std::string two_flag_export() {
    auto staging = nlohmann::ordered_json::parse(read_text("examples/staging.json"));
    nlohmann::ordered_json flags = nlohmann::ordered_json::object();
    for (auto it = staging["flags"].begin(); it != staging["flags"].end() && flags.size() < 2; ++it)
        flags[it.key()] = it.value();
    staging["flags"] = flags;
    return staging.dump(2);
}

TEST(Guard, MassDeleteBlocksUntilAcknowledged) {
    // Issue 13, seen 5: 2 flags planned onto production's 38 pre-tick 36 DELETEs.
    std::string target = read_text("examples/production.json");
    Analysis a = analyze_texts(two_flag_export(), target);
    const Diagnostic* guard = nullptr;
    for (const Diagnostic& d : a.diagnostics)
        if (d.code == "guard.mass_delete") guard = &d;
    ASSERT_NE(guard, nullptr);
    EXPECT_EQ(guard->severity, Severity::Error);
    EXPECT_EQ(guard->message,
              "the selection deletes 36 of the target's 38 flags; is the source the right export? Acknowledge it to "
              "continue (--allow-mass-delete, or confirm on the page)");
    EXPECT_TRUE(a.blocked);
    for (const char* format : {"sh", "rollback", "plan"}) EXPECT_EQ(render(a, format).diagnostics.at(0).code, "plan.blocked");
    EXPECT_TRUE(render(a, "md").ok);
    // Acknowledged: a warning, and the plan runs.
    AnalyzeOptions allow;
    allow.allow_mass_delete = true;
    a = analyze_texts(two_flag_export(), target, allow);
    EXPECT_FALSE(a.blocked);
    SelectionSummary s = summarize(a);
    ASSERT_FALSE(s.findings.empty());
    EXPECT_EQ(a.diagnostics[s.findings.front()].code, "guard.mass_delete");  // listed first
    EXPECT_EQ(a.diagnostics[s.findings.front()].severity, Severity::Warning);
    // It follows the selection: keep only 10 of the 36 DELETEs.
    Analysis b = analyze_texts(two_flag_export(), target);
    std::vector<int> few;
    for (const Step& step : b.plan.steps)
        if (step.mode != StepMode::Delete || few.size() < 10) few.push_back(step.id);
    b = reselect(std::move(b), selection_from_ids(b.plan, few));
    for (const Diagnostic& d : b.diagnostics) EXPECT_NE(d.code, "guard.mass_delete");
    EXPECT_FALSE(b.blocked);
}

TEST(Guard, CliMassDeleteNeedsTheFlag) {
    std::string path = ::testing::TempDir() + "two-flags.json";
    std::ofstream(path, std::ios::binary) << two_flag_export();
    ShellRun r = run_cli("plan '" + path + "' examples/production.json --format sh", true);
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("guard.mass_delete"), std::string::npos) << r.out;
    r = run_cli("plan '" + path + "' examples/production.json --format sh --allow-mass-delete", false);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.rfind("#!/usr/bin/env bash\n", 0), 0u);
}

TEST(Summary, NoScriptForAnEmptySelection) {
    // Restoring an export onto itself plans nothing: the CLI refuses the scripts.
    ShellRun r = run_cli("plan examples/production.json examples/production.json --mode restore --format sh", true);
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("flagplan: no step is selected, so there is nothing to run: no sh output is rendered; select "
                         "the steps to apply first\n"),
              std::string::npos) << r.out;
}

// group_diagnostics(): the one grouping the CLI's listing and the page's
// findings panel (summary.groups) show -- files in first-seen order, a
// file's own diagnostics first, then its flags in first-seen order; inside a
// group errors, warnings, notes, each in the given order. Indices not in
// `which` (the findings of unselected steps) are left out.
TEST(Summary, DiagnosticsAreGroupedByFileThenFlagWithErrorsFirst) {
    auto d = [](Severity severity, const std::string& file, const std::string& key, const std::string& code) {
        Diagnostic x;
        x.severity = severity;
        x.file = file;
        x.flag_key = key;
        x.code = code;
        return x;
    };
    const Diagnostics all = {
        d(Severity::Note, "t.json", "b", "n1"),     // 0
        d(Severity::Warning, "s.json", "a", "w1"),  // 1
        d(Severity::Error, "t.json", "", "e1"),     // 2: t.json's own, listed before its flags
        d(Severity::Error, "t.json", "b", "e2"),    // 3
        d(Severity::Note, "t.json", "b", "n2"),     // 4
        d(Severity::Warning, "s.json", "c", "w2"),  // 5: left out below
        d(Severity::Error, "s.json", "a", "e3"),    // 6
    };
    const std::vector<DiagnosticGroup> groups = group_diagnostics(all, {0, 1, 2, 3, 4, 6});
    std::vector<std::string> seen;
    for (const DiagnosticGroup& g : groups) {
        std::string line = g.file + " [" + g.flag_key + "] " + severity_name(g.worst) + ":";
        for (std::size_t i : g.members) line += " " + all[i].code;
        seen.push_back(line);
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"t.json [] error: e1", "t.json [b] error: e2 n1 n2",
                                              "s.json [a] error: e3 w1"}));
    EXPECT_TRUE(group_diagnostics(all, {}).empty());
}

}  // namespace
}  // namespace flagplan::testing

namespace flagplan::testing {
namespace {

// Issue 19: the page parses a large overview part by part; joined, the parts
// are exactly the overview, for every part size (one diagnostic per part,
// some, all in one part) and for an analysis without diagnostics.
TEST(OverviewParts, JoinToTheOverview) {
    const Analysis examples = analyze_texts(read_text("examples/staging.json"), read_text("examples/production.json"));
    const Analysis quiet = analyze_texts(export_text("{}"), export_text("{}", "production"));
    ASSERT_GT(examples.diagnostics.size(), 3u);
    ASSERT_TRUE(quiet.diagnostics.empty());
    for (const Analysis* a : {&examples, &quiet}) {
        const json whole = json::parse(analysis_overview_json(*a));
        for (std::size_t per_part : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{100000}}) {
            const TextParts parts = analysis_overview_json_parts(*a, per_part);
            const std::size_t n = a->diagnostics.size(), each = std::max<std::size_t>(per_part, 1);
            ASSERT_EQ(parts.size(), 1 + (n + each - 1) / each) << "per_part " << per_part;
            json joined = json::parse(parts[0]);
            EXPECT_EQ(joined["diagnostics"], json::array());
            for (std::size_t i = 1; i < parts.size(); ++i) {
                const json items = json::parse(parts[i]);
                EXPECT_EQ(items.size(), i + 1 < parts.size() ? each : n - (parts.size() - 2) * each);
                for (const json& d : items) joined["diagnostics"].push_back(d);
            }
            EXPECT_EQ(joined, whole) << "per_part " << per_part;
            // Member order too: the head is the overview's text with an empty array.
            const std::string text = analysis_overview_json(*a);
            const std::size_t at = parts[0].find("\"diagnostics\":[]");
            ASSERT_NE(at, std::string::npos);
            EXPECT_EQ(parts[0].substr(0, at), text.substr(0, at));
            const std::string tail = parts[0].substr(at + std::string("\"diagnostics\":[]").size());
            ASSERT_GE(text.size(), tail.size());
            EXPECT_EQ(text.substr(text.size() - tail.size()), tail);
        }
    }
}

}  // namespace
}  // namespace flagplan::testing
