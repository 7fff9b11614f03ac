// OBJECT flags: schema DSL, JS object literals, conformance, canonical JSON.
// The rules are documented in object_literal.hpp.
#include "flagplan/js/object_literal.hpp"
#include "flagplan/js/js_text.hpp"

#include <algorithm>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <utility>

#include <nlohmann/json.hpp>

// Floating-point <charconv> is missing from older libc++ (the wasm build).
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L && !defined(FLAGPLAN_NO_FLOAT_CHARCONV)
#define FLAGPLAN_FLOAT_CHARCONV 1
#else
#define FLAGPLAN_FLOAT_CHARCONV 0
#endif

namespace flagplan {
namespace {

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

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_hex(unsigned char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(unsigned char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}
bool is_ident_start(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}
bool is_ident_part(unsigned char c) { return is_ident_start(c) || is_digit(c); }

bool is_identifier(std::string_view s) {
    if (s.empty() || !is_ident_start(static_cast<unsigned char>(s[0]))) return false;
    for (char c : s)
        if (!is_ident_part(static_cast<unsigned char>(c))) return false;
    return true;
}

bool is_cont(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at t[i] (Unicode Table 3-7), 0 if
// it is not one.
std::size_t utf8_length(std::string_view t, std::size_t i) {
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

std::uint32_t utf8_decode(std::string_view t, std::size_t i, std::size_t len) {
    const auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(t[i + k])); };
    switch (len) {
        case 1: return b(0);
        case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
        case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
        default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    }
}


// Length of a non-ASCII JavaScript whitespace / line terminator at t[i], or 0.
std::size_t unicode_space(std::string_view t, std::size_t i, bool& newline) {
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

bool is_line_separator(std::string_view t, std::size_t i) {  // U+2028 / U+2029
    return i + 2 < t.size() && static_cast<unsigned char>(t[i]) == 0xE2 &&
           static_cast<unsigned char>(t[i + 1]) == 0x80 &&
           (static_cast<unsigned char>(t[i + 2]) == 0xA8 || static_cast<unsigned char>(t[i + 2]) == 0xA9);
}

// ---------------------------------------------------------------------------
// Numbers

// Correctly rounded decimal -> double; `s` is [digits][.digits][e[+-]digits]
// (already validated). Overflow gives infinity, underflow zero (as in JS).
double decimal_to_double(std::string_view s) {
#if FLAGPLAN_FLOAT_CHARCONV
    double value = 0;
    const auto result = std::from_chars(s.data(), s.data() + s.size(), value);
    if (result.ec == std::errc()) return value;
    // Out of range: overflow or underflow, decided by the decimal magnitude.
    std::size_t i = 0;
    bool significant = false;
    long int_digits = 0;
    long fraction_zeros = 0;
    for (; i < s.size() && is_digit(static_cast<unsigned char>(s[i])); ++i) {
        if (s[i] != '0') significant = true;
        if (significant) ++int_digits;
    }
    if (i < s.size() && s[i] == '.') {
        for (++i; i < s.size() && is_digit(static_cast<unsigned char>(s[i])); ++i) {
            if (significant) continue;
            if (s[i] != '0') significant = true;
            else ++fraction_zeros;
        }
    }
    if (!significant) return 0.0;
    long exponent = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool negative = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
        for (; i < s.size() && is_digit(static_cast<unsigned char>(s[i])); ++i)
            if (exponent < 100000000) exponent = exponent * 10 + (s[i] - '0');
        if (negative) exponent = -exponent;
    }
    const long magnitude = (int_digits > 0 ? int_digits : -fraction_zeros) + exponent;
    return magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0;
#else
    // strtod: correctly rounded, HUGE_VAL on overflow, 0 on underflow. It needs
    // a NUL-terminated copy written with the locale's decimal point.
    std::string copy(s);
    const char* point = std::localeconv()->decimal_point;
    const auto dot = copy.find('.');
    if (dot != std::string::npos && point != nullptr && point[0] != '\0' && point[0] != '.')
        copy.replace(dot, 1, point);
    return std::strtod(copy.c_str(), nullptr);
#endif
}

// ---------------------------------------------------------------------------
// JSON text

// Escapes like nlohmann::json::dump() (ensure_ascii = false); `s` is UTF-8.
void append_json_string(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 0xF];
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

void append_json_number(std::string& out, double x) {
    if (std::fabs(x) <= 9007199254740992.0 && std::trunc(x) == x) {
        char buffer[32];
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(x));
        out.append(buffer, result.ptr);
    } else {
        out += nlohmann::json(x).dump();
    }
}

// ---------------------------------------------------------------------------
// Problems

ObjectProblem make_problem(const char* code, std::string message, std::string path, std::size_t offset) {
    ObjectProblem problem;
    problem.code = code;
    problem.message = std::move(message);
    problem.path = std::move(path);
    problem.offset = offset;
    return problem;
}

std::string line_column(std::string_view text, std::size_t offset) {
    std::size_t line = 1;
    std::size_t column = 1;
    const std::size_t end = std::min(offset, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        const char c = text[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
            ++line;
            column = 1;
        } else if (!is_cont(c)) {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// "'x'", "end of text", "character U+00E9", "byte 0xFF".
std::string describe_at(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return "end of text";
    const auto c = static_cast<unsigned char>(text[offset]);
    char buffer[32];
    if (c >= 0x21 && c < 0x7F) {
        std::snprintf(buffer, sizeof buffer, "'%c'", c);
        return buffer;
    }
    if (c == ' ') return "a space";
    if (c == '\n' || c == '\r') return "a line break";
    if (c >= 0x80) {
        const std::size_t len = utf8_length(text, offset);
        if (len > 1) {
            std::snprintf(buffer, sizeof buffer, "character U+%04X",
                          static_cast<unsigned>(utf8_decode(text, offset, len)));
            return buffer;
        }
    }
    std::snprintf(buffer, sizeof buffer, "byte 0x%02X", c);
    return buffer;
}

// A string value for a message: JSON-quoted, cut after 40 bytes.
std::string quote_excerpt(std::string_view s) {
    constexpr std::size_t kMax = 40;
    std::string out;
    if (s.size() <= kMax) {
        append_json_string(out, s);
        return out;
    }
    std::size_t cut = kMax;
    while (cut > 0 && is_cont(s[cut])) --cut;
    append_json_string(out, s.substr(0, cut));
    out.insert(out.size() - 1, "...");
    return out;
}

// ---------------------------------------------------------------------------
// Scanner: the lexical rules shared by the DSL and the literal.

class Scanner {
public:
    explicit Scanner(std::string_view text) : text_(text) {}

    std::string_view text() const { return text_; }
    std::size_t pos = 0;
    std::optional<ObjectProblem> failure;

    bool at_end() const { return pos >= text_.size(); }
    unsigned char peek() const { return at_end() ? 0 : static_cast<unsigned char>(text_[pos]); }
    unsigned char peek_at(std::size_t i) const {
        return i < text_.size() ? static_cast<unsigned char>(text_[i]) : 0;
    }

    bool fail(std::size_t offset, const std::string& message, const char* code = "syntax") {
        if (!failure)
            failure = make_problem(code, message + " (" + line_column(text_, offset) + ")", "", offset);
        return false;
    }
    bool fail_found(std::size_t offset, const std::string& expected) {
        return fail(offset, expected + ", found " + describe_at(text_, offset));
    }

    // Skips whitespace and comments; `newline` is set when a line break (or a
    // comment containing one) was skipped.
    bool skip(bool* newline = nullptr) {
        bool nl = false;
        while (pos < text_.size()) {
            const auto c = static_cast<unsigned char>(text_[pos]);
            if (c == ' ' || c == '\t' || c == '\v' || c == '\f') {
                ++pos;
            } else if (c == '\n' || c == '\r') {
                nl = true;
                ++pos;
            } else if (c == '/' && peek_at(pos + 1) == '/') {
                pos += 2;
                while (pos < text_.size() && text_[pos] != '\n' && text_[pos] != '\r' &&
                       !is_line_separator(text_, pos))
                    ++pos;
            } else if (c == '/' && peek_at(pos + 1) == '*') {
                const auto end = text_.find("*/", pos + 2);
                if (end == std::string_view::npos) return fail(pos, "unterminated /* comment");
                for (std::size_t i = pos + 2; i < end; ++i)
                    if (text_[i] == '\n' || text_[i] == '\r' || is_line_separator(text_, i)) {
                        nl = true;
                        break;
                    }
                pos = end + 2;
            } else if (c >= 0x80) {
                const std::size_t n = unicode_space(text_, pos, nl);
                if (n == 0) break;
                pos += n;
            } else {
                break;
            }
        }
        if (newline != nullptr) *newline = *newline || nl;
        return true;
    }

    std::string_view identifier() {
        const std::size_t start = pos;
        while (pos < text_.size() && is_ident_part(static_cast<unsigned char>(text_[pos]))) ++pos;
        return text_.substr(start, pos - start);
    }

    // A property name at pos, appended to `out`. False (without failing) when
    // there is no key here.
    bool key(std::string& out) {
        const unsigned char c = peek();
        if (is_ident_start(c)) {
            out += identifier();
            return true;
        }
        if (c == '\'' || c == '"') return string_literal(out);
        if (is_digit(c)) {
            const std::size_t start = pos;
            while (is_digit(peek())) ++pos;
            if ((text_[start] == '0' && pos - start > 1) || is_ident_part(peek()) || peek() == '.')
                return fail(start, "a numeric property name must be a plain decimal integer (quote it)");
            out += text_.substr(start, pos - start);
            return true;
        }
        return false;
    }

    // A '...' or "..." literal at pos; its value is appended to `out`.
    bool string_literal(std::string& out) {
        const std::size_t start = pos;
        const char quote = text_[pos++];
        for (;;) {
            if (pos >= text_.size()) return fail(start, "unterminated string");
            const auto c = static_cast<unsigned char>(text_[pos]);
            if (c == static_cast<unsigned char>(quote)) {
                ++pos;
                return true;
            }
            if (c == '\\') {
                if (!escape(out, start)) return false;
                continue;
            }
            if (c == '\n' || c == '\r')
                return fail(pos, "line break inside a string (write \\n)");
            if (c < 0x80) {
                const std::size_t run = pos;
                while (pos < text_.size()) {
                    const auto d = static_cast<unsigned char>(text_[pos]);
                    if (d >= 0x80 || d == '\\' || d == '\n' || d == '\r' || d == static_cast<unsigned char>(quote))
                        break;
                    ++pos;
                }
                out.append(text_.data() + run, pos - run);
                continue;
            }
            const std::size_t len = utf8_length(text_, pos);
            if (len == 0) return fail(pos, "invalid UTF-8 in a string");
            out.append(text_.data() + pos, len);
            pos += len;
        }
    }

    // A number at pos (optional '-', then digits / '.'). Sets `out`.
    bool number_literal(double& out) {
        const std::size_t start = pos;
        bool negative = false;
        if (peek() == '-') {
            negative = true;
            ++pos;
            if (!is_digit(peek()) && !(peek() == '.' && is_digit(peek_at(pos + 1))))
                return fail_found(pos, "expected a number after '-'");
        }
        double value = 0;
        const unsigned char c0 = peek();
        const unsigned char c1 = static_cast<unsigned char>(peek_at(pos + 1) | 0x20);
        if (c0 == '0' && (c1 == 'x' || c1 == 'o' || c1 == 'b')) {
            const int base = c1 == 'x' ? 16 : (c1 == 'o' ? 8 : 2);
            pos += 2;
            const std::size_t digits = pos;
            std::uint64_t exact = 0;
            bool overflow = false;
            while (pos < text_.size()) {
                const auto d = static_cast<unsigned char>(text_[pos]);
                if (!is_hex(d)) break;
                const int v = hex_value(d);
                if (v >= base) break;
                if (!overflow && exact > (std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(v)) /
                                             static_cast<std::uint64_t>(base)) {
                    overflow = true;
                    value = static_cast<double>(exact);
                }
                if (overflow) value = value * base + v;
                else exact = exact * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(v);
                ++pos;
            }
            if (pos == digits) return fail_found(pos, "expected digits after the number prefix");
            if (!overflow) value = static_cast<double>(exact);
        } else {
            const std::size_t digits = pos;
            std::size_t int_digits = 0;
            while (is_digit(peek())) {
                ++pos;
                ++int_digits;
            }
            if (int_digits > 1 && text_[digits] == '0')
                return fail(digits, "numbers must not have leading zeros (legacy octal)");
            std::size_t fraction_digits = 0;
            if (peek() == '.') {
                ++pos;
                while (is_digit(peek())) {
                    ++pos;
                    ++fraction_digits;
                }
            }
            if (int_digits == 0 && fraction_digits == 0) return fail_found(digits, "expected a number");
            if ((peek() | 0x20) == 'e') {
                ++pos;
                if (peek() == '+' || peek() == '-') ++pos;
                if (!is_digit(peek())) return fail_found(pos, "expected exponent digits");
                while (is_digit(peek())) ++pos;
            }
            value = decimal_to_double(text_.substr(digits, pos - digits));
        }
        const unsigned char next = peek();
        if (next == 'n') return fail(pos, "BigInt literals are not supported");
        if (next == '_') return fail(pos, "numeric separators (1_000) are not supported");
        if (is_ident_part(next)) return fail(start, "a number must not be directly followed by a letter or digit");
        out = negative ? -value : value;
        return true;
    }

private:
    // An escape sequence at pos (the backslash); appends its value.
    bool escape(std::string& out, std::size_t string_start) {
        const std::size_t at = pos;
        ++pos;
        if (pos >= text_.size()) return fail(string_start, "unterminated string");
        const auto c = static_cast<unsigned char>(text_[pos]);
        switch (c) {
            case 'n': out += '\n'; ++pos; return true;
            case 't': out += '\t'; ++pos; return true;
            case 'r': out += '\r'; ++pos; return true;
            case 'b': out += '\b'; ++pos; return true;
            case 'f': out += '\f'; ++pos; return true;
            case 'v': out += '\v'; ++pos; return true;
            case '0':
                if (is_digit(peek_at(pos + 1))) return fail(at, "octal escape sequences are not allowed");
                out += '\0';
                ++pos;
                return true;
            case '\r':
                ++pos;
                if (peek() == '\n') ++pos;
                return true;
            case '\n': ++pos; return true;
            case 'x': {
                if (!is_hex(peek_at(pos + 1)) || !is_hex(peek_at(pos + 2)))
                    return fail(at, "\\x must be followed by two hex digits");
                js::append_utf8(out, static_cast<std::uint32_t>(hex_value(peek_at(pos + 1)) * 16 + hex_value(peek_at(pos + 2))));
                pos += 3;
                return true;
            }
            case 'u': {
                std::uint32_t cp = 0;
                if (!unicode_escape(cp, at)) return false;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return fail(at, "lone surrogate escape (not representable in UTF-8)");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    std::uint32_t low = 0;
                    const std::size_t second = pos;
                    if (peek() != '\\' || peek_at(pos + 1) != 'u')
                        return fail(at, "lone surrogate escape (not representable in UTF-8)");
                    ++pos;
                    if (!unicode_escape(low, second)) return false;
                    if (low < 0xDC00 || low > 0xDFFF)
                        return fail(at, "lone surrogate escape (not representable in UTF-8)");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                js::append_utf8(out, cp);
                return true;
            }
            default:
                break;
        }
        if (c >= '1' && c <= '9') return fail(at, "octal escape sequences are not allowed");
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++pos;
            return true;
        }
        if (is_line_separator(text_, pos)) {  // line continuation
            pos += 3;
            return true;
        }
        const std::size_t len = utf8_length(text_, pos);
        if (len == 0) return fail(pos, "invalid UTF-8 in a string");
        out.append(text_.data() + pos, len);
        pos += len;
        return true;
    }

    // pos is at 'u' of \uXXXX or \u{...}; leaves pos after it.
    bool unicode_escape(std::uint32_t& cp, std::size_t at) {
        ++pos;  // 'u'
        cp = 0;
        if (peek() == '{') {
            ++pos;
            std::size_t count = 0;
            while (is_hex(peek())) {
                cp = cp * 16 + static_cast<std::uint32_t>(hex_value(peek()));
                if (cp > 0x10FFFF) return fail(at, "\\u{...} escape above U+10FFFF");
                ++pos;
                ++count;
            }
            if (count == 0 || peek() != '}') return fail(at, "malformed \\u{...} escape");
            ++pos;
            return true;
        }
        for (int i = 0; i < 4; ++i) {
            if (!is_hex(peek())) return fail(at, "\\u must be followed by four hex digits or {...}");
            cp = cp * 16 + static_cast<std::uint32_t>(hex_value(peek()));
            ++pos;
        }
        return true;
    }

    std::string_view text_;
};

ObjectProblem too_large_problem(const char* what) {
    return make_problem("too_large", std::string("the text could not be processed: ") + what, "", 0);
}

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
