// Tests for flagplan's JavaScript regex support (js_regex.hpp).
//
// Expected verdicts come from node 20 (V8 11.3): `new RegExp(p).test(s)` and
// `try { new RegExp(p) } catch (e) { ... }`, baked in as literals here and in
// tests/fixtures/regex_cases.json ({pattern, subject, js: "match" | "nomatch"
// | "invalid"}; the same file will test the WebAssembly build's engine). The
// fixture holds no case on which V8 itself is inconsistent and no lone
// surrogates (JSON cannot carry them).
#include "flagplan/js/js_regex.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef FLAGPLAN_SOURCE_DIR
#define FLAGPLAN_SOURCE_DIR "."
#endif

namespace {

using flagplan::regex_backtracking_risk;
using flagplan::RegexEngine;
using flagplan::RegexOutcome;
using flagplan::RegexResult;
using flagplan::StdRegexEngine;

const char* name(RegexOutcome o) {
    switch (o) {
        case RegexOutcome::Match: return "match";
        case RegexOutcome::NoMatch: return "nomatch";
        case RegexOutcome::InvalidPattern: return "invalid";
        case RegexOutcome::Unsupported: return "unsupported";
        case RegexOutcome::TooExpensive: return "tooexpensive";
    }
    return "?";
}

std::string repeat(std::string_view unit, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += unit;
    return s;
}

// ---------------------------------------------------------------------------
// The shared fixture.

TEST(JsRegexFixture, EveryCaseIsJavaScriptsVerdictOrUnsupported) {
    const std::string path = std::string(FLAGPLAN_SOURCE_DIR) + "/tests/fixtures/regex_cases.json";
    std::ifstream in(path);
    ASSERT_TRUE(in) << "cannot open " << path;
    const nlohmann::json cases = nlohmann::json::parse(in);
    ASSERT_TRUE(cases.is_array());
    ASSERT_GE(cases.size(), 250u);

    StdRegexEngine engine;
    const RegexEngine& e = engine;
    int decided = 0, unsupported = 0;
    for (const auto& c : cases) {
        const std::string pattern = c.at("pattern");
        const std::string subject = c.at("subject");
        const std::string js = c.at("js");
        const std::string where = nlohmann::json(pattern).dump() + " on " + nlohmann::json(subject).dump();

        // check(): exact for every fixture pattern (no non-ASCII group names).
        const RegexResult syntax = e.check(pattern);
        EXPECT_EQ(name(syntax.outcome), std::string(js == "invalid" ? "invalid" : "match")) << where;
        if (syntax.outcome == RegexOutcome::InvalidPattern) {
            EXPECT_FALSE(syntax.detail.empty()) << where;
        }

        const RegexResult r = e.test(pattern, subject);
        if (r.outcome == RegexOutcome::Unsupported) {
            ++unsupported;
            EXPECT_FALSE(r.detail.empty()) << where;
            continue;
        }
        EXPECT_EQ(name(r.outcome), js) << where << " (" << r.detail << ")";
        ++decided;
    }
    // Unsupported must stay rare: back-references (3 cases), lookbehind (4)
    // and ^ or \b evaluated at a lookahead's own start (4).
    EXPECT_LE(unsupported, 11);
    EXPECT_GE(decided, static_cast<int>(cases.size()) - 11);
}

// ---------------------------------------------------------------------------
// Syntax.

TEST(JsRegexSyntax, CheckMatchesNodeNewRegExp) {
    struct Case {
        std::string_view pattern;
        bool valid;
    };
    const Case cases[] = {
        {"{", true},
        {"a{", true},
        {"a{1", true},
        {"a{1,", true},
        {"a{1,2", true},
        {"{1}", false},
        {"a|{1}", false},
        {"{,1}", true},
        {"x{,5}", true},
        {"}", true},
        {"]", true},
        {"a{2,1}", false},
        {"a{1}{2}", false},
        {"a**", false},
        {"a+*", false},
        {"a??", true},
        {"*", false},
        {"+a", false},
        {"?", false},
        {"(", false},
        {"(a", false},
        {")", false},
        {"a)", false},
        {"[", false},
        {"[a", false},
        {"[]", true},
        {"[^]", true},
        {"[z-a]", false},
        {"[a-z]", true},
        {"[\\d-z]", true},
        {"[z-\\d]", true},
        {"[\\w-\\d]", true},
        {"\\", false},
        {"a\\", false},
        {"(?", false},
        {"(?a)", false},
        {"(?:a)", true},
        {"(?=a)*", true},
        {"(?!a)+", true},
        {"(?<=a)*", false},
        {"(?<!a)?", false},
        {"(?<=a)", true},
        {"(?<n>a)", true},
        {"(?<n>a)(?<n>b)", false},
        {"(?<1n>a)", false},
        {"(?<n>a)\\k<n>", true},
        {"(?<n>a)\\k<m>", false},
        {"(?<n>a)\\k", false},
        {"\\k<n>", true},
        {"\\k", true},
        {"[\\k]", true},
        {"(?<n>a)[\\k]", false},
        {"\\1", true},
        {"(a)\\1", true},
        {"(a)\\2", true},
        {"\\8", true},
        {"\\08", true},
        {"\\400", true},
        {"\\c", true},
        {"\\c1", true},
        {"\\cA", true},
        {"[\\c]", true},
        {"[\\c1]", true},
        {"[\\c_]", true},
        {"\\u{41}", true},
        {"\\u{41", true},
        {"\\u004", true},
        {"\\x4", true},
        {"\\p{L}", true},
        {"\\P{L}", true},
        {"^*", false},
        {"$*", false},
        {"\\b*", false},
        {"\\B+", false},
        // ES2025 pattern modifiers and duplicate named groups (node 24).
        {"(?i:a)", true},
        {"(?-i:a)", true},
        {"(?ms-i:a)", true},
        {"(?ii:a)", false},
        {"(?i-i:a)", false},
        {"(?-:a)", false},
        {"(?x:a)", false},
        {"(?i)a", false},
        {"(?i)a", false},
        {"a{99999999999}", true},
        {"a{99999999999,2}", false},
        {"a{2,99999999999}", true},
        {"a{2147483647,2147483648}", true},
        {"[\\b]", true},
        {"[\\B]", true},
        {"\\-", true},
        {"[\\-]", true},
        {"\\_", true},
        {"\\/", true},
        {"/", true},
        {"a/b", true},
        {"(?<a$>x)", true},
        {"(?<$>x)", true},
        {"(?<_a1>x)", true},
        {"(?<\xC3\xA9>x)", true},
        {"(?<\\u0061>x)", true},
        {"(?<a>x)|(?<a>y)", true},
        {"(?:(?<a>x)|(?<a>y))\\k<a>", true},
        {"(?<a>x)|(?<a>y)(?<a>z)", false},
        {"(?<a>x)(?:(?<a>y)|z)", false},
        {"(?:)", true},
        {"()", true},
        {"|", true},
        {"a||b", true},
        {"[a-]", true},
        {"[-a]", true},
        {"[a-\\d]", true},
        {"[\\s-\\S]", true},
        {"\\0", true},
        {"\\00", true},
        {"\\07", true},
        {"\\777", true},
        {"[\\0-\\7]", true},
        {"[\\8]", true},
        {"[\\1]", true},
        {"\\12", true},
        {"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10", true},
        {"(a)\\10", true},
        {"(?=a){2}", true},
        {"(?:a){0}", true},
        {"a{0}", true},
        {"^{1}", false},
        {"^{", true},
        {"x*{", true},
        {"x{1}?", true},
        {"x{1}??", false},
        {"(?<=", false},
        {"(?<", false},
        {"(?<>a)", false},
        {"(?<a>", false},
        {"[\\u{41}]", true},
        {"\\c[", false},
        {"\\ca", true},
        {"[a-a]", true},
        {"[\\x41-\\x40]", false},
        {"\\u{}", true},
        {"a{,}", true},
        {"a{1,2}{3}", false},
        {"(?=a)?", true},
        {"(?!)", true},
        {"(?=)", true},
        {"\\k<a>(?<a>b)", true},
        {"(?<a>a)\\k<a", false},
        {"[\\k<a>]", true},
        {"(?<\\u{61}>x)", true},
        {"(?<\\u0061>x)\\k<a>", true},
        {"(?<a\\u0031>x)", true},
        {"(?<\\u0031>x)", false},
        {"(?<a\\u{}>x)", false},
        {"(?<a\\u00>x)", false},
        {"(?<a\\u002d>x)", false},
        {"(?<a>x)\\k<\\u0061>", true},
        {"(?<x\\k<n>>a)", false},
        {"[\\", false},
        {"a{1,2}?", true},
        {"a{,2}{", true},
        {"(?=a){1,2}?", true},
        {"(?!a)*?", true},
        {"\\b{", true},
        {"$+", false},
        {"^?", false},
        {"(?:a|b|)+", true},
        {"[\\w-\\d-a]", true},
        {"[--a]", true},
        {"[a-z-0]", true},
        {"[\\u0041-\\u0040]", false},
        {"[\\x5a-\\x41]", false},
        {"a{0,0}", true},
        {"(?<a>)(?<b>)\\k<a>\\k<b>", true},
        {"(?<$1>x)", true},
        {"(?<_>x)(?<__>y)", true},
    };
    StdRegexEngine e;
    int unsupported = 0;
    for (const Case& c : cases) {
        const RegexResult r = e.check(c.pattern);
        if (!c.valid) {
            EXPECT_EQ(r.outcome, RegexOutcome::InvalidPattern) << c.pattern << " " << name(r.outcome);
        } else if (r.outcome == RegexOutcome::Unsupported) {
            ++unsupported;  // a non-ASCII capture group name
        } else {
            EXPECT_EQ(r.outcome, RegexOutcome::Match) << c.pattern << " " << r.detail;
        }
    }
    EXPECT_EQ(unsupported, 1);  // (?<é>x)
}

// ES2025 pattern modifiers and duplicate named groups, as node 24 (FlagFlow's
// runtime) runs them; reference vectors flag-0317..0336. One case per rule.
TEST(JsRegexModifiers, EachRuleGivesNode24sVerdict) {
    StdRegexEngine e;
    struct Case {
        const char* pattern;
        const char* subject;  // UTF-8
        RegexOutcome expected;
    };
    const Case cases[] = {
        {"(?i:abc)", "xABCx", RegexOutcome::Match},       // i folds ASCII letters
        {"(?i:abc)", "ab", RegexOutcome::NoMatch},
        {"(?i:x(?-i:a)b)", "XaB", RegexOutcome::Match},   // -i turns it off inside
        {"(?i:x(?-i:a)b)", "XAB", RegexOutcome::NoMatch},
        {"(?-i:a)b", "Ab", RegexOutcome::NoMatch},
        {"(?i:[^a])", "A", RegexOutcome::NoMatch},        // a class is folded before it is inverted
        {"(?i:[a-c]x)", "BX", RegexOutcome::Match},
        {"(?i:\\u00e4)", "\xC3\x84", RegexOutcome::Match},  // Latin-1: ä and Ä
        {"(?i:\\u0436)", "\xD0\x96", RegexOutcome::Match},  // Cyrillic: ж and Ж
        {"(?m:^b)", "a\nb", RegexOutcome::Match},          // m: ^ after a line terminator
        {"(?m:^b)", "ab", RegexOutcome::NoMatch},
        {"(?m:a$)", "a\xE2\x80\xA8" "b", RegexOutcome::Match},  // m: $ before one (U+2028)
        {"a$", "a\nb", RegexOutcome::NoMatch},
        {"(?s:a.b)", "a\nb", RegexOutcome::Match},         // s: . matches line terminators
        {"a.b", "a\nb", RegexOutcome::NoMatch},
        {"^(?<d>a)|(?<d>b)$", "b", RegexOutcome::Match},   // duplicate names in alternatives
        {"^(?<d>a)|(?<d>b)$", "c", RegexOutcome::NoMatch},
        {"(?i:\\u017f)", "s", RegexOutcome::Unsupported},  // Latin Extended folding is not tabled
        {"x(?m:^b)", "x\nb", RegexOutcome::Unsupported},   // ^ under m not at the start
    };
    for (const Case& c : cases) {
        const RegexResult r = e.test(c.pattern, c.subject);
        EXPECT_EQ(std::string(name(r.outcome)), std::string(name(c.expected)))
            << c.pattern << " on " << nlohmann::json(c.subject).dump() << " (" << r.detail << ")";
    }
}

// What the wasm module hands an older host RegExp: node 24 syntax rewritten
// into older syntax (no modifier group, no group name), or the reason it
// cannot be.
TEST(JsRegexModifiers, PortableTranslationUsesOnlyOlderSyntax) {
    for (const char* pattern : {"(?i:abc)", "^(?<d>a)|(?<d>b)$", "(?m:^b)", "(?s:a.b)"}) {
        const flagplan::PortableRegex p = flagplan::portable_js_regex(pattern, 10);
        EXPECT_EQ(p.result.outcome, RegexOutcome::Match) << pattern << " " << p.result.detail;
        const std::string source(p.source.begin(), p.source.end());
        EXPECT_EQ(source.find("(?i"), std::string::npos) << source;
        EXPECT_EQ(source.find("(?m"), std::string::npos) << source;
        EXPECT_EQ(source.find("(?s"), std::string::npos) << source;
        EXPECT_EQ(source.find("(?<"), std::string::npos) << source;
    }
    EXPECT_EQ(flagplan::portable_js_regex("(?i:abc)", 3).source, u"[\\u0000-\\uffff]*(?:[Aa][Bb][Cc])");
    EXPECT_EQ(flagplan::portable_js_regex("(?<n>a)\\k<n>", 3).source, u"[\\u0000-\\uffff]*(?:(a)\\1)");
    EXPECT_EQ(flagplan::portable_js_regex("(?ii:a)", 3).result.outcome, RegexOutcome::InvalidPattern);
    EXPECT_EQ(flagplan::js_regex_syntax("(?i:a)").outcome, RegexOutcome::Match);
    EXPECT_EQ(flagplan::js_regex_syntax("(?i)a").outcome, RegexOutcome::InvalidPattern);
}

TEST(JsRegexSyntax, DetailsNameTheSyntaxError) {
    StdRegexEngine e;
    EXPECT_EQ(e.check("(a").detail, "Unterminated group");
    EXPECT_EQ(e.check("a)").detail, "Unmatched ')'");
    EXPECT_EQ(e.check("[z-a]").detail, "Range out of order in character class");
    EXPECT_EQ(e.check("a{2,1}").detail, "numbers out of order in {} quantifier");
    EXPECT_EQ(e.check("*").detail, "Nothing to repeat");
    EXPECT_EQ(e.check("[a").detail, "Unterminated character class");
    EXPECT_EQ(e.check("a\\").detail, "\\ at end of pattern");
    EXPECT_EQ(e.check("(?i)a").detail, "Invalid group");
    EXPECT_EQ(e.check("(?<n>a)(?<n>b)").detail, "Duplicate capture group name");
    EXPECT_EQ(e.check("^[a-z]+$").outcome, RegexOutcome::Match);
    EXPECT_TRUE(e.check("^[a-z]+$").detail.empty());
    // test() reports the syntax error too.
    EXPECT_EQ(e.test("(a", "a").outcome, RegexOutcome::InvalidPattern);
}

// ---------------------------------------------------------------------------
// Realistic patterns must be decided, never Unsupported.

TEST(JsRegexRealistic, DecidesCommonValidationPatterns) {
    struct Case {
        const char* pattern;
        const char* subject;
        bool match;
    };
    const Case cases[] = {
        {"^[a-z0-9-]+$", "checkout-v2", true},
        {"^[a-z0-9-]+$", "Checkout", false},
        {"^[A-Z0-9]{6,10}$", "PROMO2026", true},
        {"^[A-Z0-9]{6,10}$", "PROMO", false},
        {"^[A-Z0-9]{6,10}$", "PROMO2026XYZ", false},
        {"^[a-z]+(,[a-z]+)*$", "red,green,blue", true},
        {"^[a-z]+(,[a-z]+)*$", "red,,blue", false},
        {"\\d{3}", "order 123", true},
        {"\\d{3}", "order 12", false},
        {"^https?://", "https://example.com", true},
        {"^https?://", "mailto:x", false},
        {"^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", "ops@example.org", true},
        {"^\\d+(\\.\\d+){2}$", "10.4.2", true},
        {"^(?=.*\\d)(?=.*[a-z]).{8,}$", "s3cretpass", true},
        {"^(?=.*\\d)(?=.*[a-z]).{8,}$", "secretpass", false},
        {"^#[0-9a-fA-F]{6}$", "#C0FFEE", true},
        {"^[a-z][0-9a-z]*(_[0-9a-z]+)*(/[a-z][0-9a-z]*(_[0-9a-z]+)*)*$", "billing/invoice_v2", true},
        {"^[a-z][0-9a-z]*(_[0-9a-z]+)*(/[a-z][0-9a-z]*(_[0-9a-z]+)*)*$", "billing//x", false},
        {"^.{0,5}$", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80", false},  // 6 UTF-16 units
        {"^.{0,6}$", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80", true},
        {"\\p{L}", "p{L}", true},   // no u flag: literal text
        {"\\p{L}", "abc", false},
        {"^\\w+$", "na\xC3\xAFve", false},  // \w is ASCII only
        {"\\s", "a\xC2\xA0" "b", true},     // \s includes U+00A0
        {"^.$", "\xE2\x80\xA8", false},     // . excludes U+2028
        {"", "", true},
        {"colou?r", "The color", true},
    };
    StdRegexEngine e;
    for (const Case& c : cases) {
        const RegexResult r = e.test(c.pattern, c.subject);
        EXPECT_EQ(r.outcome, c.match ? RegexOutcome::Match : RegexOutcome::NoMatch)
            << c.pattern << " on " << c.subject << ": " << name(r.outcome) << " " << r.detail;
    }
}

// ---------------------------------------------------------------------------
// Back-references, with node's verdicts (JavaScript semantics: a capture not
// set yet, or in another alternative, matches empty; a repetition resets the
// captures of its atom before each iteration).

TEST(JsRegexBackreferences, FollowJavaScriptCaptureSemantics) {
    StdRegexEngine e;
    const struct {
        const char* pattern;
        const char* subject;
        bool match;
    } cases[] = {
        {"(a)\\1", "aa", true},          {"(a)\\1", "ab", false},
        {"^(a+)\\1$", "aaaa", true},     {"^(a+)\\1$", "aaa", false},
        {"(?<q>[ab])\\k<q>", "bb", true}, {"(?<q>[ab])\\k<q>", "ab", false},
        {"(?<n>a)\\k<n>", "ab", false},   {"(?:(a)x)\\1", "axa", true},
        {"(?:(a)x)\\1", "axb", false},    {"(a)(?:\\1|z)$", "az", true},
        {"\\1(a)", "a", true},            {"\\k<q>(?<q>x)", "x", true},  // forward: empty
        {"(a\\1)", "a", true},            {"(a)|\\1b", "b", true},     // own group, other alternative
        {"(?:(a)|b\\1)+$", "ab", true},   {"^(?:\\1b(a))+$", "baba", true},
    };
    for (const auto& c : cases) {
        const RegexResult r = e.test(c.pattern, c.subject);
        EXPECT_EQ(r.outcome, c.match ? RegexOutcome::Match : RegexOutcome::NoMatch)
            << c.pattern << " on " << c.subject << ": " << name(r.outcome) << " " << r.detail;
    }
    // Run on the backtracking executor: bounded by the subject length.
    EXPECT_EQ(e.test("^(a+)\\1$", std::string(300, 'a')).outcome, RegexOutcome::TooExpensive);
}

// ---------------------------------------------------------------------------
// What the native engine cannot reproduce, it says.

TEST(JsRegexUnsupported, ReportsConstructsItCannotReproduce) {
    StdRegexEngine e;
    const char* patterns[] = {
        "(a)?\\1",                // back-reference to an optional group
        "(?:(a)b)*\\1",           // ... to a repeated group
        "(?<n>a)|(?<n>b)\\k<n>",  // ... to a name on two groups
        "(?i:(a)\\1)",            // ... under case folding
        "(?<=a)b",                // lookbehind
        "(?<!a)b",
        "^(?:(?=a)a)*(?:ab){2}",  // lookahead in a repeated group: V8 is inconsistent
        "x(?=\\b)",               // \b at a lookahead's start
        "a(?!^)",
    };
    for (const char* p : patterns) {
        EXPECT_EQ(e.check(p).outcome, RegexOutcome::Match) << p;  // they compile
        const RegexResult r = e.test(p, "aaabab");
        EXPECT_EQ(r.outcome, RegexOutcome::Unsupported) << p << " " << name(r.outcome);
        EXPECT_FALSE(r.detail.empty()) << p;
    }
    // A \b later in the lookahead, or in one that can only run at offset 0, is fine.
    EXPECT_EQ(e.test("x(?=y\\b)", "xy z").outcome, RegexOutcome::Match);
    EXPECT_EQ(e.test("^(?=\\bab)", "ab").outcome, RegexOutcome::Match);
    // Non-ASCII capture-group names need Unicode ID tables.
    EXPECT_EQ(e.check("(?<\xC3\xA9>x)").outcome, RegexOutcome::Unsupported);
    EXPECT_EQ(e.check("(?<\xE2\x82\xAC>x)(").outcome, RegexOutcome::InvalidPattern);
    // Deeper than 256 nested groups.
    EXPECT_EQ(e.check(repeat("(", 257) + "a" + repeat(")", 257)).outcome, RegexOutcome::Unsupported);
    EXPECT_EQ(e.check(repeat("(", 256) + "a" + repeat(")", 256)).outcome, RegexOutcome::Match);
}

// ---------------------------------------------------------------------------
// Limits::max_regex_subject = 10,000 UTF-16 units must be safe natively.

TEST(JsRegexLongSubject, TenThousandUnitsNeitherCrashNorStall) {
    StdRegexEngine e;
    const std::string a10k = repeat("a", 10000);
    struct Case {
        const char* pattern;
        std::string subject;
        RegexOutcome expected;
    };
    const Case cases[] = {
        {"(a|b)*c", a10k, RegexOutcome::NoMatch},
        {"(a|b)*c", repeat("a", 9999) + "c", RegexOutcome::Match},
        {"^[a-z0-9-]+$", a10k, RegexOutcome::Match},
        {"^[a-z0-9-]+$", repeat("a", 9999) + "A", RegexOutcome::NoMatch},
        {".*x", a10k, RegexOutcome::NoMatch},
        {".*x", repeat("a", 9999) + "x", RegexOutcome::Match},
        {"(a+)+b", a10k, RegexOutcome::NoMatch},   // catastrophic for a backtracker
        {"^(\\w+\\s?)*$", repeat("a", 9999) + "!", RegexOutcome::NoMatch},
        {"^.+$", repeat("\xF0\x9F\x98\x80", 5000), RegexOutcome::Match},  // 10,000 units
        {"^(?:..)*$", repeat("\xF0\x9F\x98\x80", 5000), RegexOutcome::Match},
        {"^[a-z]+(,[a-z]+)*$", repeat("ab,", 3333) + "a", RegexOutcome::Match},
        {"\\d{3}", a10k, RegexOutcome::NoMatch},
        {"a{0,100000}b", a10k, RegexOutcome::NoMatch},
        {"^(?=.*\\d)(?=.*[a-z]).{8,}$", a10k + "1", RegexOutcome::Match},
    };
    for (const Case& c : cases) {
        const auto t0 = std::chrono::steady_clock::now();
        const RegexResult r = e.test(c.pattern, c.subject);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        EXPECT_EQ(r.outcome, c.expected) << c.pattern << ": " << name(r.outcome) << " " << r.detail;
        EXPECT_LT(seconds, 5.0) << c.pattern;  // generous: ASan builds
    }
}

TEST(JsRegexLongSubject, ReportsTooExpensiveInsteadOfStalling) {
    StdRegexEngine e;
    const std::string a10k = repeat("a", 10000);
    EXPECT_EQ(e.test("(?:a{100}){100}", a10k).outcome, RegexOutcome::TooExpensive);
    EXPECT_EQ(e.test("(?:a{100}){100}", "a").outcome, RegexOutcome::NoMatch);  // cannot fit
    EXPECT_EQ(e.test("(?=.*\\d)", a10k).outcome, RegexOutcome::TooExpensive);  // quadratic
    EXPECT_EQ(e.test("(?=.*\\d)", repeat("a", 100)).outcome, RegexOutcome::NoMatch);
    EXPECT_EQ(e.test("(?=.*\\d)", repeat("a", 100) + "7").outcome, RegexOutcome::Match);
    EXPECT_EQ(e.test("[a-z]{1600}", a10k).outcome, RegexOutcome::TooExpensive);
    EXPECT_EQ(e.test("[a-z]{1600}", repeat("a", 100)).outcome, RegexOutcome::NoMatch);  // cannot fit
    EXPECT_EQ(e.test("^.{10000}$", a10k).outcome, RegexOutcome::TooExpensive);
    EXPECT_EQ(e.test("^.{10000}$", "short").outcome, RegexOutcome::NoMatch);
    const RegexResult r = e.test("(?:a{100}){100}", a10k);
    EXPECT_FALSE(r.detail.empty());
    // Counts above what the subject allows cost nothing.
    EXPECT_EQ(e.test("^a{0,100000}$", a10k).outcome, RegexOutcome::Match);
    EXPECT_EQ(e.test("^a{3,100000}$", "aa").outcome, RegexOutcome::NoMatch);
}

// ---------------------------------------------------------------------------
// Robustness.

TEST(JsRegexEngine, IllFormedUtf8IsMatchedAsReplacementCharacters) {
    StdRegexEngine e;
    EXPECT_EQ(e.test("\xFF", "a\xFF" "b").outcome, RegexOutcome::Match);
    EXPECT_EQ(e.test("^.$", "\xF0\x9F\x98").outcome, RegexOutcome::Match);  // one U+FFFD
    EXPECT_EQ(e.test("^\\uFFFD$", "\xC0").outcome, RegexOutcome::Match);
    EXPECT_EQ(e.check("[\xFF-\xFE]").outcome, RegexOutcome::Match);  // U+FFFD-U+FFFD
}

TEST(JsRegexEngine, CacheDoesNotLeakBetweenPatternsOrSubjectLengths) {
    StdRegexEngine e;
    for (int round = 0; round < 3; ++round) {
        EXPECT_EQ(e.test("^a{2,3}$", "aa").outcome, RegexOutcome::Match);
        EXPECT_EQ(e.test("^a{2,3}$", "aaaa").outcome, RegexOutcome::NoMatch);
        EXPECT_EQ(e.test("^b+$", "bbb").outcome, RegexOutcome::Match);
        EXPECT_EQ(e.test("^a{2,3}$", std::string(500, 'a')).outcome, RegexOutcome::NoMatch);
        EXPECT_EQ(e.check("(").outcome, RegexOutcome::InvalidPattern);
        EXPECT_EQ(e.test("^a{2,3}$", "aaa").outcome, RegexOutcome::Match);
    }
}

TEST(JsRegexEngine, CacheKeepsAnswersAcrossManyInterleavedPatterns) {
    // More patterns than the engine keeps (32), interleaved, three rounds:
    // each pattern must be answered as itself whether cached or evicted.
    StdRegexEngine e;
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 40; ++i) {
            const std::string pattern = "^p" + std::to_string(i) + "(?:x{2,3})?$";
            EXPECT_EQ(e.test(pattern, "p" + std::to_string(i)).outcome, RegexOutcome::Match) << pattern;
            EXPECT_EQ(e.test(pattern, "p" + std::to_string(i) + "xxx").outcome, RegexOutcome::Match) << pattern;
            EXPECT_EQ(e.test(pattern, "p" + std::to_string(i + 1)).outcome, RegexOutcome::NoMatch) << pattern;
            EXPECT_EQ(e.test(pattern, "p" + std::to_string(i) + "xxxx").outcome, RegexOutcome::NoMatch) << pattern;
            EXPECT_EQ(e.check(i % 2 ? "(" : "a{2,1}").outcome, RegexOutcome::InvalidPattern);
        }
    }
}

TEST(JsRegexEngine, NeverCrashesOnGarbage) {
    StdRegexEngine e;
    static const char* const pieces[] = {
        "a", "b", "(", ")", "[", "]", "{", "}", "{2}", "{1,3}", "*", "+", "?", "|", "^", "$", ".",
        "\\", "\\d", "\\b", "\\B", "\\1", "\\k<n>", "(?<n>", "(?=", "(?!", "(?<=", "(?:", "\\u{",
        "\\x", "\\c", "[^", "-", "\xFF", "\xC3\xA9", "\xF0\x9F\x98\x80", "\\0", "{,", "(?<"};
    std::uint32_t x = 2026;
    int outcomes[5] = {0, 0, 0, 0, 0};
    for (int n = 0; n < 3000; ++n) {
        std::string p;
        x = x * 1664525u + 1013904223u;
        const int len = 1 + static_cast<int>((x >> 8) % 12);
        for (int k = 0; k < len; ++k) {
            x = x * 1664525u + 1013904223u;
            p += pieces[(x >> 8) % (sizeof pieces / sizeof pieces[0])];
        }
        const RegexResult r = e.test(p, "ab\xC3\xA9-1 \xF0\x9F\x98\x80");
        ++outcomes[static_cast<int>(r.outcome)];
        (void)regex_backtracking_risk(p);
    }
    EXPECT_GT(outcomes[static_cast<int>(RegexOutcome::Match)], 0);
    EXPECT_GT(outcomes[static_cast<int>(RegexOutcome::NoMatch)], 0);
    EXPECT_GT(outcomes[static_cast<int>(RegexOutcome::InvalidPattern)], 0);
    // Extremes.
    EXPECT_EQ(e.check(std::string(100000, '(')).outcome, RegexOutcome::Unsupported);
    EXPECT_EQ(e.check(std::string(100000, 'a')).outcome, RegexOutcome::Match);
    EXPECT_EQ(e.check(std::string(100001, 'a')).outcome, RegexOutcome::Unsupported);
    EXPECT_EQ(e.test(std::string(1 << 20, 'a'), "a").outcome, RegexOutcome::Unsupported);
    EXPECT_EQ(e.test(std::string(100000, 'a'), "a").outcome, RegexOutcome::TooExpensive);
    EXPECT_EQ(e.test(repeat("(?:a?)", 2000), "aaa").outcome, RegexOutcome::TooExpensive);
    EXPECT_EQ(e.test(repeat("(?:a?)", 500), "aaa").outcome, RegexOutcome::Match);
    EXPECT_EQ(e.test(repeat("(", 256) + "a" + repeat(")", 256), "a").outcome, RegexOutcome::Match);
    // libstdc++ compiles nesting recursively: the native engine stops at 64.
    EXPECT_EQ(e.test(repeat("(?=", 64) + "a" + repeat(")", 64), "a").outcome, RegexOutcome::Match);
    EXPECT_EQ(e.test(repeat("(?=", 65) + "a" + repeat(")", 65), "a").outcome, RegexOutcome::TooExpensive);
    EXPECT_EQ(e.test(repeat("(?:a|", 64) + "b" + repeat(")*", 64), "ab").outcome, RegexOutcome::Match);
    EXPECT_EQ(e.test(repeat("(?:a|", 256) + "b" + repeat(")*", 256), "ab").outcome, RegexOutcome::TooExpensive);
    EXPECT_FALSE(regex_backtracking_risk(repeat("(?:a|", 64) + "b" + repeat(")*", 64)).empty());
    EXPECT_FALSE(regex_backtracking_risk(std::string(100000, 'a')).empty());  // too large to analyse
    EXPECT_FALSE(regex_backtracking_risk(std::string(100001, 'a')).empty());
    EXPECT_FALSE(regex_backtracking_risk(repeat("(", 257) + "a" + repeat(")", 257)).empty());
}

// ---------------------------------------------------------------------------
// Backtracking-risk guard.

TEST(JsRegexRisk, FlagsCatastrophicPatterns) {
    const char* risky[] = {
        "(a+)+", "(a*)*", "(a|a)*", "(\\w+\\s?)+", "^(\\w+\\s?)*$", "(x+x+)+y", "^(a+)+$",
        "(a|aa)+", "(a|a?)+", "([a-zA-Z]+)*", "(.*a){11}", "(a|a){20}",
        "\\d+\\d+x", ".*.*x", "a*a*a*b", "^\\d+\\d+\\d+x", ".*(?=.*x)", "(?=(a+)+b)",
        "^(([a-z])+.)+[A-Z]([a-z])+$",
    };
    for (const char* p : risky) EXPECT_FALSE(regex_backtracking_risk(p).empty()) << p;
}

TEST(JsRegexRisk, AcceptsRealisticPatterns) {
    const char* safe[] = {
        "^[a-z0-9-]+$", "^[A-Z0-9]{6,10}$", "^[a-z]+(,[a-z]+)*$", "\\d{3}", "^https?://",
        "^(?=.*\\d)(?=.*[a-z]).{8,}$", "(a|b)*c", ".*x", "(a|ab)*c", "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$",
        "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$", "^\\d+(\\.\\d+){2}$",
        "^(alpha|beta|rc)\\d*$", "^\\d+\\d+x", "^#[0-9a-fA-F]{6}$", "", "abc", "(?=.*\\d)", "^.*$",
        "^[a-z][0-9a-z]*(_[0-9a-z]+)*(/[a-z][0-9a-z]*(_[0-9a-z]+)*)*$", "^(\\d{1,3}\\.){3}\\d{1,3}$",
        "^\\+?[1-9]\\d{1,14}$", "^(https?|ftp)://[^\\s/$.?#].[^\\s]*$",
        "(", "[z-a]",  // invalid: nothing to run
    };
    for (const char* p : safe) EXPECT_EQ(regex_backtracking_risk(p), "") << p;
}

}  // namespace
