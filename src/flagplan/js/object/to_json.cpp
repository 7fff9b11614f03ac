// A JS object literal as canonical JSON (object_literal_to_json,
// object_literal.hpp).
#include <cmath>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "flagplan/js/js_text.hpp"
#include "flagplan/js/object/object_detail.hpp"

namespace flagplan {
namespace object_detail {


LiteralJson tree_to_json(const Tree& tree, std::size_t size_hint) {
    LiteralJson result;
    std::string& out = result.json;
    out.reserve(size_hint);
    std::vector<Frame> frames;

    const auto emit = [&](std::uint32_t index) {
        const Node& n = tree.nodes[index];
        switch (n.kind) {
            case Kind::Object:
            case Kind::Array: {
                out += n.kind == Kind::Object ? '{' : '[';
                Frame f{index, n.first};
                f.object = n.kind == Kind::Object;
                frames.push_back(f);
                break;
            }
            case Kind::String: append_json_string(out, tree.str(n)); break;
            case Kind::Number:
                if (std::isfinite(n.number)) {
                    append_json_number(out, n.number);
                } else {
                    std::string path = build_path(tree, frames, frames.size());
                    std::string message = subject(path) + " is " + js::number_to_string(n.number) +
                                          "; JSON numbers must be finite";
                    result.problems.push_back(make_problem("not_finite", std::move(message), std::move(path), n.offset));
                }
                break;
            case Kind::True: out += "true"; break;
            case Kind::False: out += "false"; break;
            case Kind::Null: out += "null"; break;
        }
    };

    if (tree.nodes.empty()) return result;
    emit(0);
    while (!frames.empty()) {
        Frame& f = frames.back();
        if (f.next_child == kNone) {
            out += f.object ? '}' : ']';
            frames.pop_back();
            continue;
        }
        const std::uint32_t child = f.next_child;
        const Node& c = tree.nodes[child];
        f.next_child = c.next;
        f.current = child;
        ++f.index;
        if (f.object && c.duplicate) {
            std::string path = build_path(tree, frames, frames.size());
            std::string message = subject(path) + " is given more than once";
            result.problems.push_back(make_problem("duplicate_property", std::move(message), std::move(path), c.key_offset));
            continue;
        }
        if (f.emitted++ > 0) out += ',';
        if (f.object) {
            append_json_string(out, tree.key(c));
            out += ':';
        }
        emit(child);  // may reallocate `frames`
    }
    if (!result.problems.empty()) {
        out.clear();
        out.shrink_to_fit();
    }
    return result;
}

}  // namespace object_detail

using namespace object_detail;


LiteralJson object_literal_to_json(std::string_view literal, int max_depth) {
    try {
        Tree tree;
        if (auto failure = parse_literal(literal, max_depth, tree)) {
            LiteralJson result;
            result.problems.push_back(std::move(*failure));
            return result;
        }
        return tree_to_json(tree, literal.size());
    } catch (const std::exception& e) {
        LiteralJson result;
        result.problems.push_back(too_large_problem(e.what()));
        return result;
    } catch (...) {
        LiteralJson result;
        result.problems.push_back(too_large_problem("unknown error"));
        return result;
    }
}

}  // namespace flagplan
