// The side by side of two exports (compare/compare.hpp) and replan().
#include "flagplan/compare/compare.hpp"
#include "flagplan/render/render_json.hpp"
#include "test_support.hpp"

namespace flagplan::testing {
namespace {

Analysis examples(AnalyzeOptions options = {}) {
    static const std::string source = read_text("examples/staging.json");
    static const std::string target = read_text("examples/production.json");
    StdRegexEngine regex;
    return analyze({source, "staging.json"}, {target, "production.json"}, options, regex);
}

const FlagComparison& flag(const std::vector<FlagComparison>& flags, const std::string& key) {
    static const FlagComparison none;
    for (const FlagComparison& c : flags)
        if (c.key == key) return c;
    ADD_FAILURE() << "no flag " << key;
    return none;
}

const FieldComparison& field(const FlagComparison& c, Field f) {
    static const FieldComparison none;
    for (const FieldComparison& x : c.fields)
        if (x.field == f) return x;
    ADD_FAILURE() << "no field " << field_name(f) << " in " << c.key;
    return none;
}

/// Parts as "text|" for unchanged and "[text]|" for changed ones.
std::string parts(const std::vector<DiffPart>& ps) {
    std::string out;
    for (const DiffPart& p : ps) out += (p.changed ? "[" + p.text + "]" : p.text) + "|";
    return out;
}

int step_of(const Analysis& a, const std::string& key, StepMode mode) {
    for (const Step& s : a.plan.steps)
        if (s.flag_key == key && s.mode == mode) return s.id;
    ADD_FAILURE() << "no step " << step_mode_name(mode) << " for " << key;
    return -1;
}

TEST(Compare, ExamplesListEveryDistinctKeyOnceInKeyOrder) {
    Analysis a = examples();
    std::vector<FlagComparison> flags = compare_flags(a);
    ASSERT_EQ(flags.size(), 48u);  // 43 source, 38 target, 33 in both
    for (std::size_t i = 1; i < flags.size(); ++i) EXPECT_LT(flags[i - 1].key, flags[i].key);
    auto j = nlohmann::json::parse(comparison_json(a));
    EXPECT_EQ(j["summary"], nlohmann::json::parse(R"({"flags":48,"source":43,"target":38,"unchanged":12,
        "changed":18,"added":10,"removed":5,"retyped":3})"));
    EXPECT_EQ(j["flags"].size(), 48u);
    auto changed = nlohmann::json::parse(comparison_json(a, false));
    EXPECT_EQ(changed["summary"], j["summary"]);
    ASSERT_EQ(changed["flags"].size(), 36u);
    std::size_t k = 0;
    for (const auto& f : j["flags"])
        if (f["status"] != "unchanged") EXPECT_EQ(changed["flags"][k++], f);
    EXPECT_EQ(flag(flags, "search/ranking/algorithm").status, FlagStatus::Retyped);
    EXPECT_EQ(flag(flags, "ops/kill/image_resizer").status, FlagStatus::Changed);
}

TEST(Compare, StringsDiffByCharacterListsByElementObjectsByPrettyPrintedLine) {
    std::vector<FlagComparison> flags = compare_flags(examples());
    const FieldComparison& promo = field(flag(flags, "checkout/promo_code_pattern"), Field::DefaultValue);
    EXPECT_EQ(parts(promo.source_parts), "WELCOME|[10]|");
    EXPECT_EQ(parts(promo.target_parts), "WELCOME|");

    const FieldComparison& tags = field(flag(flags, "catalog/allowed_currencies"), Field::TagValues);
    EXPECT_EQ(tags.source_text, R"(["EUR", "USD", "GBP", "CHF", "PLN"])");
    EXPECT_EQ(parts(tags.source_parts), R"(["EUR", "USD", "GBP", |["CHF"]|, |["PLN"]|]|)");
    EXPECT_EQ(parts(tags.target_parts), R"(["EUR", "USD", "GBP"]|)");

    const FieldComparison& cluster = field(flag(flags, "infra/search/cluster"), Field::Value);
    EXPECT_EQ(cluster.source_text, "{\n  \"nodes\": [\n    \"search-stg-1\"\n  ],\n  \"replicas\": 1,\n  \"shardCount\": 2\n}");
    EXPECT_EQ(parts(cluster.source_parts),
              "{\n  \"nodes\": [\n|[    \"search-stg-1\"\n]|  ],\n|[  \"replicas\": 1,\n  \"shardCount\": 2\n]|}|");

    const FieldComparison& kill = field(flag(flags, "ops/kill/image_resizer"), Field::IsKillSwitch);
    EXPECT_EQ(parts(kill.source_parts), "[true]|");
    const FieldComparison& same = field(flag(flags, "ops/kill/image_resizer"), Field::Description);
    EXPECT_FALSE(same.differs);
    EXPECT_TRUE(same.source_parts.empty());
}

TEST(Compare, EachDifferingFieldNamesTheStepThatWritesIt) {
    Analysis a = examples();
    std::vector<FlagComparison> flags = compare_flags(a);
    const FlagComparison& size = flag(flags, "api/pagination/page_size");
    EXPECT_EQ(field(size, Field::MaxValue).step_id, step_of(a, size.key, StepMode::UpdateSchemaDefaultValue));
    EXPECT_EQ(field(size, Field::Value).step_id, step_of(a, size.key, StepMode::SetValue));
    EXPECT_EQ(field(size, Field::MinValue).step_id, 0);  // equal: nothing writes it
    const FlagComparison& retyped = flag(flags, "search/ranking/algorithm");
    EXPECT_EQ(field(retyped, Field::Type).step_id, step_of(a, retyped.key, StepMode::CreateDefaultValue));
    EXPECT_EQ(retyped.step_ids.size(), 3u);  // DELETE, CREATE_DEFAULTVALUE, SET_VALUE
    for (const FlagComparison& c : flags) {
        if (c.status != FlagStatus::Removed) continue;
        EXPECT_EQ(field(c, Field::Type).step_id, step_of(a, c.key, StepMode::Delete)) << c.key;
        EXPECT_TRUE(field(c, Field::Type).source_parts.empty());
        EXPECT_FALSE(field(c, Field::Type).in_source);
    }
}

TEST(Compare, DiffTokensFindsTheLongestCommonSubsequence) {
    std::vector<std::string_view> a{"a", "b", "c", "d", "e"}, b{"a", "x", "c", "e", "y"};
    std::vector<bool> ac, bc;
    diff_tokens(a, b, ac, bc);
    EXPECT_EQ(ac, (std::vector<bool>{false, true, false, true, false}));
    EXPECT_EQ(bc, (std::vector<bool>{false, true, false, false, true}));
    diff_tokens(a, b, ac, bc, 4);  // too big a table: the middle is changed whole
    EXPECT_EQ(ac, (std::vector<bool>{false, true, true, true, true}));
    diff_tokens({}, b, ac, bc);
    EXPECT_EQ(bc, (std::vector<bool>(5, true)));
}

TEST(Reanalyze, GivesWhatAFullAnalysisWithTheNewOptionsGives) {
    AnalyzeOptions renames;
    renames.renames = true;
    renames.walk_stages = true;
    StdRegexEngine regex;
    for (const std::string& pair : {std::string("examples"), std::string("bad")}) {
        std::string source = read_text("examples/staging.json");
        std::string target = read_text("examples/production.json");
        if (pair == "bad") {  // check diagnostics on both sides: a bad key and limit in the source, an unreadable target
            source.insert(source.find('{', source.find("\"flags\"")) + 1,
                          R"("Bad Key":{"description":"","type":"AB-TEST","chanceBPercent":150},)");
            target = "{";
        }
        Analysis fresh = analyze({source, "s.json"}, {target, "t.json"}, renames, regex);
        Analysis again = replan(analyze({source, "s.json"}, {target, "t.json"}, {}, regex), renames, regex);
        EXPECT_EQ(render_analysis_json(again, RenderOptions{}), render_analysis_json(fresh, RenderOptions{})) << pair;
        Analysis back = replan(std::move(again), {}, regex);
        EXPECT_EQ(render_analysis_json(back, RenderOptions{}),
                  render_analysis_json(analyze({source, "s.json"}, {target, "t.json"}, {}, regex), RenderOptions{}));
    }
}

}  // namespace
}  // namespace flagplan::testing
