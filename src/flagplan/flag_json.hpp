// A flag as FlagFlow's JSON object, and JSON text that is safe to show.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "flagplan/model.hpp"

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

}  // namespace flagplan
