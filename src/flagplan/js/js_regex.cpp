// JavaScript regular expressions (no flags) for FlagFlow's STRING `regExp`:
// a parser of the ECMAScript pattern grammar (non-unicode mode with Annex B,
// V8 11.3's rules), a translator to std::regex, and the backtracking-risk
// analysis. See js_regex.hpp for the contract.
#include "flagplan/js/js_regex.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <exception>
#include <locale>
#include <optional>
// GCC 12 reports false -Wmaybe-uninitialized inside libstdc++'s regex
// automaton (GCC bug 105562); keep our build log clean of them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <utility>
#include <vector>

#include "flagplan/js/js_text.hpp"

namespace flagplan {
namespace {

// ===========================================================================
// Character sets over UTF-16 code units.

struct Range {
    std::uint32_t lo, hi;  // inclusive, within [0, 0xFFFF]
};
using CharSet = std::vector<Range>;  // sorted, disjoint, non-adjacent

constexpr std::uint32_t kMaxUnit = 0xFFFF;

CharSet normalize(CharSet s) {
    std::sort(s.begin(), s.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
    CharSet out;
    for (const Range& r : s) {
        if (!out.empty() && r.lo <= out.back().hi + 1)
            out.back().hi = std::max(out.back().hi, r.hi);
        else
            out.push_back(r);
    }
    return out;
}

CharSet complement(const CharSet& s) {
    CharSet out;
    std::uint32_t next = 0;
    for (const Range& r : s) {
        if (r.lo > next) out.push_back({next, r.lo - 1});
        next = r.hi + 1;
    }
    if (next <= kMaxUnit) out.push_back({next, kMaxUnit});
    return out;
}

bool intersects(const CharSet& a, const CharSet& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].hi < b[j].lo)
            ++i;
        else if (b[j].hi < a[i].lo)
            ++j;
        else
            return true;
    }
    return false;
}

CharSet intersection(const CharSet& a, const CharSet& b) {
    CharSet out;
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const std::uint32_t lo = std::max(a[i].lo, b[j].lo);
        const std::uint32_t hi = std::min(a[i].hi, b[j].hi);
        if (lo <= hi) out.push_back({lo, hi});
        if (a[i].hi < b[j].hi)
            ++i;
        else
            ++j;
    }
    return out;
}

CharSet single(std::uint32_t c) { return CharSet{{c, c}}; }
CharSet digit_set() { return CharSet{{'0', '9'}}; }
CharSet word_set() { return CharSet{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}; }
// JS \s: WhiteSpace and LineTerminator (ECMAScript 22.2.2.9, CharacterClassEscape).
CharSet space_set() {
    return CharSet{{0x09, 0x0D},     {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680},
                   {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F},
                   {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
}
// `.` without the s flag: anything but LineTerminator.
CharSet dot_set() {
    return complement(CharSet{{0x0A, 0x0A}, {0x0D, 0x0D}, {0x2028, 0x2029}});
}

// Case-insensitive matching without the u flag (ECMAScript 22.2.2.7.3
// Canonicalize: a unit matches the units with the same toUpperCase, except
// that a non-ASCII unit never maps to an ASCII one). `s` closed under that
// equivalence for the scripts below; `uncertain` is set when `s` partly
// covers a range whose case mapping is not tabled here.
struct CasePair {
    std::uint32_t lo, hi, other;  // [lo, hi] <-> [other, other + hi - lo]
};
constexpr CasePair kCasePairs[] = {
    {'a', 'z', 'A'},          {0xE0, 0xF6, 0xC0},   {0xF8, 0xFE, 0xD8},   {0xFF, 0xFF, 0x178},
    {0xB5, 0xB5, 0x39C},      {0xB5, 0xB5, 0x3BC},  {0x3BC, 0x3BC, 0x39C}, {0x3B1, 0x3C1, 0x391},
    {0x3C3, 0x3C9, 0x3A3},    {0x3C2, 0x3C2, 0x3A3}, {0x3C2, 0x3C2, 0x3C3}, {0x430, 0x44F, 0x410},
    {0x450, 0x45F, 0x400},
};
// Ranges with case pairs not in kCasePairs (Latin Extended, other Greek and
// Cyrillic letters, Armenian, Georgian, Cherokee, Latin Extended Additional,
// Greek Extended, letterlike and enclosed forms, Glagolitic, Coptic, ...).
constexpr Range kUntabledCase[] = {
    {0x100, 0x24F}, {0x370, 0x390}, {0x3AA, 0x3B0}, {0x3CA, 0x3FF}, {0x460, 0x52F}, {0x531, 0x586},
    {0x10A0, 0x10FF}, {0x13A0, 0x13FF}, {0x1C80, 0x1CBF}, {0x1E00, 0x1FFF}, {0x2126, 0x2183},
    {0x24B6, 0x24E9}, {0x2C00, 0x2D2F}, {0xA640, 0xA7FF}, {0xAB70, 0xABBF}, {0xFF21, 0xFF5A},
};
CharSet case_closure(const CharSet& s, bool& uncertain) {
    CharSet out = s;
    for (const CasePair& p : kCasePairs) {
        const std::uint32_t len = p.hi - p.lo;
        for (const CharSet& part : {intersection(s, CharSet{{p.lo, p.hi}}),
                                    intersection(s, CharSet{{p.other, p.other + len}})}) {
            for (const Range& r : part) {
                const bool low_side = r.lo >= p.lo && r.hi <= p.hi;
                const std::uint32_t from = low_side ? p.lo : p.other, to = low_side ? p.other : p.lo;
                out.push_back({r.lo - from + to, r.hi - from + to});
            }
        }
    }
    out = normalize(std::move(out));
    for (const Range& r : kUntabledCase) {
        const CharSet part = intersection(out, CharSet{r});
        if (!part.empty() && !(part.size() == 1 && part[0].lo == r.lo && part[0].hi == r.hi)) uncertain = true;
    }
    return out;
}

bool is_js_word_unit(std::uint32_t c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

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
};

struct Ast {
    std::vector<Node> nodes;
    int root = -1;
    std::string error;        // definite SyntaxError (first found)
    std::string unsupported;  // flagplan cannot decide
    bool has_backref = false;
    bool has_lookbehind = false;
};

constexpr int kMaxNesting = 256;
constexpr long long kMaxCaptures = 1 << 16;  // V8's kMaxCaptures

bool is_digit(std::uint32_t c) { return c >= '0' && c <= '9'; }
bool is_octal(std::uint32_t c) { return c >= '0' && c <= '7'; }
int hex_value(std::uint32_t c) {
    if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
    return -1;
}
bool is_ascii_letter(std::uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_id_start_ascii(std::uint32_t c) { return is_ascii_letter(c) || c == '$' || c == '_'; }
bool is_id_part_ascii(std::uint32_t c) { return is_id_start_ascii(c) || is_digit(c); }

/// Parser of Pattern[~UnicodeMode, ~UnicodeSetsMode, ?N]
/// with the Annex B.1.2 extensions, following V8's RegExpParser decisions.
class Parser {
public:
    explicit Parser(const std::u16string& p) : p_(p), n_(p.size()) {}

    Ast parse() {
        prescan();
        run();
        if (ok()) check_names();
        return std::move(ast_);
    }

private:
    // ---- state & helpers --------------------------------------------------
    bool ok() const { return ast_.error.empty() && !stopped_; }
    void fail(const char* msg) {
        if (ast_.error.empty()) ast_.error = msg;
    }
    void stop_unsupported(const char* msg) {
        if (ast_.unsupported.empty()) ast_.unsupported = msg;
        stopped_ = true;
    }
    void uncertain(const char* msg) {
        if (ast_.unsupported.empty()) ast_.unsupported = msg;
    }
    std::uint32_t at(std::size_t k) const { return k < n_ ? p_[k] : 0xFFFFFFFFu; }

    int add(Node node) {
        ast_.nodes.push_back(std::move(node));
        return static_cast<int>(ast_.nodes.size()) - 1;
    }
    int add_kind(Kind k) {
        Node node;
        node.kind = k;
        return add(std::move(node));
    }
    /// A set node; inside an (?i:...) group closed under case (fold).
    int add_set(CharSet s, bool fold = true) {
        Node node;
        node.kind = Kind::Set;
        node.set = normalize(std::move(s));
        if (fold && icase_) node.set = fold_case(node.set);
        return add(std::move(node));
    }
    CharSet fold_case(const CharSet& set) {
        bool unknown = false;
        CharSet out = case_closure(set, unknown);
        if (unknown) uncertain("case-insensitive matching of letters outside Latin-1, basic Greek and Cyrillic");
        return out;
    }

    // Counts capturing groups and detects named groups in the whole pattern
    // (V8's ScanForCaptures): decides `\N` back-references and `\k`.
    void prescan() {
        bool in_class = false;
        for (std::size_t k = 0; k < n_; ++k) {
            const std::uint32_t c = p_[k];
            if (c == '\\') {
                ++k;
            } else if (in_class) {
                if (c == ']') in_class = false;
            } else if (c == '[') {
                in_class = true;
            } else if (c == '(') {
                if (at(k + 1) != '?') {
                    ++total_captures_;
                } else if (at(k + 2) == '<' && at(k + 3) != '=' && at(k + 3) != '!') {
                    ++total_captures_;
                    has_named_ = true;
                }
            }
        }
    }

    // ---- grammar ----------------------------------------------------------
    // Iterative: an explicit stack of open groups (like V8's parser state),
    // so hostile nesting cannot exhaust the C++ stack while parsing.

    struct Frame {
        Kind kind = Kind::Group;  // Group or Look (the root frame: Group)
        bool negative = false;
        bool behind = false;
        std::vector<int> alts;    // finished alternatives
        std::vector<int> terms;   // the alternative being read
        int id = 0;               // distinguishes frames (duplicate group names)
        // The modifiers in force outside this group, restored at its ')'.
        bool outer_icase = false, outer_multiline = false, outer_dotall = false;
    };
    /// Where a named group opened: (frame id, alternative index) of each
    /// enclosing frame, outermost first.
    using AltPath = std::vector<std::pair<int, std::size_t>>;

    int close_alternative(Frame& f) {
        int node;
        if (f.terms.empty()) {
            node = add_kind(Kind::Empty);
        } else if (f.terms.size() == 1) {
            node = f.terms[0];
        } else {
            Node seq;
            seq.kind = Kind::Seq;
            seq.kids = std::move(f.terms);
            node = add(std::move(seq));
        }
        f.terms.clear();
        return node;
    }

    int close_disjunction(Frame& f) {
        f.alts.push_back(close_alternative(f));
        if (f.alts.size() == 1) return f.alts[0];
        Node alt;
        alt.kind = Kind::Alt;
        alt.kids = std::move(f.alts);
        return add(std::move(alt));
    }

    void run() {
        std::vector<Frame> stack(1);
        stack_ = &stack;
        while (ok()) {
            if (i_ >= n_) {
                if (stack.size() > 1) {
                    fail("Unterminated group");
                    return;
                }
                ast_.root = close_disjunction(stack.back());
                return;
            }
            const std::uint32_t c = p_[i_];
            if (c == '|') {
                ++i_;
                Frame& f = stack.back();
                f.alts.push_back(close_alternative(f));
            } else if (c == ')') {
                if (stack.size() == 1) {
                    fail("Unmatched ')'");
                    return;
                }
                ++i_;
                Frame f = std::move(stack.back());
                stack.pop_back();
                icase_ = f.outer_icase, multiline_ = f.outer_multiline, dotall_ = f.outer_dotall;
                Node group;
                group.kind = f.kind;
                group.negative = f.negative;
                group.behind = f.behind;
                group.kids = {close_disjunction(f)};
                const int node = quantified(add(std::move(group)), f.behind);
                if (node >= 0) stack.back().terms.push_back(node);
            } else if (c == '(') {
                Frame f;
                f.id = ++frames_opened_;
                f.outer_icase = icase_, f.outer_multiline = multiline_, f.outer_dotall = dotall_;
                if (!open_group(f)) return;
                if (stack.size() > static_cast<std::size_t>(kMaxNesting)) {
                    stop_unsupported("groups nested more than 256 deep");
                    return;
                }
                stack.push_back(std::move(f));
            } else {
                const int node = parse_term();
                if (node >= 0) stack.back().terms.push_back(node);
            }
        }
    }

    /// `{digits}`, `{digits,}` or `{digits,digits}` at `pos`? Values saturate
    /// at kInf like V8's ParseIntervalQuantifier.
    bool braced_quantifier(std::size_t pos, long long& min, long long& max, std::size_t& end) const {
        std::size_t j = pos + 1;
        if (!is_digit(at(j))) return false;
        auto read = [&](long long& v) {
            v = 0;
            while (is_digit(at(j))) {
                const long long d = at(j) - '0';
                if (v > (kInf - d) / 10) {
                    v = kInf;
                    while (is_digit(at(j))) ++j;
                    return;
                }
                v = v * 10 + d;
                ++j;
            }
        };
        read(min);
        if (at(j) == '}') {
            max = min;
            end = j + 1;
            return true;
        }
        if (at(j) != ',') return false;
        ++j;
        if (at(j) == '}') {
            max = kInf;
            end = j + 1;
            return true;
        }
        if (!is_digit(at(j))) return false;
        read(max);
        if (at(j) != '}') return false;
        end = j + 1;
        return true;
    }

    bool at_quantifier() const {
        const std::uint32_t c = at(i_);
        if (c == '*' || c == '+' || c == '?') return true;
        long long a, b;
        std::size_t e;
        return c == '{' && braced_quantifier(i_, a, b, e);
    }

    /// One term that is not a group: an assertion, or an atom with its
    /// optional quantifier. Returns -1 after a failure.
    int parse_term() {
        const std::uint32_t c = p_[i_];
        int atom = -1;
        switch (c) {
            case '^':
            case '$': {
                ++i_;
                const int node = add_kind(c == '^' ? Kind::Bol : Kind::Eol);
                ast_.nodes[node].multiline = multiline_;
                if (at_quantifier()) fail("Nothing to repeat");
                return node;
            }
            case '\\': {
                if (i_ + 1 >= n_) {
                    fail("\\ at end of pattern");
                    return -1;
                }
                const std::uint32_t d = p_[i_ + 1];
                if (d == 'b' || d == 'B') {
                    i_ += 2;
                    const int node = add_kind(d == 'b' ? Kind::WordB : Kind::NotWordB);
                    if (at_quantifier()) fail("Nothing to repeat");
                    return node;
                }
                atom = parse_atom_escape();
                break;
            }
            case '[':
                atom = parse_class();
                break;
            case '.':
                ++i_;
                atom = add_set(dotall_ ? CharSet{{0, 0xFFFF}} : dot_set());
                break;
            case '*':
            case '+':
            case '?':
                fail("Nothing to repeat");
                return -1;
            case '{': {
                long long a, b;
                std::size_t e;
                if (braced_quantifier(i_, a, b, e)) {
                    fail("Nothing to repeat");
                    return -1;
                }
                ++i_;
                atom = add_set(single('{'));
                break;
            }
            default:  // includes ']' and '}' (Annex B ExtendedPatternCharacter)
                ++i_;
                atom = add_set(single(c));
                break;
        }
        if (!ok() || atom < 0) return -1;
        return quantified(atom, false);
    }

    /// Applies the quantifier at i_ (if any) to `atom`.
    int quantified(int atom, bool is_lookbehind) {
        long long min = 0, max = 0;
        std::size_t end = i_;
        const std::uint32_t q = at(i_);
        if (q == '*') {
            min = 0, max = kInf, end = i_ + 1;
        } else if (q == '+') {
            min = 1, max = kInf, end = i_ + 1;
        } else if (q == '?') {
            min = 0, max = 1, end = i_ + 1;
        } else if (q == '{' && braced_quantifier(i_, min, max, end)) {
            // parsed
        } else {
            return atom;
        }
        if (is_lookbehind) {
            fail("Invalid quantifier");
            return -1;
        }
        i_ = end;
        if (at(i_) == '?') ++i_;  // lazy: same match/no-match answer
        if (min > max) {
            fail("numbers out of order in {} quantifier");
            return -1;
        }
        Node node;
        node.kind = Kind::Repeat;
        node.kids = {atom};
        node.min = min;
        node.max = max;
        return add(std::move(node));
    }

    /// Legacy octal escape (\0 .. \377) starting at the digit at i_.
    std::uint32_t parse_octal() {
        std::uint32_t v = p_[i_] - '0';
        ++i_;
        if (v < 4 && is_octal(at(i_))) {
            v = v * 8 + (p_[i_] - '0');
            ++i_;
            if (v < 32 && is_octal(at(i_))) {
                v = v * 8 + (p_[i_] - '0');
                ++i_;
            }
        }
        return v;
    }

    /// \xHH / \uHHHH at i_ (pointing at the backslash); nullopt when the hex
    /// digits are missing (then the escape is the identity 'x' / 'u').
    std::optional<std::uint32_t> parse_hex_escape() {
        const std::uint32_t d = p_[i_ + 1];
        const int digits = d == 'x' ? 2 : 4;
        std::uint32_t v = 0;
        for (int k = 0; k < digits; ++k) {
            const int h = hex_value(at(i_ + 2 + k));
            if (h < 0) return std::nullopt;
            v = v * 16 + static_cast<std::uint32_t>(h);
        }
        i_ += 2 + digits;
        return v;
    }

    std::optional<std::uint32_t> control_escape(std::uint32_t d) {
        switch (d) {
            case 'f': return 0x0C;
            case 'n': return 0x0A;
            case 'r': return 0x0D;
            case 't': return 0x09;
            case 'v': return 0x0B;
            default: return std::nullopt;
        }
    }

    /// GroupName after `<` at i_, up to and including `>`; returns the name
    /// with \u escapes decoded. ASCII names (escaped or not) are checked
    /// exactly; a name containing a non-ASCII code point is accepted but
    /// marked uncertain (deciding it needs Unicode ID_Start/ID_Continue).
    std::u32string parse_group_name() {
        std::u32string name;
        bool non_ascii = false;
        while (true) {
            if (i_ >= n_) {
                fail("Invalid capture group name");
                return {};
            }
            std::uint32_t c = p_[i_];
            if (c == '>') break;
            if (c == '\\') {
                if (at(i_ + 1) != 'u') {
                    fail("Invalid capture group name");
                    return {};
                }
                i_ += 2;
                std::uint32_t v = 0;
                if (at(i_) == '{') {
                    ++i_;
                    int digits = 0;
                    while (hex_value(at(i_)) >= 0) {
                        v = v * 16 + static_cast<std::uint32_t>(hex_value(at(i_)));
                        if (v > 0x10FFFF) break;
                        ++i_, ++digits;
                    }
                    if (digits == 0 || v > 0x10FFFF || at(i_) != '}') {
                        fail("Invalid Unicode escape");
                        return {};
                    }
                    ++i_;
                } else {
                    for (int k = 0; k < 4; ++k) {
                        const int h = hex_value(at(i_));
                        if (h < 0) {
                            fail("Invalid Unicode escape");
                            return {};
                        }
                        v = v * 16 + static_cast<std::uint32_t>(h);
                        ++i_;
                    }
                }
                c = v;
            } else {
                ++i_;
            }
            if (c >= 0x80) {
                non_ascii = true;
            } else if (!(name.empty() ? is_id_start_ascii(c) : is_id_part_ascii(c))) {
                fail("Invalid capture group name");
                return {};
            }
            name.push_back(c);
        }
        if (name.empty()) {
            fail("Invalid capture group name");
            return {};
        }
        ++i_;  // '>'
        if (non_ascii) {
            names_uncertain_ = true;
            uncertain("capture group names with non-ASCII characters are not supported");
        }
        return name;
    }

    int parse_atom_escape() {
        const std::uint32_t d = p_[i_ + 1];
        switch (d) {
            case 'd': i_ += 2; return add_set(digit_set());
            case 'D': i_ += 2; return add_set(complement(digit_set()));
            case 's': i_ += 2; return add_set(space_set());
            case 'S': i_ += 2; return add_set(complement(space_set()));
            case 'w': i_ += 2; return add_set(word_set());
            case 'W': i_ += 2; return add_set(complement(word_set()));
            case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9': {
                std::size_t j = i_ + 1;
                long long v = 0;
                bool overflow = false;
                while (is_digit(at(j))) {
                    v = v * 10 + (at(j) - '0');
                    if (v > kMaxCaptures) {
                        overflow = true;
                        break;
                    }
                    ++j;
                }
                if (!overflow && v <= total_captures_) {
                    i_ = j;
                    ast_.has_backref = true;
                    return add_kind(Kind::Backref);
                }
                if (d == '8' || d == '9') {
                    i_ += 2;
                    return add_set(single(d));
                }
                ++i_;
                return add_set(single(parse_octal()));
            }
            case '0':
                ++i_;
                return add_set(single(parse_octal()));
            case 'c': {
                const std::uint32_t letter = at(i_ + 2);
                if (is_ascii_letter(letter)) {
                    i_ += 3;
                    return add_set(single(letter & 0x1F));
                }
                ++i_;  // the backslash is a literal; 'c' is read next
                return add_set(single('\\'));
            }
            case 'x':
            case 'u': {
                if (auto v = parse_hex_escape()) return add_set(single(*v));
                i_ += 2;
                return add_set(single(d));
            }
            case 'k':
                if (has_named_) {
                    i_ += 2;
                    if (at(i_) != '<') {
                        fail("Invalid named reference");
                        return -1;
                    }
                    ++i_;
                    std::u32string name = parse_group_name();
                    if (!ok()) return -1;
                    refs_.push_back(std::move(name));
                    ast_.has_backref = true;
                    return add_kind(Kind::Backref);
                }
                i_ += 2;
                return add_set(single('k'));
            default:
                if (auto c = control_escape(d)) {
                    i_ += 2;
                    return add_set(single(*c));
                }
                i_ += 2;  // identity escape (includes \p, \P, \/, \-)
                return add_set(single(d));
        }
    }

    /// Reads `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>` into `f`.
    bool open_group(Frame& f) {
        ++i_;  // '('
        if (at(i_) != '?') return true;
        const std::uint32_t c = at(i_ + 1);
        if (c == ':') {
            i_ += 2;
        } else if (c == '=' || c == '!') {
            f.kind = Kind::Look;
            f.negative = c == '!';
            i_ += 2;
        } else if (c == '<' && (at(i_ + 2) == '=' || at(i_ + 2) == '!')) {
            f.kind = Kind::Look;
            f.behind = true;
            f.negative = at(i_ + 2) == '!';
            i_ += 3;
            ast_.has_lookbehind = true;
        } else if (c == '<') {
            i_ += 2;
            std::u32string name = parse_group_name();
            if (!ok()) return false;
            // ES2025: a name may repeat in alternatives that exclude each
            // other ((?<d>a)|(?<d>b)), never twice in one alternative.
            AltPath path;
            for (const Frame& open : *stack_) path.emplace_back(open.id, open.alts.size());
            for (std::size_t k = 0; k < names_.size(); ++k) {
                if (names_[k] != name || !same_alternative(name_paths_[k], path)) continue;
                fail("Duplicate capture group name");
                return false;
            }
            names_.push_back(std::move(name));
            name_paths_.push_back(std::move(path));
        } else if (c == 'i' || c == 'm' || c == 's' || c == '-') {
            return open_modifiers();
        } else {
            fail("Invalid group");
            return false;
        }
        return true;
    }

    /// True when two groups opened at `a` and `b` can both take part in one
    /// match: no enclosing disjunction puts them in different alternatives.
    static bool same_alternative(const AltPath& a, const AltPath& b) {
        for (std::size_t k = 0; k < a.size() && k < b.size() && a[k].first == b[k].first; ++k)
            if (a[k].second != b[k].second) return false;
        return true;
    }

    /// `(?ims-ims:` (ES2025 pattern modifiers, node 24): i_ at the first
    /// flag. Each of i, m, s at most once, on one side; not both sides empty.
    bool open_modifiers() {
        ++i_;  // '?'
        bool seen[3] = {false, false, false};
        bool add[3] = {false, false, false}, remove[3] = {false, false, false};
        bool removing = false, any = false;
        for (;; ++i_) {
            const std::uint32_t c = at(i_);
            const int k = c == 'i' ? 0 : c == 'm' ? 1 : c == 's' ? 2 : -1;
            if (k >= 0) {
                if (seen[k]) {
                    fail("Repeated flag in modifiers");
                    return false;
                }
                seen[k] = true;
                any = true;
                (removing ? remove : add)[k] = true;
            } else if (c == '-' && !removing) {
                removing = true;
            } else if (c == ':') {
                if (!any) {
                    fail("Invalid group");
                    return false;
                }
                ++i_;
                break;
            } else {
                fail("Invalid group");
                return false;
            }
        }
        if (add[0] || remove[0]) icase_ = add[0];
        if (add[1] || remove[1]) multiline_ = add[1];
        if (add[2] || remove[2]) dotall_ = add[2];
        return true;
    }

    struct ClassAtom {
        bool is_class = false;
        std::uint32_t c = 0;
        CharSet set;
    };

    bool parse_class_atom(ClassAtom& a) {
        const std::uint32_t c = p_[i_];
        if (c != '\\') {
            ++i_;
            a.c = c;
            return true;
        }
        if (i_ + 1 >= n_) {
            fail("\\ at end of pattern");
            return false;
        }
        const std::uint32_t d = p_[i_ + 1];
        auto cls = [&](CharSet s) {
            i_ += 2;
            a.is_class = true;
            a.set = std::move(s);
            return true;
        };
        auto chr = [&](std::uint32_t v, std::size_t advance) {
            i_ += advance;
            a.c = v;
            return true;
        };
        switch (d) {
            case 'd': return cls(digit_set());
            case 'D': return cls(complement(digit_set()));
            case 's': return cls(space_set());
            case 'S': return cls(complement(space_set()));
            case 'w': return cls(word_set());
            case 'W': return cls(complement(word_set()));
            case 'b': return chr(0x08, 2);
            case '-': return chr('-', 2);
            case 'c': {
                const std::uint32_t e = at(i_ + 2);
                if (is_ascii_letter(e) || is_digit(e) || e == '_') return chr(e & 0x1F, 3);
                return chr('\\', 1);  // 'c' is read as the next atom
            }
            case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
                ++i_;
                a.c = parse_octal();
                return true;
            case '8':
            case '9':
                return chr(d, 2);
            case 'x':
            case 'u': {
                if (auto v = parse_hex_escape()) {
                    a.c = *v;
                    return true;
                }
                return chr(d, 2);
            }
            case 'k':
                if (has_named_) {
                    fail("Invalid escape");
                    return false;
                }
                return chr('k', 2);
            default:
                if (auto v = control_escape(d)) return chr(*v, 2);
                return chr(d, 2);
        }
    }

    int parse_class() {
        ++i_;  // '['
        bool negate = false;
        if (at(i_) == '^') {
            negate = true;
            ++i_;
        }
        CharSet set;
        while (true) {
            if (i_ >= n_) {
                fail("Unterminated character class");
                return -1;
            }
            if (p_[i_] == ']') {
                ++i_;
                break;
            }
            ClassAtom a1;
            if (!parse_class_atom(a1)) return -1;
            if (at(i_) == '-' && i_ + 1 < n_ && p_[i_ + 1] != ']') {
                ++i_;  // '-'
                ClassAtom a2;
                if (!parse_class_atom(a2)) return -1;
                if (a1.is_class || a2.is_class) {
                    // Annex B: a class escape at either end makes it a union.
                    for (const ClassAtom* a : {&a1, &a2}) {
                        if (a->is_class)
                            set.insert(set.end(), a->set.begin(), a->set.end());
                        else
                            set.push_back({a->c, a->c});
                    }
                    set.push_back({'-', '-'});
                } else if (a1.c > a2.c) {
                    fail("Range out of order in character class");
                    return -1;
                } else {
                    set.push_back({a1.c, a2.c});
                }
            } else if (a1.is_class) {
                set.insert(set.end(), a1.set.begin(), a1.set.end());
            } else {
                set.push_back({a1.c, a1.c});
            }
        }
        set = normalize(std::move(set));
        // Under (?i:) the class is folded before it is inverted (22.2.2.7.3:
        // [^a] matches neither a nor A).
        if (icase_) set = fold_case(set);
        return add_set(negate ? complement(set) : set, /*fold=*/false);
    }

    void check_names() {
        for (const auto& ref : refs_) {
            if (std::find(names_.begin(), names_.end(), ref) != names_.end()) continue;
            if (names_uncertain_) {
                uncertain("capture group names with non-ASCII characters are not supported");
                continue;
            }
            fail("Invalid named capture referenced");
            return;
        }
    }

    const std::u16string& p_;
    const std::size_t n_;
    std::size_t i_ = 0;
    Ast ast_;
    bool stopped_ = false;
    long long total_captures_ = 0;
    bool has_named_ = false;
    bool names_uncertain_ = false;
    bool icase_ = false, multiline_ = false, dotall_ = false;  // modifiers in force
    int frames_opened_ = 0;
    const std::vector<Frame>* stack_ = nullptr;  // run()'s open groups
    std::vector<std::u32string> names_;
    std::vector<AltPath> name_paths_;  // where each of names_ opened
    std::vector<std::u32string> refs_;
};

constexpr std::size_t kMaxPatternUnits = 100000;

Ast parse_pattern(std::string_view pattern) {
    const std::u16string units = js::to_utf16(pattern);
    if (units.size() > kMaxPatternUnits) {
        // Parsing is linear, but the tree of a hostile megabyte pattern costs
        // hundreds of MB; no real regExp comes near this.
        Ast ast;
        ast.unsupported = "patterns longer than 100,000 UTF-16 units are not analysed";
        return ast;
    }
    return Parser(units).parse();
}

// ===========================================================================
// Node properties used by the translator and the risk analysis.

struct Props {
    long long minlen = 0;      // fewest units any match consumes
    long long maxlen = 0;      // most units (kInf = unbounded)
    bool free_empty = false;   // can match empty without passing an assertion
    bool has_loop = false;     // contains an unbounded repetition
    bool has_look = false;     // contains a lookaround
};

long long sat_add(long long a, long long b) { return (a >= kInf || b >= kInf) ? kInf : std::min(kInf, a + b); }
long long sat_mul(long long a, long long b) {
    if (a == 0 || b == 0) return 0;
    if (a >= kInf || b >= kInf) return kInf;
    return a > kInf / b ? kInf : a * b;
}

void compute_props(const Ast& ast, std::vector<Props>& props) {
    // Children always precede their parent in `nodes` (post-order creation).
    props.assign(ast.nodes.size(), Props{});
    for (std::size_t id = 0; id < ast.nodes.size(); ++id) {
        const Node& n = ast.nodes[id];
        Props& p = props[id];
        switch (n.kind) {
            case Kind::Empty:
                p.free_empty = true;
                break;
            case Kind::Set:
                p.minlen = p.maxlen = 1;
                break;
            case Kind::Seq:
                p.free_empty = true;
                for (int k : n.kids) {
                    p.minlen = sat_add(p.minlen, props[k].minlen);
                    p.maxlen = sat_add(p.maxlen, props[k].maxlen);
                    p.free_empty = p.free_empty && props[k].free_empty;
                    p.has_loop = p.has_loop || props[k].has_loop;
                    p.has_look = p.has_look || props[k].has_look;
                }
                break;
            case Kind::Alt:
                p.minlen = kInf;
                for (int k : n.kids) {
                    p.minlen = std::min(p.minlen, props[k].minlen);
                    p.maxlen = std::max(p.maxlen, props[k].maxlen);
                    p.free_empty = p.free_empty || props[k].free_empty;
                    p.has_loop = p.has_loop || props[k].has_loop;
                    p.has_look = p.has_look || props[k].has_look;
                }
                break;
            case Kind::Group:
                p = props[n.kids[0]];
                break;
            case Kind::Repeat: {
                const Props& c = props[n.kids[0]];
                p.minlen = sat_mul(n.min, c.minlen);
                p.maxlen = n.max >= kInf ? (c.maxlen > 0 ? kInf : 0) : sat_mul(n.max, c.maxlen);
                p.free_empty = n.min == 0 || c.free_empty;
                p.has_loop = c.has_loop || (n.max >= kInf && c.maxlen > 0);
                p.has_look = c.has_look;
                break;
            }
            case Kind::Look:
                p.has_loop = props[n.kids[0]].has_loop;
                p.has_look = true;
                break;
            case Kind::Backref:
                p.maxlen = kInf;
                p.free_empty = true;
                break;
            default:  // assertions
                break;
        }
    }
}

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

constexpr long long kMaxStates = 5000;
constexpr int kMaxEmittedNesting = 64;
constexpr double kMaxWork = 2e7;

struct Translation {
    std::wstring pattern;
    std::string unsupported;
    std::string too_expensive;
};

class Translator {
public:
    Translator(const Ast& ast, const std::vector<Props>& props, long long subject_len)
        : ast_(ast), props_(props), L_(subject_len) {}

    Translation run() {
        Translation t;
        std::wstring body;
        // A (?m:^) that starts the pattern: the unanchored prefix ends at the
        // subject's start or just after a line terminator instead.
        int lead = ast_.root;
        while (ast_.nodes[lead].kind == Kind::Group || ast_.nodes[lead].kind == Kind::Seq)
            lead = ast_.nodes[lead].kids[0];
        if (ast_.nodes[lead].kind == Kind::Bol && ast_.nodes[lead].multiline) leading_multiline_bol_ = lead;
        const long long states = emit(ast_.root, body, 0, /*at_start=*/false, 0);
        if (!unsupported_.empty()) {
            t.unsupported = unsupported_;
            return t;
        }
        if (too_deep_) {
            t.too_expensive = "groups are nested too deeply for the native regex engine (limit 64)";
            return t;
        }
        if (states > kMaxStates || too_big_) {
            t.too_expensive = "the pattern expands to more than 5000 states (counted repetitions)";
            return t;
        }
        const double work = static_cast<double>(L_ + 1) * static_cast<double>(states + 2) + look_work_;
        if (work > kMaxWork) {
            t.too_expensive = "matching this subject would take more than 2e7 steps";
            return t;
        }
        t.pattern = (leading_multiline_bol_ >= 0 ? L"(?:[\\u0000-\\uffff]*[\\n\\r\\u2028\\u2029])?(?:"
                                                 : L"[\\u0000-\\uffff]*(?:") +
                    body + L")";
        return t;
    }

private:
    static void emit_unit(std::uint32_t u, std::wstring& out) {
        if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) {
            out.push_back(static_cast<wchar_t>(u));
            return;
        }
        static const wchar_t* hex = L"0123456789abcdef";
        out += L"\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out.push_back(hex[(u >> shift) & 0xF]);
    }

    static void emit_set(const CharSet& s, std::wstring& out) {
        if (s.empty()) {
            out += L"[^\\u0000-\\uffff]";  // matches no UTF-16 unit
            return;
        }
        if (s.size() == 1 && s[0].lo == s[0].hi) {
            emit_unit(s[0].lo, out);
            return;
        }
        out.push_back(L'[');
        for (const Range& r : s) {
            emit_unit(r.lo, out);
            if (r.hi != r.lo) {
                out.push_back(L'-');
                emit_unit(r.hi, out);
            }
        }
        out.push_back(L']');
    }

    /// Whether ^, \b or \B in `id` can be evaluated at the offset where
    /// `id` starts (nested lookaheads are checked on their own).
    bool start_sensitive(int id) const {
        const Node& n = ast_.nodes[id];
        switch (n.kind) {
            case Kind::Bol:
            case Kind::WordB:
            case Kind::NotWordB:
                return true;
            case Kind::Seq:
                for (int k : n.kids) {
                    if (start_sensitive(k)) return true;
                    if (props_[k].minlen > 0) return false;
                }
                return false;
            case Kind::Alt:
                for (int k : n.kids)
                    if (start_sensitive(k)) return true;
                return false;
            case Kind::Group:
                return start_sensitive(n.kids[0]);
            case Kind::Repeat:
                return n.max > 0 && start_sensitive(n.kids[0]);
            default:
                return false;
        }
    }

    /// Emits node `id`; returns its estimated NFA state count. `at_start`:
    /// the node can only be reached at subject offset 0 (used for
    /// lookaheads, which libstdc++ runs with the lookahead position as the
    /// subject's start). `look_depth` counts enclosing lookaheads.
    long long emit(int id, std::wstring& out, int look_depth, bool at_start, int depth) {
        if (!unsupported_.empty() || too_big_ || too_deep_) return 0;
        const Node& n = ast_.nodes[id];
        switch (n.kind) {
            case Kind::Empty:
                out += L"(?:)";
                return 1;
            case Kind::Set:
                emit_set(n.set, out);
                return 1;
            case Kind::Bol:
                if (!n.multiline) {
                    out += L"^";
                } else if (id != leading_multiline_bol_) {
                    unsupported_ = "^ inside (?m:...) is supported by the native regex engine only at the start of the pattern";
                    return 0;
                }
                return 1;
            case Kind::Eol:
                out += n.multiline ? L"(?=[\\n\\r\\u2028\\u2029]|$)" : L"$";
                return 1;
            case Kind::WordB: out += L"\\b"; return 1;
            case Kind::NotWordB: out += L"\\B"; return 1;
            case Kind::Backref:
                unsupported_ = "back-references are not supported by the native regex engine";
                return 0;
            case Kind::Seq: {
                long long states = 0;
                bool start = at_start;
                for (int k : n.kids) {
                    states = sat_add(states, emit(k, out, look_depth, start, depth));
                    // At offset 0 only right after ^ (and zero-width items after it).
                    if (ast_.nodes[k].kind == Kind::Bol && !ast_.nodes[k].multiline)
                        start = true;
                    else if (props_[k].maxlen != 0)
                        start = false;
                }
                return states;
            }
            case Kind::Alt: {
                long long states = 1;
                if (!open_paren(depth)) return 0;
                out += L"(?:";
                for (std::size_t k = 0; k < n.kids.size(); ++k) {
                    if (k) out.push_back(L'|');
                    states = sat_add(states, emit(n.kids[k], out, look_depth, at_start, depth + 1));
                }
                out.push_back(L')');
                return states;
            }
            case Kind::Group:
                // No parentheses needed: alternations wrap themselves and
                // repetitions wrap their operand.
                return emit(n.kids[0], out, look_depth, at_start, depth);
            case Kind::Look:
                return emit_look(n, out, look_depth, at_start, depth);
            case Kind::Repeat:
                return emit_repeat(n, out, look_depth, depth);
        }
        return 0;
    }

    long long emit_look(const Node& n, std::wstring& out, int look_depth, bool at_start, int depth) {
        if (n.behind) {
            unsupported_ = "lookbehind is not supported by the native regex engine";
            return 0;
        }
        const int body = n.kids[0];
        // libstdc++ evaluates a lookahead as a fresh search whose start is the
        // lookahead's position: ^, \b and \B evaluated right there would see
        // a false subject start unless the lookahead only runs at offset 0.
        if (!(at_start && look_depth == 0) && start_sensitive(body)) {
            unsupported_ = "^, \\b or \\B inside a lookahead are not supported by the native regex engine";
            return 0;
        }
        // Work: libstdc++ runs each evaluation as a sub-search that scans up
        // to the body's reach; it evaluates at every offset the enclosing
        // region reaches, once per evaluation of that region.
        const Props& bp = props_[body];
        const double reach = static_cast<double>(std::min(bp.maxlen, L_) + 1);
        const double evaluations = at_start ? region_factor_ : region_factor_ * region_reach_;
        const double saved_factor = region_factor_, saved_reach = region_reach_;
        region_factor_ = evaluations;
        region_reach_ = reach;
        if (!open_paren(depth)) return 0;
        out += n.negative ? L"(?!" : L"(?=";
        const long long states = emit(body, out, look_depth + 1, at_start, depth + 1);
        out.push_back(L')');
        region_factor_ = saved_factor;
        region_reach_ = saved_reach;
        look_work_ += evaluations * reach * static_cast<double>(states + 2);
        return sat_add(states, 2);
    }

    long long emit_repeat(const Node& n, std::wstring& out, int look_depth, int depth) {
        const int child = n.kids[0];
        const Props& cp = props_[child];
        long long min = n.min, max = n.max;
        const Kind ck = ast_.nodes[child].kind;
        if (ck == Kind::Look) {
            // A quantified lookahead (Annex B QuantifiableAssertion): once the
            // minimum is met an iteration that matches empty fails, so with
            // min 0 only "skip" remains and with min >= 1 it is one assertion.
            if (min == 0 || max == 0) {
                out += L"(?:)";
                return 1;
            }
            return emit(child, out, look_depth, false, depth);
        }
        if (max == 0) {
            out += L"(?:)";
            return 1;
        }
        if (max >= 2 && cp.has_look) {
            // node 20's V8 answers such patterns inconsistently (the result
            // changes once the regex is tiered up to native code), e.g.
            // /^(?:(?=a)a)*(?:ab){2}/.test("aaabab"): there is no single
            // JavaScript answer to reproduce.
            unsupported_ = "a lookahead inside a repeated group is not supported (V8 answers it inconsistently)";
            return 0;
        }
        if (cp.minlen >= 1) {
            // At most L / minlen iterations fit in the subject.
            const long long fit = L_ / cp.minlen;
            if (min > fit) {
                out += L"[^\\u0000-\\uffff]";  // cannot match
                return 1;
            }
            if (max < kInf && max > fit) max = fit;
        } else if (min > L_ && cp.free_empty) {
            // Beyond L, required iterations can all be empty for free.
            min = 0;
        }
        // Iterations beyond the minimum must consume input, so at most L of
        // them can succeed: a maximum of min + L or more is as good as
        // unbounded (and far cheaper to expand).
        if (max < kInf && max - min >= L_) max = kInf;
        // A single atom or a (self-wrapped) alternation needs no group.
        const Node* operand = &ast_.nodes[child];
        while (operand->kind == Kind::Group) operand = &ast_.nodes[operand->kids[0]];
        const bool wrap = operand->kind != Kind::Set && operand->kind != Kind::Alt;
        if (wrap && !open_paren(depth)) return 0;
        std::wstring sub;
        const long long child_states = emit(child, sub, look_depth, false, wrap ? depth + 1 : depth);
        if (!unsupported_.empty()) return 0;
        const long long copies = max >= kInf ? sat_add(min, 1) : max;
        const long long states = sat_add(sat_mul(child_states + 2, copies), 2);
        if (states > kMaxStates) {
            too_big_ = true;
            return states;
        }
        if (wrap) {
            out += L"(?:";
            out += sub;
            out.push_back(L')');
        } else {
            out += sub;
        }
        if (min == 0 && max >= kInf) {
            out.push_back(L'*');
        } else if (min == 1 && max >= kInf) {
            out.push_back(L'+');
        } else if (min == 0 && max == 1) {
            out.push_back(L'?');
        } else {
            out.push_back(L'{');
            out += std::to_wstring(min);
            if (max != min) {
                out.push_back(L',');
                if (max < kInf) out += std::to_wstring(max);
            }
            out.push_back(L'}');
        }
        return states;
    }

    /// libstdc++ compiles nested groups recursively with large frames (about
    /// 40 KB per level under ASan): refuse deep nesting instead of risking
    /// the stack. `depth` counts the parentheses emitted around this point.
    bool open_paren(int depth) {
        if (depth < kMaxEmittedNesting) return true;
        too_deep_ = true;
        return false;
    }

    const Ast& ast_;
    const std::vector<Props>& props_;
    const long long L_;
    std::string unsupported_;
    int leading_multiline_bol_ = -1;  // the (?m:^) node that starts the pattern, if any
    bool too_deep_ = false;
    bool too_big_ = false;
    double look_work_ = 0;
    double region_factor_ = 1;  // evaluations of the region being emitted
    double region_reach_ = static_cast<double>(L_ + 1);  // offsets it spans
};

// std::regex traits whose word class (used only by \b and \B, since the
// translated pattern spells every class out) is JavaScript's [A-Za-z0-9_],
// whatever the C library's locale tables say.
struct JsRegexTraits : std::regex_traits<wchar_t> {
    using base = std::regex_traits<wchar_t>;
    JsRegexTraits() { init(); }
    locale_type imbue(locale_type loc) {
        locale_type old = base::imbue(loc);
        init();
        return old;
    }
    bool isctype(wchar_t c, char_class_type f) const {
        if (f == word_) return is_js_word_unit(static_cast<std::uint32_t>(c));
        return base::isctype(c, f);
    }

private:
    void init() {
        static const wchar_t w[] = L"w";
        word_ = base::lookup_classname(w, w + 1);
    }
    char_class_type word_{};
};

using JsRegex = std::basic_regex<wchar_t, JsRegexTraits>;

}  // namespace

// ===========================================================================
// StdRegexEngine.

// Parsed patterns and compiled regexes, most recently used last. Validation
// interleaves a handful of patterns flag after flag, so remembering only the
// last one recompiled std::regex (the dominant cost) for nearly every test.
// Bounded: at most kCachedPatterns patterns, each with at most
// kCachedTranslations compiled translations (a translation depends on the
// subject length only through clamped repetition counts).
struct StdRegexEngine::Cache {
    static constexpr std::size_t kCachedPatterns = 32;
    static constexpr std::size_t kCachedTranslations = 4;
    struct Compiled {
        std::wstring translated;
        JsRegex regex;
    };
    struct Entry {
        std::string pattern;
        Ast ast;
        std::vector<Props> props;
        std::vector<std::unique_ptr<Compiled>> compiled;  // most recently used last
    };
    std::vector<std::unique_ptr<Entry>> entries;

    /// The entry of `pattern`, parsed on first use; moved to the back.
    Entry& entry(std::string_view pattern) {
        for (std::size_t i = entries.size(); i-- > 0;) {
            if (entries[i]->pattern != pattern) continue;
            std::rotate(entries.begin() + static_cast<std::ptrdiff_t>(i),
                        entries.begin() + static_cast<std::ptrdiff_t>(i) + 1, entries.end());
            return *entries.back();
        }
        auto fresh = std::make_unique<Entry>();
        fresh->ast = parse_pattern(pattern);
        compute_props(fresh->ast, fresh->props);
        fresh->pattern.assign(pattern.data(), pattern.size());
        if (entries.size() >= kCachedPatterns) entries.erase(entries.begin());
        entries.push_back(std::move(fresh));
        return *entries.back();
    }

    /// `translated` compiled (libstdc++: with the polynomial executor); moved
    /// to the back of `e.compiled`.
    static const JsRegex& compiled(Entry& e, std::wstring translated) {
        auto& list = e.compiled;
        for (std::size_t i = list.size(); i-- > 0;) {
            if (list[i]->translated != translated) continue;
            std::rotate(list.begin() + static_cast<std::ptrdiff_t>(i),
                        list.begin() + static_cast<std::ptrdiff_t>(i) + 1, list.end());
            return list.back()->regex;
        }
        auto fresh = std::make_unique<Compiled>();
        fresh->regex.imbue(std::locale::classic());
        auto flags = std::regex_constants::ECMAScript;
#if defined(__GLIBCXX__)
        flags |= std::regex_constants::__polynomial;  // Thompson-NFA executor
#endif
        fresh->regex.assign(translated, flags);
        fresh->translated = std::move(translated);
        if (list.size() >= kCachedTranslations) list.erase(list.begin());
        list.push_back(std::move(fresh));
        return list.back()->regex;
    }
};

StdRegexEngine::StdRegexEngine() : cache_(std::make_unique<Cache>()) {}
StdRegexEngine::~StdRegexEngine() = default;

namespace {

RegexResult verdict_of(const Ast& ast) {
    if (!ast.error.empty()) return {RegexOutcome::InvalidPattern, ast.error};
    if (!ast.unsupported.empty()) return {RegexOutcome::Unsupported, ast.unsupported};
    return {RegexOutcome::Match, {}};
}

#if !defined(__GLIBCXX__)
constexpr long long kDfsSubjectLimit = 256;
#endif

}  // namespace

RegexResult StdRegexEngine::check(std::string_view pattern) const {
    try {
        return verdict_of(cache_->entry(pattern).ast);
    } catch (const std::bad_alloc&) {
        return {RegexOutcome::TooExpensive, "out of memory while parsing the pattern"};
    } catch (...) {
        return {RegexOutcome::Unsupported, "internal error while parsing the pattern"};
    }
}

RegexResult StdRegexEngine::test(std::string_view pattern, std::string_view subject) const {
    RegexResult syntax = check(pattern);
    if (syntax.outcome != RegexOutcome::Match) return syntax;
    try {
        Cache::Entry& e = cache_->entry(pattern);  // parsed by check() just above
        if (e.ast.has_backref)
            return {RegexOutcome::Unsupported, "back-references are not supported by the native regex engine"};
        if (e.ast.has_lookbehind)
            return {RegexOutcome::Unsupported, "lookbehind is not supported by the native regex engine"};
        const std::u16string units = js::to_utf16(subject);
        const long long len = static_cast<long long>(units.size());
#if !defined(__GLIBCXX__)
        if (len > kDfsSubjectLimit)
            return {RegexOutcome::TooExpensive,
                    "subjects over 256 UTF-16 units need the libstdc++ regex executor"};
        if (!regex_backtracking_risk(pattern).empty())
            return {RegexOutcome::TooExpensive, "the pattern may backtrack catastrophically"};
#endif
        Translation t = Translator(e.ast, e.props, len).run();
        if (!t.unsupported.empty()) return {RegexOutcome::Unsupported, t.unsupported};
        if (!t.too_expensive.empty()) return {RegexOutcome::TooExpensive, t.too_expensive};
        const JsRegex& regex = Cache::compiled(e, std::move(t.pattern));
        std::wstring ws(units.begin(), units.end());
        const bool found = std::regex_search(ws.cbegin(), ws.cend(), regex,
                                             std::regex_constants::match_continuous);
        return {found ? RegexOutcome::Match : RegexOutcome::NoMatch, {}};
    } catch (const std::regex_error& e) {
        if (e.code() == std::regex_constants::error_space ||
            e.code() == std::regex_constants::error_complexity ||
            e.code() == std::regex_constants::error_stack)
            return {RegexOutcome::TooExpensive, "the native regex engine ran out of resources"};
        return {RegexOutcome::Unsupported, "the native regex engine rejected the translated pattern"};
    } catch (const std::bad_alloc&) {
        return {RegexOutcome::TooExpensive, "out of memory while matching"};
    } catch (...) {
        return {RegexOutcome::Unsupported, "internal error in the native regex engine"};
    }
}

RegexResult js_regex_syntax(std::string_view pattern) {
    try {
        return verdict_of(parse_pattern(pattern));
    } catch (const std::bad_alloc&) {
        return {RegexOutcome::TooExpensive, "out of memory while parsing the pattern"};
    }
}

PortableRegex portable_js_regex(std::string_view pattern, std::size_t subject_units) {
    PortableRegex out;
    try {
        const Ast ast = parse_pattern(pattern);
        out.result = verdict_of(ast);
        if (out.result.outcome != RegexOutcome::Match) return out;
        if (ast.has_backref)
            return {{RegexOutcome::Unsupported, "back-references are not supported by the native regex engine"}, {}};
        if (ast.has_lookbehind)
            return {{RegexOutcome::Unsupported, "lookbehind is not supported by the native regex engine"}, {}};
        std::vector<Props> props;
        compute_props(ast, props);
        Translation t = Translator(ast, props, static_cast<long long>(subject_units)).run();
        if (!t.unsupported.empty()) return {{RegexOutcome::Unsupported, t.unsupported}, {}};
        if (!t.too_expensive.empty()) return {{RegexOutcome::TooExpensive, t.too_expensive}, {}};
        out.source.reserve(t.pattern.size());
        for (wchar_t c : t.pattern) out.source.push_back(static_cast<char16_t>(c));  // ASCII: units are escaped
        return out;
    } catch (const std::bad_alloc&) {
        return {{RegexOutcome::TooExpensive, "out of memory while translating the pattern"}, {}};
    }
}

// ===========================================================================
// Backtracking-risk analysis.

namespace {

using Mult = std::uint8_t;  // path multiplicity, saturating at 2
Mult mul(Mult a, Mult b) { return static_cast<Mult>(std::min(2, a * b)); }
Mult plus(Mult a, Mult b) { return static_cast<Mult>(std::min(2, a + b)); }

using PosList = std::vector<std::pair<int, Mult>>;  // sorted by position

PosList merge(const PosList& a, const PosList& b, Mult scale_b = 1) {
    PosList out;
    if (scale_b == 0) return a;
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (j >= b.size() || (i < a.size() && a[i].first < b[j].first)) {
            out.push_back(a[i++]);
        } else if (i >= a.size() || b[j].first < a[i].first) {
            out.emplace_back(b[j].first, mul(b[j].second, scale_b));
            ++j;
        } else {
            out.emplace_back(a[i].first, plus(a[i].second, mul(b[j].second, scale_b)));
            ++i, ++j;
        }
    }
    return out;
}

struct Frag {
    PosList first, last;
    Mult empty = 0;  // number of ε-paths through the fragment
};

constexpr int kMaxPositions = 2000;
constexpr long long kMaxAnalysisWork = 1000000;

/// The position (Glushkov) automaton of a pattern region, keeping how many
/// distinct ε-paths join two positions (a backtracking engine explores each).
class PositionAutomaton {
public:
    PositionAutomaton(const Ast& ast, const std::vector<Props>& props) : ast_(ast), props_(props) {}

    bool build(int root) {
        root_ = frag(root, 1);
        return !overflow_;
    }

    const Ast& ast_;
    const std::vector<Props>& props_;
    std::vector<CharSet> sets;          // per position
    std::vector<PosList> follow;        // per position
    Frag root_;
    std::vector<int> looks;             // lookahead nodes met (analysed separately)
    std::vector<bool> look_fixed;       // reached at a fixed offset of the region
    bool overflow_ = false;

private:
    int new_pos(CharSet s) {
        if (static_cast<int>(sets.size()) >= kMaxPositions) {
            overflow_ = true;
            return -1;
        }
        sets.push_back(std::move(s));
        follow.emplace_back();
        return static_cast<int>(sets.size()) - 1;
    }

    void connect(const PosList& from, const PosList& to) {
        for (const auto& [q, m1] : from) {
            PosList add;
            add.reserve(to.size());
            for (const auto& [p, m2] : to) add.emplace_back(p, mul(m1, m2));
            follow[q] = merge(follow[q], add);
            work_ += static_cast<long long>(to.size());
        }
        if (work_ > kMaxAnalysisWork) overflow_ = true;
    }

    Frag concat(const Frag& a, const Frag& b) {
        connect(a.last, b.first);
        Frag f;
        f.first = merge(a.first, b.first, a.empty);
        f.last = merge(b.last, a.last, b.empty);
        f.empty = mul(a.empty, b.empty);
        return f;
    }

    /// Non-empty iterations of `body` repeated without bound (ε-paths that
    /// would complete an empty iteration are cut, as JavaScript does).
    Frag star(const Frag& body) {
        connect(body.last, body.first);
        Frag f;
        f.first = body.first;
        f.last = body.last;
        f.empty = 1;
        return f;
    }

    Frag optional(const Frag& body) {
        Frag f = body;
        f.empty = 1;  // skip; an empty iteration fails once the minimum is met
        return f;
    }

    Frag frag(int id, int fixed_offset_ok) {
        if (overflow_) return {};
        const Node& n = ast_.nodes[id];
        switch (n.kind) {
            case Kind::Set: {
                const int p = new_pos(n.set);
                if (p < 0) return {};
                Frag f;
                f.first = {{p, 1}};
                f.last = {{p, 1}};
                return f;
            }
            case Kind::Backref: {  // could be any text: model as [^]*
                const int p = new_pos(CharSet{{0, kMaxUnit}});
                if (p < 0) return {};
                Frag one;
                one.first = {{p, 1}};
                one.last = {{p, 1}};
                return star(one);
            }
            case Kind::Look: {
                // Copies of a repeated lookahead are one lookahead to analyse.
                const auto seen = std::find(looks.begin(), looks.end(), id);
                if (seen == looks.end()) {
                    looks.push_back(id);
                    look_fixed.push_back(fixed_offset_ok > 0);
                } else if (fixed_offset_ok == 0) {
                    look_fixed[static_cast<std::size_t>(seen - looks.begin())] = false;
                }
                Frag f;
                f.empty = 1;
                return f;
            }
            case Kind::Seq: {
                Frag f;
                f.empty = 1;
                int fixed = fixed_offset_ok;
                for (int k : n.kids) {
                    f = concat(f, frag(k, fixed));
                    const Props& kp = props_[k];
                    if (kp.minlen != kp.maxlen) fixed = 0;
                }
                return f;
            }
            case Kind::Alt: {
                Frag f;
                for (int k : n.kids) {
                    Frag g = frag(k, fixed_offset_ok);
                    f.first = merge(f.first, g.first);
                    f.last = merge(f.last, g.last);
                    f.empty = plus(f.empty, g.empty);
                }
                return f;
            }
            case Kind::Group:
                return frag(n.kids[0], fixed_offset_ok);
            case Kind::Repeat:
                return repeat(n, fixed_offset_ok);
            default: {  // Empty and assertions: ε
                Frag f;
                f.empty = 1;
                return f;
            }
        }
    }

    Frag repeat(const Node& n, int fixed_offset_ok) {
        long long min = n.min, max = n.max;
        if (max == 0) {
            Frag f;
            f.empty = 1;
            return f;
        }
        // Small counts are expanded exactly; larger ones are approximated by
        // more paths (min capped at 2, max > 3 taken as unbounded), which can
        // only add ambiguity.
        if (min > 2) min = 2;
        if (max != kInf && max > 3) max = kInf;
        if (max != kInf && max < min) max = min;
        const bool fixed_inside = fixed_offset_ok > 0 && min == max && max == 1;
        Frag f;
        f.empty = 1;
        for (long long k = 0; k < min; ++k) f = concat(f, frag(n.kids[0], fixed_inside ? 1 : 0));
        if (max == kInf) {
            f = concat(f, star(frag(n.kids[0], 0)));
        } else {
            // (X (X (X)?)?)? : each optional iteration nests in the previous.
            std::vector<Frag> opts;
            for (long long k = min; k < max; ++k) opts.push_back(frag(n.kids[0], 0));
            Frag tail;
            tail.empty = 1;
            for (auto it = opts.rbegin(); it != opts.rend(); ++it) tail = optional(concat(*it, tail));
            f = concat(f, tail);
        }
        return f;
    }

    long long work_ = 0;
};

/// Iterative Tarjan SCC over an implicit graph given as adjacency lists.
std::vector<int> strongly_connected(const std::vector<std::vector<int>>& adj) {
    const int n = static_cast<int>(adj.size());
    std::vector<int> index(n, -1), low(n, 0), comp(n, -1);
    std::vector<char> on_stack(n, 0);
    std::vector<int> stack;
    std::vector<std::pair<int, std::size_t>> call;
    int counter = 0, comps = 0;
    for (int s = 0; s < n; ++s) {
        if (index[s] >= 0) continue;
        call.emplace_back(s, 0);
        while (!call.empty()) {
            auto& [v, it] = call.back();
            if (it == 0 && index[v] < 0) {
                index[v] = low[v] = counter++;
                stack.push_back(v);
                on_stack[v] = 1;
            }
            if (it < adj[v].size()) {
                const int w = adj[v][it++];
                if (index[w] < 0) {
                    call.emplace_back(w, 0);
                } else if (on_stack[w]) {
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            if (low[v] == index[v]) {
                while (true) {
                    const int w = stack.back();
                    stack.pop_back();
                    on_stack[w] = 0;
                    comp[w] = comps;
                    if (w == v) break;
                }
                ++comps;
            }
            const int done = v;
            call.pop_back();
            if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[done]);
        }
    }
    return comp;
}

/// Exponential ambiguity: two distinct cycles with the same label through one
/// state, i.e. an SCC of the self-product holding a diagonal pair and either a
/// non-diagonal pair or a parallel (multiplicity 2) diagonal edge.
/// Returns 1 when found, 0 when not, -1 when the analysis is too large.
int exponential_ambiguity(const PositionAutomaton& a) {
    const int P = static_cast<int>(a.sets.size()) + 1;  // 0 = start state
    auto succ = [&](int q) -> const PosList& { return q == 0 ? a.root_.first : a.follow[q - 1]; };
    auto set_of = [&](int q) -> const CharSet& { return a.sets[q - 1]; };
    std::vector<std::int8_t> inter(static_cast<std::size_t>(P) * P, -1);
    auto meet = [&](int p, int r) {
        std::int8_t& m = inter[static_cast<std::size_t>(p) * P + r];
        if (m < 0) m = intersects(set_of(p), set_of(r)) ? 1 : 0;
        return m == 1;
    };
    // Reachable product states from (0,0), numbered on discovery.
    std::vector<std::pair<int, int>> states{{0, 0}};
    std::vector<std::vector<int>> adj(1);
    std::vector<std::pair<int, int>> divergent;  // product edges u->v with parallel paths
    std::vector<int> id_of;                      // dense map, P*P
    id_of.assign(static_cast<std::size_t>(P) * P, -1);
    id_of[0] = 0;
    long long work = 0;
    for (std::size_t u = 0; u < states.size(); ++u) {
        const auto [q1, q2] = states[u];
        for (const auto& [p1, m1] : succ(q1)) {
            for (const auto& [p2, m2] : succ(q2)) {
                if (++work > kMaxAnalysisWork) return -1;
                const int s1 = p1 + 1, s2 = p2 + 1;
                if (!meet(s1, s2)) continue;
                int& v = id_of[static_cast<std::size_t>(s1) * P + s2];
                if (v < 0) {
                    v = static_cast<int>(states.size());
                    states.emplace_back(s1, s2);
                    adj.emplace_back();
                }
                adj[u].push_back(v);
                if (q1 == q2 && s1 == s2 && m1 >= 2) divergent.emplace_back(static_cast<int>(u), v);
            }
        }
    }
    const std::vector<int> comp = strongly_connected(adj);
    const int ncomp = states.empty() ? 0 : *std::max_element(comp.begin(), comp.end()) + 1;
    std::vector<char> has_diag(ncomp, 0), has_off(ncomp, 0), has_div(ncomp, 0);
    for (std::size_t u = 0; u < states.size(); ++u) {
        if (states[u].first == states[u].second)
            has_diag[comp[u]] = 1;
        else
            has_off[comp[u]] = 1;
    }
    for (const auto& [u, v] : divergent)
        if (comp[u] == comp[v]) has_div[comp[u]] = 1;
    for (int c = 0; c < ncomp; ++c)
        if (has_diag[c] && (has_off[c] || has_div[c])) return 1;
    return 0;
}

/// Polynomial ambiguity degree (conservative): the longest chain of loops
/// (cyclic SCCs of the position automaton) where each next loop can be
/// reached from the previous one through positions that both loops could
/// also consume. Returns -1 when the region has no loop at all.
int polynomial_degree(const PositionAutomaton& a) {
    const int P = static_cast<int>(a.sets.size());
    std::vector<std::vector<int>> adj(P);
    for (int q = 0; q < P; ++q)
        for (const auto& [p, m] : a.follow[q]) adj[q].push_back(p);
    const std::vector<int> comp = strongly_connected(adj);
    const int ncomp = P == 0 ? 0 : *std::max_element(comp.begin(), comp.end()) + 1;
    std::vector<char> cyclic(ncomp, 0);
    std::vector<CharSet> label(ncomp);
    std::vector<int> size(ncomp, 0);
    for (int q = 0; q < P; ++q) {
        ++size[comp[q]];
        label[comp[q]].insert(label[comp[q]].end(), a.sets[q].begin(), a.sets[q].end());
        for (int p : adj[q])
            if (p == q) cyclic[comp[q]] = 1;
    }
    for (int c = 0; c < ncomp; ++c) {
        if (size[c] > 1) cyclic[c] = 1;
        label[c] = normalize(std::move(label[c]));
    }
    // Tarjan numbers components in reverse topological order: a component
    // only reaches components with smaller numbers. Process from sources.
    std::vector<int> chain(ncomp, -1);
    int best = -1;
    long long work = 0;
    for (int c = ncomp - 1; c >= 0; --c) {
        if (!cyclic[c]) continue;
        if (chain[c] < 0) chain[c] = 0;
        best = std::max(best, chain[c]);
        // Find later loops d reachable through positions meeting label[c] ∩ label[d].
        for (int d = c - 1; d >= 0; --d) {
            if (!cyclic[d] || chain[d] >= chain[c] + 1) continue;
            const CharSet common = intersection(label[c], label[d]);
            if (common.empty()) continue;
            std::vector<char> seen(P, 0);
            std::vector<int> todo;
            for (int q = 0; q < P; ++q)
                if (comp[q] == c) {
                    seen[q] = 1;
                    todo.push_back(q);
                }
            bool reached = false;
            while (!todo.empty() && !reached) {
                const int q = todo.back();
                todo.pop_back();
                for (int p : adj[q]) {
                    if (++work > kMaxAnalysisWork) return INT_MAX;
                    if (seen[p] || !intersects(a.sets[p], common)) continue;
                    if (comp[p] == d) {
                        reached = true;
                        break;
                    }
                    seen[p] = 1;
                    todo.push_back(p);
                }
            }
            if (reached) chain[d] = std::max(chain[d], chain[c] + 1);
        }
    }
    return best;
}

bool starts_with_bol(const Ast& ast, int id) {
    const Node& n = ast.nodes[id];
    switch (n.kind) {
        case Kind::Bol: return true;
        case Kind::Seq: return !n.kids.empty() && starts_with_bol(ast, n.kids[0]);
        case Kind::Group: return starts_with_bol(ast, n.kids[0]);
        case Kind::Alt:
            for (int k : n.kids)
                if (!starts_with_bol(ast, k)) return false;
            return true;
        default: return false;
    }
}

/// Analyses one region (the pattern, or a lookahead body) run `base` times
/// as an exponent of the subject length (start positions / evaluations).
std::string analyse_region(const Ast& ast, const std::vector<Props>& props, int root, int base,
                           int depth) {
    if (depth > 50) return "lookaheads nested too deeply to analyse";
    PositionAutomaton a(ast, props);
    if (!a.build(root)) return "the pattern is too large to analyse for backtracking";
    const int eda = exponential_ambiguity(a);
    if (eda < 0) return "the pattern is too large to analyse for backtracking";
    if (eda > 0)
        return "a repetition can match the same text in more than one way (nested or overlapping "
               "quantifiers): matching may take exponential time";
    const int degree = polynomial_degree(a);
    if (degree == INT_MAX) return "the pattern is too large to analyse for backtracking";
    const int exponent = base + (degree < 0 ? 0 : degree + 1);
    if (exponent >= 3)
        return "several quantified parts can match the same text one after another: matching may "
               "take time proportional to the subject length to the power " +
               std::to_string(exponent);
    for (std::size_t k = 0; k < a.looks.size(); ++k) {
        const Node& look = ast.nodes[a.looks[k]];
        const int look_base = base + (a.look_fixed[k] ? 0 : 1);
        std::string r = analyse_region(ast, props, look.kids[0], look_base, depth + 1);
        if (!r.empty()) return r;
    }
    return {};
}

}  // namespace

std::string regex_backtracking_risk(std::string_view pattern) {
    try {
        const Ast ast = parse_pattern(pattern);
        if (!ast.error.empty()) return {};  // does not compile: nothing will run
        if (ast.root < 0) return "the pattern is too large to analyse for backtracking";
        std::vector<Props> props;
        compute_props(ast, props);
        const int base = starts_with_bol(ast, ast.root) ? 0 : 1;
        return analyse_region(ast, props, ast.root, base, 0);
    } catch (...) {
        return "the pattern could not be analysed for backtracking";
    }
}

}  // namespace flagplan
