// A flag as FlagFlow's JSON object, and JSON text that is safe to show.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "flagplan/core/model.hpp"

namespace flagplan {

/// The flag as FlagFlow stores and exports it: exactly the fields of its
/// type, in export order (fields_of()): description, type, the schema
/// fields, then valueExists and value (none for AB-TEST). Values as
/// field_json() gives them. The key is not part of the object.
nlohmann::ordered_json flag_to_json(const Flag& flag);

/// True when the two flags have the same key-less JSON object (every field
/// of their type, description included).
bool same_flag(const Flag& a, const Flag& b);

/// JSON text for places a person reads before trusting it (scripts,
/// comments, the report): like dump_json() with `indent` (-1 = one line,
/// no trailing newline), UTF-8 kept readable, but every code point that is
/// invisible or reorders text (C0/C1 controls, DEL, zero-width and bidi
/// controls, line/paragraph separators, BOM, tag characters, soft hyphen)
/// written as a \uXXXX escape, so what is shown is what is sent. Such code
/// points can only occur inside JSON strings, so the text stays the same
/// JSON value. Invalid UTF-8 is replaced by U+FFFD.
std::string visible_json(const nlohmann::ordered_json& value, int indent = -1);

/// `text` when it holds nothing visible_json() would escape, else its JSON
/// string form ("..." with escapes): one line, safe in a comment or a log.
std::string visible_text(const std::string& text);

/// Appends `text` as a JSON string ("..." with escapes), byte for byte as
/// nlohmann's dump(..., ensure_ascii false, error_handler_t::replace) writes
/// it, except that a lone surrogate held as WTF-8 (ED A0..BF xx, how the
/// export reader keeps "\ud83d"; parse.hpp) is written back as its \udXXX
/// escape, so JSON.parse reads the same UTF-16 string. A string holding other
/// invalid UTF-8 is written as dump() writes it (all of it replaced by
/// U+FFFD). With `visible`, as visible_json() shows it.
void append_json_string(std::string& out, std::string_view text, bool visible);

/// Writes JSON text straight into one string, without building a
/// nlohmann tree: the same bytes as dump_json() (without its trailing
/// newline) or, with `visible`, as visible_json() of the ordered_json the
/// same calls would have built. `indent` -1 = one line ({"a":1,"b":[2]}),
/// else that many spaces per level ("key": value, one member per line,
/// empty containers as {} and []). Calls must nest properly: in an object,
/// key() before each value; in an array, values only. At depth 0 a new
/// value may follow the last (the caller writes what goes between them).
/// Nesting is limited to 64 levels of begin_object()/begin_array();
/// value() of a nlohmann tree may nest deeper.
class JsonWriter {
public:
    JsonWriter(std::string& out, int indent, bool visible) : out_(out), indent_(indent), visible_(visible) {}

    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }
    /// The next member's key (in an object).
    JsonWriter& key(std::string_view name);
    JsonWriter& string(std::string_view text);
    JsonWriter& number(std::int64_t n);
    JsonWriter& boolean(bool b);
    JsonWriter& null();
    /// A nlohmann value, as its dump() writes it.
    JsonWriter& value(const nlohmann::json& v);
    JsonWriter& value(const nlohmann::ordered_json& v);
    /// flag_to_json(flag) without the tree.
    JsonWriter& flag(const Flag& flag);
    /// field_json(flag, field) without the tree.
    JsonWriter& field(const Flag& flag, Field field);

private:
    std::string& out_;
    int indent_;
    bool visible_;
    int depth_ = 0;
    bool after_key_ = false;
    std::uint64_t has_items_ = 0;  ///< bit d: the container at depth d+1 has an element

    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);
    void before_value();
    void newline(int depth);
    template <class Json>
    void tree(const Json& v, int depth);
};

}  // namespace flagplan
