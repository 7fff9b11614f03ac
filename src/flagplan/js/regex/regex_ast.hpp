// Private to src/flagplan/js/regex/: the syntax tree of a JavaScript
// regular expression (no flags) and the stages over it, shared by the
// parser (parser.cpp), the translator to std::regex (translator.cpp), the
// backtracking-risk analysis (risk.cpp) and the API of js_regex.hpp
// (engine.cpp). Character sets over UTF-16 code units: charset.cpp.
#pragma once

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flagplan::regex_detail {

// ===========================================================================
// Character sets over UTF-16 code units.

struct Range {
    std::uint32_t lo, hi;  // inclusive, within [0, 0xFFFF]
};
using CharSet = std::vector<Range>;  // sorted, disjoint, non-adjacent

constexpr std::uint32_t kMaxUnit = 0xFFFF;

CharSet normalize(CharSet s);
CharSet complement(const CharSet& s);
bool intersects(const CharSet& a, const CharSet& b);
CharSet intersection(const CharSet& a, const CharSet& b);
CharSet single(std::uint32_t c);
CharSet digit_set();
CharSet word_set();
/// JS \s: WhiteSpace and LineTerminator (ECMAScript 22.2.2.9, CharacterClassEscape).
CharSet space_set();
/// `.` without the s flag: anything but LineTerminator.
CharSet dot_set();
/// `s` closed under case-insensitive equivalence without the u flag
/// (ECMAScript 22.2.2.7.3 Canonicalize); `uncertain` is set when `s` partly
/// covers a range whose case mapping is not tabled (charset.cpp).
CharSet case_closure(const CharSet& s, bool& uncertain);
bool is_js_word_unit(std::uint32_t c);

// ===========================================================================
// AST.

enum class Kind { Empty, Set, Seq, Alt, Group, Repeat, Bol, Eol, WordB, NotWordB, Look, Backref };

constexpr long long kInf = INT_MAX;  // V8's RegExpTree::kInfinity

struct Node {
    Kind kind = Kind::Empty;
    std::vector<int> kids;
    CharSet set;               // Set
    long long min = 0;         // Repeat
    long long max = 0;         // Repeat (kInf = unbounded)
    bool negative = false;     // Look
    bool behind = false;       // Look
    bool multiline = false;    // Bol, Eol: inside a (?m:...) modifier group
    bool icase = false;        // Backref: inside a (?i:...) modifier group
    /// Group: its capture number (1-based, in the order the groups open; 0 =
    /// not capturing). Backref: the capture it names (0 = a named reference
    /// whose name belongs to several groups).
    int capture = 0;
};

struct Ast {
    std::vector<Node> nodes;
    int root = -1;
    std::string error;        // definite SyntaxError (first found)
    std::string unsupported;  // flagplan cannot decide
    bool has_backref = false;
    bool has_lookbehind = false;
};

/// Parses `pattern` (UTF-8) as Pattern[~UnicodeMode, ~UnicodeSetsMode, ?N]
/// with Annex B (parser.cpp). A SyntaxError is in `error`, a construct
/// flagplan cannot decide in `unsupported`.
Ast parse_pattern(std::string_view pattern);

// ===========================================================================
// Node properties used by the translator and the risk analysis.

struct Props {
    long long minlen = 0;      // fewest units any match consumes
    long long maxlen = 0;      // most units (kInf = unbounded)
    bool free_empty = false;   // can match empty without passing an assertion
    bool has_loop = false;     // contains an unbounded repetition
    bool has_look = false;     // contains a lookaround
};

inline long long sat_add(long long a, long long b) { return (a >= kInf || b >= kInf) ? kInf : std::min(kInf, a + b); }
inline long long sat_mul(long long a, long long b) {
    if (a == 0 || b == 0) return 0;
    if (a >= kInf || b >= kInf) return kInf;
    return a > kInf / b ? kInf : a * b;
}

/// Fills `props` with one Props per node of `ast` (translator.cpp).
void compute_props(const Ast& ast, std::vector<Props>& props);

// ===========================================================================
// Translation to a std::regex ECMAScript pattern over UTF-16 units (wchar_t).
//
// Everything whose meaning could differ between JavaScript and std::regex is
// spelled out: every character and class becomes explicit \uXXXX units and
// ranges (no locale, no \d \w \s), groups become non-capturing (captures do
// not affect test()), lazy quantifiers become greedy (same match/no-match),
// quantified lookaheads are reduced to what JavaScript's empty-iteration
// rule leaves of them, and counted repetitions are clamped where the subject
// length makes larger counts equivalent.

struct Translation {
    std::wstring pattern;
    bool backrefs = false;  ///< uses \N back-references (needs a backtracking executor)
    std::string unsupported;
    std::string too_expensive;
};

/// `ast` translated for subjects of `subject_len` UTF-16 units (translator.cpp).
Translation translate(const Ast& ast, const std::vector<Props>& props, long long subject_len);

}  // namespace flagplan::regex_detail
