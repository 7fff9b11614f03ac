// Node properties and the translation of a JavaScript regex syntax tree to
// a std::regex ECMAScript pattern over UTF-16 units (regex_ast.hpp).
#include <algorithm>
#include <map>
#include <climits>
#include <cstdint>
#include <string>

#include "flagplan/js/regex/regex_ast.hpp"

namespace flagplan::regex_detail {

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

namespace {

constexpr long long kMaxStates = 5000;
constexpr int kMaxEmittedNesting = 64;
constexpr double kMaxWork = 2e7;

class Translator {
public:
    Translator(const Ast& ast, const std::vector<Props>& props, long long subject_len)
        : ast_(ast), props_(props), L_(subject_len) {
        if (!ast.has_backref) return;
        parent_.assign(ast.nodes.size(), -1);
        for (std::size_t id = 0; id < ast.nodes.size(); ++id)
            for (int k : ast.nodes[id].kids) parent_[static_cast<std::size_t>(k)] = static_cast<int>(id);
        for (std::size_t id = 0; id < ast.nodes.size(); ++id)
            if (ast.nodes[id].kind == Kind::Group && ast.nodes[id].capture > 0)
                group_of_.emplace(ast.nodes[id].capture, static_cast<int>(id));
    }

    Translation run() {
        Translation t;
        std::wstring body;
        // A (?m:^) that starts the pattern: the unanchored prefix ends at the
        // subject's start or just after a line terminator instead.
        int lead = ast_.root;
        while (ast_.nodes[lead].kind == Kind::Group || ast_.nodes[lead].kind == Kind::Seq)
            lead = ast_.nodes[lead].kids[0];
        if (ast_.nodes[lead].kind == Kind::Bol && ast_.nodes[lead].multiline) leading_multiline_bol_ = lead;
        long long states = emit(ast_.root, body, 0, /*at_start=*/false, 0);
        if (restart_) {
            // Back-references found which groups must capture: emit again.
            restart_ = false;
            body.clear();
            captures_emitted_ = 0;
            look_work_ = 0;
            too_big_ = too_deep_ = false;
            region_factor_ = 1;
            region_reach_ = static_cast<double>(L_ + 1);
            states = emit(ast_.root, body, 0, /*at_start=*/false, 0);
        }
        t.backrefs = backrefs_;
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
            case Kind::Backref: return emit_backref(id, n, out);
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
            case Kind::Group: {
                const auto referenced = emitted_.find(n.capture);
                if (n.capture > 0 && referenced != emitted_.end()) {
                    // A capture a back-reference reads: a std::regex group.
                    if (!open_paren(depth)) return 0;
                    referenced->second = ++captures_emitted_;
                    out.push_back(L'(');
                    const long long states = emit(n.kids[0], out, look_depth, at_start, depth + 1);
                    out.push_back(L')');
                    return sat_add(states, 2);
                }
                // No parentheses needed: alternations wrap themselves and
                // repetitions wrap their operand.
                return emit(n.kids[0], out, look_depth, at_start, depth);
            }
            case Kind::Look:
                return emit_look(n, out, look_depth, at_start, depth);
            case Kind::Repeat:
                return emit_repeat(n, out, look_depth, depth);
        }
        return 0;
    }

    /// Lowest common ancestor of nodes a and b.
    int common_ancestor(int a, int b) const {
        std::vector<int> up;
        for (int x = a; x >= 0; x = parent_[static_cast<std::size_t>(x)]) up.push_back(x);
        for (int y = b; y >= 0; y = parent_[static_cast<std::size_t>(y)])
            if (std::find(up.begin(), up.end(), y) != up.end()) return y;
        return -1;
    }

    /// A back-reference (ECMAScript 22.2.2.7.2 BackreferenceMatcher: a
    /// capture that is undefined matches empty). Decided per reference:
    ///  * the group closes after the reference (a forward reference, or one
    ///    inside its own group): the capture is always undefined there, even
    ///    in a repetition (RepeatMatcher resets the captures of its atom
    ///    before each iteration), so it matches empty;
    ///  * the group is in another alternative of a disjunction holding both:
    ///    undefined there too, empty;
    ///  * the group comes first and nothing between it and the part holding
    ///    both can skip or repeat it (only sequences and groups): it always
    ///    matched just before, in this iteration, so std::regex's \N (which
    ///    keeps a capture across iterations) reads the same text;
    ///  * anything else (the group optional, repeated, in a lookahead, a
    ///    name on several groups, (?i:) case folding): unsupported.
    long long emit_backref(int id, const Node& n, std::wstring& out) {
        const auto group = group_of_.find(n.capture);
        if (n.capture <= 0 || group == group_of_.end()) {
            unsupported_ = "a named back-reference to a name on several groups is not supported by the native regex engine";
            return 0;
        }
        const int g = group->second;
        if (g > id) {  // nodes are numbered as they close
            out += L"(?:)";
            return 1;
        }
        const int lca = common_ancestor(g, id);
        if (lca >= 0 && ast_.nodes[static_cast<std::size_t>(lca)].kind == Kind::Alt) {
            out += L"(?:)";
            return 1;
        }
        for (int x = parent_[static_cast<std::size_t>(g)]; x != lca && x >= 0; x = parent_[static_cast<std::size_t>(x)]) {
            const Kind k = ast_.nodes[static_cast<std::size_t>(x)].kind;
            if (k != Kind::Seq && k != Kind::Group) {
                unsupported_ = "a back-reference to an optional, repeated or lookahead group is not supported by the native regex engine";
                return 0;
            }
        }
        if (n.icase) {
            unsupported_ = "a back-reference inside (?i:...) is not supported by the native regex engine";
            return 0;
        }
        const auto emitted = emitted_.find(n.capture);
        if (emitted == emitted_.end() || emitted->second == 0) {
            // The group was emitted before it was known to be read: again,
            // now capturing (run() restarts the emission).
            emitted_[n.capture] = 0;
            restart_ = true;
            return 1;
        }
        out += L"\\" + std::to_wstring(emitted->second);
        backrefs_ = true;
        return 1;
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
    std::vector<int> parent_;            // parent node of each node (back-references only)
    std::map<int, int> group_of_;        // capture number -> its Group node
    std::map<int, int> emitted_;         // captures back-references read -> std::regex group number
    int captures_emitted_ = 0;
    bool restart_ = false;
    bool backrefs_ = false;
    std::string unsupported_;
    int leading_multiline_bol_ = -1;  // the (?m:^) node that starts the pattern, if any
    bool too_deep_ = false;
    bool too_big_ = false;
    double look_work_ = 0;
    double region_factor_ = 1;  // evaluations of the region being emitted
    double region_reach_ = static_cast<double>(L_ + 1);  // offsets it spans
};

}  // namespace

Translation translate(const Ast& ast, const std::vector<Props>& props, long long subject_len) {
    return Translator(ast, props, subject_len).run();
}

}  // namespace flagplan::regex_detail
