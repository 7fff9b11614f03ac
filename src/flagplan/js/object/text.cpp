// Numbers, JSON text and problems for OBJECT flags (object_detail.hpp).
#include <algorithm>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "flagplan/js/object/object_detail.hpp"

// Floating-point <charconv> is missing from older libc++ (the wasm build).
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L && !defined(FLAGPLAN_NO_FLOAT_CHARCONV)
#define FLAGPLAN_FLOAT_CHARCONV 1
#else
#define FLAGPLAN_FLOAT_CHARCONV 0
#endif

namespace flagplan::object_detail {


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

}  // namespace flagplan::object_detail
