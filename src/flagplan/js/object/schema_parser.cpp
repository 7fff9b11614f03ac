// The schema DSL of OBJECT flags (parse_object_schema, object_literal.hpp).
#include <algorithm>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "flagplan/js/js_text.hpp"
#include "flagplan/js/object/object_detail.hpp"
#include "flagplan/js/object/scanner.hpp"

namespace flagplan {

using namespace object_detail;

namespace {


// ---------------------------------------------------------------------------
// The schema DSL

ObjectTypeKind primitive_kind(std::string_view name, bool& found) {
    found = true;
    if (name == "boolean") return ObjectTypeKind::Boolean;
    if (name == "integer") return ObjectTypeKind::Integer;
    if (name == "float") return ObjectTypeKind::Float;
    if (name == "number") return ObjectTypeKind::Number;
    if (name == "string") return ObjectTypeKind::String;
    found = false;
    return ObjectTypeKind::Object;
}

}  // namespace


int ObjectSchema::find_property(std::uint32_t object, std::string_view name) const {
    if (object >= objects_.size()) return -1;
    const Object& o = objects_[object];
    auto it = std::lower_bound(o.by_name.begin(), o.by_name.end(), name,
                               [&](std::uint32_t i, std::string_view n) { return o.properties[i].name < n; });
    if (it == o.by_name.end() || o.properties[*it].name != name) return -1;
    return static_cast<int>(*it);
}

std::string ObjectSchema::type_text(const ObjectType& type) const {
    std::string out;
    switch (type.kind) {
        case ObjectTypeKind::Boolean: out = "boolean"; break;
        case ObjectTypeKind::Integer: out = "integer"; break;
        case ObjectTypeKind::Float: out = "float"; break;
        case ObjectTypeKind::Number: out = "number"; break;
        case ObjectTypeKind::String: out = "string"; break;
        case ObjectTypeKind::Object:
            if (type.object < objects_.size() && !objects_[type.object].name.empty())
                out = objects_[type.object].name;
            else if (const std::string* name = unresolved_name(type.object))
                out = *name;
            else
                out = "{ ... }";
            break;
    }
    for (std::uint32_t i = 0; i < type.array_depth && i < 64; ++i) out += "[]";
    if (type.array_depth > 64) out += "...";
    return out;
}

ObjectSchemaParse parse_object_schema(std::string_view dsl, int max_depth) {
    ObjectSchemaParse result;
    try {
        if (dsl.size() > kMaxText) {
            result.problems.push_back(too_large_problem("text larger than 4 GiB"));
            return result;
        }
        Scanner s(dsl);
        ObjectSchema schema;
        auto& objects = schema.objects_;

        struct Descriptor {
            std::string name;  // "" = root
            std::size_t name_offset = 0;
            std::size_t offset = 0;
            std::uint32_t object = 0;
            std::uint32_t depth = 0;
        };
        struct Reference {
            std::uint32_t object;
            std::uint32_t property;
            std::string name;
            std::size_t offset;
            std::uint32_t depth;
        };
        struct Open {
            std::uint32_t object;
            bool need_separator = false;
            std::string pending_name;  // the property whose type this object is
            bool pending_optional = false;
            std::size_t pending_offset = 0;
        };
        std::vector<Descriptor> descriptors;
        std::vector<Reference> references;
        std::vector<Open> stack;
        std::vector<ObjectProblem> problems;
        std::string key;

        const auto fail = [&]() {
            result.problems.push_back(*s.failure);
            return result;
        };
        // `[]` suffixes after a type; false on failure.
        const auto suffixes = [&](std::uint32_t& depth) {
            depth = 0;
            for (;;) {
                const std::size_t save = s.pos;
                if (!s.skip()) return false;
                if (s.peek() != '[' || s.at_end()) {
                    s.pos = save;
                    return true;
                }
                ++s.pos;
                if (!s.skip()) return false;
                if (s.peek() != ']' || s.at_end())
                    return s.fail_found(s.pos, "expected ']' (only T[] array types are supported)");
                ++s.pos;
                ++depth;
                if (static_cast<long long>(depth) > static_cast<long long>(max_depth))
                    return s.fail(save, "more than " + std::to_string(max_depth) + " array levels", "too_deep");
            }
        };
        // Called when an object type closes: sorted index and duplicate check.
        const auto finish_object = [&](std::uint32_t index) {
            ObjectSchema::Object& o = objects[index];
            o.by_name.resize(o.properties.size());
            for (std::uint32_t i = 0; i < o.by_name.size(); ++i) o.by_name[i] = i;
            std::sort(o.by_name.begin(), o.by_name.end(), [&](std::uint32_t a, std::uint32_t b) {
                const int cmp = o.properties[a].name.compare(o.properties[b].name);
                return cmp != 0 ? cmp < 0 : a < b;
            });
            for (std::size_t i = 1; i < o.by_name.size(); ++i) {
                const auto& prev = o.properties[o.by_name[i - 1]];
                const auto& prop = o.properties[o.by_name[i]];
                if (prev.name != prop.name) continue;
                std::string where = o.name.empty() ? std::string("its object type") : "type " + o.name;
                problems.push_back(make_problem(
                    "duplicate_property",
                    "property " + quote_excerpt(prop.name) + " is declared more than once in " + where,
                    "", prop.offset));
            }
        };
        const auto new_object = [&](std::string name) {
            objects.emplace_back();
            objects.back().name = std::move(name);
            return static_cast<std::uint32_t>(objects.size() - 1);
        };

        enum class State { Top, InObject };
        State state = State::Top;
        for (;;) {
            if (state == State::Top) {
                if (!s.skip()) return fail();
                if (s.at_end()) break;
                Descriptor d;
                d.offset = s.pos;
                if (is_ident_start(s.peek())) {
                    const std::size_t at = s.pos;
                    const std::string_view word = s.identifier();
                    if (word != "type" && word != "interface") {
                        s.fail(at, "expected '{', 'type Name =' or 'interface Name' to start a type, found '" +
                                       std::string(word.substr(0, 40)) + "'");
                        return fail();
                    }
                    if (!s.skip()) return fail();
                    if (!is_ident_start(s.peek())) {
                        s.fail_found(s.pos, "expected a type name after '" + std::string(word) + "'");
                        return fail();
                    }
                    d.name_offset = s.pos;
                    d.name = std::string(s.identifier());
                    if (!s.skip()) return fail();
                    if (word == "type") {
                        if (s.peek() != '=' || s.at_end()) {
                            s.fail_found(s.pos, "expected '=' after 'type " + d.name + "'");
                            return fail();
                        }
                        ++s.pos;
                        if (!s.skip()) return fail();
                    }
                }
                if (s.peek() != '{' || s.at_end()) {
                    s.fail_found(s.pos, descriptors.empty() && d.name.empty()
                                            ? "expected '{', 'type Name =' or 'interface Name' to start a type"
                                            : "expected '{' to start an object type");
                    return fail();
                }
                if (max_depth < 1) {
                    s.fail(s.pos, "nesting deeper than " + std::to_string(max_depth) + " levels", "too_deep");
                    return fail();
                }
                d.object = new_object(d.name);
                descriptors.push_back(std::move(d));
                Open open;
                open.object = descriptors.back().object;
                stack.push_back(std::move(open));
                ++s.pos;
                state = State::InObject;
                continue;
            }

            bool newline = false;
            if (!s.skip(&newline)) return fail();
            if (s.at_end()) {
                s.fail(s.pos, "unterminated object type: expected '}'");
                return fail();
            }
            const unsigned char c = s.peek();
            if (c == '}') {
                const std::uint32_t closed = stack.back().object;
                finish_object(closed);
                stack.pop_back();
                ++s.pos;
                std::uint32_t depth = 0;
                if (!suffixes(depth)) return fail();
                if (stack.empty()) {
                    descriptors.back().depth = depth;
                    if (!s.skip()) return fail();
                    if (s.peek() == ';' && !s.at_end()) ++s.pos;
                    state = State::Top;
                } else {
                    Open& parent = stack.back();
                    ObjectSchema::Property prop;
                    prop.name = std::move(parent.pending_name);
                    prop.optional = parent.pending_optional;
                    prop.offset = parent.pending_offset;
                    prop.type = ObjectType{ObjectTypeKind::Object, closed, depth};
                    objects[parent.object].properties.push_back(std::move(prop));
                    parent.pending_name.clear();
                    parent.need_separator = true;
                }
                continue;
            }
            Open& top = stack.back();
            if (c == ',' || c == ';') {
                if (!top.need_separator) {
                    s.fail(s.pos, std::string("unexpected '") + static_cast<char>(c) + "' (no property before it)");
                    return fail();
                }
                top.need_separator = false;
                ++s.pos;
                continue;
            }
            if (top.need_separator && !newline) {
                s.fail_found(s.pos, "expected ',', ';', a line break or '}' after a property");
                return fail();
            }
            const std::size_t key_offset = s.pos;
            key.clear();
            if (!s.key(key)) {
                if (!s.failure) s.fail_found(s.pos, "expected a property name or '}'");
                return fail();
            }
            if (!s.skip()) return fail();
            bool optional = false;
            if (s.peek() == '?' && !s.at_end()) {
                optional = true;
                ++s.pos;
                if (!s.skip()) return fail();
            }
            if (s.peek() != ':' || s.at_end()) {
                s.fail_found(s.pos, "expected ':' after property name " + quote_excerpt(key));
                return fail();
            }
            ++s.pos;
            if (!s.skip()) return fail();
            const unsigned char t = s.peek();
            if (t == '{' && !s.at_end()) {
                if (static_cast<long long>(stack.size()) + 1 > static_cast<long long>(max_depth)) {
                    s.fail(s.pos, "nesting deeper than " + std::to_string(max_depth) + " levels", "too_deep");
                    return fail();
                }
                top.pending_name = key;
                top.pending_optional = optional;
                top.pending_offset = key_offset;
                Open open;
                open.object = new_object("");
                stack.push_back(std::move(open));  // `top` is not used after this
                ++s.pos;
                continue;
            }
            if (!is_ident_start(t)) {
                s.fail_found(s.pos, "expected a type (boolean, integer, float, number, string, a type name or '{')");
                return fail();
            }
            const std::size_t type_offset = s.pos;
            const std::string_view type_name = s.identifier();
            if (type_name == "true" || type_name == "false" || type_name == "null") {
                // Keywords, not type names (FlagFlow's lexer: reference vector obj-0077).
                s.fail(type_offset, "literal types are not supported; expected boolean, integer, float, number, "
                                    "string, a type name or '{'");
                return fail();
            }
            std::uint32_t depth = 0;
            std::string type_name_copy(type_name);
            if (!suffixes(depth)) return fail();
            ObjectSchema::Property prop;
            prop.name = key;
            prop.optional = optional;
            prop.offset = key_offset;
            bool primitive = false;
            const ObjectTypeKind kind = primitive_kind(type_name_copy, primitive);
            Open& current = stack.back();
            if (primitive) {
                prop.type = ObjectType{kind, 0, depth};
            } else {
                references.push_back(Reference{current.object,
                                                static_cast<std::uint32_t>(objects[current.object].properties.size()),
                                                std::move(type_name_copy), type_offset, depth});
            }
            objects[current.object].properties.push_back(std::move(prop));
            current.need_separator = true;
        }

        if (descriptors.empty()) {
            s.fail(s.pos, "the schema is empty: expected '{', 'type Name =' or 'interface Name'");
            return fail();
        }

        // Named descriptors: unique, not primitive names.
        std::vector<std::uint32_t> named;
        std::vector<std::uint32_t> roots;
        for (std::uint32_t i = 0; i < descriptors.size(); ++i) {
            if (descriptors[i].name.empty()) {
                roots.push_back(i);
                continue;
            }
            bool primitive = false;
            primitive_kind(descriptors[i].name, primitive);
            if (primitive) {
                problems.push_back(make_problem("reserved_type_name",
                                                "type name " + descriptors[i].name + " is a built-in type",
                                                "", descriptors[i].name_offset));
                continue;
            }
            named.push_back(i);
        }
        std::sort(named.begin(), named.end(), [&](std::uint32_t a, std::uint32_t b) {
            const int cmp = descriptors[a].name.compare(descriptors[b].name);
            return cmp != 0 ? cmp < 0 : a < b;
        });
        for (std::size_t i = 1; i < named.size(); ++i) {
            const Descriptor& prev = descriptors[named[i - 1]];
            const Descriptor& d = descriptors[named[i]];
            if (prev.name == d.name)
                problems.push_back(make_problem("duplicate_type",
                                                "type " + d.name + " is declared more than once",
                                                "", d.name_offset));
        }
        // No root, or a reference to an undeclared type, is not a problem of
        // the schema in FlagFlow: its parser accepts it and its validator
        // fails only when a value is checked (no root) or reaches the
        // property (unknown type); reference vectors obj-0038, obj-0042,
        // obj-0247..0249. check_object_literal() reports them then.
        for (std::size_t i = 1; i < roots.size(); ++i) {
            const Descriptor& d = descriptors[roots[i]];
            problems.push_back(make_problem("several_roots",
                                            "the schema has more than one unnamed root type; name all but one",
                                            "", d.offset));
        }
        for (const Reference& r : references) {
            auto it = std::lower_bound(named.begin(), named.end(), r.name, [&](std::uint32_t i, const std::string& n) {
                return descriptors[i].name < n;
            });
            ObjectSchema::Property& prop = objects[r.object].properties[r.property];
            if (it == named.end() || descriptors[*it].name != r.name) {
                // An unresolved reference: objects().size() + its index in unresolved_.
                prop.type = ObjectType{ObjectTypeKind::Object, kUnresolved + static_cast<std::uint32_t>(schema.unresolved_.size()),
                                       r.depth};
                schema.unresolved_.push_back(r.name);
                continue;
            }
            const Descriptor& d = descriptors[*it];
            prop.type = ObjectType{ObjectTypeKind::Object, d.object, d.depth + r.depth};
        }

        if (!problems.empty()) {
            std::stable_sort(problems.begin(), problems.end(),
                             [](const ObjectProblem& a, const ObjectProblem& b) { return a.offset < b.offset; });
            result.problems = std::move(problems);
            return result;
        }
        std::uint32_t slot = 0;
        for (auto& o : objects) {
            o.first_slot = slot;
            slot += static_cast<std::uint32_t>(o.properties.size());
            for (std::uint32_t i = 0; i < o.properties.size(); ++i)
                if (!o.properties[i].optional) o.required.push_back(i);
        }
        if (roots.empty()) {
            schema.root_ = ObjectType{ObjectTypeKind::Object, kNoRoot, 0};
        } else {
            const Descriptor& root = descriptors[roots.front()];
            schema.root_ = ObjectType{ObjectTypeKind::Object, root.object, root.depth};
        }
        for (auto& o : schema.objects_)
            for (auto& prop : o.properties)
                if (prop.type.kind == ObjectTypeKind::Object && prop.type.object >= kUnresolved &&
                    prop.type.object != kNoRoot)
                    prop.type.object = prop.type.object - kUnresolved + static_cast<std::uint32_t>(schema.objects_.size());
        result.schema = std::move(schema);
    } catch (const std::exception& e) {
        result.schema.reset();
        result.problems.clear();
        result.problems.push_back(too_large_problem(e.what()));
    } catch (...) {
        result.schema.reset();
        result.problems.clear();
        result.problems.push_back(too_large_problem("unknown error"));
    }
    return result;
}

}  // namespace flagplan
