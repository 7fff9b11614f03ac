// Parser of JavaScript regular expressions (no flags): the ECMAScript
// pattern grammar in non-unicode mode with Annex B, V8 11.3's rules.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <optional>
#include <utility>

#include "flagplan/js/js_text.hpp"
#include "flagplan/js/regex/regex_ast.hpp"

namespace flagplan::regex_detail {
namespace {

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
        int capture = 0;          // capture number of a capturing group
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
                group.capture = f.capture;
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
                    const int node = add_kind(Kind::Backref);
                    ast_.nodes[node].capture = static_cast<int>(v);
                    ast_.nodes[node].icase = icase_;
                    return node;
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
                    const int node = add_kind(Kind::Backref);
                    ast_.nodes[node].icase = icase_;
                    ref_nodes_.push_back(node);
                    return node;
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
        if (at(i_) != '?') {
            f.capture = ++captures_opened_;
            return true;
        }
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
            f.capture = ++captures_opened_;
            name_captures_.push_back(f.capture);
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
        for (std::size_t r = 0; r < refs_.size(); ++r) {
            const auto& ref = refs_[r];
            // The capture a \k<name> refers to: 0 when the name is on
            // several groups (in alternatives; ES2025).
            int capture = -1;
            for (std::size_t k = 0; k < names_.size(); ++k)
                if (names_[k] == ref) capture = capture < 0 ? name_captures_[k] : 0;
            if (capture >= 0) {
                ast_.nodes[static_cast<std::size_t>(ref_nodes_[r])].capture = capture;
                continue;
            }
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
    std::vector<int> ref_nodes_;       // the Backref node of each of refs_
    std::vector<int> name_captures_;   // the capture number of each of names_
    int captures_opened_ = 0;
};

}  // namespace

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

}  // namespace flagplan::regex_detail
