// Change intelligence: risk.*, stage.* and rename.* rules (issue 6).
#include <algorithm>

#include "test_support.hpp"

namespace flagplan::testing {
namespace {

using Codes = std::vector<std::string>;

std::string stage_flag(const std::string& value, const std::vector<std::string>& stages = {
                           "off", "dualwrite", "shadow", "live", "rampdown", "complete"}) {
    nlohmann::json j = {{"description", "Migration stage"}, {"type", "ENUM"}, {"defaultValue", "off"},
                        {"enumValues", stages}, {"allowEmpty", false}, {"valueExists", true}, {"value", value}};
    return j.dump();
}

std::string bool_flag(bool def, bool kill, bool exists, bool value, const std::string& description = "d") {
    nlohmann::json j = {{"description", description}, {"type", "BOOLEAN"}, {"defaultValue", def},
                        {"isKillSwitch", kill}, {"valueExists", exists}, {"value", value}};
    return j.dump();
}

std::string ab(double chance) {
    nlohmann::json j = {{"description", "d"}, {"type", "AB-TEST"}, {"chanceBPercent", chance}};
    return j.dump();
}

Analysis run(const std::string& source_flags, const std::string& target_flags, AnalyzeOptions options = {}) {
    return analyze_texts(export_text(source_flags, "staging"), export_text(target_flags, "production"), options);
}

/// "code@stepId" for the findings of the given category prefixes.
Codes findings(const Analysis& a) {
    Codes out;
    for (const Diagnostic& d : a.diagnostics)
        if (d.code.rfind("risk.", 0) == 0 || d.code.rfind("stage.", 0) == 0 || d.code.rfind("rename.", 0) == 0)
            out.push_back(d.code + "@" + std::to_string(d.step_id));
    return out;
}

const Diagnostic* find(const Analysis& a, const std::string& code) {
    for (const Diagnostic& d : a.diagnostics)
        if (d.code == code) return &d;
    return nullptr;
}

TEST(RiskRules, ValueResetNamesTheLostValueAndTheUnselectedSetValue) {
    Analysis a = run("{\"f\":" + bool_flag(false, true, true, false) + "}", "{\"f\":" + bool_flag(false, false, true, true) + "}");
    EXPECT_EQ(findings(a), Codes{"risk.value_reset@1"});
    const Diagnostic* d = find(a, "risk.value_reset");
    EXPECT_NE(d->message.find("the target's value `true` is lost"), std::string::npos) << d->message;
    EXPECT_NE(d->message.find("SET_VALUE #2, which would write the source's value `false`, is not selected"),
              std::string::npos) << d->message;
    // Selecting the SET_VALUE changes the finding.
    a = reselect(std::move(a), select_step(a.plan, a.selected, 2));
    EXPECT_NE(find(a, "risk.value_reset")->message.find("the selected SET_VALUE #2 then writes"), std::string::npos);
}

TEST(RiskRules, ValueResetRestoredBySelectedSetValue) {
    AnalyzeOptions options;
    options.include_values = true;
    Analysis a = run("{\"f\":" + bool_flag(false, true, true, true) + "}", "{\"f\":" + bool_flag(false, false, true, true) + "}", options);
    ASSERT_NE(find(a, "risk.value_reset"), nullptr);
    EXPECT_NE(find(a, "risk.value_reset")->message.find("restoring the target's value"), std::string::npos);
}

TEST(RiskRules, ValueResetComparesMeaningNotText) {
    // Issue 13, seen 4: checkout/shipping/options is reset to the source's
    // default, the same object literal as the target's value but for
    // whitespace: nothing is lost, so no risk.value_reset.
    Analysis a = analyze_texts(read_text("examples/staging.json"), read_text("examples/production.json"));
    ASSERT_EQ(a.plan.steps[18].flag_key, "checkout/shipping/options");
    for (const Diagnostic& d : a.diagnostics)
        EXPECT_FALSE(d.code == "risk.value_reset" && d.step_id == 19) << d.message;
    // A default that is another object still loses the value.
    auto object_flag = [](const std::string& schema, const std::string& def, const std::string& value) {
        return nlohmann::json({{"description", "d"}, {"type", "OBJECT"}, {"schema", schema}, {"defaultValue", def},
                               {"valueExists", true}, {"value", value}})
            .dump();
    };
    const std::string before = "{ a: integer }", after = "{ a: integer, b?: string }";
    a = run("{\"o\":" + object_flag(after, "{ a: 2 }", "{ a: 2 }") + "}",
            "{\"o\":" + object_flag(before, "{a:1}", "{a:1}") + "}");
    ASSERT_EQ(a.plan.steps.at(0).mode, StepMode::UpdateSchemaDefaultValue);
    EXPECT_NE(find(a, "risk.value_reset"), nullptr);
    // The new default is the target's value, respaced and requoted.
    a = run("{\"o\":" + object_flag(after, "{ 'a' : 1, }", "{ a: 1 }") + "}",
            "{\"o\":" + object_flag(before, "{a:1}", "{a:1}") + "}");
    ASSERT_EQ(a.plan.steps.at(0).mode, StepMode::UpdateSchemaDefaultValue);
    EXPECT_EQ(find(a, "risk.value_reset"), nullptr);
}

TEST(RiskRules, DeleteWithValueAndKillSwitch) {
    Analysis a = run("{}", "{\"k\":" + bool_flag(true, true, true, false) + ",\"plain\":" + bool_flag(true, false, false, false) + "}");
    EXPECT_EQ(findings(a), (Codes{"risk.delete_with_value@1", "risk.delete_kill_switch@1"}));
    EXPECT_NE(find(a, "risk.delete_with_value")->message.find("its value `false`"), std::string::npos);
}

TEST(RiskRules, DeleteOfAPrefixGroup) {
    Analysis a = run("{\"billing/x\":" + ab(1) + "}", "{\"billing\":" + ab(1) + ",\"billing/x\":" + ab(1) + "}");
    EXPECT_EQ(findings(a), Codes{"risk.delete_group_prefix@1"});
    // Counted over the whole target, the first one as the example; a deleted
    // key that groups nothing (`bill`, `billing/x/y`'s own key) is no finding.
    Analysis b = run("{\"billing/x\":" + ab(1) + "}", "{\"bill\":" + ab(1) + ",\"billing\":" + ab(1) +
                     ",\"billing/x\":" + ab(1) + ",\"billing/tax/y\":" + ab(1) + "}");
    EXPECT_EQ(findings(b), Codes{"risk.delete_group_prefix@2"});
    ASSERT_NE(find(b, "risk.delete_group_prefix"), nullptr);
    EXPECT_EQ(find(b, "risk.delete_group_prefix")->message,
              "flag `billing`: deletes a flag whose key is the group of 2 other flag(s), e.g. `billing/x`");
}

TEST(RiskRules, TypeChangeLosesTheValue) {
    Analysis a = run("{\"f\":" + ab(10) + "}", "{\"f\":" + bool_flag(false, false, true, true) + "}");
    EXPECT_EQ(findings(a), Codes{"risk.type_change@1"});
    EXPECT_NE(find(a, "risk.type_change")->message.find("BOOLEAN to AB-TEST"), std::string::npos);
    EXPECT_NE(find(a, "risk.type_change")->message.find("`true` cannot survive"), std::string::npos);
}

TEST(RiskRules, SchemaChangeThatInvalidatesTheTargetValue) {
    Analysis a = run(std::string("{\"e\":") + R"({"description":"d","type":"ENUM","defaultValue":"a","enumValues":["a"],"allowEmpty":false,"valueExists":false,"value":""})" + "}",
                     std::string("{\"e\":") + R"({"description":"d","type":"ENUM","defaultValue":"a","enumValues":["a","b"],"allowEmpty":false,"valueExists":true,"value":"b"})" + "}");
    Codes got = findings(a);
    EXPECT_TRUE(std::count(got.begin(), got.end(), "risk.value_invalidated@1")) << ::testing::PrintToString(got);
    std::string bounds_src = R"({"description":"d","type":"INTEGER","defaultValue":1,"minValue":0,"maxValue":5,"valueExists":false,"value":0})";
    std::string bounds_tgt = R"({"description":"d","type":"INTEGER","defaultValue":1,"minValue":0,"maxValue":50,"valueExists":true,"value":20})";
    a = run("{\"i\":" + bounds_src + "}", "{\"i\":" + bounds_tgt + "}");
    EXPECT_NE(find(a, "risk.value_invalidated"), nullptr);
    std::string re_src = R"({"description":"d","type":"STRING","defaultValue":"A","maxLength":0,"regExp":"^[A-Z]+$","valueExists":false,"value":""})";
    std::string re_tgt = R"({"description":"d","type":"STRING","defaultValue":"A","maxLength":0,"regExp":"","valueExists":true,"value":"abc"})";
    a = run("{\"s\":" + re_src + "}", "{\"s\":" + re_tgt + "}");
    EXPECT_NE(find(a, "risk.value_invalidated"), nullptr);
}

TEST(RiskRules, AbTestJumpAboveThreshold) {
    EXPECT_EQ(findings(run("{\"x\":" + ab(100) + "}", "{\"x\":" + ab(0) + "}")), Codes{"risk.ab_test_jump@1"});
    EXPECT_EQ(findings(run("{\"x\":" + ab(50) + "}", "{\"x\":" + ab(10) + "}")), Codes{});
}

TEST(RiskRules, DescriptionOnlyIsANoteWithoutAStep) {
    Analysis a = run("{\"f\":" + bool_flag(false, false, false, false, "new text") + "}",
                     "{\"f\":" + bool_flag(false, false, false, false, "old text") + "}");
    EXPECT_TRUE(a.plan.steps.empty());
    EXPECT_EQ(findings(a), Codes{"risk.description_only@0"});
    EXPECT_EQ(find(a, "risk.description_only")->severity, Severity::Note);
}

TEST(StageRules, RecognisesKnownSequencesCaseInsensitively) {
    auto seq = [](std::vector<std::string> values) {
        Flag f;
        f.type = FlagType::Enum;
        f.enum_values = std::move(values);
        const StageSequence* s = stage_sequence_of(f);
        return s ? std::string(s->name) : std::string("none");
    };
    EXPECT_EQ(seq({"off", "complete"}), "two-stage");
    EXPECT_EQ(seq({"OFF", "Shadow", "live", "COMPLETE"}), "four-stage");
    EXPECT_EQ(seq({"off", "dualwrite", "shadow", "live", "rampdown", "complete"}), "six-stage");
    EXPECT_EQ(seq({"Off", "Read_Only", "shadow", "live", "completed"}), "read-only variant");
    EXPECT_EQ(seq({"off", "live", "shadow", "complete"}), "none");
    EXPECT_EQ(seq({"off", "on"}), "none");
}

TEST(StageRules, OneStageMoveIsQuiet) {
    EXPECT_EQ(findings(run("{\"m\":" + stage_flag("shadow") + "}", "{\"m\":" + stage_flag("dualwrite") + "}")), Codes{});
}

TEST(StageRules, ForwardJumpNamesSkippedStages) {
    Analysis a = run("{\"m\":" + stage_flag("live") + "}", "{\"m\":" + stage_flag("off") + "}");
    EXPECT_EQ(findings(a), Codes{"stage.jump@1"});
    const std::string& m = find(a, "stage.jump")->message;
    EXPECT_NE(m.find("moves forward 3 stages at once, `off` \u2192 `live`, skipping dualwrite"), std::string::npos) << m;
    EXPECT_NE(m.find("shadow (reads both and writes both; the old system is authoritative)"), std::string::npos) << m;
}

TEST(StageRules, EveryBackwardMoveIsARegression) {
    // Issue 13: moving a stage flag back makes the old system authoritative again.
    EXPECT_EQ(findings(run("{\"m\":" + stage_flag("shadow") + "}", "{\"m\":" + stage_flag("rampdown") + "}")),
              Codes{"stage.regression@1"});
    EXPECT_EQ(findings(run("{\"m\":" + stage_flag("live") + "}", "{\"m\":" + stage_flag("rampdown") + "}")),
              Codes{"stage.regression@1"});
    EXPECT_EQ(findings(run("{\"m\":" + stage_flag("complete") + "}", "{\"m\":" + stage_flag("rampdown") + "}")),
              Codes{});
}

TEST(StageRules, BundledExamplesSchemaUpdateResetsTheLedgerBackToOff) {
    // Issue 13, seen 3: the default selection runs #9, which resets the ledger
    // from `live` to `off`: a stage.regression, not only risk.value_reset.
    Analysis a = analyze_texts(read_text("examples/staging.json"), read_text("examples/production.json"));
    const Diagnostic* d = find(a, "stage.regression");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->step_id, 9);
    EXPECT_EQ(d->severity, Severity::Warning);
    EXPECT_EQ(d->message,
              "flag `infra/db_migration/payments_ledger`: resets the stage from `live` (reads both and writes both; the "
              "new system is authoritative) to its default `off` (reads and writes only the old system): the old "
              "system becomes authoritative again; SET_VALUE #10, which would move it on, is not selected. Keep the "
              "target's stage (--keep-stages: the update and the write-back of `live` in one request) or walk to the "
              "source's stage one stage at a time (--walk-stages)");
    SelectionSummary s = summarize(a);
    ASSERT_FALSE(s.findings.empty());
    EXPECT_EQ(a.diagnostics[s.findings.front()].code, "stage.regression");  // listed first
    // With the value steps, #10 is measured from `live`, the target's real
    // stage: one stage forward, no jump; the reset on the way is transient.
    AnalyzeOptions values;
    values.include_values = true;
    a = analyze_texts(read_text("examples/staging.json"), read_text("examples/production.json"), values);
    EXPECT_EQ(find(a, "stage.jump"), nullptr);
    d = find(a, "stage.regression");
    ASSERT_NE(d, nullptr);
    EXPECT_NE(d->message.find("for a moment: the selected SET_VALUE #10 then moves it on"), std::string::npos);
    // Keeping the stage: no regression, no value lost, one request.
    values.keep_stages = true;
    a = analyze_texts(read_text("examples/staging.json"), read_text("examples/production.json"), values);
    EXPECT_EQ(find(a, "stage.regression"), nullptr);
    EXPECT_EQ(a.plan.steps[8].keep_stage, std::optional<std::string>("live"));
    for (const Diagnostic& r : a.diagnostics) EXPECT_FALSE(r.code == "risk.value_reset" && r.step_id == 9) << r.message;
    // --walk-stages never walks up again from `off`: the ledger moves live -> rampdown.
    values.keep_stages = false;
    values.walk_stages = true;
    a = analyze_texts(read_text("examples/staging.json"), read_text("examples/production.json"), values);
    EXPECT_EQ(a.plan.steps[8].keep_stage, std::optional<std::string>("live"));
    EXPECT_EQ(a.plan.steps[9].flag_key, "infra/db_migration/payments_ledger");
    EXPECT_FALSE(a.plan.steps[9].stage.has_value());
    EXPECT_EQ(a.plan.steps[10].flag_key, "api/pagination/page_size");
}

TEST(StageRules, RemovingTheCurrentStageAndReordering) {
    Analysis a = run("{\"m\":" + stage_flag("off", {"off", "dualwrite", "shadow", "live"}) + "}",
                     "{\"m\":" + stage_flag("rampdown") + "}");
    Codes got = findings(a);
    EXPECT_TRUE(std::count(got.begin(), got.end(), "stage.current_removed@1")) << ::testing::PrintToString(got);
    a = run("{\"m\":" + stage_flag("off", {"off", "shadow", "dualwrite", "live", "rampdown", "complete"}) + "}",
            "{\"m\":" + stage_flag("off") + "}");
    got = findings(a);
    EXPECT_TRUE(std::count(got.begin(), got.end(), "stage.reordered@1")) << ::testing::PrintToString(got);
}

TEST(StageWalk, ExpandsAJumpIntoAChain) {
    AnalyzeOptions options;
    options.walk_stages = true;
    options.include_values = true;
    Analysis a = run("{\"m\":" + stage_flag("live") + ",\"z\":" + ab(1) + "}", "{\"m\":" + stage_flag("off") + "}", options);
    EXPECT_EQ(step_lines(a.plan), (std::vector<std::string>{"1 SET_VALUE m 0 0", "2 SET_VALUE m 1 1", "3 SET_VALUE m 2 2",
                                                            "4 CREATE_DEFAULTVALUE z 0 0"}));
    std::vector<std::string> moves;
    for (const Step& s : a.plan.steps)
        if (s.stage) moves.push_back(s.stage->from + ">" + s.stage->to + " " + std::to_string(s.stage->link) + "/" +
                                     std::to_string(s.stage->links));
    EXPECT_EQ(moves, (std::vector<std::string>{"off>dualwrite 1/3", "dualwrite>shadow 2/3", "shadow>live 3/3"}));
    EXPECT_EQ(findings(a), Codes{});  // the walk is what the jump warning asked for
    // Unselecting the first link unselects the rest of the walk.
    EXPECT_EQ(selected_ids(unselect_step(a.plan, a.selected, 1).selected), (std::vector<int>{4}));
}

TEST(StageWalk, AfterASchemaUpdateStartsFromTheTargetsRealStage) {
    AnalyzeOptions options;
    options.walk_stages = true;
    Analysis a = run("{\"m\":" + stage_flag("complete") + "}",
                     "{\"m\":" + stage_flag("shadow", {"off", "dualwrite", "shadow", "live"}) + "}", options);
    // The update keeps `shadow`; the walk goes shadow -> live -> rampdown -> complete.
    EXPECT_EQ(step_lines(a.plan), (std::vector<std::string>{"1 UPDATE_SCHEMA_DEFAULTVALUE m 0 0", "2 SET_VALUE m 1 1",
                                                            "3 SET_VALUE m 2 2", "4 SET_VALUE m 3 3"}));
    EXPECT_EQ(a.plan.steps[0].keep_stage, std::optional<std::string>("shadow"));
    EXPECT_EQ(a.plan.steps[1].stage->from, "shadow");
    EXPECT_EQ(a.plan.steps[1].stage->to, "live");
}

TEST(StageWalk, AfterARenameStartsFromTheOldFlagsStage) {
    AnalyzeOptions options;
    options.walk_stages = true;
    options.renames = true;
    options.include_values = true;
    Analysis a = run("{\"new_key\":" + stage_flag("complete") + "}", "{\"old_key\":" + stage_flag("shadow") + "}", options);
    EXPECT_EQ(step_lines(a.plan), (std::vector<std::string>{"1 RENAME new_key 0 0", "2 SET_VALUE new_key 1 1",
                                                            "3 SET_VALUE new_key 2 2", "4 SET_VALUE new_key 3 3"}));
    EXPECT_EQ(a.plan.steps[1].stage->from, "shadow");
    EXPECT_EQ(a.plan.steps[1].changes.size(), 1u);  // valueExists was already true
    options.walk_stages = false;
    a = run("{\"new_key\":" + stage_flag("complete") + "}", "{\"old_key\":" + stage_flag("shadow") + "}", options);
    EXPECT_NE(find(a, "stage.jump")->message.find("`shadow` \u2192 `complete`"), std::string::npos);
}

TEST(Renames, BundledExamplesHoldExactlyTwoPairs) {
    Analysis a = analyze_texts(read_text("examples/staging.json"), read_text("examples/production.json"));
    std::vector<std::string> pairs;
    for (const RenameSuggestion& r : a.renames) pairs.push_back(r.old_key + " -> " + r.new_key);
    EXPECT_EQ(pairs, (std::vector<std::string>{"notifications/push/dnd_window -> notifications/push/quiet_hours",
                                               "maintenance_banner -> ops/maintenance/banner"}));
    Analysis back = analyze_texts(read_text("examples/production.json"), read_text("examples/staging.json"));
    pairs.clear();
    for (const RenameSuggestion& r : back.renames) pairs.push_back(r.old_key + " -> " + r.new_key);
    EXPECT_EQ(pairs, (std::vector<std::string>{"notifications/push/quiet_hours -> notifications/push/dnd_window",
                                               "ops/maintenance/banner -> maintenance_banner"}));
}

TEST(Renames, AcceptedRenameReplacesDeleteAndCreate) {
    AnalyzeOptions options;
    options.renames = true;
    options.include_values = true;
    Analysis a = run("{\"new_key\":" + bool_flag(false, false, true, true) + ",\"other\":" + ab(1) + "}",
                     "{\"old_key\":" + bool_flag(false, false, true, false) + "}", options);
    EXPECT_EQ(step_lines(a.plan), (std::vector<std::string>{"1 RENAME new_key 0 0", "2 SET_VALUE new_key 1 1",
                                                            "3 CREATE_DEFAULTVALUE other 0 0"}));
    EXPECT_EQ(a.plan.steps[0].old_key, "old_key");
    EXPECT_EQ(findings(a), Codes{"rename.applied@1"});
}

TEST(Renames, EqualValuesNeedNoSetValue) {
    AnalyzeOptions options;
    options.rename_keys = {"new_key"};
    Analysis a = run("{\"new_key\":" + bool_flag(false, false, true, true) + "}",
                     "{\"old_key\":" + bool_flag(false, false, true, true) + "}", options);
    EXPECT_EQ(step_lines(a.plan), (std::vector<std::string>{"1 RENAME new_key 0 0"}));
}

TEST(Renames, NoFalsePairs) {
    // Different description: not a rename.
    EXPECT_TRUE(run("{\"a\":" + bool_flag(false, false, false, false, "x") + "}",
                    "{\"b\":" + bool_flag(false, false, false, false, "y") + "}").renames.empty());
    // Two candidates with the same signature: ambiguous, so no pair at all.
    EXPECT_TRUE(run("{\"a\":" + ab(1) + ",\"b\":" + ab(1) + "}", "{\"c\":" + ab(1) + "}").renames.empty());
    // Not accepted by default: a suggestion note and the FlagFlow steps stay.
    Analysis a = run("{\"a\":" + ab(1) + "}", "{\"c\":" + ab(1) + "}");
    EXPECT_EQ(step_lines(a.plan), (std::vector<std::string>{"1 CREATE_DEFAULTVALUE a 0 0", "2 DELETE c 0 0"}));
    EXPECT_EQ(findings(a), Codes{"rename.suggested@1"});
}

/// The plan with every recorded position forgotten, as a plan built by hand.
Plan without_positions(Plan plan) {
    for (Step& s : plan.steps) s.source_position = s.target_position = kPositionUnknown;
    plan.target_positions.clear();
    return plan;
}

TEST(RecordedPositions, FindingsAreTheSameWithOrWithoutThem) {
    // The rules read flags through the plan's recorded positions; a plan
    // without them (built by hand) looks every key up and must agree.
    StdRegexEngine regex;
    for (bool forward : {true, false}) {
        Analysis a = analyze_texts(read_text(forward ? "examples/staging.json" : "examples/production.json"),
                                   read_text(forward ? "examples/production.json" : "examples/staging.json"));
        Plan bare = without_positions(a.plan);
        EXPECT_EQ(codes(assess_risks(a.source, a.target, bare, regex, Limits{})),
                  codes(assess_risks(a.source, a.target, a.plan, regex, Limits{})));
        EXPECT_EQ(codes(assess_stages(a.source, a.target, bare)), codes(assess_stages(a.source, a.target, a.plan)));
        EXPECT_EQ(codes(assess_value_resets(a.source, a.target, bare, a.selected)),
                  codes(assess_value_resets(a.source, a.target, a.plan, a.selected)));
        std::vector<std::string> from_plan, from_snapshots;
        for (const RenameSuggestion& r : find_renames(a.source, a.target, a.plan))
            from_plan.push_back(r.old_key + ">" + r.new_key);
        for (const RenameSuggestion& r : find_renames(a.source, a.target))
            from_snapshots.push_back(r.old_key + ">" + r.new_key);
        EXPECT_EQ(from_plan, from_snapshots);
        EXPECT_EQ(from_plan.size(), 2u);
        EXPECT_FALSE(assess_risks(a.source, a.target, a.plan, regex, Limits{}).empty());
    }
    // The description-only notes read the plan's pairing of the flags.
    Analysis d = run("{\"x\":" + ab(1) + ",\"a\":" + bool_flag(false, false, false, false, "new") + "}",
                     "{\"a\":" + bool_flag(false, false, false, false, "old") + ",\"x\":" + ab(1) + "}");
    EXPECT_EQ(d.plan.target_positions, (std::vector<std::uint32_t>{1, 0}));
    EXPECT_EQ(codes(assess_risks(d.source, d.target, d.plan, regex, Limits{})), Codes{"risk.description_only"});
    EXPECT_EQ(codes(assess_risks(d.source, d.target, without_positions(d.plan), regex, Limits{})),
              Codes{"risk.description_only"});
}

TEST(RecordedPositions, RenamesAndWalksKeepThem) {
    AnalyzeOptions options;
    options.walk_stages = true;
    options.renames = true;
    Analysis a = run("{\"new_key\":" + stage_flag("complete") + ",\"m\":" + stage_flag("live") + "}",
                     "{\"old_key\":" + stage_flag("shadow") + ",\"m\":" + stage_flag("off") + "}", options);
    ASSERT_EQ(a.plan.target_positions.size(), 2u);
    for (const Step& s : a.plan.steps) {
        SCOPED_TRACE(std::to_string(s.id));
        EXPECT_EQ(source_flag(a.source, s), a.source.find(s.flag_key));
        EXPECT_EQ(target_flag(a.target, s), a.target.find(s.flag_key));
        EXPECT_NE(s.source_position, kPositionUnknown);
        EXPECT_NE(s.target_position, kPositionUnknown);
    }
    EXPECT_EQ(a.plan.steps[0].mode, StepMode::Rename);
    EXPECT_EQ(a.plan.steps[0].target_position, kNoFlag);
}

/// Every field of each finding, one line each, to compare two lists whole.
Codes whole(const Diagnostics& diagnostics) {
    Codes out;
    for (const Diagnostic& d : diagnostics)
        out.push_back(d.code + "@" + std::to_string(d.step_id) + "|" + std::to_string(static_cast<int>(d.severity)) +
                      "|" + d.file + "|" + d.flag_key + "|" + d.field + "|" + d.message);
    return out;
}

// replan() copies the findings of the DELETE and schema-update steps its
// pair's plan had (PairPlan::risks) instead of working them out again; a
// plan made from that pair with any option gets what assess_risks() without
// the memo gives, a step whose kind changed is assessed again, and a memo
// made with other options or limits is not used.
TEST(RiskMemo, GivesTheFindingsOfAFreshAssessment) {
    StdRegexEngine regex;
    for (bool forward : {true, false}) {
        SCOPED_TRACE(forward ? "staging -> production" : "production -> staging");
        Analysis a = analyze_texts(read_text(forward ? "examples/staging.json" : "examples/production.json"),
                                   read_text(forward ? "examples/production.json" : "examples/staging.json"));
        const Plan base = compute_plan(a.source, a.target);
        const RiskMemo memo = remember_risks(a.source, a.target, base, regex, Limits{});
        ASSERT_TRUE(memo.answers(a.target, Limits{}, RiskOptions{}));
        std::vector<RenameSuggestion> renames = find_renames(a.source, a.target, base);
        ASSERT_FALSE(renames.empty());
        for (RenameSuggestion& r : renames) r.accepted = true;
        Plan renamed = apply_renames(a.source, a.target, base, renames);
        Plan walked = walk_stages(a.source, a.target, keep_stages(a.source, a.target, renamed));
        // A type change's DELETE without its CREATE_DEFAULTVALUE: a plain DELETE now.
        Plan cut = base;
        auto recreated = std::find_if(cut.steps.begin() + 1, cut.steps.end(), [](const Step& s) {
            return s.mode == StepMode::CreateDefaultValue && s.dependent_id == s.id - 1;
        });
        ASSERT_NE(recreated, cut.steps.end());
        recreated->dependent_id = 0;
        for (const Plan* plan : std::vector<const Plan*>{&base, &renamed, &walked, &cut}) {
            const Diagnostics fresh = assess_risks(a.source, a.target, *plan, regex, Limits{});
            EXPECT_FALSE(fresh.empty());
            EXPECT_EQ(whole(assess_risks(a.source, a.target, *plan, regex, Limits{}, {}, &memo)), whole(fresh));
        }
        // The cut DELETE's memo entry (a type change) no longer fits it.
        const Codes in_base = codes(assess_risks(a.source, a.target, base, regex, Limits{}));
        const Codes in_cut = codes(assess_risks(a.source, a.target, cut, regex, Limits{}));
        EXPECT_EQ(std::count(in_cut.begin(), in_cut.end(), "risk.type_change") + 1,
                  std::count(in_base.begin(), in_base.end(), "risk.type_change"));
        // The memo is read, not only checked: a finding changed in it shows,
        // unless the memo was made with other options or limits.
        RiskMemo marked = memo;
        ASSERT_FALSE(marked.findings.empty());
        marked.findings.front().message = "from the memo";
        auto shows_mark = [&](const RiskOptions& options, const Limits& limits, const RegexEngine& engine) {
            const Codes found = whole(assess_risks(a.source, a.target, renamed, engine, limits, options, &marked));
            return std::any_of(found.begin(), found.end(), [](const std::string& line) {
                return line.size() > 13 && line.compare(line.size() - 13, 13, "from the memo") == 0;
            });
        };
        EXPECT_TRUE(shows_mark(RiskOptions{}, Limits{}, regex));
        RiskOptions lower;
        lower.ab_test_jump_threshold = 10;
        EXPECT_FALSE(shows_mark(lower, Limits{}, regex));
        Limits shallow;
        shallow.max_object_depth = 4;
        EXPECT_FALSE(shows_mark(RiskOptions{}, shallow, regex));
    }
}

TEST(Renames, PairOnlyOnEqualTypeDescriptionAndSchema) {
    auto paired = [](const std::string& created, const std::string& deleted) {
        return !run("{\"new_key\":" + created + "}", "{\"old_key\":" + deleted + "}").renames.empty();
    };
    auto enum_flag = [](const std::vector<std::string>& values, const std::string& description = "d") {
        nlohmann::json j = {{"description", description}, {"type", "ENUM"}, {"defaultValue", values[0]},
                            {"enumValues", values}, {"allowEmpty", false}, {"valueExists", false}, {"value", values[0]}};
        return j.dump();
    };
    EXPECT_TRUE(paired(enum_flag({"a", "b"}), enum_flag({"a", "b"})));
    EXPECT_FALSE(paired(enum_flag({"a,b", "c"}), enum_flag({"a", "b,c"})));  // lists compare element by element
    EXPECT_FALSE(paired(enum_flag({"a", "b"}), enum_flag({"a", "b", "c"})));
    EXPECT_FALSE(paired(enum_flag({"a", "b"}, "x1:y"), enum_flag({"a", "b"}, "x")));
    EXPECT_TRUE(paired(ab(50), R"({"description":"d","type":"AB-TEST","chanceBPercent":50.0})"));
    EXPECT_FALSE(paired(ab(50), ab(50.5)));
    EXPECT_FALSE(paired(bool_flag(false, true, false, false), bool_flag(false, false, false, false)));
    EXPECT_FALSE(paired(bool_flag(true, false, false, false), bool_flag(false, false, false, false)));
    // Values are not compared: a rename keeps the target's value.
    EXPECT_TRUE(paired(bool_flag(false, false, true, true), bool_flag(false, false, false, false)));
}

TEST(ChangeRulesDoc, EveryRuleIsDocumented) {
    std::string doc = read_text("docs/change-rules.md");
    for (const ChangeRule& rule : change_rules())
        EXPECT_NE(doc.find(std::string("`") + rule.code + "`"), std::string::npos) << rule.code;
}

}  // namespace
}  // namespace flagplan::testing
