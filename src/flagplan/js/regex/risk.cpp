// Backtracking-risk analysis of JavaScript regular expressions
// (regex_backtracking_risk, js_regex.hpp).
#include "flagplan/js/js_regex.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "flagplan/js/regex/regex_ast.hpp"

namespace flagplan {

using namespace regex_detail;

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
