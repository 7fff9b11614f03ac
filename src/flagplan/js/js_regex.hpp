// FlagFlow tests a STRING flag's `regExp` as `new RegExp(pattern).test(value)`:
// JavaScript syntax with no flags (so not unicode mode), an unanchored search
// over UTF-16 code units. This header is the one seam between the validator
// and a regular-expression engine, so the WebAssembly build can plug in the
// browser's own RegExp while the native build uses std::regex.
//
// Both the pattern and the subject are UTF-8 (decoded like js_text.hpp: WTF-8
// tolerant, U+FFFD for ill-formed bytes) and are matched as UTF-16 code
// units, as JavaScript does without the `u` flag: `.` matches one unit
// (half of an astral character), `\d` is [0-9], `\w` is [A-Za-z0-9_], `\s`
// includes the Unicode spaces, `\p{L}` is the literal text "p{L}".
//
// Reference: ECMAScript 2025 22.2 with Annex B.1.2 (web-compatibility
// grammar) as implemented by V8 in node 24.11.1, FlagFlow's runtime: pattern
// modifiers `(?i:...)`, `(?-i:...)`, `(?m:...)`, `(?s:...)` and duplicate
// named groups in alternatives (`(?<d>a)|(?<d>b)`) are valid. Verdicts are
// tested on tests/fixtures/regex_cases.json and on FlagFlow's reference
// vectors (tests/engine/flagflow_vectors_test.cpp).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace flagplan {

enum class RegexOutcome {
    Match,           ///< check: the pattern compiles; test: RegExp.prototype.test is true
    NoMatch,         ///< test: RegExp.prototype.test is false
    InvalidPattern,  ///< `new RegExp(pattern)` throws a SyntaxError in JavaScript
    Unsupported,     ///< the engine cannot give JavaScript's answer for this input
    TooExpensive,    ///< answering would exceed the engine's time or memory bounds
};

/// An engine's answer. `detail` is empty for Match/NoMatch; otherwise it says
/// why, in engine-independent words (e.g. "Unterminated group",
/// "back-references are not supported"), suitable for a diagnostic.
struct RegexResult {
    RegexOutcome outcome = RegexOutcome::NoMatch;
    std::string detail;
};

/// A JavaScript regular-expression engine (no flags). Implementations never
/// throw and may cache compiled patterns (so one instance must not be used
/// from two threads at once). Answers depend only on the arguments: the same
/// pattern (and subject) always gets the same answer.
class RegexEngine {
public:
    virtual ~RegexEngine() = default;
    /// Whether `new RegExp(pattern)` succeeds: Match, InvalidPattern (detail =
    /// the syntax error), or Unsupported when the engine cannot tell.
    virtual RegexResult check(std::string_view pattern) const = 0;
    /// `new RegExp(pattern).test(subject)`: Match / NoMatch, or
    /// InvalidPattern, Unsupported, TooExpensive (with detail).
    virtual RegexResult test(std::string_view pattern, std::string_view subject) const = 0;
};

/// The native engine. Syntax is decided by flagplan's own parser of the
/// JavaScript grammar (non-unicode mode, Annex B, V8's rules and error
/// texts), so check() is exact except for capture-group names containing a
/// non-ASCII code point (deciding them needs Unicode ID_Start/ID_Continue
/// tables), group nesting deeper than 256 and patterns longer than 100,000
/// UTF-16 units: all Unsupported.
///
/// test() translates the pattern into an equivalent std::regex ECMAScript
/// pattern over UTF-16 units held in wchar_t (every character and class
/// spelled out as explicit unit ranges, so no locale is consulted; `\b` uses
/// JavaScript's word characters) and runs it with libstdc++'s polynomial
/// (Thompson NFA) executor as one anchored pass: time O(subject × pattern),
/// stack independent of the subject, no catastrophic backtracking.
///
/// Modifiers: `i` folds letters as JavaScript does without the u flag for
/// ASCII, Latin-1, basic Greek and Cyrillic (test() answers Unsupported for a
/// set that partly covers other cased scripts); `s` makes `.` match every
/// unit; `m` makes `$` match before a line terminator, and `^` after one when
/// it starts the pattern (elsewhere: Unsupported).
///
/// Back-references (`\1`, `\k<name>`) follow JavaScript's capture semantics:
/// a reference to a group that closes after it (a forward reference, or one
/// inside its own group) or that sits in another alternative matches empty;
/// a reference to a group matched just before it in the same sequence (no
/// `?`, `*`, `|` or lookahead between them) is run as std::regex's `\N`
/// on its backtracking executor, for subjects of at most 256 UTF-16 units and
/// patterns regex_backtracking_risk() does not flag (else TooExpensive).
///
/// test() answers Unsupported for (each rare in validation patterns):
///  * a back-reference to an optional, repeated or lookahead group, to a
///    name given to several groups, or inside `(?i:...)`: JavaScript's
///    capture semantics (reset per iteration, empty for unset groups, case
///    folding) are not std::regex's there;
///  * lookbehind (`(?<=` `(?<!`): std::regex has none;
///  * ^, \b or \B evaluated at the very start of a lookahead that can run at
///    offset > 0 (`x(?=\b)`): libstdc++ runs lookaheads as a new search that
///    believes the subject starts there;
///  * a lookahead inside a group repeated more than once
///    (`^(?:(?=a)a)*(?:ab){2}`): node 20's V8 itself answers these
///    inconsistently (the answer changes once V8 tiers the regex up);
///  * whatever check() answers Unsupported.
///
/// test() answers TooExpensive when groups nest more than 64 deep (libstdc++
/// compiles them recursively), when the pattern expands to more than 5000
/// NFA states (counted repetitions such as `(a{100}){100}`; counts are first
/// clamped to what the subject length allows, so `a{0,100000}` is cheap), or
/// when the estimated work (subject units × states, plus lookahead re-scans)
/// exceeds 2e7 steps (about 0.3 s; 3 s under ASan). Within those bounds a
/// subject of 10,000 UTF-16 units (Limits::max_regex_subject) is safe, ASan
/// included: `(a|b)*c`, `^[a-z0-9-]+$`, `.*x`, `(a+)+b` on 10,000 units take
/// a few ms. Typical TooExpensive cases at 10,000 units: an unanchored
/// lookahead that scans to the end (`(?=.*\d)`: quadratic), `[a-z]{1600}`.
///
/// Built against another standard library (libc++ in the Emscripten build),
/// std::regex has no polynomial executor: test() then answers TooExpensive
/// for subjects over 256 units and for patterns regex_backtracking_risk()
/// flags. Keeps the 32 most recently used patterns parsed and, for each, its
/// 4 most recent compiled translations (std::regex compilation dominates a
/// test() on a short subject). Not thread-safe (the cache): one instance per
/// thread.
class StdRegexEngine final : public RegexEngine {
public:
    StdRegexEngine();
    ~StdRegexEngine() override;
    StdRegexEngine(const StdRegexEngine&) = delete;
    StdRegexEngine& operator=(const StdRegexEngine&) = delete;

    RegexResult check(std::string_view pattern) const override;
    RegexResult test(std::string_view pattern, std::string_view subject) const override;

private:
    struct Cache;
    std::unique_ptr<Cache> cache_;  // recently used patterns, parsed and compiled
};

/// check() of the native engine without its cache: `new RegExp(pattern)`'s
/// verdict by flagplan's own parser of node 24's grammar (Match,
/// InvalidPattern with V8's reason, or Unsupported). Pulls in no regex
/// executor.
RegexResult js_regex_syntax(std::string_view pattern);

/// For a host whose RegExp is older than node 24 (it rejects ES2025 syntax
/// such as `(?i:...)` or duplicate named groups): `pattern` rewritten as the
/// native engine's translation, an equivalent regex source in older
/// ECMAScript syntax (letters of a modifier group folded into classes,
/// group names dropped, every unit spelled as \uXXXX). A host RegExp of
/// `source` with no flags, tested with its match anchored at the subject's
/// start, answers what `new RegExp(pattern).test(subject)` answers on node 24.
/// `result` is Match when `source` is set; else InvalidPattern, Unsupported
/// or TooExpensive with a detail, as StdRegexEngine::test() would answer for
/// a subject of `subject_units` UTF-16 units. Pulls in no regex executor.
struct PortableRegex {
    RegexResult result;
    std::u16string source;
};
PortableRegex portable_js_regex(std::string_view pattern, std::size_t subject_units);

/// Shared guard, for callers of any engine that backtracks (the browser's
/// RegExp, V8): a non-empty reason when running `pattern` as a JavaScript
/// regex may take exponential time, or polynomial time of degree >= 3 in the
/// subject length, so the caller reports instead of freezing. Empty when the
/// pattern looks safe or does not compile. Static: looks at the pattern only.
///
/// Flagged:
///  * exponential ambiguity: a repetition whose body can match the same text
///    in two ways: (a+)+, (a*)*, (a|a)*, (a|aa)+, (\w+\s?)+, (.*a){11};
///  * polynomial ambiguity: quantified parts that can consume the same text
///    one after another: \d+\d+x, .*.*x, a*a*a*b. A chain of k such parts
///    costs about n^(k+1) per start position and V8 retries every start
///    unless the pattern begins with ^, so the pattern is flagged when that
///    exponent (+1 when unanchored) reaches 3: \d+\d+x but not ^\d+\d+x;
///  * lookaheads re-scanning the subject from many positions: .*(?=.*x);
///  * patterns too large to analyse (> 2000 positions or 1e6 steps).
/// Not flagged: unambiguous loops such as (a|b)*c, (a|ab)*c, .*x,
/// ^[a-z]+(,[a-z]+)*$, ^\d+(\.\d+){2}$, ^(?=.*\d)(?=.*[a-z]).{8,}$.
/// Conservative by construction (it may flag a safe pattern, e.g. bounded
/// counts above 3 are analysed as unbounded, so (?:a{1,2}){1,5}b is flagged).
/// Method: the pattern's position automaton keeping ε-path multiplicities
/// (with JavaScript's empty-iteration rule), the exponential-ambiguity test on
/// its self-product (Allauzen, Mohri & Rastogi 2008), and a conservative
/// loop-chain test for the polynomial degree.
std::string regex_backtracking_risk(std::string_view pattern);

}  // namespace flagplan
