// One test per validation rule (DESIGN.md, "Validation of a flag's schema").
#include "test_support.hpp"

namespace flagplan::testing {
namespace {

std::string integer(int def, int min, int max, bool exists = false, int value = 0) {
    return R"({"description":"d","type":"INTEGER","defaultValue":)" + std::to_string(def) +
           R"(,"minValue":)" + std::to_string(min) + R"(,"maxValue":)" + std::to_string(max) +
           R"(,"valueExists":)" + (exists ? "true" : "false") + R"(,"value":)" + std::to_string(value) + "}";
}

std::string string_flag(const std::string& def, int max_length, const std::string& reg_exp, bool exists = false,
                        const std::string& value = "") {
    nlohmann::json j = {{"description", "d"}, {"type", "STRING"},        {"defaultValue", def},
                        {"maxLength", max_length}, {"regExp", reg_exp}, {"valueExists", exists},
                        {"value", value}};
    return j.dump();
}

std::string enum_flag(const std::string& def, std::vector<std::string> values, bool allow_empty,
                      bool exists = false, const std::string& value = "") {
    nlohmann::json j = {{"description", "d"}, {"type", "ENUM"}, {"defaultValue", def},
                        {"enumValues", values}, {"allowEmpty", allow_empty}, {"valueExists", exists},
                        {"value", value}};
    return j.dump();
}

std::string tag_flag(std::vector<std::string> def, std::vector<std::string> values, int min, int max,
                     bool exists = false, std::vector<std::string> value = {}) {
    nlohmann::json j = {{"description", "d"}, {"type", "TAG"}, {"defaultValue", def}, {"tagValues", values},
                        {"minCount", min},    {"maxCount", max}, {"valueExists", exists}, {"value", value}};
    return j.dump();
}

std::string object_flag(const std::string& schema, const std::string& def, bool exists = false,
                        const std::string& value = "") {
    nlohmann::json j = {{"description", "d"}, {"type", "OBJECT"}, {"schema", schema}, {"defaultValue", def},
                        {"valueExists", exists}, {"value", value}};
    return j.dump();
}

using Codes = std::vector<std::string>;

// Valid JavaScript FlagFlow's text rewrite cannot read: accepted, with a
// warning on the field; JSON, or a literal the rewrite reads, has none; a
// literal flagplan refuses gets its error only.
TEST(ValidateObject, WarnsWhereFlagFlowsRewriteRefusesAValidLiteral) {
    const std::string schema = "{ s: string }";
    Diagnostics d = check_flag(object_flag(schema, "{ s: 'a, b: c' }", true, "{ s: 'it\\'s' }"));
    EXPECT_EQ(codes(d), (Codes{"object.flagflow_rejects", "object.flagflow_rejects"}));
    EXPECT_EQ(d[0].severity, Severity::Warning);
    EXPECT_EQ(d[0].field, "defaultValue");
    EXPECT_EQ(d[1].field, "value");
    EXPECT_NE(d[0].message.find("position 12"), std::string::npos) << d[0].message;
    EXPECT_EQ(codes(check_flag(object_flag(schema, "{\"s\":\"a, b\"}", true, "{ s: 'x', }"))), Codes{});
    EXPECT_EQ(codes(check_flag(object_flag(schema, "{ s: 0x10 }"))), Codes{"schema.object.default.wrong_type"});
}

TEST(ValidateInteger, Valid) { EXPECT_EQ(codes(check_flag(integer(5, 0, 10, true, 10))), Codes{}); }
TEST(ValidateInteger, MinGreaterThanMax) {
    Diagnostics d = check_flag(integer(5, 10, 0));
    EXPECT_EQ(codes(d), Codes{"schema.integer.min_greater_than_max"});
    EXPECT_EQ(d[0].field, "minValue");
    EXPECT_EQ(d[0].flag_key, "f");
}
TEST(ValidateInteger, DefaultOutOfRange) {
    EXPECT_EQ(codes(check_flag(integer(11, 0, 10))), Codes{"schema.integer.default_out_of_range"});
}
TEST(ValidateInteger, ValueOutOfRangeOnlyWhenItExists) {
    EXPECT_EQ(codes(check_flag(integer(1, 0, 10, true, -1))), Codes{"value.integer.out_of_range"});
    EXPECT_EQ(codes(check_flag(integer(1, 0, 10, false, -1))), Codes{});
}

TEST(ValidateString, Valid) {
    EXPECT_EQ(codes(check_flag(string_flag("bm25-baseline", 64, "^[a-z0-9-]+$", true, "ltr-v3"))), Codes{});
}
TEST(ValidateString, NegativeMaxLength) {
    EXPECT_EQ(codes(check_flag(string_flag("a", -1, ""))), Codes{"schema.string.negative_max_length"});
}
TEST(ValidateString, DefaultTooLongCountsUtf16Units) {
    // An emoji is two UTF-16 code units: "a😀" is 3 long.
    EXPECT_EQ(codes(check_flag(string_flag("a\xF0\x9F\x98\x80", 2, ""))), Codes{"schema.string.default_too_long"});
    EXPECT_EQ(codes(check_flag(string_flag("a\xF0\x9F\x98\x80", 3, ""))), Codes{});
    EXPECT_EQ(codes(check_flag(string_flag("\xC3\xA9\xC3\xA9", 2, ""))), Codes{});  // é is one unit
}
TEST(ValidateString, MaxLengthZeroMeansNoLimit) {
    EXPECT_EQ(codes(check_flag(string_flag(std::string(5000, 'x'), 0, ""))), Codes{});
}
TEST(ValidateString, InvalidRegExp) {
    Diagnostics d = check_flag(string_flag("a", 0, "(a"));
    EXPECT_EQ(codes(d), Codes{"schema.string.invalid_regexp"});
    EXPECT_EQ(d[0].field, "regExp");
}
TEST(ValidateString, DefaultMustMatchUnanchoredSearch) {
    EXPECT_EQ(codes(check_flag(string_flag("xx42yy", 0, "\\d"))), Codes{});  // search, not full match
    EXPECT_EQ(codes(check_flag(string_flag("abc", 0, "^\\d+$"))), Codes{"schema.string.default_mismatch"});
}
TEST(ValidateString, ValueTooLongAndMismatch) {
    EXPECT_EQ(codes(check_flag(string_flag("AB", 3, "^[A-Z]+$", true, "abcd"))),
              (Codes{"value.string.too_long", "value.string.mismatch"}));
}

TEST(ValidateString, LongSubjectLimitCountsUtf16UnitsNotBytes) {
    // Limits::max_regex_subject is 10,000 UTF-16 units: 10,000 "é" (20,000
    // bytes) are tested, 10,001 units are not.
    std::string ten_thousand_units;
    for (int i = 0; i < 10000; ++i) ten_thousand_units += "\xC3\xA9";
    EXPECT_EQ(codes(check_flag(string_flag(ten_thousand_units, 0, "^\\w"))), Codes{"schema.string.default_mismatch"});
    Diagnostics d = check_flag(string_flag(ten_thousand_units + "e", 0, "^\\w"));
    EXPECT_EQ(codes(d), Codes{"schema.string.regexp_unchecked"});
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].message.find("it is 10001 UTF-16 code units long"), std::string::npos) << d[0].message;
    EXPECT_EQ(codes(check_flag(string_flag(ten_thousand_units, 10000, ""))), Codes{});
    EXPECT_EQ(codes(check_flag(string_flag(ten_thousand_units, 9999, ""))), Codes{"schema.string.default_too_long"});
}
TEST(ValidateString, FlagsSharingARegExpAreEachTestedWithTheirOwnText) {
    // One validate_snapshot call answers a shared regExp / (regExp, text)
    // once: every flag must still get its own verdicts, keys and offsets.
    std::string flags = "{\"a\":" + string_flag("abc", 0, "^[a-z]+$", true, "ABC") +
                        ",\"b\":" + string_flag("ABC", 0, "^[a-z]+$", true, "abc") +
                        ",\"c\":" + string_flag("ABC", 0, "^[a-z]+$") +
                        ",\"d\":" + string_flag("x", 0, "(") + ",\"e\":" + string_flag("x", 0, "(") +
                        ",\"f\":" + string_flag("x", 0, "(a+)+b") + ",\"g\":" + string_flag("x", 0, "(a+)+b") + "}";
    Diagnostics d = check(export_text(flags));
    EXPECT_EQ(codes(d), (Codes{"value.string.mismatch", "schema.string.default_mismatch",
                               "schema.string.default_mismatch", "schema.string.invalid_regexp",
                               "schema.string.invalid_regexp", "schema.string.regexp_unchecked",
                               "schema.string.regexp_unchecked"}));
    std::vector<std::string> keys;
    for (const Diagnostic& x : d) keys.push_back(x.flag_key);
    EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g"}));
    EXPECT_EQ(d[0].field, "value");
    EXPECT_EQ(d[1].field, "defaultValue");
    EXPECT_NE(d[1].offset, d[2].offset);
    EXPECT_EQ(d[3].message, d[3].message.substr(0, 8) + d[4].message.substr(8));  // only the key differs
}

const std::string kSchema = "{\n\tttlSeconds: integer,\n\tbackend: string,\n\twarm?: boolean\n}";
TEST(ValidateObject, FlagsSharingASchemaAreEachCheckedWithTheirOwnLiterals) {
    std::string flags = "{\"a\":" + object_flag(kSchema, "{ ttlSeconds: 1, backend: 'x' }", true, "{ ttlSeconds: 1 }") +
                        ",\"b\":" + object_flag(kSchema, "{ ttlSeconds: 1 }", true, "{ ttlSeconds: 1, backend: 'x' }") +
                        ",\"c\":" + object_flag(kSchema, "{ ttlSeconds: 1 }") +
                        ",\"d\":" + object_flag("{ a: integer", "{ a: 1 }") +
                        ",\"e\":" + object_flag("{ a: integer", "{ a: 1 }") + "}";
    Diagnostics d = check(export_text(flags));
    EXPECT_EQ(codes(d), (Codes{"value.object.missing_property", "schema.object.default.missing_property",
                               "schema.object.default.missing_property", "schema.object.syntax",
                               "schema.object.syntax"}));
    std::vector<std::string> keys;
    for (const Diagnostic& x : d) keys.push_back(x.flag_key);
    EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
    EXPECT_EQ(d[0].field, "value");
    EXPECT_EQ(d[1].field, "defaultValue");
}
TEST(ValidateObject, Valid) {
    EXPECT_EQ(codes(check_flag(object_flag(kSchema, "{ ttlSeconds: 300, backend: 'redis' }", true,
                                           "{ ttlSeconds: 1, backend: 'a, b: c', warm: true, }"))),
              Codes{"object.flagflow_rejects"});  // valid; only FlagFlow's rewrite corrupts 'a, b: c'
    EXPECT_EQ(codes(check_flag(object_flag(kSchema, "{ ttlSeconds: 300, backend: 'redis' }", true,
                                           "{ ttlSeconds: 1, backend: 'a b c', warm: true, }"))),
              Codes{});
}
TEST(ValidateObject, SchemaDoesNotParse) {
    Diagnostics d = check_flag(object_flag("{ a: integer", "{ a: 1 }"));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].code.rfind("schema.object.", 0), 0u) << d[0].code;
    EXPECT_EQ(d[0].field, "schema");
}
TEST(ValidateObject, DefaultMustConform) {
    Diagnostics d = check_flag(object_flag(kSchema, "{ ttlSeconds: 1.5, backend: 'x' }"));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].code.rfind("schema.object.default.", 0), 0u) << d[0].code;
    EXPECT_EQ(d[0].field, "defaultValue");
}
TEST(ValidateObject, ValueMustConform) {
    Diagnostics d = check_flag(object_flag(kSchema, "{ ttlSeconds: 1, backend: 'x' }", true, "{ ttlSeconds: 1 }"));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].code.rfind("value.object.", 0), 0u) << d[0].code;
    EXPECT_EQ(d[0].field, "value");
}

// Each object problem has one full code per place (schema, default, value).
TEST(ValidateObject, EveryProblemHasItsFullCode) {
    EXPECT_EQ(codes(check_flag(object_flag("{ a: integer", "{ a: 1 }"))), Codes{"schema.object.syntax"});
    EXPECT_EQ(codes(check_flag(object_flag("{ a: string, a: string }", "{ a: 'x' }"))),
              Codes{"schema.object.duplicate_property"});
    EXPECT_EQ(codes(check_flag(object_flag("{ a?: Missing }", "{ a: {} }", true, "{ a: 1 }"))),
              (Codes{"schema.object.default.unknown_type", "value.object.unknown_type"}));
    EXPECT_EQ(codes(check_flag(object_flag("type A = { a: string }", "{ a: 'x' }", true, "{}"))),
              (Codes{"schema.object.default.no_root", "value.object.no_root"}));
    EXPECT_EQ(codes(check_flag(object_flag("{ a: integer }", "{ a: 1, b: 2 }", true, "{}"))),
              (Codes{"schema.object.default.unexpected_property", "value.object.missing_property"}));
    EXPECT_EQ(codes(check_flag(object_flag("{ a: integer }", "{ a: 'x' }", true, "{ a: 1 }}"))),
              (Codes{"schema.object.default.wrong_type", "value.object.syntax"}));
}

TEST(ValidateEnum, Valid) { EXPECT_EQ(codes(check_flag(enum_flag("a", {"a", "b"}, false, true, "b"))), Codes{}); }
TEST(ValidateEnum, NoValues) { EXPECT_EQ(codes(check_flag(enum_flag("", {}, true))), Codes{"schema.enum.no_values"}); }
TEST(ValidateEnum, DefaultNotAllowed) {
    EXPECT_EQ(codes(check_flag(enum_flag("c", {"a", "b"}, false))), Codes{"schema.enum.default_not_allowed"});
}
TEST(ValidateEnum, EmptyNeedsAllowEmptyEvenWhenListed) {
    EXPECT_EQ(codes(check_flag(enum_flag("", {"", "a"}, false))), Codes{"schema.enum.default_not_allowed"});
    EXPECT_EQ(codes(check_flag(enum_flag("", {"a"}, true))), Codes{});
}
TEST(ValidateEnum, ValueNotAllowed) {
    EXPECT_EQ(codes(check_flag(enum_flag("a", {"a"}, false, true, "z"))), Codes{"value.enum.not_allowed"});
}

TEST(ValidateTag, Valid) {
    EXPECT_EQ(codes(check_flag(tag_flag({"new"}, {"new", "sale"}, 0, 2, true, {"new", "sale"}))), Codes{});
}
TEST(ValidateTag, NoValues) { EXPECT_EQ(codes(check_flag(tag_flag({}, {}, 0, 0))), Codes{"schema.tag.no_values"}); }
TEST(ValidateTag, MinCountAboveNumberOfValues) {
    EXPECT_EQ(codes(check_flag(tag_flag({"a"}, {"a"}, 2, 0))), Codes{"schema.tag.min_count_above_values"});
}
TEST(ValidateTag, DefaultUnknownTag) {
    EXPECT_EQ(codes(check_flag(tag_flag({"x"}, {"a"}, 0, 0))), Codes{"schema.tag.default_unknown_tag"});
}
TEST(ValidateTag, DefaultCount) {
    EXPECT_EQ(codes(check_flag(tag_flag({}, {"a", "b"}, 1, 0))), Codes{"schema.tag.default_count"});
    EXPECT_EQ(codes(check_flag(tag_flag({"a", "b"}, {"a", "b"}, 0, 1))), Codes{"schema.tag.default_count"});
}
TEST(ValidateTag, MaxCountZeroMeansNoLimit) {
    EXPECT_EQ(codes(check_flag(tag_flag({"a", "b"}, {"a", "b"}, 0, 0))), Codes{});
}
TEST(FlagFlowMistakes, TagMinCountAboveMaxCountWarns) {
    Diagnostics d = check_flag(tag_flag({"a", "b"}, {"a", "b", "c"}, 2, 1));
    EXPECT_EQ(codes(d, Severity::Warning), Codes{"schema.tag.min_greater_than_max"});
}
TEST(ValidateTag, ValueProblems) {
    EXPECT_EQ(codes(check_flag(tag_flag({"a"}, {"a", "b"}, 1, 1, true, {"z", "b"}))),
              (Codes{"value.tag.unknown_tag", "value.tag.count"}));
}

TEST(ValidateAbTest, ChanceRange) {
    EXPECT_EQ(codes(check_flag(R"({"description":"d","type":"AB-TEST","chanceBPercent":100})")), Codes{});
    EXPECT_EQ(codes(check_flag(R"({"description":"d","type":"AB-TEST","chanceBPercent":12.5})")), Codes{});
    EXPECT_EQ(codes(check_flag(R"({"description":"d","type":"AB-TEST","chanceBPercent":100.5})")),
              Codes{"schema.ab_test.chance_out_of_range"});
    EXPECT_EQ(codes(check_flag(R"({"description":"d","type":"AB-TEST","chanceBPercent":-1})")),
              Codes{"schema.ab_test.chance_out_of_range"});
}

TEST(FlagFlowMistakes, EveryInvalidFlagIsReportedNotOnlyTheFirst) {
    Diagnostics d = check(export_text("{\"a\":" + integer(5, 10, 0) + ",\"b\":" + enum_flag("c", {"a"}, false) +
                                      ",\"c\":" + integer(1, 0, 9) + ",\"d\":" + tag_flag({}, {}, 0, 0) + "}"));
    EXPECT_EQ(codes(d), (Codes{"schema.integer.min_greater_than_max", "schema.enum.default_not_allowed",
                               "schema.tag.no_values"}));
    EXPECT_EQ(d[0].flag_key, "a");
    EXPECT_EQ(d[1].flag_key, "b");
    EXPECT_EQ(d[2].flag_key, "d");
}

TEST(ValidateExamples, RealExportsAreValid) {
    for (const char* path : {"examples/staging.json", "examples/production.json"}) {
        Diagnostics d = check(read_text(path));
        EXPECT_EQ(codes(d), Codes{}) << path;
    }
}

}  // namespace
}  // namespace flagplan::testing
