// Reading exports: FlagFlow's leniency, and every structural problem reported.
#include <algorithm>

#include "test_support.hpp"

namespace flagplan::testing {
namespace {

const std::string kBool =
    R"({"description":"d","type":"BOOLEAN","defaultValue":false,"isKillSwitch":false,"valueExists":false,"value":false})";

ParseResult parse(const std::string& text) { return parse_export(text, "test.json"); }

TEST(ParseExport, ReadsMetadataAndFlagsInFileOrder) {
    ParseResult r = parse(export_text("{\"b/x\":" + kBool + ",\"a\":" + kBool + "}"));
    EXPECT_TRUE(r.diagnostics.empty()) << ::testing::PrintToString(codes(r.diagnostics));
    EXPECT_EQ(r.snapshot.environment, "staging");
    EXPECT_EQ(r.snapshot.version, "1.7.1");
    ASSERT_EQ(r.snapshot.flags.size(), 2u);
    EXPECT_EQ(r.snapshot.flags[0].key, "b/x");
    EXPECT_EQ(r.snapshot.flags[1].key, "a");
    EXPECT_EQ(r.snapshot.find("a"), &r.snapshot.flags[1]);
}

TEST(ParseExport, TrimsEveryStringAsFlagFlowDoes) {
    ParseResult r = parse(R"({"environment":"  prod\n","version":"1.2.3","createdAt":"2026-11-21T10:33:08.799Z","flags":{
      "e":{"description":" d ","type":"ENUM","defaultValue":" a ","enumValues":[" a","b "],"allowEmpty":false,"valueExists":true,"value":"b\t"}}})");
    EXPECT_EQ(codes(r.diagnostics), std::vector<std::string>{});
    EXPECT_EQ(r.snapshot.environment, "prod");
    EXPECT_EQ(r.snapshot.version, "1.2.3");
    const Flag& f = r.snapshot.flags.at(0);
    EXPECT_EQ(f.description, "d");
    EXPECT_EQ(f.default_value.text, "a");
    EXPECT_EQ(f.enum_values, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(f.value.text, "b");
}

// FlagFlow's import schema matches `version` and `type` before trimming
// (reference vectors plan-0248, plan-0249, flag-0059, flag-0986).
TEST(ParseExport, VersionAndTypeAreMatchedAsWritten) {
    ParseResult r = parse(R"({"environment":"p","version":" 1.2.3","createdAt":"2026-11-21T10:33:08.799Z","flags":{
      "e":{"description":"d","type":"BOOLEAN ","defaultValue":true,"isKillSwitch":false,"valueExists":false,"value":true}}})");
    EXPECT_EQ(codes(r.diagnostics), (std::vector<std::string>{"file.version", "file.unknown_flag_type"}));
}

// createdAt is coerced by `new Date(value)` (z.coerce.date()): numbers within
// +-8.64e15 ms, null and booleans are dates (plan-0225, 0226, 0230, 0232).
TEST(ParseExport, CreatedAtIsCoercedLikeNewDate) {
    for (const char* ok : {"1764806400000", "0", "null", "true"}) {
        ParseResult r = parse(std::string(R"({"environment":"p","version":"1.2.3","createdAt":)") + ok + R"(,"flags":{}})");
        EXPECT_EQ(codes(r.diagnostics), std::vector<std::string>{}) << ok;
        EXPECT_EQ(r.snapshot.created_at, ok);
    }
    ParseResult big = parse(R"({"environment":"p","version":"1.2.3","createdAt":8.64e15,"flags":{}})");
    EXPECT_EQ(codes(big.diagnostics), std::vector<std::string>{});
    ParseResult beyond = parse(R"({"environment":"p","version":"1.2.3","createdAt":8.640000000000001e15,"flags":{}})");
    EXPECT_EQ(codes(beyond.diagnostics), std::vector<std::string>{"file.date"});
    ParseResult object = parse(R"({"environment":"p","version":"1.2.3","createdAt":{},"flags":{}})");
    EXPECT_EQ(codes(object.diagnostics), std::vector<std::string>{"file.wrong_type"});
}

TEST(ParseExport, IntegralFloatIsAnInteger) {
    ParseResult r = parse(export_text(
        R"({"i":{"description":"d","type":"INTEGER","defaultValue":3.0,"minValue":0,"maxValue":1e1,"valueExists":false,"value":0}})"));
    EXPECT_EQ(codes(r.diagnostics), std::vector<std::string>{});
    EXPECT_EQ(r.snapshot.flags.at(0).default_value.integer, 3);
    EXPECT_EQ(r.snapshot.flags.at(0).max_value, 10);
}

TEST(ParseExport, FractionalNumberIsNotAnInteger) {
    ParseResult r = parse(export_text(
        R"({"i":{"description":"d","type":"INTEGER","defaultValue":3.5,"minValue":0,"maxValue":10,"valueExists":false,"value":0}})"));
    ASSERT_EQ(codes(r.diagnostics), std::vector<std::string>{"file.wrong_type"});
    EXPECT_EQ(r.diagnostics[0].flag_key, "i");
    EXPECT_EQ(r.diagnostics[0].field, "defaultValue");
    EXPECT_EQ(r.diagnostics[0].pointer, "/flags/i/defaultValue");
    EXPECT_EQ(r.diagnostics[0].line, 1);
}

TEST(ParseExport, UnsafeIntegerRejected) {
    ParseResult r = parse(export_text(
        R"({"i":{"description":"d","type":"INTEGER","defaultValue":9007199254740992,"minValue":-9007199254740991,"maxValue":9007199254740991,"valueExists":false,"value":0}})"));
    EXPECT_EQ(codes(r.diagnostics), std::vector<std::string>{"file.unsafe_integer"});
}

TEST(ParseExport, UnknownFieldsAreDroppedWithANote) {
    ParseResult r = parse(R"({"environment":"s","version":"1.0.0","createdAt":"2026-11-21T10:33:08.799Z","extra":1,"flags":{
      "a":{"description":"d","type":"AB-TEST","chanceBPercent":5,"owner":"x","valueExists":false}}})");
    EXPECT_EQ(codes(r.diagnostics, Severity::Note),
              (std::vector<std::string>{"file.unknown_field", "file.unknown_field", "file.unknown_field"}));
    EXPECT_EQ(codes(r.diagnostics, Severity::Error), std::vector<std::string>{});
}

TEST(ParseExport, MissingAndMistypedFieldsAllReported) {
    ParseResult r = parse(export_text(
        R"({"a":{"type":"INTEGER","defaultValue":"1","minValue":0,"valueExists":false,"value":0},)"
        R"("b":{"description":"d","type":"BOOLEAN","defaultValue":false,"isKillSwitch":"no","valueExists":false}})"));
    // b has no `value`: the import schema requires it even with valueExists false.
    EXPECT_EQ(codes(r.diagnostics), (std::vector<std::string>{"file.missing_field", "file.wrong_type",
                                                              "file.missing_field", "file.wrong_type",
                                                              "file.missing_field"}));
    EXPECT_EQ(r.diagnostics[4].field, "value");
    EXPECT_EQ(r.diagnostics[0].field, "description");
    EXPECT_EQ(r.diagnostics[2].field, "maxValue");
    EXPECT_EQ(r.diagnostics[3].flag_key, "b");
    EXPECT_EQ(r.diagnostics[3].field, "isKillSwitch");
    EXPECT_FALSE(r.snapshot.flags.at(0).well_formed);
}

TEST(ParseExport, BadVersionAndDate) {
    ParseResult r = parse(R"({"environment":"s","version":"1.7","createdAt":"not a date","flags":{}})");
    EXPECT_EQ(codes(r.diagnostics), (std::vector<std::string>{"file.version", "file.date"}));
    EXPECT_EQ(r.diagnostics[0].field, "version");
    EXPECT_EQ(r.diagnostics[1].pointer, "/createdAt");
}

TEST(ParseExport, VersionRule) {
    EXPECT_TRUE(is_valid_version("1.7.1"));
    EXPECT_TRUE(is_valid_version("10.0.123"));
    EXPECT_FALSE(is_valid_version("1.7"));
    EXPECT_FALSE(is_valid_version("1.7.1.2"));
    EXPECT_FALSE(is_valid_version("v1.7.1"));
    EXPECT_FALSE(is_valid_version("1..1"));
    EXPECT_FALSE(is_valid_version("1.7.1-rc1"));
}

// An empty flag key is refused, and the finding names it: flagKey "" in the
// analysis JSON (FlagFlow's import schema names the empty key as well).
TEST(ParseExport, EmptyFlagKeyIsNamedInTheDiagnostic) {
    ParseResult r = parse(export_text(R"({"":{"description":"d","type":"BOOLEAN","defaultValue":true,"isKillSwitch":false,"valueExists":false,"value":true}})"));
    ASSERT_EQ(codes(r.diagnostics), std::vector<std::string>{"key.invalid"});
    const nlohmann::ordered_json j = diagnostic_to_json(r.diagnostics[0]);
    ASSERT_TRUE(j.contains("flagKey"));
    EXPECT_EQ(j.at("flagKey"), "");
    EXPECT_EQ(j.at("pointer"), "/flags/");
}

TEST(ParseExport, KeyRule) {
    for (const char* ok : {"a", "billing/invoice_v2", "search/ranking/model", "a1_b2/c", "x_1_2"})
        EXPECT_TRUE(is_valid_flag_key(ok)) << ok;
    for (const char* bad : {"", "A", "1a", "a__b", "a_", "_a", "a/", "/a", "a//b", "a-b", "a/B", "a b", "a/_b"})
        EXPECT_FALSE(is_valid_flag_key(bad)) << bad;
}

TEST(ParseExport, BadKeysEachReported) {
    ParseResult r = parse(export_text("{\"Bad\":" + kBool + ",\"ok\":" + kBool + ",\"a__b\":" + kBool + "}"));
    EXPECT_EQ(codes(r.diagnostics), (std::vector<std::string>{"key.invalid", "key.invalid"}));
    EXPECT_EQ(r.diagnostics[0].flag_key, "Bad");
    EXPECT_EQ(r.diagnostics[1].flag_key, "a__b");
}

TEST(FlagFlowMistakes, ProtoKeyIsReportedNotDropped) {
    ParseResult r = parse(export_text("{\"__proto__\":" + kBool + "}"));
    EXPECT_EQ(codes(r.diagnostics), std::vector<std::string>{"key.proto"});
    EXPECT_EQ(r.snapshot.flags.size(), 1u);
}

TEST(ParseExport, UnknownFlagType) {
    ParseResult r = parse(export_text(R"({"a":{"description":"d","type":"FLOAT"}})"));
    EXPECT_EQ(codes(r.diagnostics), std::vector<std::string>{"file.unknown_flag_type"});
    EXPECT_EQ(r.diagnostics[0].field, "type");
}

TEST(ParseExport, DuplicateKeysAtEveryLevel) {
    ParseResult r = parse(R"({"environment":"s","environment":"t","version":"1.0.0","createdAt":"2026-11-21T10:33:08.799Z","flags":{
      "a":{"description":"d","type":"AB-TEST","chanceBPercent":5,"chanceBPercent":6},
      "a":{"description":"d","type":"AB-TEST","chanceBPercent":7}}})");
    EXPECT_EQ(codes(r.diagnostics),
              (std::vector<std::string>{"file.duplicate_key", "file.duplicate_key", "file.duplicate_key"}));
    // Like JSON.parse, the last one counts; the flag keeps its first position.
    EXPECT_EQ(r.snapshot.environment, "t");
    ASSERT_EQ(r.snapshot.flags.size(), 1u);
    EXPECT_EQ(r.snapshot.flags[0].chance_b_percent, 7);
}

TEST(ParseExport, MissingTopLevelFields) {
    ParseResult r = parse(R"({"environment":"s"})");
    EXPECT_EQ(codes(r.diagnostics),
              (std::vector<std::string>{"file.missing_field", "file.missing_field", "file.missing_field"}));
    EXPECT_FALSE(r.snapshot.readable);
}

TEST(ParseExport, SyntaxErrorHasLineAndColumn) {
    ParseResult r = parse("{\n  \"environment\": \"s\",\n  \"version\": @\n}");
    ASSERT_EQ(codes(r.diagnostics), std::vector<std::string>{"file.syntax"});
    EXPECT_EQ(r.diagnostics[0].line, 3);
    EXPECT_EQ(r.diagnostics[0].column, 14);
    EXPECT_FALSE(r.snapshot.readable);
}

TEST(ParseExport, FieldPositionsPointAtTheValue) {
    std::string text = export_text("{\n\"a\": {\"description\": \"d\", \"type\": \"INTEGER\",\n \"defaultValue\": 1.5, "
                                   "\"minValue\": 0, \"maxValue\": 9, \"valueExists\": false, \"value\": 0}}");
    ParseResult r = parse(text);
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].line, 3);
    EXPECT_EQ(r.diagnostics[0].column, 18);
}

struct BadInput {
    const char* name;
    std::string text;
    const char* code;
};

class HostileInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(HostileInput, GivesADiagnosticNeverACrash) {
    ParseResult r = parse(GetParam().text);
    EXPECT_FALSE(r.snapshot.readable);
    ASSERT_FALSE(r.diagnostics.empty());
    auto found = std::find_if(r.diagnostics.begin(), r.diagnostics.end(),
                              [&](const Diagnostic& d) { return d.code == GetParam().code; });
    ASSERT_NE(found, r.diagnostics.end()) << ::testing::PrintToString(codes(r.diagnostics));
    EXPECT_EQ(found->severity, Severity::Error);
    EXPECT_FALSE(found->message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    BadInputs, HostileInput,
    ::testing::Values(
        BadInput{"empty", "", "file.syntax"}, BadInput{"whitespace", "  \n ", "file.syntax"},
        BadInput{"array", "[1,2]", "file.not_object"}, BadInput{"number", "42", "file.not_object"},
        BadInput{"truncated", export_text("{\"a\":{\"description\":\"d\"").substr(0, 60), "file.syntax"},
        BadInput{"deep", std::string(10000, '[') + std::string(10000, ']'), "file.too_deep"},
        BadInput{"deep_in_flags", export_text(std::string("{\"a\":{\"x\":") + std::string(10000, '[')), "file.too_deep"},
        BadInput{"huge_string", "{\"environment\":\"" + std::string(10u << 20, 'x') + "\"}", "file.string_too_long"},
        BadInput{"nul_byte", std::string("{\"environment\":\"a\0b\"}", 22), "file.syntax"},
        BadInput{"invalid_utf8", "{\"environment\":\"\xff\xfe\"}", "file.syntax"},
        BadInput{"number_overflow", R"({"environment":1e400})", "file.syntax"},
        BadInput{"flags_not_object", R"({"environment":"s","version":"1.0.0","createdAt":"2026-11-21T10:33:08.799Z","flags":[]})",
                 "file.wrong_type"}),
    [](const ::testing::TestParamInfo<BadInput>& info) { return std::string(info.param.name); });

TEST(ParseLimits, TooLargeAndTooManyFlags) {
    Limits limits;
    limits.max_input_bytes = 10;
    EXPECT_EQ(codes(parse_export(export_text("{}"), "t", limits).diagnostics),
              std::vector<std::string>{"file.too_large"});
    limits = Limits{};
    limits.max_flags = 1;
    EXPECT_EQ(codes(parse_export(export_text("{\"a\":" + kBool + ",\"b\":" + kBool + "}"), "t", limits).diagnostics),
              std::vector<std::string>{"file.too_many_flags"});
}

// z.coerce.date() is new Date(value): an array is read as the string it
// joins to ([2026] is "2026", January 1st 2026), as FlagFlow's import does.
TEST(ParseExport, CreatedAtArraysAreReadAsTheStringTheyJoinTo) {
    auto created = [](const std::string& value) {
        return parse(R"({"environment":"e","version":"1.7.1","createdAt":)" + value + R"(,"flags":{}})");
    };
    ParseResult year = created("[2026]");
    EXPECT_TRUE(year.diagnostics.empty()) << year.diagnostics[0].message;
    EXPECT_EQ(year.snapshot.created_at, "2026");
    EXPECT_EQ(created(R"(["2026-11-21T10:33:08.799Z"])").snapshot.created_at, "2026-11-21T10:33:08.799Z");
    EXPECT_EQ(created("[[2026], null]").snapshot.created_at, "2026,");
    EXPECT_EQ(created("[2026, 1]").snapshot.created_at, "2026,1");  // Date.parse reads "2026,1"
    for (const char* bad : {"[]", "[{}]", "[true]"}) {
        ParseResult r = created(bad);
        ASSERT_EQ(codes(r.diagnostics), std::vector<std::string>{"file.date"}) << bad;
        EXPECT_EQ(r.diagnostics[0].pointer, "/createdAt") << bad;
    }
}

// A lone surrogate escape is valid for JSON.parse: one UTF-16 code unit,
// held as WTF-8; its length is 1 and trimming keeps it.
TEST(ParseExport, LoneSurrogatesAreOneUtf16CodeUnit) {
    ParseResult r = parse(export_text(
        R"({"s":{"description":" \ud83d ","type":"STRING","defaultValue":"\ud83d","maxLength":1,"regExp":"",)"
        R"("valueExists":true,"value":"a\udc00\ud83d\ude00"}})"));
    EXPECT_TRUE(r.diagnostics.empty()) << r.diagnostics[0].message;
    ASSERT_EQ(r.snapshot.flags.size(), 1u);
    const Flag& f = r.snapshot.flags[0];
    EXPECT_EQ(f.description, "\xED\xA0\xBD");
    EXPECT_EQ(f.default_value.text, "\xED\xA0\xBD");
    EXPECT_EQ(f.value.text, "a\xED\xB0\x80\xF0\x9F\x98\x80");  // a pair is one code point
    // Invalid JSON elsewhere in a text with a lone surrogate: the real error.
    ParseResult bad = parse(R"({"environment":"\ud800",})");
    ASSERT_EQ(codes(bad.diagnostics), std::vector<std::string>{"file.syntax"});
    EXPECT_NE(bad.diagnostics[0].message.find("unexpected '}'"), std::string::npos) << bad.diagnostics[0].message;
    EXPECT_EQ(bad.diagnostics[0].column, 25);
}

TEST(ParseExport, WrongTypesEverywhere) {
    ParseResult r = parse(R"({"environment":1,"version":[],"createdAt":[],"flags":{"a":5,"b":{"description":1,"type":"TAG","defaultValue":[1],"tagValues":"x","minCount":"0","maxCount":true,"valueExists":0,"value":{}}}})");
    // createdAt [] is new Date(""): not a date (file.date; see CreatedAtArrays).
    EXPECT_EQ(codes(r.diagnostics),
              (std::vector<std::string>{"file.wrong_type", "file.wrong_type", "file.date", "file.not_object",
                                        "file.wrong_type", "file.wrong_type", "file.wrong_type", "file.wrong_type",
                                        "file.wrong_type", "file.wrong_type", "file.wrong_type"}));
}

}  // namespace
}  // namespace flagplan::testing
