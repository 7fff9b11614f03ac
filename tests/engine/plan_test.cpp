// The step table of DESIGN.md ("The steps"), row by row, and FlagFlow's own
// plans for the bundled real exports, step for step.
#include "test_support.hpp"

namespace flagplan::testing {
namespace {

const std::string kBoolOff =
    R"({"description":"d","type":"BOOLEAN","defaultValue":false,"isKillSwitch":false,"valueExists":false,"value":false})";
const std::string kBoolOn =
    R"({"description":"d","type":"BOOLEAN","defaultValue":false,"isKillSwitch":false,"valueExists":true,"value":true})";
const std::string kBoolDefaultTrue =
    R"({"description":"d","type":"BOOLEAN","defaultValue":true,"isKillSwitch":false,"valueExists":false,"value":false})";
const std::string kInt =
    R"({"description":"d","type":"INTEGER","defaultValue":1,"minValue":0,"maxValue":9,"valueExists":false,"value":0})";
const std::string kAb = R"({"description":"d","type":"AB-TEST","chanceBPercent":10})";
const std::string kAb50 = R"({"description":"d","type":"AB-TEST","chanceBPercent":50})";

Plan plan_of(const std::string& source_flags, const std::string& target_flags) {
    Analysis a = analyze_texts(export_text(source_flags, "staging"), export_text(target_flags, "production"));
    EXPECT_FALSE(a.blocked) << ::testing::PrintToString(codes(a.diagnostics));
    return a.plan;
}

// Keys, descriptions and values are compared eight bytes at a time: a
// difference at any position of a word, or in the tail, is one.
TEST(SameText, FindsADifferenceAtEveryPosition) {
    for (std::size_t n = 0; n < 20; ++n) {
        const std::string a(n, 'k');
        EXPECT_TRUE(same_text(a, std::string(n, 'k')));
        EXPECT_FALSE(same_text(a, a + "k"));
        for (std::size_t i = 0; i < n; ++i) {
            std::string b = a;
            b[i] = 'K';
            EXPECT_FALSE(same_text(a, b)) << n << " " << i;
        }
    }
    EXPECT_TRUE(same_texts({"a", "bc"}, {"a", "bc"}));
    EXPECT_FALSE(same_texts({"a", "bc"}, {"a", "bd"}));
    EXPECT_FALSE(same_texts({"a,b"}, {"a", "b"}));
}

TEST(PlanTable, AbsentKeyCreatesThenSetsValue) {
    EXPECT_EQ(step_lines(plan_of("{\"a\":" + kBoolOn + "}", "{}")),
              (std::vector<std::string>{"1 CREATE_DEFAULTVALUE a 0 0", "2 SET_VALUE a 1 1"}));
}

TEST(PlanTable, AbsentAbTestOnlyCreates) {
    EXPECT_EQ(step_lines(plan_of("{\"a\":" + kAb + "}", "{}")),
              (std::vector<std::string>{"1 CREATE_DEFAULTVALUE a 0 0"}));
}

TEST(PlanTable, OtherTypeDeletesCreatesSets) {
    EXPECT_EQ(step_lines(plan_of("{\"a\":" + kInt + "}", "{\"a\":" + kBoolOff + "}")),
              (std::vector<std::string>{"1 DELETE a 0 0", "2 CREATE_DEFAULTVALUE a 1 1", "3 SET_VALUE a 2 2"}));
}

TEST(PlanTable, OtherTypeToAbTestHasNoValueStep) {
    EXPECT_EQ(step_lines(plan_of("{\"a\":" + kAb + "}", "{\"a\":" + kBoolOff + "}")),
              (std::vector<std::string>{"1 DELETE a 0 0", "2 CREATE_DEFAULTVALUE a 1 1"}));
}

TEST(PlanTable, SchemaDiffersUpdatesThenSets) {
    Plan plan = plan_of("{\"a\":" + kBoolDefaultTrue + "}", "{\"a\":" + kBoolOff + "}");
    EXPECT_EQ(step_lines(plan),
              (std::vector<std::string>{"1 UPDATE_SCHEMA_DEFAULTVALUE a 0 0", "2 SET_VALUE a 1 1"}));
    ASSERT_EQ(plan.steps[0].changes.size(), 1u);
    EXPECT_EQ(plan.steps[0].changes[0].field, "defaultValue");
    EXPECT_EQ(plan.steps[0].changes[0].from, false);
    EXPECT_EQ(plan.steps[0].changes[0].to, true);
}

TEST(PlanTable, AbTestSchemaDiffersOnlyUpdates) {
    EXPECT_EQ(step_lines(plan_of("{\"a\":" + kAb50 + "}", "{\"a\":" + kAb + "}")),
              (std::vector<std::string>{"1 UPDATE_SCHEMA_DEFAULTVALUE a 0 0"}));
}

TEST(PlanTable, ValueDiffersSetsValueWithItsChanges) {
    Plan plan = plan_of("{\"a\":" + kBoolOn + "}", "{\"a\":" + kBoolOff + "}");
    EXPECT_EQ(step_lines(plan), (std::vector<std::string>{"1 SET_VALUE a 0 0"}));
    ASSERT_EQ(plan.steps[0].changes.size(), 2u);
    EXPECT_EQ(plan.steps[0].changes[0].field, "valueExists");
    EXPECT_EQ(plan.steps[0].changes[1].field, "value");
    EXPECT_EQ(plan.steps[0].changes[1].to, true);
}

TEST(PlanTable, ValueDiffersEvenWhenValueExistsIsFalseOnBothSides) {
    // FlagFlow compares `value` as stored, whether or not valueExists.
    std::string other = kBoolOff;
    other.replace(other.find("\"value\":false"), 13, "\"value\":true");
    EXPECT_EQ(step_lines(plan_of("{\"a\":" + other + "}", "{\"a\":" + kBoolOff + "}")),
              (std::vector<std::string>{"1 SET_VALUE a 0 0"}));
}

TEST(PlanTable, EqualFlagsGiveNothingAndDescriptionIsNotCompared) {
    std::string other = kBoolOff;
    other.replace(other.find("\"d\""), 3, "\"another description\"");
    EXPECT_TRUE(plan_of("{\"a\":" + other + "}", "{\"a\":" + kBoolOff + "}").steps.empty());
}

TEST(PlanTable, TargetOnlyFlagsAreDeletedLastInTargetOrder) {
    EXPECT_EQ(step_lines(plan_of("{\"n\":" + kAb + "}", "{\"z\":" + kAb + ",\"b\":" + kAb + "}")),
              (std::vector<std::string>{"1 CREATE_DEFAULTVALUE n 0 0", "2 DELETE z 0 0", "3 DELETE b 0 0"}));
}

TEST(PlanTable, SourceOrderDecidesStepOrder) {
    EXPECT_EQ(step_lines(plan_of("{\"b\":" + kAb + ",\"a\":" + kAb + "}", "{}")),
              (std::vector<std::string>{"1 CREATE_DEFAULTVALUE b 0 0", "2 CREATE_DEFAULTVALUE a 0 0"}));
}

TEST(FlagFlowMistakes, EnumListsCompareElementByElementNotJoined) {
    // FlagFlow joins with commas: ["a,b"] == ["a","b"] there. Here they differ.
    std::string one = R"({"description":"d","type":"ENUM","defaultValue":"","enumValues":["a,b"],"allowEmpty":true,"valueExists":false,"value":""})";
    std::string two = R"({"description":"d","type":"ENUM","defaultValue":"","enumValues":["a","b"],"allowEmpty":true,"valueExists":false,"value":""})";
    EXPECT_EQ(step_lines(plan_of("{\"e\":" + one + "}", "{\"e\":" + two + "}")),
              (std::vector<std::string>{"1 UPDATE_SCHEMA_DEFAULTVALUE e 0 0", "2 SET_VALUE e 1 1"}));
}

TEST(FlagFlowMistakes, TagListsCompareElementByElementNotJoined) {
    std::string one = R"({"description":"d","type":"TAG","defaultValue":[],"tagValues":["a,b"],"minCount":0,"maxCount":0,"valueExists":false,"value":[]})";
    std::string two = R"({"description":"d","type":"TAG","defaultValue":[],"tagValues":["a","b"],"minCount":0,"maxCount":0,"valueExists":false,"value":[]})";
    EXPECT_EQ(plan_of("{\"t\":" + one + "}", "{\"t\":" + two + "}").steps.size(), 2u);
}

TEST(FlagFlowMistakes, ConstructorIsAnOrdinaryKey) {
    // FlagFlow reads target["constructor"] through the prototype and plans a
    // spurious DELETE/CREATE. Equal flags under that key give nothing here.
    EXPECT_TRUE(plan_of("{\"constructor\":" + kAb + "}", "{\"constructor\":" + kAb + "}").steps.empty());
    EXPECT_EQ(step_lines(plan_of("{\"constructor\":" + kAb + "}", "{}")),
              (std::vector<std::string>{"1 CREATE_DEFAULTVALUE constructor 0 0"}));
    EXPECT_EQ(step_lines(plan_of("{}", "{\"to_string\":" + kAb + ",\"constructor\":" + kAb + "}")),
              (std::vector<std::string>{"1 DELETE to_string 0 0", "2 DELETE constructor 0 0"}));
}

TEST(PlanChanges, CreateListsEveryFieldFromNothing) {
    Plan plan = plan_of("{\"a\":" + kInt + "}", "{}");
    std::vector<std::string> fields;
    for (const FieldChange& c : plan.steps[0].changes) {
        fields.push_back(c.field);
        EXPECT_TRUE(c.from.is_null());
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"description", "type", "defaultValue", "minValue", "maxValue"}));
    EXPECT_EQ(plan.steps[1].changes[0].field, "valueExists");
}

TEST(PlanChanges, DeleteShowsTheTypeItRemoves) {
    Plan plan = plan_of("{}", "{\"a\":" + kAb + "}");
    ASSERT_EQ(plan.steps[0].changes.size(), 1u);
    EXPECT_EQ(plan.steps[0].changes[0].field, "type");
    EXPECT_EQ(plan.steps[0].changes[0].from, "AB-TEST");
    EXPECT_TRUE(plan.steps[0].changes[0].to.is_null());
}

TEST(PlanChanges, TypeChangeDeleteShowsBothTypes) {
    Plan plan = plan_of("{\"a\":" + kInt + "}", "{\"a\":" + kAb + "}");
    EXPECT_EQ(plan.steps[0].changes[0].from, "AB-TEST");
    EXPECT_EQ(plan.steps[0].changes[0].to, "INTEGER");
}

TEST(PlanBlocked, UnreadableExportGivesNoSteps) {
    Analysis a = analyze_texts("{", export_text("{\"a\":" + kAb + "}", "production"));
    EXPECT_TRUE(a.blocked);
    EXPECT_TRUE(a.plan.steps.empty());
}

TEST(PlanBlocked, InvalidFlagStillPlannedButBlocked) {
    std::string bad = R"({"description":"d","type":"INTEGER","defaultValue":1,"minValue":5,"maxValue":0,"valueExists":false,"value":0})";
    Analysis a = analyze_texts(export_text("{\"a\":" + bad + "}"), export_text("{}", "production"));
    EXPECT_TRUE(a.blocked);
    EXPECT_EQ(a.plan.steps.size(), 2u);
}

// ---- where compute_plan found each step's flag (Step::*_position) ----

TEST(PlanPositions, EachStepRecordsWhereItsFlagIs) {
    // Source: a (new), b (type change), c (schema), d (value), e (equal); target adds x.
    std::string src = "{\"a\":" + kBoolOn + ",\"b\":" + kInt + ",\"c\":" + kBoolDefaultTrue + ",\"d\":" + kBoolOn +
                      ",\"e\":" + kAb + "}";
    std::string tgt = "{\"x\":" + kAb + ",\"e\":" + kAb + ",\"d\":" + kBoolOff + ",\"c\":" + kBoolOff +
                      ",\"b\":" + kBoolOff + "}";
    Analysis a = analyze_texts(export_text(src), export_text(tgt, "production"));
    std::vector<std::string> got;
    for (const Step& s : a.plan.steps) {
        auto shown = [](std::uint32_t p) { return p == kNoFlag ? std::string("-") : std::to_string(p); };
        got.push_back(std::string(step_mode_name(s.mode)) + " " + s.flag_key + " " + shown(s.source_position) + " " +
                      shown(s.target_position));
        // The recorded positions are exactly what a lookup finds.
        EXPECT_EQ(source_flag(a.source, s), a.source.find(s.flag_key));
        EXPECT_EQ(target_flag(a.target, s), a.target.find(s.flag_key));
    }
    EXPECT_EQ(got, (std::vector<std::string>{"CREATE_DEFAULTVALUE a 0 -", "SET_VALUE a 0 -", "DELETE b 1 4",
                                             "CREATE_DEFAULTVALUE b 1 4", "SET_VALUE b 1 4",
                                             "UPDATE_SCHEMA_DEFAULTVALUE c 2 3", "SET_VALUE c 2 3", "SET_VALUE d 3 2",
                                             "DELETE x - 0"}));
    EXPECT_EQ(a.plan.target_positions, (std::vector<std::uint32_t>{kNoFlag, 4, 3, 2, 1}));
}

TEST(PlanPositions, UnrecordedOrStalePositionsFallBackToALookup) {
    Analysis a = analyze_texts(export_text("{\"a\":" + kAb + ",\"b\":" + kAb50 + "}"),
                               export_text("{\"b\":" + kAb + "}", "production"));
    Step step;  // built by hand: positions not recorded
    step.flag_key = "b";
    EXPECT_EQ(source_flag(a.source, step), &a.source.flags[1]);
    EXPECT_EQ(target_flag(a.target, step), &a.target.flags[0]);
    step.source_position = 0;  // names flag `a`, not `b`: looked up instead
    EXPECT_EQ(source_flag(a.source, step), &a.source.flags[1]);
    step.source_position = 7;  // out of range
    EXPECT_EQ(source_flag(a.source, step), &a.source.flags[1]);
    step.source_position = kNoFlag;  // recorded as absent
    EXPECT_EQ(source_flag(a.source, step), nullptr);
    step.flag_key = "zz";
    step.target_position = kPositionUnknown;
    EXPECT_EQ(target_flag(a.target, step), nullptr);
}

TEST(PlanPositions, UnreadableSnapshotGivesNoPairing) {
    Analysis a = analyze_texts("{", export_text("{\"a\":" + kAb + "}", "production"));
    EXPECT_TRUE(a.plan.target_positions.empty());
}

// ---- the real exports and FlagFlow's own plans for them ----

struct ExamplePair {
    const char* source;
    const char* target;
    const char* flagflow_plan;
};

class FlagFlowPlans : public ::testing::TestWithParam<ExamplePair> {};

TEST_P(FlagFlowPlans, MatchStepForStep) {
    const ExamplePair& p = GetParam();
    Analysis a = analyze_texts(read_text(p.source), read_text(p.target));
    EXPECT_FALSE(a.blocked) << ::testing::PrintToString(codes(a.diagnostics));
    EXPECT_EQ(codes(a.diagnostics, Severity::Error), std::vector<std::string>{});
    auto expected = nlohmann::json::parse(read_text(p.flagflow_plan));
    ASSERT_EQ(a.plan.steps.size(), expected["steps"].size());
    for (std::size_t i = 0; i < a.plan.steps.size(); ++i) {
        const Step& got = a.plan.steps[i];
        const auto& want = expected["steps"][i];
        SCOPED_TRACE("step " + std::to_string(i + 1));
        EXPECT_EQ(got.id, want["id"].get<int>());
        EXPECT_EQ(step_mode_name(got.mode), want["mode"].get<std::string>());
        EXPECT_EQ(got.flag_key, want["flagKey"].get<std::string>());
        EXPECT_EQ(got.dependent_id, want.value("dependentId", 0));
        EXPECT_EQ(got.indent, want.value("indent", 0));
    }
}

INSTANTIATE_TEST_SUITE_P(
    RealExports, FlagFlowPlans,
    ::testing::Values(ExamplePair{"examples/staging.json", "examples/production.json",
                                  "tests/fixtures/flagflow/flagflow-plan-staging-to-production.json"},
                      ExamplePair{"examples/production.json", "examples/staging.json",
                                  "tests/fixtures/flagflow/flagflow-plan-production-to-staging.json"}));

TEST(PromotionOrder, KnownEnvironmentNamesGiveTheDirection) {
    EXPECT_EQ(promotion_order("staging", "production"), 1);
    EXPECT_EQ(promotion_order("production", "staging"), -1);
    EXPECT_EQ(promotion_order("dev", "Staging"), 1);
    EXPECT_EQ(promotion_order(" PROD ", "qa"), -1);
    EXPECT_EQ(promotion_order("development", "live"), 1);
    // Unknown names, or two names of one rank: no opinion (the user chooses).
    EXPECT_EQ(promotion_order("eu-west", "production"), 0);
    EXPECT_EQ(promotion_order("prod", "production"), 0);
    EXPECT_EQ(promotion_order("", "staging"), 0);
    EXPECT_EQ(promotion_order("preproduction", "production"), 0);
}

// FlagFlow's planner compares the target's flags as its store holds them
// (plans.json plan-0213..0215): a target flag of a type it does not know is
// deleted (and the source's flag created), an invalid one is planned over;
// neither blocks, each is a warning.
TEST(LiveTarget, UnknownTypesAndInvalidFlagsArePlannedAsFlagFlowDoes) {
    const std::string percent = R"({"description":"","type":"PERCENT","value":5})";
    const std::string bad_int =
        R"({"description":"d","type":"INTEGER","defaultValue":1,"minValue":9,"maxValue":0,"valueExists":false,"value":0})";
    Analysis a = analyze_texts(export_text("{\"u/x\":" + kBoolOn + ",\"i/x\":" + kInt + "}", "staging"),
                               export_text("{\"u/x\":" + percent + ",\"i/x\":" + bad_int + ",\"u/y\":" + percent + "}",
                                           "production"));
    EXPECT_FALSE(a.blocked) << ::testing::PrintToString(codes(a.diagnostics));
    std::vector<std::string> steps;
    for (const Step& s : a.plan.steps) steps.push_back(std::string(step_mode_name(s.mode)) + " " + s.flag_key);
    EXPECT_EQ(steps, (std::vector<std::string>{"DELETE u/x", "CREATE_DEFAULTVALUE u/x", "SET_VALUE u/x",
                                               "UPDATE_SCHEMA_DEFAULTVALUE i/x", "SET_VALUE i/x", "DELETE u/y"}));
    EXPECT_EQ(a.plan.steps[0].changes[0].from, "PERCENT");  // the type as the target holds it
    std::vector<std::string> warnings;
    for (const Diagnostic& d : a.diagnostics)
        if (d.file == "target" && d.code.rfind("risk.", 0) != 0)
            warnings.push_back(d.code + (d.severity == Severity::Warning ? " warning " : " ") + d.flag_key);
    EXPECT_EQ(warnings, (std::vector<std::string>{"target.unknown_flag_type warning u/x",
                                                  "target.unknown_flag_type warning u/y",
                                                  "target.invalid_flag warning i/x"}));
    // The target's strings as the store holds them: untrimmed (cmp-0060).
    const std::string padded = R"({"description":"d","type":"STRING","defaultValue":" x ","maxLength":0,"regExp":"","valueExists":false,"value":""})";
    Analysis trimmed_source = analyze_texts(export_text("{\"u/x\":" + padded + "}", "staging"),
                                            export_text("{\"u/x\":" + padded + "}", "production"));
    EXPECT_EQ(step_lines(trimmed_source.plan).size(), 2u);  // "x" vs " x ": update + set value
    // The source's own unknown type still refuses its export, and plans nothing for it.
    Analysis refused = analyze_texts(export_text("{\"u/x\":" + percent + "}", "staging"),
                                     export_text("{}", "production"));
    EXPECT_TRUE(refused.blocked);
    EXPECT_TRUE(refused.plan.steps.empty());
}

}  // namespace
}  // namespace flagplan::testing
