// The conformance of a JS object literal to an OBJECT flag's schema
// (check_object_literal, object_literal.hpp).
#include <algorithm>
#include <cmath>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "flagplan/js/js_text.hpp"
#include "flagplan/js/object/object_detail.hpp"

namespace flagplan {
namespace object_detail {


void append_key_segment(std::string& path, std::string_view key) {
    if (is_identifier(key)) {
        if (!path.empty()) path += '.';
        path += key;
    } else {
        path += '[';
        append_json_string(path, key);
        path += ']';
    }
}

// The path of the children currently visited by frames [0, count).
std::string build_path(const Tree& tree, const std::vector<Frame>& frames, std::size_t count) {
    std::string path;
    for (std::size_t i = 0; i < count; ++i) {
        const Frame& f = frames[i];
        if (f.object && tree.nodes[f.node].kind == Kind::Array) {  // an array checked as an object
            append_key_segment(path, std::to_string(f.index - 1));
        } else if (f.object) {
            append_key_segment(path, tree.key(tree.nodes[f.current]));
        } else {
            path += '[';
            path += std::to_string(f.index - 1);
            path += ']';
        }
    }
    return path;
}

std::string subject(const std::string& path) {
    if (path.empty()) return "the value";
    if (path.back() == ']' && path[path.size() - 2] != '"') return "element " + path;
    return "property " + path;
}

std::string describe_found(const Tree& tree, const Node& n) {
    switch (n.kind) {
        case Kind::Object: return "an object";
        case Kind::Array: return "an array";
        case Kind::String: return "string " + quote_excerpt(tree.str(n));
        case Kind::Number: return "number " + js::number_to_string(n.number);
        case Kind::True: return "boolean true";
        case Kind::False: return "boolean false";
        case Kind::Null: return "null";
    }
    return "a value";
}

std::string describe_expected(const ObjectSchema& schema, const ObjectType& type) {
    if (type.array_depth > 0) return "an array (" + schema.type_text(type) + ")";
    switch (type.kind) {
        case ObjectTypeKind::Boolean: return "a boolean";
        case ObjectTypeKind::Integer: return "an integer";
        case ObjectTypeKind::Float: return "a float (any finite number)";
        case ObjectTypeKind::Number: return "a number";
        case ObjectTypeKind::String: return "a string";
        case ObjectTypeKind::Object: {
            const auto& objects = schema.objects();
            if (type.object < objects.size() && !objects[type.object].name.empty())
                return "a " + objects[type.object].name + " object";
            return "an object";
        }
    }
    return "a value";
}

std::vector<ObjectProblem> check_tree(const ObjectSchema& schema, const Tree& tree) {
    std::vector<ObjectProblem> problems;
    const auto& objects = schema.objects();
    std::vector<Frame> frames;
    // stamps[first_slot + property] == id of the object visit that has it.
    // No clearing per object: linear even with many optional properties.
    std::size_t slots = 0;
    for (const auto& o : objects) slots = std::max<std::size_t>(slots, o.first_slot + o.properties.size());
    std::vector<std::uint32_t> stamps(slots, 0);
    std::uint32_t visit_id = 0;
    // property_of[member node] = its property's index, found by enter_object
    // (so the walk does not look each key up a second time); -1 = undeclared.
    std::vector<std::int32_t> property_of(tree.nodes.size(), -1);

    const auto member_path = [&](std::string_view key) {
        std::string path = build_path(tree, frames, frames.size());
        append_key_segment(path, key);
        return path;
    };

    // An object value of object type `type.object`: keys first (duplicates,
    // undeclared, missing), then a frame to check the members' values. Done
    // before descending, so nested visits of the same type cannot interfere.
    const auto enter_object = [&](std::uint32_t index, const ObjectType& type) {
        const Node& n = tree.nodes[index];
        const ObjectSchema::Object& o = objects[type.object];
        const std::uint32_t id = ++visit_id;
        std::size_t seen_required = 0;
        // An array given for an object passes FlagFlow's `typeof value ===
        // 'object'` and is checked as one: its keys are its indices
        // (reference vectors obj-0241, obj-0263, obj-0152).
        std::uint32_t position = 0;
        std::string index_key;
        for (std::uint32_t c = n.first; c != kNone; c = tree.nodes[c].next, ++position) {
            const Node& m = tree.nodes[c];
            if (n.kind == Kind::Array) index_key = std::to_string(position);
            const std::string_view key = n.kind == Kind::Array ? std::string_view(index_key) : tree.key(m);
            if (m.duplicate) {
                std::string path = member_path(key);
                std::string message = subject(path) + " is given more than once";
                problems.push_back(make_problem("duplicate_property", std::move(message), std::move(path), m.key_offset));
                continue;
            }
            const int p = schema.find_property(type.object, key);
            property_of[c] = p;
            if (p < 0) {
                std::string path = member_path(key);
                std::string message = subject(path) + " is not declared in the schema";
                problems.push_back(make_problem("unexpected_property", std::move(message), std::move(path), m.key_offset));
                continue;
            }
            stamps[o.first_slot + static_cast<std::size_t>(p)] = id;
            if (!o.properties[static_cast<std::size_t>(p)].optional) ++seen_required;
        }
        // Scanning `required` costs at most (members + missing problems).
        if (seen_required < o.required.size()) {
            for (const std::uint32_t r : o.required) {
                if (stamps[o.first_slot + r] == id) continue;
                std::string path = member_path(o.properties[r].name);
                std::string message = "required " + subject(path) + " is missing";
                problems.push_back(make_problem("missing_property", std::move(message), std::move(path), n.offset));
            }
        }
        Frame f{index, n.first};
        f.type = type;
        f.object = true;
        frames.push_back(f);
    };

    // Checks node `index` against `type`; pushes a frame for containers.
    const auto visit = [&](std::uint32_t index, const ObjectType& type) {
        const Node& n = tree.nodes[index];
        bool ok = false;
        if (type.array_depth > 0) {
            if (n.kind == Kind::Array) {
                Frame f{index, n.first};
                f.type = type;
                --f.type.array_depth;
                frames.push_back(f);
                return;
            }
        } else {
            switch (type.kind) {
                case ObjectTypeKind::Boolean: ok = n.kind == Kind::True || n.kind == Kind::False; break;
                case ObjectTypeKind::Integer:
                    ok = n.kind == Kind::Number && std::isfinite(n.number) && std::trunc(n.number) == n.number;
                    break;
                case ObjectTypeKind::Float:
                case ObjectTypeKind::Number:
                    // A JavaScript number: 1e400 is Infinity and passes FlagFlow's
                    // typeof check (reference vectors obj-0180, obj-0181).
                    ok = n.kind == Kind::Number;
                    break;
                case ObjectTypeKind::String: ok = n.kind == Kind::String; break;
                case ObjectTypeKind::Object:
                    if (const std::string* name = schema.unresolved_name(type.object)) {
                        std::string path = build_path(tree, frames, frames.size());
                        std::string message = subject(path) + " has type " + *name + ", which the schema does not declare";
                        problems.push_back(make_problem("unknown_type", std::move(message), std::move(path), n.offset));
                        return;
                    }
                    if ((n.kind == Kind::Object || n.kind == Kind::Array) && type.object < objects.size()) {
                        enter_object(index, type);
                        return;
                    }
                    break;
            }
        }
        if (ok) return;
        std::string path = build_path(tree, frames, frames.size());
        std::string message = subject(path) + " must be ";
        if (n.kind == Kind::Number && !std::isfinite(n.number) && type.array_depth == 0 &&
            type.kind == ObjectTypeKind::Integer)
            message += "an integer, found " + js::number_to_string(n.number);
        else
            message += describe_expected(schema, type) + ", found " + describe_found(tree, n);
        problems.push_back(make_problem("wrong_type", std::move(message), std::move(path), n.offset));
    };

    if (tree.nodes.empty()) return problems;
    visit(0, schema.root());
    while (!frames.empty()) {
        Frame& f = frames.back();
        if (f.next_child == kNone) {
            frames.pop_back();
            continue;
        }
        const std::uint32_t child = f.next_child;
        const Node& c = tree.nodes[child];
        f.next_child = c.next;
        f.current = child;
        ++f.index;
        ObjectType type = f.type;
        if (f.object) {
            if (c.duplicate) continue;  // reported by enter_object
            const int p = property_of[child];
            if (p < 0) continue;
            type = objects[f.type.object].properties[static_cast<std::size_t>(p)].type;
        }
        visit(child, type);  // may reallocate `frames`: `f` is not used after this
    }
    return problems;
}

}  // namespace object_detail

using namespace object_detail;

std::vector<ObjectProblem> check_object_literal(const ObjectSchema& schema, std::string_view literal,
                                                int max_depth) {
    try {
        if (schema.root().kind != ObjectTypeKind::Object || schema.root().object >= schema.objects().size())
            return {make_problem("no_root", "the schema has no unnamed root type, so no value conforms", "", 0)};
        Tree tree;
        if (auto failure = parse_literal(literal, max_depth, tree)) return {std::move(*failure)};
        return check_tree(schema, tree);
    } catch (const std::exception& e) {
        return {too_large_problem(e.what())};
    } catch (...) {
        return {too_large_problem("unknown error")};
    }
}

}  // namespace flagplan
