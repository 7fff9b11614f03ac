// Private to src/flagplan/js/object/: the lexical rules shared by the schema
// DSL and the literal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "flagplan/js/object/object_detail.hpp"

namespace flagplan::object_detail {

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

}  // namespace flagplan::object_detail
