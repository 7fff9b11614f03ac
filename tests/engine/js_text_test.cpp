// Tests for flagplan::js (js_text.hpp): String.prototype.trim, String.length,
// Number::toString, Number.isSafeInteger and Date.parse.
//
// Every expected value below was produced by node 20 (V8 11.3) with TZ=UTC,
// e.g. `TZ=UTC node -e 'console.log(Date.parse("Nov 21 2026"))'`, and is baked
// in as a literal; a null/NaN result is kNaN (parse_date returns nullopt).
#include "flagplan/js/js_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using flagplan::js::is_safe_integer;
using flagplan::js::number_to_string;
using flagplan::js::parse_date;
using flagplan::js::to_utf16;
using flagplan::js::trim;
using flagplan::js::utf16_length;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string show(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7F) {
            out.push_back(static_cast<char>(c));
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        }
    }
    return out;
}

// ---------------------------------------------------------------------------
// trim

TEST(JsTextTrim, StripsEveryJavaScriptWhiteSpaceAndLineTerminator) {
    // The code points node's "x".trim() strips (all of U+0000..U+FFFF checked).
    const char* spaces[] = {"\t", "\n", "\v", "\f", "\r", " ",
                            "\xC2\xA0",          // U+00A0
                            "\xE1\x9A\x80",      // U+1680
                            "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83",
                            "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87",
                            "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A",  // U+2000..200A
                            "\xE2\x80\xA8", "\xE2\x80\xA9",                  // U+2028, U+2029
                            "\xE2\x80\xAF",                                  // U+202F
                            "\xE2\x81\x9F",                                  // U+205F
                            "\xE3\x80\x80",                                  // U+3000
                            "\xEF\xBB\xBF"};                                 // U+FEFF
    for (const char* sp : spaces) {
        const std::string s = std::string(sp) + "a b" + sp + sp;
        EXPECT_EQ(trim(s), "a b") << show(sp);
        EXPECT_EQ(trim(std::string(sp) + sp), "") << show(sp);
    }
}

TEST(JsTextTrim, KeepsWhatJavaScriptKeeps) {
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim("abc"), "abc");
    EXPECT_EQ(trim("  a \t b  "), "a \t b");
    EXPECT_EQ(trim("\xC2\x85x\xC2\x85"), "\xC2\x85x\xC2\x85");          // U+0085 NEL is not trimmed
    EXPECT_EQ(trim("\xE1\xA0\x8Ex"), "\xE1\xA0\x8Ex");                  // U+180E
    EXPECT_EQ(trim("\xE2\x80\x8Bx\xE2\x80\x8B"), "\xE2\x80\x8Bx\xE2\x80\x8B");  // U+200B
    EXPECT_EQ(trim("\xE2\x81\xA0x"), "\xE2\x81\xA0x");                  // U+2060
    EXPECT_EQ(trim(std::string_view("\0x\0", 3)), std::string("\0x\0", 3));
}

TEST(JsTextTrim, IllFormedBytesAreNotSpace) {
    EXPECT_EQ(trim(" \xFF "), "\xFF");
    EXPECT_EQ(trim("\xC2 "), "\xC2");           // truncated sequence
    EXPECT_EQ(trim(" \xE2\x80"), "\xE2\x80");    // truncated U+2000..
    EXPECT_EQ(trim("\xE3\x80"), "\xE3\x80");     // truncated U+3000 is not a space
}

// ---------------------------------------------------------------------------
// length / UTF-16

TEST(JsTextLength, CountsUtf16CodeUnits) {
    EXPECT_EQ(utf16_length(""), 0u);
    EXPECT_EQ(utf16_length("abc"), 3u);
    EXPECT_EQ(utf16_length("\xC3\xA9"), 1u);                 // é
    EXPECT_EQ(utf16_length("\xE2\x82\xAC"), 1u);             // €
    EXPECT_EQ(utf16_length("\xF0\x9F\x98\x80"), 2u);         // 😀
    EXPECT_EQ(utf16_length("a\xF0\x9F\x98\x80" "b"), 4u);
    EXPECT_EQ(utf16_length("e\xCC\x81"), 2u);                // e + combining acute
    EXPECT_EQ(utf16_length(std::string_view("\0", 1)), 1u);
}

TEST(JsTextLength, IllFormedInputCountsOneUnitPerMaximalSubpart) {
    EXPECT_EQ(utf16_length("\xFF"), 1u);
    EXPECT_EQ(utf16_length("\xFF\xFE"), 2u);
    EXPECT_EQ(utf16_length("\xE2\x82"), 1u);                 // truncated 3-byte
    EXPECT_EQ(utf16_length("\xF0\x9F\x98"), 1u);             // truncated 4-byte
    EXPECT_EQ(utf16_length("\xF0\x9F\x98" "a"), 2u);
    EXPECT_EQ(utf16_length("\xC0\xAF"), 2u);                 // overlong: two errors
    EXPECT_EQ(utf16_length("\xF4\x90\x80\x80"), 4u);         // above U+10FFFF
    EXPECT_EQ(utf16_length("\xED\xA0\x80"), 1u);             // WTF-8 lone surrogate
}

TEST(JsTextUtf16, DecodesToCodeUnits) {
    EXPECT_EQ(to_utf16("a\xC3\xA9"), std::u16string(u"a\u00e9"));
    EXPECT_EQ(to_utf16("\xF0\x9F\x98\x80"), std::u16string(u"\xD83D\xDE00"));
    EXPECT_EQ(to_utf16("\xED\xA0\x80"), std::u16string(1, static_cast<char16_t>(0xD800)));
    EXPECT_EQ(to_utf16("\xED\xBF\xBF"), std::u16string(1, static_cast<char16_t>(0xDFFF)));
    EXPECT_EQ(to_utf16("\xFF" "a"), std::u16string(u"\uFFFDa"));
    EXPECT_EQ(to_utf16("\xE0\x80\x80"), std::u16string(u"\uFFFD\uFFFD\uFFFD"));  // overlong
    EXPECT_EQ(to_utf16(""), std::u16string());
}

// ---------------------------------------------------------------------------
// Number::toString

TEST(JsNumberToString, MatchesNode) {
    struct Case {
        double value;
        const char* js;
    };
    const Case cases[] = {
        {0.0, "0"},
        {-0.0, "0"},
        {1.0, "1"},
        {-1.0, "-1"},
        {0.1, "0.1"},
        {0.30000000000000004, "0.30000000000000004"},
        {1e21, "1e+21"},
        {1e-7, "1e-7"},
        {1.5e-7, "1.5e-7"},
        {0.000001, "0.000001"},
        {1.23e-18, "1.23e-18"},
        {123456789012345680000.0, "123456789012345680000"},
        {9007199254740992.0, "9007199254740992"},
        {9007199254740991.0, "9007199254740991"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {4.9406564584124654e-324, "5e-324"},
        {1.48219693752373963e-323, "1.5e-323"},
        {100.0, "100"},
        {1e20, "100000000000000000000"},
        {1.7e21, "1.7e+21"},
        {-1e21, "-1e+21"},
        {1234.5678, "1234.5678"},
        {3.33333333333333315e-1, "0.3333333333333333"},
        {6.66666666666666630e-1, "0.6666666666666666"},
        {1e300, "1e+300"},
        {4.35, "4.35"},
        {0.5, "0.5"},
        {-0.000001234, "-0.000001234"},
        {0.00001, "0.00001"},
        {12345678901234567890.0, "12345678901234567000"},
        {9.99999999999999869e+20, "999999999999999900000"},
        {1.00000000000000013e+21, "1.0000000000000001e+21"},
        {3.0, "3"},
        {255.0, "255"},
        {4294967296.0, "4294967296"},
        {-2147483648.0, "-2147483648"},
    };
    for (const Case& c : cases) EXPECT_EQ(number_to_string(c.value), c.js) << c.js;
    EXPECT_EQ(number_to_string(kNaN), "NaN");
    EXPECT_EQ(number_to_string(std::numeric_limits<double>::infinity()), "Infinity");
    EXPECT_EQ(number_to_string(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(JsNumberSafeInteger, MatchesNumberIsSafeInteger) {
    EXPECT_TRUE(is_safe_integer(0.0));
    EXPECT_TRUE(is_safe_integer(-0.0));
    EXPECT_TRUE(is_safe_integer(3.0));
    EXPECT_TRUE(is_safe_integer(9007199254740991.0));
    EXPECT_TRUE(is_safe_integer(-9007199254740991.0));
    EXPECT_FALSE(is_safe_integer(9007199254740992.0));
    EXPECT_FALSE(is_safe_integer(-9007199254740992.0));
    EXPECT_FALSE(is_safe_integer(1.5));
    EXPECT_FALSE(is_safe_integer(1e300));
    EXPECT_FALSE(is_safe_integer(kNaN));
    EXPECT_FALSE(is_safe_integer(std::numeric_limits<double>::infinity()));
}

// ---------------------------------------------------------------------------
// Date.parse

struct DateCase {
    std::string_view text;
    double ms;  // kNaN: Date.parse gives NaN
};

TEST(JsDateParse, MatchesNodeDateParse) {
    const DateCase cases[] = {
        {"2020-01-01T10:00:00.0123456789Z", 1577872800123.0},
        {"00000000002026 Jan", 1767225600000.0},
        {"00000024202659 Jan", kNaN},
        {"123456789 Jan", kNaN},
        {"Nov 21 2026 10:33:08\xE2\x80\xA8", kNaN},
        {"Nov 21 2026 10:33:08\x0A", 1795257188000.0},
        {"Nov 21 2026\xE2\x80\xA8", kNaN},
        {"2026-11-21\xE3\x80\x80", 1795219200000.0},
        {"Nov 21 2026 \xC3\xA9", kNaN},
        {"2026-11-21T10:33:08.799\xC2\xA0Z", kNaN},
        {"Nov 21 2026 10:33 GMT+123456789:", -267551732000.0},
        {"Nov 21 2026 10:33 GMT+01:30", 1795251780000.0},
        {"Nov 21 2026 10:33 GMT+1", 1795253580000.0},
        {"Nov 21 2026 10:33 GMT+12345", kNaN},
        {"+020000-01-01T00:00:00Z", 568971820800000.0},
        {"20000-01-01", 568971820800000.0},
        {"275760-09-13", 8640000000000000.0},
        {"Sep 13 275760 00:00:01 GMT", kNaN},
        {"Apr 20 -271821", kNaN},
        {"2026-11-21T10:33:08+01:00junk", kNaN},
        {"2026-11-21T10:33:08 +01:00", kNaN},
        {"2026-11-21T10:33:08.799Z", 1795257188799.0},
        {"2026-11-21T10:33:09.001Z", 1795257189001.0},
        {"2026-11-21", 1795219200000.0},
        {"2026-11", 1793491200000.0},
        {"2026", 1767225600000.0},
        {"+002026-11-21T10:33:08Z", 1795257188000.0},
        {"-000001-01-01T00:00:00Z", -62198755200000.0},
        {"-000000-01-01T00:00:00Z", kNaN},
        {"+275760-09-13T00:00:00.000Z", 8640000000000000.0},
        {"+275760-09-13T00:00:00.001Z", kNaN},
        {"-271821-04-20T00:00:00.000Z", -8640000000000000.0},
        {"-271821-04-19T23:59:59.999Z", kNaN},
        {"2026-11-21T10:33", 1795257180000.0},
        {"2026-11-21T10:33:08", 1795257188000.0},
        {"2026-11-21T10:33:08.7", 1795257188700.0},
        {"2026-11-21T10:33:08.79", 1795257188790.0},
        {"2026-11-21T10:33:08.123456789", 1795257188123.0},
        {"2026-11-21T10:33:08.Z", kNaN},
        {"2026-11-21T10:33:08+01:00", 1795253588000.0},
        {"2026-11-21T10:33:08-0130", 1795262588000.0},
        {"2026-11-21T10:33:08+24:00", kNaN},
        {"2026-11-21T10:33:08z", 1795257188000.0},
        {"2026-11-21t10:33:08Z", 1795257188000.0},
        {"2026-11-21T24:00:00Z", 1795305600000.0},
        {"2026-11-21T24:00:01Z", kNaN},
        {"2026-11-21T25:00Z", kNaN},
        {"2026-11-21T10:60Z", kNaN},
        {"2026-11-21T10:33:60Z", kNaN},
        {"2026-11-21T10Z", kNaN},
        {"2026-11-21T1:33Z", kNaN},
        {"2026-13-01", kNaN},
        {"2026-00-10", kNaN},
        {"2026-02-30", 1772409600000.0},
        {"2026-02-31", 1772496000000.0},
        {"2026-02-32", kNaN},
        {"2026-1-5", 1767571200000.0},
        {"26-11-21", kNaN},
        {"2026-11-21T", kNaN},
        {"2026/11/21", 1795219200000.0},
        {"2026/11/21 10:33", 1795257180000.0},
        {"11/21/2026", 1795219200000.0},
        {"21/11/2026", kNaN},
        {"Nov 21 2026", 1795219200000.0},
        {"21 Nov 2026", 1795219200000.0},
        {"November 21, 2026", 1795219200000.0},
        {"21 Nov 2026 10:33:08 GMT", 1795257188000.0},
        {"Sat, 21 Nov 2026 10:33:08 GMT", 1795257188000.0},
        {"Sat Nov 21 2026 10:33:08 GMT+0000 (Coordinated Universal Time)", 1795257188000.0},
        {"Sat Nov 21 2026 10:33:08 GMT+0100 (CET)", 1795253588000.0},
        {"2026-11-21 10:33:08", 1795257188000.0},
        {"2026-11-21 10:33:08Z", 1795257188000.0},
        {"2026-11-21 10:33:08.799Z", 1795257188799.0},
        {"2026-11-21 10:33:08 +01:00", 1795253588000.0},
        {"2026-11-21 10:33:08 PST", 1795285988000.0},
        {"Nov 21 2026 10:33 PM", 1795300380000.0},
        {"Nov 21 2026 13:33 PM", kNaN},
        {"Nov 21 2026 12:00 AM", 1795219200000.0},
        {"Nov 21 2026 10:33:08 UTC+5", 1795239188000.0},
        {"Nov 21 2026 10:33:08 GMT-0800", 1795285988000.0},
        {"1 January 2000", 946684800000.0},
        {"Jan 1 50", -631152000000.0},
        {"Jan 1 49", 2493072000000.0},
        {"Jan 1 100", -59011459200000.0},
        {"Thursday, 01-Jan-70 00:00:00 GMT", 0.0},
        {"0", 946684800000.0},
        {"1", 978307200000.0},
        {"12", 1007164800000.0},
        {"13", kNaN},
        {"32", 1956528000000.0},
        {"99", 915148800000.0},
        {"100", -59011459200000.0},
        {"1000", -30610224000000.0},
        {"2026", 1767225600000.0},
        {"20261", 577208246400000.0},
        {"abc", kNaN},
        {"abc 2026", 1767225600000.0},
        {"abc2026", kNaN},
        {"2026 abc", kNaN},
        {"", kNaN},
        {"   ", kNaN},
        {" 2026-11-21", 1795219200000.0},
        {"2026-11-21 ", 1795219200000.0},
        {"T10:33", kNaN},
        {"10:33", kNaN},
        {"Nov", kNaN},
        {"Nov 2026", 1793491200000.0},
        {"2026 Nov 21", 1795219200000.0},
        {"(comment) Nov 21 2026", 1795219200000.0},
        {"Nov 21 2026 (comment", 1795219200000.0},
        {"Nov 21 2026)", kNaN},
        {"Nov 21 2026 +", kNaN},
        {"Nov 21 2026 10:33 +", kNaN},
        {"12:00 Nov 21 2026", 1795262400000.0},
        {"Nov 21 2026 10:33:08.5", 1795257188500.0},
        {"Nov 21 2026 10.33", kNaN},
        {"Nov-21-2026", 1795219200000.0},
        {"2026-Nov-21", 1795219200000.0},
        {"Nov 21 2026 10:33:08 Z", 1795257188000.0},
        {"1.5", 978652800000.0},
        {"-1", 978307200000.0},
        {"+1", 978307200000.0},
        {"x", kNaN},
        {"null", kNaN},
        {"undefined", kNaN},
        {"NaN", kNaN},
        {"Infinity", kNaN},
        {"2026-11-21T10:33:08.799+00:00", 1795257188799.0},
        {"2026-11-21T10:33:08.799Z ", kNaN},
        {"\xC2\xA0" "2026-11-21", 1795219200000.0},
        {"2026-11-21\xC2\xA0", 1795219200000.0},
        {"Nov\xC2\xA0" "21 2026", 1795219200000.0},
        {std::string_view("2026-11-21\x00" "10:00", 16), 1795219200000.0},
        {"Mon Jan 01 2024", 1704067200000.0},
        {"Jan 1 2024 10:00:00 XYZ", kNaN},
        {"Jan 1 2024 10:00:00 EST", 1704121200000.0},
        {"Jan 1 2024 10:00:00 edt", 1704117600000.0},
        {"Jan 1 2024 10:00 a.m.", kNaN},
        {"2024-01-01T00:00:00.000+0530", 1704047400000.0},
        {"2024-01-01T00:00:00.000+05", kNaN},
        {"2024-01-01T00:00:00.000+05:3", kNaN},
        {"2024-01-01T00:00:00.000 Z", kNaN},
        {"janvier 1 2024", 1704067200000.0},
        {"Ja 1 2024", kNaN},
        {"Janu 1 2024", 1704067200000.0},
        {"1 2 3", 1041465600000.0},
        {"1 2 3 4", kNaN},
        {"2024 1 2", 1704153600000.0},
        {"32 1 2", 1956614400000.0},
        {"1 32 2024", kNaN},
        {"10:00 1/2/2024", 1704189600000.0},
        {"10:00:00:00 1/2/2024", 1704189600000.0},
        {"Jan 1 2024 10::", 1704103200000.0},
        {"Jan 1 2024 10::00", 1704103200000.0},
    };
    int accepted = 0, rejected = 0;
    for (const DateCase& c : cases) {
        const std::optional<double> got = parse_date(c.text);
        if (std::isnan(c.ms)) {
            EXPECT_FALSE(got.has_value()) << show(c.text) << " -> " << (got ? *got : 0.0);
            ++rejected;
        } else {
            ASSERT_TRUE(got.has_value()) << show(c.text);
            EXPECT_EQ(*got, c.ms) << show(c.text);
            ++accepted;
        }
    }
    EXPECT_EQ(accepted + rejected, static_cast<int>(std::size(cases)));
    EXPECT_GT(accepted, 60);
    EXPECT_GT(rejected, 40);
}

TEST(JsDateParse, ExportTimestampsParseToTheirInstant) {
    EXPECT_EQ(parse_date("2026-11-21T10:33:08.799Z"), std::optional<double>(1795257188799.0));
    EXPECT_EQ(parse_date("1970-01-01T00:00:00.000Z"), std::optional<double>(0.0));
    EXPECT_LT(*parse_date("2026-11-21T10:33:08.799Z"), *parse_date("2026-11-21T10:33:09.001Z"));
}

TEST(JsDateParse, LocalTimeIsTakenAsUtc) {
    // Date-time forms without an offset are local time in JavaScript;
    // flagplan has no time zone and reads them as UTC (= node with TZ=UTC).
    EXPECT_EQ(parse_date("2026-11-21T10:33:08"), parse_date("2026-11-21T10:33:08Z"));
    EXPECT_EQ(parse_date("Nov 21 2026 10:33:08"), parse_date("Nov 21 2026 10:33:08 GMT"));
    // Date-only ISO forms are UTC by definition.
    EXPECT_EQ(parse_date("2026-11-21"), std::optional<double>(1795219200000.0));
}

TEST(JsDateParse, NegativeZeroBecomesZero) {
    const std::optional<double> v = parse_date("1970-01-01T00:00:00.000Z");
    ASSERT_TRUE(v.has_value());
    EXPECT_FALSE(std::signbit(*v));
}

TEST(JsDateParse, NeverCrashesOnHostileInput) {
    // Deterministic garbage: all bytes, long digit runs, deep parentheses.
    std::string s;
    for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>(i));
    (void)parse_date(s);
    (void)parse_date(std::string(100000, '9'));
    (void)parse_date(std::string(100000, '('));
    (void)parse_date(std::string(50000, ':') + "1");
    std::uint32_t x = 12345;
    for (int n = 0; n < 20000; ++n) {
        std::string t;
        const int len = static_cast<int>(x % 24);
        for (int k = 0; k < len; ++k) {
            x = x * 1664525u + 1013904223u;
            static const char alphabet[] = "0123456789-+:.T Z()/,JanNovGMTpm\xC2\xA0\xFF";
            t.push_back(alphabet[(x >> 8) % (sizeof alphabet - 1)]);
        }
        x = x * 1664525u + 1013904223u;
        const std::optional<double> v = parse_date(t);
        if (v) {
            EXPECT_LE(std::fabs(*v), 8.64e15) << show(t);
        }
    }
}

}  // namespace
