// A strict, streaming JSON reader for export texts: one pass over the bytes,
// events straight to a handler, strings handed over as views into the text
// when they hold no escape. parse_export uses it for speed (issue 7: a 30 MB
// export must parse in a fraction of what nlohmann/json's lexer needs, which
// copies every character into a std::string one push_back at a time).
//
// It accepts what nlohmann/json's strict SAX parser accepts (RFC 8259,
// UTF-8 checked as RFC 3629, numbers whose value is finite), and reports the
// same number events, with one exception: a lone surrogate escape
// ("\ud83d", e.g. an emoji cut by a length limit) is valid for JSON.parse,
// so it is read here, kept as WTF-8 (the surrogate's 3-byte form), where
// nlohmann/json refuses the text. It does not explain errors:
// on any invalid input it answers JsonRead::Invalid and parse_export re-reads
// the text with nlohmann/json, whose message and position become the
// `file.syntax` diagnostic. tests/engine/json_reader_test.cpp and the
// fuzz_parse_validate target (fuzz/) compare the two readers.
#pragma once

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "flagplan/js/js_text.hpp"
#include "flagplan/core/swar.hpp"

namespace flagplan {

enum class JsonRead {
    Done,     ///< the whole text was one valid JSON value, every event delivered
    Stopped,  ///< a handler method returned false (it reported why)
    Invalid,  ///< not valid JSON (events before the error were delivered)
};

/// Reads `text` as one JSON value and calls, in document order, the handler's
///   bool null(std::size_t at)
///   bool boolean(bool value, std::size_t at)
///   bool number_integer(std::int64_t value, std::size_t at)    // negative integer literal
///   bool number_unsigned(std::uint64_t value, std::size_t at)  // non-negative integer literal
///   bool number_float(double value, std::size_t at)  // fraction, exponent or beyond 64 bits
///   bool string(std::string_view value, std::size_t at)
///   bool key(std::string_view name, std::size_t at)
///   bool start_object(std::size_t at), end_object(std::size_t end)
///   bool start_array(std::size_t at), end_array(std::size_t end)
/// where `at` is the byte offset where the token starts and `end` the offset
/// just past the closing bracket. String views are valid only during the
/// call. Number events follow nlohmann/json: an integer literal without
/// fraction or exponent is an integer event when it fits 64 bits, otherwise
/// a float event; a float that is not finite (`1e400`) is invalid JSON.
/// Nesting is not bounded here (an explicit stack, no recursion): the
/// handler's start_* returns false to stop at its own limit.
template <typename Handler>
JsonRead read_json(std::string_view text, Handler& handler);

namespace json_reader_detail {

class Reader {
public:
    explicit Reader(std::string_view text)
        : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()) {}

    template <typename Handler>
    JsonRead run(Handler& h);

private:
    const char* begin_;
    const char* p_;
    const char* end_;
    std::string scratch_;       ///< decoded string with escapes; number text
    std::vector<bool> stack_;   ///< true: object, false: array

    std::size_t offset() const { return static_cast<std::size_t>(p_ - begin_); }

    void skip_ws() {
        while (p_ < end_) {
            const char c = *p_;
            if (c == ' ') {
                // Pretty-printed exports indent with runs of spaces: eight
                // bytes at a time, to the first that is not a space.
                while (end_ - p_ >= 8) {
                    // XOR with spaces: the first byte left nonzero is the first other one.
                    if (const std::uint64_t other = swar::load8(p_) ^ (swar::kOnes * ' ')) {
                        p_ += swar::first(other);
                        break;
                    }
                    p_ += 8;
                }
                if (p_ < end_ && *p_ == ' ') ++p_;  // a space in the last seven bytes
            } else if (c == '\n' || c == '\r' || c == '\t') {
                ++p_;
            } else {
                return;
            }
        }
    }


    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool read_hex4(unsigned& code) {
        if (end_ - p_ < 4) return false;
        code = 0;
        for (int i = 0; i < 4; ++i) {
            int d = hex(p_[i]);
            if (d < 0) return false;
            code = code * 16 + static_cast<unsigned>(d);
        }
        p_ += 4;
        return true;
    }


    /// One UTF-8 sequence starting at p_ (a byte >= 0x80), RFC 3629 as
    /// nlohmann/json checks it. Advances past it; false when invalid.
    bool utf8_sequence() {
        auto byte = [this](std::ptrdiff_t i) -> unsigned {
            return p_ + i < end_ ? static_cast<unsigned char>(p_[i]) : 0x100u;
        };
        auto in = [](unsigned b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
        unsigned b0 = byte(0);
        if (in(b0, 0xC2, 0xDF)) {
            if (!in(byte(1), 0x80, 0xBF)) return false;
            p_ += 2;
        } else if (b0 == 0xE0) {
            if (!in(byte(1), 0xA0, 0xBF) || !in(byte(2), 0x80, 0xBF)) return false;
            p_ += 3;
        } else if (in(b0, 0xE1, 0xEC) || in(b0, 0xEE, 0xEF)) {
            if (!in(byte(1), 0x80, 0xBF) || !in(byte(2), 0x80, 0xBF)) return false;
            p_ += 3;
        } else if (b0 == 0xED) {
            if (!in(byte(1), 0x80, 0x9F) || !in(byte(2), 0x80, 0xBF)) return false;
            p_ += 3;
        } else if (b0 == 0xF0) {
            if (!in(byte(1), 0x90, 0xBF) || !in(byte(2), 0x80, 0xBF) || !in(byte(3), 0x80, 0xBF))
                return false;
            p_ += 4;
        } else if (in(b0, 0xF1, 0xF3)) {
            if (!in(byte(1), 0x80, 0xBF) || !in(byte(2), 0x80, 0xBF) || !in(byte(3), 0x80, 0xBF))
                return false;
            p_ += 4;
        } else if (b0 == 0xF4) {
            if (!in(byte(1), 0x80, 0x8F) || !in(byte(2), 0x80, 0xBF) || !in(byte(3), 0x80, 0xBF))
                return false;
            p_ += 4;
        } else {
            return false;
        }
        return true;
    }

    /// A string token, p_ at its opening quote. On success `out` views the
    /// decoded text: into the input when it has no escape, else into
    /// scratch_, where the plain runs between escapes are copied whole.
    bool string_token(std::string_view& out) {
        ++p_;
        const char* start = p_;
        const char* run = p_;  ///< start of the plain run not yet in scratch_
        bool escaped = false;
        while (true) {
            while (end_ - p_ >= 8) {
                const std::uint64_t special = swar::string_specials(swar::load8(p_), false);
                if (special == 0) {
                    p_ += 8;
                    continue;
                }
                p_ += swar::first(special);  // to the first special byte
                break;
            }
            if (p_ >= end_) return false;
            unsigned char c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                if (escaped) {
                    scratch_.append(run, static_cast<std::size_t>(p_ - run));
                    out = scratch_;
                } else {
                    out = std::string_view(start, static_cast<std::size_t>(p_ - start));
                }
                ++p_;
                return true;
            }
            if (c == '\\') {
                if (!escaped) scratch_.clear();
                escaped = true;
                scratch_.append(run, static_cast<std::size_t>(p_ - run));
                ++p_;
                if (!escape()) return false;
                run = p_;
            } else if (c < 0x20) {
                return false;
            } else if (c < 0x80) {
                ++p_;
            } else if (!utf8_sequence()) {
                return false;
            }
        }
    }

    /// The escape after a backslash (p_ past it), decoded onto scratch_.
    bool escape() {
        if (p_ >= end_) return false;
        switch (*p_++) {
            case '"': scratch_ += '"'; return true;
            case '\\': scratch_ += '\\'; return true;
            case '/': scratch_ += '/'; return true;
            case 'b': scratch_ += '\b'; return true;
            case 'f': scratch_ += '\f'; return true;
            case 'n': scratch_ += '\n'; return true;
            case 'r': scratch_ += '\r'; return true;
            case 't': scratch_ += '\t'; return true;
            case 'u': {
                unsigned code = 0;
                if (!read_hex4(code)) return false;
                if (code >= 0xD800 && code <= 0xDBFF && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
                    // A high surrogate and an escaped low one: one code point.
                    const char* after_high = p_;
                    p_ += 2;
                    unsigned low = 0;
                    if (read_hex4(low) && low >= 0xDC00 && low <= 0xDFFF) {
                        js::append_utf8(scratch_, 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00));
                        return true;
                    }
                    p_ = after_high;  // the next escape is read on its own
                }
                // A lone surrogate (JSON.parse keeps it as one UTF-16 code
                // unit) is kept as WTF-8: ED A0..BF 80..BF, which no valid
                // UTF-8 holds; writers escape it back as \udXXX.
                js::append_utf8(scratch_, code);
                return true;
            }
            default: return false;
        }
    }

    /// `true`, `false` or `null` at p_.
    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(end_ - p_) < word.size() ||
            std::string_view(p_, word.size()) != word)
            return false;
        p_ += word.size();
        return true;
    }

    enum class Number { Invalid, Unsigned, Integer, Float };

    /// A number token at p_, with nlohmann/json's classification.
    Number number_token(std::uint64_t& u, std::int64_t& i, double& d) {
        const char* start = p_;
        bool negative = false;
        if (*p_ == '-') {
            negative = true;
            ++p_;
        }
        if (p_ >= end_) return Number::Invalid;
        const char* digits = p_;
        if (*p_ == '0') {
            ++p_;
        } else if (*p_ >= '1' && *p_ <= '9') {
            while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
        } else {
            return Number::Invalid;
        }
        const char* int_end = p_;
        bool is_float = false;
        if (p_ < end_ && *p_ == '.') {
            is_float = true;
            ++p_;
            const char* frac = p_;
            while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
            if (p_ == frac) return Number::Invalid;
        }
        if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
            is_float = true;
            ++p_;
            if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
            const char* exp = p_;
            while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
            if (p_ == exp) return Number::Invalid;
        }
        if (!is_float) {
            // Exact 64-bit conversion, as strtoull / strtoll; beyond: a float.
            std::uint64_t value = 0;
            bool overflow = false;
            for (const char* q = digits; q < int_end; ++q) {
                unsigned digit = static_cast<unsigned>(*q - '0');
                if (value > (UINT64_MAX - digit) / 10) {
                    overflow = true;
                    break;
                }
                value = value * 10 + digit;
            }
            if (!overflow && !negative) {
                u = value;
                return Number::Unsigned;
            }
            if (!overflow && value <= static_cast<std::uint64_t>(INT64_MAX) + 1) {
                i = value == static_cast<std::uint64_t>(INT64_MAX) + 1
                        ? INT64_MIN
                        : -static_cast<std::int64_t>(value);
                return Number::Integer;
            }
        }
        scratch_.assign(start, static_cast<std::size_t>(p_ - start));
        d = std::strtod(scratch_.c_str(), nullptr);
        // nlohmann/json rejects a number whose value is not finite.
        if (!(d - d == 0)) return Number::Invalid;
        return Number::Float;
    }
};

template <typename Handler>
JsonRead Reader::run(Handler& h) {
    std::string_view text;
    // nlohmann/json skips a UTF-8 byte order mark at the very start.
    if (end_ - p_ >= 3 && std::string_view(p_, 3) == "\xEF\xBB\xBF") p_ += 3;
    skip_ws();
value:
    if (p_ >= end_) return JsonRead::Invalid;
    {
        std::size_t at = offset();
        switch (*p_) {
            case '{':
                ++p_;
                if (!h.start_object(at)) return JsonRead::Stopped;
                skip_ws();
                if (p_ < end_ && *p_ == '}') {
                    ++p_;
                    if (!h.end_object(offset())) return JsonRead::Stopped;
                    goto after_value;
                }
                stack_.push_back(true);
                goto key;
            case '[':
                ++p_;
                if (!h.start_array(at)) return JsonRead::Stopped;
                skip_ws();
                if (p_ < end_ && *p_ == ']') {
                    ++p_;
                    if (!h.end_array(offset())) return JsonRead::Stopped;
                    goto after_value;
                }
                stack_.push_back(false);
                goto value;
            case '"':
                if (!string_token(text)) return JsonRead::Invalid;
                if (!h.string(text, at)) return JsonRead::Stopped;
                goto after_value;
            case 't':
                if (!literal("true")) return JsonRead::Invalid;
                if (!h.boolean(true, at)) return JsonRead::Stopped;
                goto after_value;
            case 'f':
                if (!literal("false")) return JsonRead::Invalid;
                if (!h.boolean(false, at)) return JsonRead::Stopped;
                goto after_value;
            case 'n':
                if (!literal("null")) return JsonRead::Invalid;
                if (!h.null(at)) return JsonRead::Stopped;
                goto after_value;
            default: {
                if (*p_ != '-' && (*p_ < '0' || *p_ > '9')) return JsonRead::Invalid;
                std::uint64_t u = 0;
                std::int64_t i = 0;
                double d = 0;
                switch (number_token(u, i, d)) {
                    case Number::Invalid: return JsonRead::Invalid;
                    case Number::Unsigned:
                        if (!h.number_unsigned(u, at)) return JsonRead::Stopped;
                        break;
                    case Number::Integer:
                        if (!h.number_integer(i, at)) return JsonRead::Stopped;
                        break;
                    case Number::Float:
                        if (!h.number_float(d, at)) return JsonRead::Stopped;
                        break;
                }
                goto after_value;
            }
        }
    }
after_value:
    skip_ws();
    // After the value only the end may follow; nlohmann/json also ends the
    // input at a NUL byte (it reads C strings that way).
    if (stack_.empty()) return p_ == end_ || *p_ == '\0' ? JsonRead::Done : JsonRead::Invalid;
    if (p_ >= end_) return JsonRead::Invalid;
    if (*p_ == ',') {
        ++p_;
        skip_ws();
        if (stack_.back()) goto key;
        goto value;
    }
    if (*p_ == (stack_.back() ? '}' : ']')) {
        ++p_;
        bool object = stack_.back();
        stack_.pop_back();
        if (!(object ? h.end_object(offset()) : h.end_array(offset()))) return JsonRead::Stopped;
        goto after_value;
    }
    return JsonRead::Invalid;
key:
    if (p_ >= end_ || *p_ != '"') return JsonRead::Invalid;
    {
        std::size_t at = offset();
        if (!string_token(text)) return JsonRead::Invalid;
        if (!h.key(text, at)) return JsonRead::Stopped;
    }
    skip_ws();
    if (p_ >= end_ || *p_ != ':') return JsonRead::Invalid;
    ++p_;
    skip_ws();
    goto value;
}

}  // namespace json_reader_detail

template <typename Handler>
JsonRead read_json(std::string_view text, Handler& handler) {
    json_reader_detail::Reader reader(text);
    return reader.run(handler);
}

}  // namespace flagplan
