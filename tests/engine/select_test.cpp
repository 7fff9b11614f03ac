// Selection closure rules (DESIGN.md, "Selection") and the environment check.
#include <algorithm>

#include "test_support.hpp"

namespace flagplan::testing {
namespace {

// 1 DELETE a, 2 CREATE a (dep 1), 3 SET a (dep 2), 4 UPDATE b, 5 SET b (dep 4), 6 SET c, 7 DELETE z
Analysis sample(AnalyzeOptions options = {}) {
    std::string i = R"({"description":"d","type":"INTEGER","defaultValue":1,"minValue":0,"maxValue":9,"valueExists":true,"value":2})";
    std::string i0 = R"({"description":"d","type":"INTEGER","defaultValue":1,"minValue":0,"maxValue":9,"valueExists":false,"value":0})";
    std::string i5 = R"({"description":"d","type":"INTEGER","defaultValue":1,"minValue":0,"maxValue":5,"valueExists":false,"value":0})";
    std::string ab = R"({"description":"d","type":"AB-TEST","chanceBPercent":10})";
    return analyze_texts(export_text("{\"a\":" + i + ",\"b\":" + i + ",\"c\":" + i + "}", "staging"),
                         export_text("{\"a\":" + ab + ",\"b\":" + i5 + ",\"c\":" + i0 + ",\"z\":" + ab + "}",
                                     "production"),
                         options);
}

TEST(Selection, SamplePlanShape) {
    EXPECT_EQ(step_lines(sample().plan),
              (std::vector<std::string>{"1 DELETE a 0 0", "2 CREATE_DEFAULTVALUE a 1 1", "3 SET_VALUE a 2 2",
                                        "4 UPDATE_SCHEMA_DEFAULTVALUE b 0 0", "5 SET_VALUE b 4 1", "6 SET_VALUE c 0 0",
                                        "7 DELETE z 0 0"}));
}

TEST(Selection, MigrationDefaultLeavesValueStepsOut) {
    EXPECT_EQ(selected_ids(sample().selected), (std::vector<int>{1, 2, 4, 7}));
}

TEST(Selection, RestoreDefaultSelectsEverything) {
    AnalyzeOptions options;
    options.mode = Mode::Restore;
    Analysis a = sample(options);
    EXPECT_EQ(selected_ids(a.selected), (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(codes(a.diagnostics, Severity::Error), std::vector<std::string>{"environment.different"});
    EXPECT_TRUE(a.blocked);
}

TEST(Selection, IncludeValuesAddsValueSteps) {
    AnalyzeOptions options;
    options.include_values = true;
    EXPECT_EQ(selected_ids(sample(options).selected), (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
}

TEST(Selection, SelectingAStepSelectsItsPrerequisitesTransitively) {
    Analysis a = sample();
    SelectionChange c = select_step(a.plan, Selection(7, false), 3);
    EXPECT_EQ(selected_ids(c.selected), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(c.also, (std::vector<int>{1, 2}));
}

TEST(Selection, UnselectingAStepUnselectsItsDependentsTransitively) {
    Analysis a = sample();
    SelectionChange c = unselect_step(a.plan, Selection(7, true), 1);
    EXPECT_EQ(selected_ids(c.selected), (std::vector<int>{4, 5, 6, 7}));
    EXPECT_EQ(c.also, (std::vector<int>{2, 3}));
}

TEST(Selection, AddValueStepsSelectsPrerequisitesToo) {
    Analysis a = sample();
    SelectionChange c = add_value_steps(a.plan, Selection(7, false));
    EXPECT_EQ(selected_ids(c.selected), (std::vector<int>{1, 2, 3, 4, 5, 6}));
}

TEST(Selection, UnknownIdIsAnError) {
    Analysis a = sample();
    SelectionChange c = select_step(a.plan, a.selected, 99);
    EXPECT_EQ(codes(c.diagnostics), std::vector<std::string>{"selection.unknown_id"});
    EXPECT_EQ(selected_ids(c.selected), selected_ids(a.selected));
}

TEST(Selection, IdListIsCheckedNotClosed) {
    Analysis a = sample();
    SelectionChange c = selection_from_ids(a.plan, {3, 5, 5, 0});
    EXPECT_EQ(codes(c.diagnostics), (std::vector<std::string>{"selection.duplicate_id", "selection.unknown_id",
                                                              "selection.missing_prerequisite",
                                                              "selection.missing_prerequisite"}));
    EXPECT_EQ(selected_ids(c.selected), (std::vector<int>{3, 5}));
}

TEST(Selection, ExplicitSelectionBlocksThePlanWhenInvalid) {
    AnalyzeOptions options;
    options.select = std::vector<int>{5};
    Analysis a = sample(options);
    EXPECT_TRUE(a.blocked);
    EXPECT_EQ(codes(a.diagnostics, Severity::Error), std::vector<std::string>{"selection.missing_prerequisite"});
    options.select = std::vector<int>{4, 5};
    EXPECT_FALSE(sample(options).blocked);
}

TEST(Selection, ReselectReplacesSelectionDiagnostics) {
    AnalyzeOptions options;
    options.select = std::vector<int>{5};
    Analysis a = sample(options);
    a = reselect(std::move(a), select_step(a.plan, a.selected, 5));
    EXPECT_FALSE(a.blocked);
    EXPECT_EQ(selected_ids(a.selected), (std::vector<int>{4, 5}));
}

// replan(): the same exports planned again with other options equal a fresh
// analyze() with those options, byte for byte, diagnostics of the exports
// (here a target with an invalid flag) included; nothing is parsed again.
TEST(Replan, EqualsAFreshAnalysisForEveryOptionChange) {
    const std::string source = read_text("tests/web/fixtures/mixed-source.json");
    std::string target = read_text("tests/web/fixtures/mixed-target.json");
    const std::string bad = R"("zz_bad":{"description":"d","type":"INTEGER","defaultValue":99,"minValue":0,"maxValue":9,"valueExists":false,"value":0},)";
    target.insert(target.find("\"flags\"") + std::string("\"flags\": {").size(), bad);
    std::vector<AnalyzeOptions> choices(6);
    choices[1].mode = Mode::Restore;
    choices[2].renames = true;
    choices[3].walk_stages = true;
    choices[4].include_values = true;
    choices[4].rename_keys = {"search/ranking_v2"};
    choices[5].select = std::vector<int>{3, 4};
    StdRegexEngine regex;
    const auto fresh = [&](const AnalyzeOptions& o) {
        return render_analysis_json(analyze({source, "source"}, {target, "target"}, o, regex), fixed_time());
    };
    // The target's own finding (an export diagnostic replan() must keep).
    const std::vector<std::string> first = codes(analyze({source, "source"}, {target, "target"}, {}, regex).diagnostics);
    ASSERT_NE(std::find(first.begin(), first.end(), "target.invalid_flag"), first.end());
    for (const AnalyzeOptions& from : choices) {
        Analysis a = analyze({source, "source"}, {target, "target"}, from, regex);
        EXPECT_EQ(a.pair_plan, nullptr) << "a one-off analysis holds no second plan";
        const PairPlan* kept = nullptr;
        for (const AnalyzeOptions& to : choices) {
            a = replan(std::move(a), to, regex);
            EXPECT_EQ(render_analysis_json(a, fixed_time()), fresh(to));
            // Made by the first replan(), reused by every later one.
            ASSERT_NE(a.pair_plan, nullptr);
            if (kept) EXPECT_EQ(a.pair_plan.get(), kept);
            kept = a.pair_plan.get();
        }
    }
}

// reselect() assesses again only the reset findings whose SET_VALUE's
// selection changed; the result equals a fresh analysis with that selection
// (risk.value_reset and stage.regression messages included), step by step.
TEST(Replan, IncrementalReselectEqualsAFreshSelection) {
    const std::string source = read_text("examples/staging.json");
    const std::string target = read_text("examples/production.json");
    StdRegexEngine regex;
    AnalyzeOptions options;
    options.include_values = true;
    Analysis a = analyze({source, "source"}, {target, "target"}, options, regex);
    std::vector<std::string> codes_seen = codes(a.diagnostics);
    EXPECT_NE(std::find(codes_seen.begin(), codes_seen.end(), "risk.value_reset"), codes_seen.end());
    EXPECT_NE(std::find(codes_seen.begin(), codes_seen.end(), "stage.regression"), codes_seen.end());
    for (int round = 0; round < 2; ++round) {
        for (int id = 1; id <= static_cast<int>(a.plan.steps.size()); ++id) {
            std::vector<int> ids = selected_ids(a.selected);
            auto at = std::find(ids.begin(), ids.end(), id);
            if (at != ids.end()) ids.erase(at);
            else ids.insert(std::upper_bound(ids.begin(), ids.end(), id), id);
            a = reselect(std::move(a), selection_from_ids(a.plan, ids));
            AnalyzeOptions fresh;
            fresh.select = ids;
            EXPECT_EQ(render_analysis_json(a, fixed_time()),
                      render_analysis_json(analyze({source, "source"}, {target, "target"}, fresh, regex), fixed_time()))
                << "after toggling step " << id << " (round " << round << ")";
        }
    }
}

TEST(Selection, WithPrerequisitesAddsWhatTheIdsDependOn) {
    const Analysis a = sample();  // 1 DELETE a, 2 CREATE a (dep 1), 3 SET a (dep 2), 4 UPDATE b, 5 SET b (dep 4), 6 SET c, 7 DELETE z
    SelectionChange c = select_with_prerequisites(a.plan, {3, 6});
    EXPECT_EQ(selected_ids(c.selected), (std::vector<int>{1, 2, 3, 6}));
    EXPECT_EQ(c.also, (std::vector<int>{1, 2}));
    EXPECT_TRUE(c.diagnostics.empty());
    // Nothing missing: exactly the ids.
    c = select_with_prerequisites(a.plan, {4, 5, 7});
    EXPECT_EQ(selected_ids(c.selected), (std::vector<int>{4, 5, 7}));
    EXPECT_TRUE(c.also.empty());
    c = select_with_prerequisites(a.plan, {5, 99});
    EXPECT_EQ(selected_ids(c.selected), (std::vector<int>{4, 5}));
    EXPECT_EQ(codes(c.diagnostics), std::vector<std::string>{"selection.unknown_id"});
}

// keep_selection(): the selection a re-plan keeps (the page's "your
// selection where it still applies"; issue 19 moved the rule here).
TEST(KeepSelection, StepsThatStillExistKeepTheirChoice) {
    Analysis before = sample();  // migration: {1, 2, 4, 7}
    before = reselect(std::move(before), unselect_step(before.plan, before.selected, 7));
    before = reselect(std::move(before), select_step(before.plan, before.selected, 5));
    ASSERT_EQ(selected_ids(before.selected), (std::vector<int>{1, 2, 4, 5}));
    AnalyzeOptions restore;
    restore.mode = Mode::Restore;
    const Analysis after = sample(restore);  // the same steps; its own selection is all seven
    const KeptSelection kept = keep_selection(after.plan, after.selected, selection_by_identity(before.plan, before.selected));
    EXPECT_FALSE(kept.is_default);
    EXPECT_EQ(kept.lost, 0u);
    EXPECT_EQ(selected_ids(kept.selected), (std::vector<int>{1, 2, 4, 5}));
    // Nothing chosen by hand: the new plan's own selection.
    const KeptSelection same = keep_selection(after.plan, after.selected, selection_by_identity(after.plan, after.selected));
    EXPECT_TRUE(same.is_default);
    EXPECT_EQ(same.selected, after.selected);
}

TEST(KeepSelection, NewStepsTakeTheDefaultAndGoneOnesAreCounted) {
    Analysis before = sample();  // 1 DELETE a, 2 CREATE a, 3 SET a, 4 UPDATE b, 5 SET b, 6 SET c, 7 DELETE z
    before = reselect(std::move(before), unselect_step(before.plan, before.selected, 4));  // and 5
    ASSERT_EQ(selected_ids(before.selected), (std::vector<int>{1, 2, 7}));
    // z is gone from the target, d is new in the source.
    std::string i = R"({"description":"d","type":"INTEGER","defaultValue":1,"minValue":0,"maxValue":9,"valueExists":true,"value":2})";
    std::string i0 = R"({"description":"d","type":"INTEGER","defaultValue":1,"minValue":0,"maxValue":9,"valueExists":false,"value":0})";
    std::string i5 = R"({"description":"d","type":"INTEGER","defaultValue":1,"minValue":0,"maxValue":5,"valueExists":false,"value":0})";
    std::string ab = R"({"description":"d","type":"AB-TEST","chanceBPercent":10})";
    const Analysis after = analyze_texts(
        export_text("{\"a\":" + i + ",\"b\":" + i + ",\"c\":" + i + ",\"d\":" + i + "}", "staging"),
        export_text("{\"a\":" + ab + ",\"b\":" + i5 + ",\"c\":" + i0 + "}", "production"));
    const std::vector<std::string> lines = step_lines(after.plan);
    ASSERT_EQ(lines, (std::vector<std::string>{"1 DELETE a 0 0", "2 CREATE_DEFAULTVALUE a 1 1", "3 SET_VALUE a 2 2",
                                               "4 UPDATE_SCHEMA_DEFAULTVALUE b 0 0", "5 SET_VALUE b 4 1", "6 SET_VALUE c 0 0",
                                               "7 CREATE_DEFAULTVALUE d 0 0", "8 SET_VALUE d 7 1"}));
    const KeptSelection kept = keep_selection(after.plan, after.selected, selection_by_identity(before.plan, before.selected));
    EXPECT_EQ(kept.lost, 1u) << "DELETE z was selected and is no step now";
    EXPECT_FALSE(kept.is_default);
    // DELETE a and CREATE a as chosen, UPDATE b unselected as chosen, CREATE d as the new plan selects it.
    EXPECT_EQ(selected_ids(kept.selected), (std::vector<int>{1, 2, 7}));
}

TEST(KeepSelection, AMissingPrerequisiteIsSelectedWithItsStep) {
    // Before: SET_VALUE a alone, selected. After: it depends on a CREATE the new plan leaves unselected.
    Plan before;
    before.steps.resize(1);
    before.steps[0].id = 1;
    before.steps[0].mode = StepMode::SetValue;
    before.steps[0].flag_key = "a";
    Plan after;
    after.steps.resize(2);
    after.steps[0].id = 1;
    after.steps[0].mode = StepMode::CreateDefaultValue;
    after.steps[0].flag_key = "a";
    after.steps[1].id = 2;
    after.steps[1].mode = StepMode::SetValue;
    after.steps[1].flag_key = "a";
    after.steps[1].dependent_id = 1;
    const KeptSelection kept = keep_selection(after, Selection{false, false}, selection_by_identity(before, Selection{true}));
    EXPECT_FALSE(kept.is_default);
    EXPECT_EQ(kept.lost, 0u);
    EXPECT_EQ(selected_ids(kept.selected), (std::vector<int>{1, 2}));
    EXPECT_TRUE(check_selection(after, kept.selected).empty());
}

TEST(Environment, MigrationNeedsDifferentEnvironments) {
    Analysis a = analyze_texts(export_text("{}", "prod"), export_text("{}", "prod"));
    EXPECT_EQ(codes(a.diagnostics), std::vector<std::string>{"environment.same"});
    EXPECT_TRUE(a.blocked);
}

TEST(Environment, RestoreNeedsTheSameEnvironment) {
    AnalyzeOptions options;
    options.mode = Mode::Restore;
    EXPECT_FALSE(analyze_texts(export_text("{}", "prod"), export_text("{}", "prod"), options).blocked);
    EXPECT_EQ(codes(analyze_texts(export_text("{}", "dev"), export_text("{}", "prod"), options).diagnostics),
              std::vector<std::string>{"environment.different"});
}

}  // namespace
}  // namespace flagplan::testing
