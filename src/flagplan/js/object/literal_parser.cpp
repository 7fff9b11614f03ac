// The JS object literal parser of OBJECT flags (object_literal.hpp).
#include <algorithm>
#include <exception>
#include <new>
#include <utility>

#include "flagplan/js/js_text.hpp"
#include "flagplan/js/object/object_detail.hpp"
#include "flagplan/js/object/scanner.hpp"

namespace flagplan::object_detail {

ObjectProblem too_large_problem(const char* what) {
    return make_problem("too_large", std::string("the text could not be processed: ") + what, "", 0);
}

namespace {

// Marks later occurrences of a key among the members of object `obj`.
void mark_duplicates(Tree& tree, std::uint32_t obj, std::vector<std::uint32_t>& scratch) {
    const Node& o = tree.nodes[obj];
    if (o.count < 2) return;
    scratch.clear();
    for (std::uint32_t c = o.first; c != kNone; c = tree.nodes[c].next) scratch.push_back(c);
    if (scratch.size() <= 8) {
        for (std::size_t j = 1; j < scratch.size(); ++j)
            for (std::size_t i = 0; i < j; ++i)
                if (tree.key(tree.nodes[scratch[i]]) == tree.key(tree.nodes[scratch[j]])) {
                    tree.nodes[scratch[j]].duplicate = true;
                    break;
                }
        return;
    }
    std::sort(scratch.begin(), scratch.end(), [&](std::uint32_t a, std::uint32_t b) {
        const int cmp = tree.key(tree.nodes[a]).compare(tree.key(tree.nodes[b]));
        return cmp != 0 ? cmp < 0 : a < b;
    });
    for (std::size_t i = 1; i < scratch.size(); ++i)
        if (tree.key(tree.nodes[scratch[i - 1]]) == tree.key(tree.nodes[scratch[i]]))
            tree.nodes[scratch[i]].duplicate = true;
}

}  // namespace


// Parses a JS literal into `tree` without recursion. nullopt = success.
std::optional<ObjectProblem> parse_literal(std::string_view text, int max_depth, Tree& tree) {
    if (text.size() > kMaxText) return too_large_problem("text larger than 4 GiB");
    Scanner s(text);
    tree.arena.reserve(text.size());
    tree.nodes.reserve(std::min<std::size_t>(text.size() / 4 + 1, 1024));  // avoids regrowth on small texts

    struct Open {
        std::uint32_t node;
        std::uint32_t last;
    };
    std::vector<Open> stack;
    std::vector<std::uint32_t> scratch;
    enum class State { Value, AfterValue, KeyOrClose, ElementOrClose };
    State state = State::Value;
    std::uint32_t pending_key = 0, pending_key_length = 0, pending_key_offset = 0;

    const auto close = [&]() {
        const Open open = stack.back();
        stack.pop_back();
        if (tree.nodes[open.node].kind == Kind::Object) mark_duplicates(tree, open.node, scratch);
        ++s.pos;
        state = State::AfterValue;
    };

    for (;;) {
        if (!s.skip()) return s.failure;
        switch (state) {
            case State::Value: {
                if (s.at_end()) {
                    s.fail(s.pos, "expected a value, found end of text");
                    return s.failure;
                }
                const unsigned char c = s.peek();
                const auto index = static_cast<std::uint32_t>(tree.nodes.size());
                tree.nodes.emplace_back();
                tree.nodes[index].offset = static_cast<std::uint32_t>(s.pos);
                if (!stack.empty()) {
                    Open& open = stack.back();
                    Node& parent = tree.nodes[open.node];
                    if (parent.count == 0) parent.first = index;
                    else tree.nodes[open.last].next = index;
                    open.last = index;
                    ++parent.count;
                    if (parent.kind == Kind::Object) {
                        Node& n = tree.nodes[index];
                        n.key = pending_key;
                        n.key_length = pending_key_length;
                        n.key_offset = pending_key_offset;
                    }
                }
                Node& n = tree.nodes[index];
                if (c == '{' || c == '[') {
                    if (static_cast<long long>(stack.size()) + 1 > static_cast<long long>(max_depth)) {
                        s.fail(s.pos, "nesting deeper than " + std::to_string(max_depth) + " levels", "too_deep");
                        return s.failure;
                    }
                    n.kind = c == '{' ? Kind::Object : Kind::Array;
                    stack.push_back(Open{index, kNone});
                    ++s.pos;
                    state = c == '{' ? State::KeyOrClose : State::ElementOrClose;
                } else if (c == '\'' || c == '"') {
                    n.kind = Kind::String;
                    const std::size_t begin = tree.arena.size();
                    if (!s.string_literal(tree.arena)) return s.failure;
                    Node& sn = tree.nodes[index];
                    sn.str = static_cast<std::uint32_t>(begin);
                    sn.length = static_cast<std::uint32_t>(tree.arena.size() - begin);
                    state = State::AfterValue;
                } else if (is_digit(c) || c == '-' || c == '.') {
                    n.kind = Kind::Number;
                    double value = 0;
                    if (!s.number_literal(value)) return s.failure;
                    tree.nodes[index].number = value;
                    state = State::AfterValue;
                } else if (is_ident_start(c)) {
                    const std::size_t at = s.pos;
                    const std::string_view word = s.identifier();
                    if (word == "true") n.kind = Kind::True;
                    else if (word == "false") n.kind = Kind::False;
                    else if (word == "null") n.kind = Kind::Null;
                    else {
                        s.fail(at, "unexpected identifier '" + std::string(word.substr(0, 40)) +
                                       "'; a value is an object, array, string, number, true, false or null");
                        return s.failure;
                    }
                    state = State::AfterValue;
                } else if (c == '`') {
                    s.fail(s.pos, "template literals are not supported; use '...' or \"...\"");
                    return s.failure;
                } else if (c == '+') {
                    s.fail(s.pos, "a leading '+' is not allowed on numbers");
                    return s.failure;
                } else {
                    s.fail_found(s.pos, "expected a value");
                    return s.failure;
                }
                break;
            }
            case State::AfterValue: {
                if (stack.empty()) {
                    if (s.at_end()) return std::nullopt;
                    s.fail_found(s.pos, "unexpected text after the value");
                    return s.failure;
                }
                const bool in_object = tree.nodes[stack.back().node].kind == Kind::Object;
                const unsigned char c = s.peek();
                if (c == ',') {
                    ++s.pos;
                    state = in_object ? State::KeyOrClose : State::ElementOrClose;
                } else if (c == (in_object ? '}' : ']') && !s.at_end()) {
                    close();
                } else {
                    s.fail_found(s.pos, in_object ? "expected ',' or '}' after a property value"
                                                  : "expected ',' or ']' after an array element");
                    return s.failure;
                }
                break;
            }
            case State::KeyOrClose: {
                if (s.peek() == '}' && !s.at_end()) {
                    close();
                    break;
                }
                if (s.peek() == ',' && !s.at_end() && tree.nodes[stack.back().node].count == 0) {
                    // `{,}` and `{ , }`: not JavaScript, but FlagFlow's text
                    // rewrite reads them as an empty object (reference
                    // vectors obj-0244, plan-0245), so they are one here too.
                    ++s.pos;
                    if (!s.skip()) return s.failure;
                    if (s.peek() != '}' || s.at_end()) {
                        s.fail_found(s.pos, "expected '}' after '{,'");
                        return s.failure;
                    }
                    close();
                    break;
                }
                const std::size_t at = s.pos;
                const std::size_t begin = tree.arena.size();
                if (!s.key(tree.arena)) {
                    if (!s.failure) s.fail_found(at, "expected a property name or '}'");
                    return s.failure;
                }
                pending_key = static_cast<std::uint32_t>(begin);
                pending_key_length = static_cast<std::uint32_t>(tree.arena.size() - begin);
                pending_key_offset = static_cast<std::uint32_t>(at);
                if (!s.skip()) return s.failure;
                if (s.peek() != ':' || s.at_end()) {
                    s.fail_found(s.pos, "expected ':' after the property name");
                    return s.failure;
                }
                ++s.pos;
                state = State::Value;
                break;
            }
            case State::ElementOrClose: {
                if (s.peek() == ']' && !s.at_end()) {
                    close();
                } else if (s.peek() == ',') {
                    s.fail(s.pos, "empty array element (a hole) is not allowed");
                    return s.failure;
                } else {
                    state = State::Value;
                }
                break;
            }
        }
    }
}

}  // namespace flagplan::object_detail
