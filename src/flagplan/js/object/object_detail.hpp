// Private to src/flagplan/js/object/: the helpers, the literal tree and the
// stages shared by the schema DSL parser (schema_parser.cpp), the literal
// parser (literal_parser.cpp), the conformance check (conformance.cpp) and
// the canonical JSON (to_json.cpp). The lexical rules: scanner.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flagplan/js/object_literal.hpp"

namespace flagplan::object_detail {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
/// ObjectType::object of a schema's root when it has none (check_object_literal: no_root).
constexpr std::uint32_t kNoRoot = kNone;
/// While parsing, ObjectType::object of an unresolved reference is kUnresolved
/// + its index in ObjectSchema::unresolved_ (rebased past objects() at the end).
constexpr std::uint32_t kUnresolved = 0x80000000u;
// Offsets and node indices are 32-bit; larger texts are refused.
constexpr std::size_t kMaxText = 0xFFFFFF00u;

// ---------------------------------------------------------------------------
// Characters

inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool is_hex(unsigned char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline int hex_value(unsigned char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}
inline bool is_ident_start(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}
inline bool is_ident_part(unsigned char c) { return is_ident_start(c) || is_digit(c); }

inline bool is_identifier(std::string_view s) {
    if (s.empty() || !is_ident_start(static_cast<unsigned char>(s[0]))) return false;
    for (char c : s)
        if (!is_ident_part(static_cast<unsigned char>(c))) return false;
    return true;
}

inline bool is_cont(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at t[i] (Unicode Table 3-7), 0 if
// it is not one.
inline std::size_t utf8_length(std::string_view t, std::size_t i) {
    const auto c = static_cast<unsigned char>(t[i]);
    const std::size_t n = t.size() - i;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return (n >= 2 && is_cont(t[i + 1])) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3) return 0;
        const auto c1 = static_cast<unsigned char>(t[i + 1]);
        const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
        const unsigned char hi = c == 0xED ? 0x9F : 0xBF;
        return (c1 >= lo && c1 <= hi && is_cont(t[i + 2])) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4) return 0;
        const auto c1 = static_cast<unsigned char>(t[i + 1]);
        const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
        const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
        return (c1 >= lo && c1 <= hi && is_cont(t[i + 2]) && is_cont(t[i + 3])) ? 4 : 0;
    }
    return 0;
}

inline std::uint32_t utf8_decode(std::string_view t, std::size_t i, std::size_t len) {
    const auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(t[i + k])); };
    switch (len) {
        case 1: return b(0);
        case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
        case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
        default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    }
}


// Length of a non-ASCII JavaScript whitespace / line terminator at t[i], or 0.
inline std::size_t unicode_space(std::string_view t, std::size_t i, bool& newline) {
    const std::size_t n = t.size() - i;
    const auto c = static_cast<unsigned char>(t[i]);
    if (c == 0xC2) return (n >= 2 && static_cast<unsigned char>(t[i + 1]) == 0xA0) ? 2 : 0;
    if (n < 3) return 0;
    const auto c1 = static_cast<unsigned char>(t[i + 1]);
    const auto c2 = static_cast<unsigned char>(t[i + 2]);
    if (c == 0xE1) return (c1 == 0x9A && c2 == 0x80) ? 3 : 0;  // U+1680
    if (c == 0xE2 && c1 == 0x80) {
        if (c2 >= 0x80 && c2 <= 0x8A) return 3;  // U+2000..U+200A
        if (c2 == 0xA8 || c2 == 0xA9) {          // U+2028, U+2029
            newline = true;
            return 3;
        }
        return c2 == 0xAF ? 3 : 0;  // U+202F
    }
    if (c == 0xE2) return (c1 == 0x81 && c2 == 0x9F) ? 3 : 0;  // U+205F
    if (c == 0xE3) return (c1 == 0x80 && c2 == 0x80) ? 3 : 0;  // U+3000
    if (c == 0xEF) return (c1 == 0xBB && c2 == 0xBF) ? 3 : 0;  // U+FEFF
    return 0;
}

inline bool is_line_separator(std::string_view t, std::size_t i) {  // U+2028 / U+2029
    return i + 2 < t.size() && static_cast<unsigned char>(t[i]) == 0xE2 &&
           static_cast<unsigned char>(t[i + 1]) == 0x80 &&
           (static_cast<unsigned char>(t[i + 2]) == 0xA8 || static_cast<unsigned char>(t[i + 2]) == 0xA9);
}

// ---------------------------------------------------------------------------
// Numbers, JSON text and problems (text.cpp)

// Correctly rounded decimal -> double; `s` is [digits][.digits][e[+-]digits]
// (already validated). Overflow gives infinity, underflow zero (as in JS).
double decimal_to_double(std::string_view s);
// Escapes like nlohmann::json::dump() (ensure_ascii = false); `s` is UTF-8.
void append_json_string(std::string& out, std::string_view s);
void append_json_number(std::string& out, double x);
ObjectProblem make_problem(const char* code, std::string message, std::string path, std::size_t offset);
std::string line_column(std::string_view text, std::size_t offset);
// "'x'", "end of text", "character U+00E9", "byte 0xFF".
std::string describe_at(std::string_view text, std::size_t offset);
// A string value for a message: JSON-quoted, cut after 40 bytes.
std::string quote_excerpt(std::string_view s);


// ---------------------------------------------------------------------------
// The literal tree

enum class Kind : std::uint8_t { Object, Array, String, Number, True, False, Null };

struct Node {
    Kind kind = Kind::Null;
    bool duplicate = false;           // a later occurrence of a key in its object
    std::uint32_t offset = 0;         // first byte of the value
    std::uint32_t key_offset = 0;     // first byte of the key (object members)
    std::uint32_t next = kNone;       // next sibling
    std::uint32_t key = 0;            // key in the arena
    std::uint32_t key_length = 0;
    std::uint32_t first = kNone;      // first child (containers)
    std::uint32_t count = 0;          // number of children
    std::uint32_t str = 0;            // string value in the arena
    std::uint32_t length = 0;
    double number = 0;
};

struct Tree {
    std::vector<Node> nodes;
    std::string arena;

    std::string_view key(const Node& n) const { return std::string_view(arena).substr(n.key, n.key_length); }
    std::string_view str(const Node& n) const { return std::string_view(arena).substr(n.str, n.length); }
};

/// Parses the literal `text` into `tree` (literal_parser.cpp); the first
/// problem found, if any.
std::optional<ObjectProblem> parse_literal(std::string_view text, int max_depth, Tree& tree);
/// The problem reported when `what` (an exception's message) stopped the work.
ObjectProblem too_large_problem(const char* what);

// ---------------------------------------------------------------------------
// Walking a parsed tree without recursion

struct Frame {
    Frame(std::uint32_t node_index, std::uint32_t first_child) : node(node_index), next_child(first_child) {}
    std::uint32_t node;
    std::uint32_t next_child;
    std::uint32_t current = kNone;  // child being visited
    std::uint32_t index = 0;        // number of children taken so far
    std::uint32_t emitted = 0;      // children written (to_json)
    ObjectType type;                // object: its type; array: the element type
    bool object = false;
};

void append_key_segment(std::string& path, std::string_view key);
// The path of the children currently visited by frames [0, count).
std::string build_path(const Tree& tree, const std::vector<Frame>& frames, std::size_t count);
std::string subject(const std::string& path);

/// The problems of `tree` against `schema` (conformance.cpp).
std::vector<ObjectProblem> check_tree(const ObjectSchema& schema, const Tree& tree);
/// `tree` as canonical JSON (to_json.cpp).
LiteralJson tree_to_json(const Tree& tree, std::size_t size_hint);

}  // namespace flagplan::object_detail
