// JavaScript text/number/date semantics; see js_text.hpp for the contract.
#include "flagplan/js/js_text.hpp"

#include <charconv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <version>

// Floating-point std::to_chars: libstdc++ 11+, libc++ 14+. Older libc++
// (Emscripten 3.1.6 ships 13) falls back to printf/strtod, see below.
#if defined(__cpp_lib_to_chars) || (defined(_LIBCPP_VERSION) && _LIBCPP_VERSION >= 14000)
#define FLAGPLAN_HAS_FLOAT_TO_CHARS 1
#else
#define FLAGPLAN_HAS_FLOAT_TO_CHARS 0
#endif

namespace flagplan::js {
namespace {

// ---------------------------------------------------------------------------
// UTF-8 (WTF-8 tolerant) decoding, WHATWG error handling.

constexpr char32_t kReplacement = 0xFFFD;

/// Decodes the code point starting at `i`; stores the number of bytes it
/// spans in `len` (>= 1). Ill-formed input yields U+FFFD for the maximal
/// subpart (so callers advancing by `len` follow the WHATWG decoder).
char32_t decode_at(std::string_view s, std::size_t i, std::size_t& len) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    len = 1;
    if (b0 < 0x80) return b0;
    int needed = 0;
    char32_t cp = 0;
    unsigned char lower = 0x80, upper = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        needed = 1;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        needed = 2;
        cp = b0 & 0x0F;
        if (b0 == 0xE0) lower = 0xA0;
        // 0xED: WHATWG would cap at 0x9F; WTF-8 lets surrogates through.
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        needed = 3;
        cp = b0 & 0x07;
        if (b0 == 0xF0) lower = 0x90;
        if (b0 == 0xF4) upper = 0x8F;
    } else {
        return kReplacement;
    }
    for (int k = 0; k < needed; ++k) {
        if (i + len >= s.size()) return kReplacement;
        const auto b = static_cast<unsigned char>(s[i + len]);
        if (b < lower || b > upper) return kReplacement;
        lower = 0x80;
        upper = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
        ++len;
    }
    return cp;
}

template <typename Fn>
void for_each_code_point(std::string_view s, Fn&& fn) {
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t len = 1;
        const char32_t cp = decode_at(s, i, len);
        fn(cp, i, len);
        i += len;
    }
}

/// ECMAScript WhiteSpace (12.2): TAB VT FF SP NBSP ZWNBSP and category Zs.
bool is_js_whitespace(char32_t c) {
    switch (c) {
        case 0x09: case 0x0B: case 0x0C: case 0x20: case 0xA0: case 0x1680:
        case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
            return true;
        default:
            return c >= 0x2000 && c <= 0x200A;
    }
}

/// ECMAScript LineTerminator (12.3).
bool is_js_line_terminator(char32_t c) {
    return c == 0x0A || c == 0x0D || c == 0x2028 || c == 0x2029;
}

bool is_trim_space(char32_t c) { return is_js_whitespace(c) || is_js_line_terminator(c); }

}  // namespace

std::string trim(std::string_view utf8) {
    std::size_t begin = utf8.size();
    std::size_t end = 0;
    for_each_code_point(utf8, [&](char32_t cp, std::size_t pos, std::size_t len) {
        if (is_trim_space(cp)) return;
        if (begin == utf8.size()) begin = pos;
        end = pos + len;
    });
    if (begin >= end) return std::string();
    return std::string(utf8.substr(begin, end - begin));
}

std::size_t utf16_length(std::string_view utf8) {
    std::size_t n = 0;
    for_each_code_point(utf8, [&](char32_t cp, std::size_t, std::size_t) { n += cp > 0xFFFF ? 2 : 1; });
    return n;
}

std::u16string to_utf16(std::string_view utf8) {
    std::u16string out;
    out.reserve(utf8.size());
    for_each_code_point(utf8, [&](char32_t cp, std::size_t, std::size_t) {
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
        } else {
            out.push_back(static_cast<char16_t>(cp));
        }
    });
    return out;
}

// ---------------------------------------------------------------------------
// Numbers.

std::string number_to_string(double v) {
    if (std::isnan(v)) return "NaN";
    if (v == 0) return "0";  // +0 and -0
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    std::string out;
    if (v < 0) {
        out.push_back('-');
        v = -v;
    }
    // Shortest round-trip digits in scientific form: d[.ddd]e±x.
    char buf[64];
#if FLAGPLAN_HAS_FLOAT_TO_CHARS
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    if (res.ec != std::errc()) return out + "NaN";  // cannot happen with 64 bytes
    const char* const buf_end = res.ptr;
#else
    // The fewest significant digits whose correctly rounded value reads back
    // as v. Equals to_chars except, in theory, next to a power of two where
    // a farther-but-inside candidate exists; not observed in tests.
    int len = 0;
    for (int precision = 0; precision <= 16; ++precision) {
        len = std::snprintf(buf, sizeof buf, "%.*e", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    const char* const buf_end = buf + (len > 0 ? len : 0);
#endif
    std::string digits;
    const char* p = buf;
    for (; p < buf_end && *p != 'e'; ++p)
        if (*p >= '0' && *p <= '9') digits.push_back(*p);
    int exp10 = 0;
    if (p < buf_end && *p == 'e') {
        ++p;
        bool neg = false;
        if (p < buf_end && (*p == '+' || *p == '-')) neg = *p++ == '-';
        for (; p < buf_end; ++p) exp10 = exp10 * 10 + (*p - '0');
        if (neg) exp10 = -exp10;
    }
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    // Number::toString: value = 0.d1d2...dk × 10^n.
    const int k = static_cast<int>(digits.size());
    const int n = exp10 + 1;
    if (k <= n && n <= 21) {
        out += digits;
        out.append(static_cast<std::size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out.append(digits, 0, static_cast<std::size_t>(n));
        out.push_back('.');
        out.append(digits, static_cast<std::size_t>(n), std::string::npos);
    } else if (-6 < n && n <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-n), '0');
        out += digits;
    } else {
        out.push_back(digits[0]);
        if (k > 1) {
            out.push_back('.');
            out.append(digits, 1, std::string::npos);
        }
        out.push_back('e');
        out.push_back(n - 1 >= 0 ? '+' : '-');
        out += std::to_string(n - 1 >= 0 ? n - 1 : 1 - n);
    }
    return out;
}

bool is_safe_integer(double v) {
    return std::isfinite(v) && std::trunc(v) == v && std::fabs(v) <= 9007199254740991.0;
}

// ---------------------------------------------------------------------------
// Date.parse: a re-implementation of the algorithm of V8's DateParser
// (src/date/dateparser.h, dateparser-inl.h, dateparser.cc) and of
// ParseDateTimeString (src/builtins/builtins-date.cc), checked against node 20.

namespace {

constexpr int kNone = INT_MAX;

bool between(long long x, long long lo, long long hi) { return x >= lo && x <= hi; }
bool is_minute(int x) { return between(x, 0, 59); }
bool is_hour(int x) { return between(x, 0, 23); }
bool is_second(int x) { return between(x, 0, 59); }
bool is_hour12(int x) { return between(x, 0, 12); }
bool is_millisecond(int x) { return between(x, 0, 999); }
bool is_month(int x) { return between(x, 1, 12); }
bool is_day(int x) { return between(x, 1, 31); }

constexpr int kMaxSignificantDigits = 9;

enum KeywordType { kInvalidKeyword, kMonthName, kTimeZoneName, kTimeSeparator, kAmPm };

struct Keyword {
    char32_t prefix[3];
    KeywordType type;
    int value;
};

constexpr Keyword kKeywords[] = {
    {{'j', 'a', 'n'}, kMonthName, 1},     {{'f', 'e', 'b'}, kMonthName, 2},
    {{'m', 'a', 'r'}, kMonthName, 3},     {{'a', 'p', 'r'}, kMonthName, 4},
    {{'m', 'a', 'y'}, kMonthName, 5},     {{'j', 'u', 'n'}, kMonthName, 6},
    {{'j', 'u', 'l'}, kMonthName, 7},     {{'a', 'u', 'g'}, kMonthName, 8},
    {{'s', 'e', 'p'}, kMonthName, 9},     {{'o', 'c', 't'}, kMonthName, 10},
    {{'n', 'o', 'v'}, kMonthName, 11},    {{'d', 'e', 'c'}, kMonthName, 12},
    {{'a', 'm', 0}, kAmPm, 0},            {{'p', 'm', 0}, kAmPm, 12},
    {{'u', 't', 0}, kTimeZoneName, 0},    {{'u', 't', 'c'}, kTimeZoneName, 0},
    {{'z', 0, 0}, kTimeZoneName, 0},      {{'g', 'm', 't'}, kTimeZoneName, 0},
    {{'c', 'd', 't'}, kTimeZoneName, -5}, {{'c', 's', 't'}, kTimeZoneName, -6},
    {{'e', 'd', 't'}, kTimeZoneName, -4}, {{'e', 's', 't'}, kTimeZoneName, -5},
    {{'m', 'd', 't'}, kTimeZoneName, -6}, {{'m', 's', 't'}, kTimeZoneName, -7},
    {{'p', 'd', 't'}, kTimeZoneName, -7}, {{'p', 's', 't'}, kTimeZoneName, -8},
    {{'t', 0, 0}, kTimeSeparator, 0},
};

/// A word matches a keyword when its first three (lower-cased) units equal
/// the keyword's; only month names may be longer than three units.
const Keyword* lookup_keyword(const char32_t pre[3], int len) {
    for (const Keyword& k : kKeywords) {
        if (pre[0] == k.prefix[0] && pre[1] == k.prefix[1] && pre[2] == k.prefix[2] &&
            (len <= 3 || k.type == kMonthName))
            return &k;
    }
    return nullptr;
}

struct Token {
    enum Tag { Invalid, Unknown, WhiteSpace, Number, Symbol, End, Word };
    Tag tag = End;
    int length = 0;
    int value = 0;                            // number, symbol char, keyword value
    KeywordType keyword = kInvalidKeyword;    // for Word

    bool is_number() const { return tag == Number; }
    bool is_symbol(char c) const { return tag == Symbol && value == c; }
    bool is_sign() const { return tag == Symbol && (value == '+' || value == '-'); }
    int sign() const { return value == '+' ? 1 : -1; }
    bool is_fixed_number(int len) const { return tag == Number && length == len; }
    bool is_keyword_type(KeywordType t) const { return tag == Word && keyword == t; }
    bool is_keyword_z() const {
        return tag == Word && keyword == kTimeZoneName && length == 1 && value == 0;
    }
};

class Scanner {
public:
    explicit Scanner(const std::u16string& s) : s_(s) {
        advance();
        next_ = scan();
    }
    Token next() {
        Token t = next_;
        next_ = scan();
        return t;
    }
    const Token& peek() const { return next_; }
    bool skip_symbol(char c) {
        if (next_.is_symbol(c)) {
            next_ = scan();
            return true;
        }
        return false;
    }

private:
    // A NUL unit ends the input, as in V8's InputReader.
    void advance() {
        ch_ = index_ < s_.size() ? s_[index_] : 0;
        ++index_;
    }
    bool is_digit() const { return ch_ >= '0' && ch_ <= '9'; }
    // V8 reads a "word" from any unit >= 'A' that is not WhiteSpace (node 20
    // treats U+00A0, U+3000 ... as separators, U+2028/2029 as word units).
    bool is_word_unit() const { return ch_ >= 'A' && !is_js_whitespace(ch_); }

    Token scan() {
        const std::size_t pre = index_;
        Token t;
        if (ch_ == 0) {
            t.tag = Token::End;
            return t;
        }
        if (is_digit()) {
            // node 20's V8 skips leading zeros, then keeps the first nine
            // significant digits; the length still counts every digit (so
            // ".0123456789" reads as 123 ms, a V8 quirk we reproduce).
            int n = 0, i = 0;
            while (ch_ == '0') advance();
            while (is_digit()) {
                if (i < kMaxSignificantDigits) n = n * 10 + static_cast<int>(ch_ - '0');
                ++i;
                advance();
            }
            t.tag = Token::Number;
            t.value = n;
            t.length = static_cast<int>(index_ - pre);
            return t;
        }
        if (ch_ == ':' || ch_ == '-' || ch_ == '+' || ch_ == '.' || ch_ == ')') {
            t.tag = Token::Symbol;
            t.value = static_cast<int>(ch_);
            t.length = 1;
            advance();
            return t;
        }
        if (is_word_unit()) {
            char32_t prefix[3] = {0, 0, 0};
            int len = 0;
            for (; is_word_unit(); advance(), ++len)
                if (len < 3) prefix[len] = ch_ | 0x20;
            const Keyword* k = lookup_keyword(prefix, len);
            t.tag = Token::Word;
            t.length = len;
            t.keyword = k ? k->type : kInvalidKeyword;
            t.value = k ? k->value : 0;
            return t;
        }
        if (is_js_whitespace(ch_) || is_js_line_terminator(ch_)) {
            advance();
            t.tag = Token::WhiteSpace;
            t.length = 1;
            return t;
        }
        if (ch_ == '(') {
            int balance = 0;
            do {
                if (ch_ == ')')
                    --balance;
                else if (ch_ == '(')
                    ++balance;
                advance();
            } while (balance > 0 && ch_ != 0);
            t.tag = Token::Unknown;
            t.length = 1;
            return t;
        }
        advance();
        t.tag = Token::Unknown;
        t.length = 1;
        return t;
    }

    const std::u16string& s_;
    std::size_t index_ = 0;
    char32_t ch_ = 0;
    Token next_;
};

/// First three significant fraction digits, from the value and digit count.
int read_milliseconds(const Token& t) {
    int number = t.value;
    int length = t.length;
    if (length == 1) {
        number *= 100;
    } else if (length == 2) {
        number *= 10;
    } else if (length > 3) {
        if (length > kMaxSignificantDigits) length = kMaxSignificantDigits;
        int factor = 1;
        do {
            factor *= 10;
            --length;
        } while (length > 3);
        number /= factor;
    }
    return number;
}

struct Fields {
    int year = 0, month0 = 0, day = 1, hour = 0, minute = 0, second = 0, ms = 0;
    bool has_offset = false;
    int offset_seconds = 0;
};

class TimeZoneComposer {
public:
    void set(int offset_hours) {
        sign_ = offset_hours < 0 ? -1 : 1;
        hour_ = offset_hours * sign_;
        minute_ = 0;
    }
    void set_sign(int sign) { sign_ = sign < 0 ? -1 : 1; }
    void set_absolute_hour(int h) { hour_ = h; }
    void set_absolute_minute(int m) { minute_ = m; }
    bool is_expecting(int n) const { return hour_ != kNone && minute_ == kNone && is_minute(n); }
    bool is_utc() const { return hour_ == 0 && minute_ == 0; }
    bool is_empty() const { return hour_ == kNone; }
    bool write(Fields& out) {
        if (sign_ == kNone) {
            out.has_offset = false;
            return true;
        }
        if (hour_ == kNone) hour_ = 0;
        if (minute_ == kNone) minute_ = 0;
        // V8 computes this in 32-bit unsigned arithmetic and rejects totals
        // above Smi::kMaxValue (2^31 - 1 on node's x64 builds).
        const std::uint32_t total = static_cast<std::uint32_t>(hour_) * 3600u +
                                    static_cast<std::uint32_t>(minute_) * 60u;
        if (total > 2147483647u) return false;
        out.has_offset = true;
        out.offset_seconds = sign_ < 0 ? -static_cast<int>(total) : static_cast<int>(total);
        return true;
    }

private:
    int sign_ = kNone;
    int hour_ = kNone;
    int minute_ = kNone;
};

class TimeComposer {
public:
    bool is_empty() const { return index_ == 0; }
    bool is_expecting(int n) const {
        return (index_ == 1 && is_minute(n)) || (index_ == 2 && is_second(n)) ||
               (index_ == 3 && is_millisecond(n));
    }
    bool add(int n) {
        if (index_ >= kSize) return false;
        comp_[index_++] = n;
        return true;
    }
    bool add_final(int n) {
        if (!add(n)) return false;
        while (index_ < kSize) comp_[index_++] = 0;
        return true;
    }
    void set_hour_offset(int n) { hour_offset_ = n; }
    bool write(Fields& out) {
        while (index_ < kSize) comp_[index_++] = 0;
        int hour = comp_[0], minute = comp_[1], second = comp_[2], ms = comp_[3];
        if (hour_offset_ != kNone) {
            if (!is_hour12(hour)) return false;
            hour %= 12;
            hour += hour_offset_;
        }
        if (!is_hour(hour) || !is_minute(minute) || !is_second(second) || !is_millisecond(ms)) {
            // A 24th hour is allowed if minutes, seconds and milliseconds are 0.
            if (hour != 24 || minute != 0 || second != 0 || ms != 0) return false;
        }
        out.hour = hour;
        out.minute = minute;
        out.second = second;
        out.ms = ms;
        return true;
    }

private:
    static constexpr int kSize = 4;
    int comp_[kSize] = {0, 0, 0, 0};
    int index_ = 0;
    int hour_offset_ = kNone;
};

class DayComposer {
public:
    bool is_empty() const { return index_ == 0; }
    bool add(int n) {
        if (index_ >= kSize) return false;
        comp_[index_++] = n;
        return true;
    }
    void set_named_month(int n) { named_month_ = n; }
    void set_iso_date() { is_iso_date_ = true; }
    bool write(Fields& out) {
        if (index_ < 1) return false;
        while (index_ < kSize) comp_[index_++] = 1;  // day and month default to 1
        int year = 0;
        int month = kNone;
        int day = kNone;
        if (named_month_ == kNone) {
            if (is_iso_date_ || !is_day(comp_[0])) {  // YMD
                year = comp_[0];
                month = comp_[1];
                day = comp_[2];
            } else {  // MD(Y)
                month = comp_[0];
                day = comp_[1];
                year = comp_[2];
            }
        } else {
            month = named_month_;
            if (!is_day(comp_[0])) {  // YMD, MYD or YDM
                year = comp_[0];
                day = comp_[1];
            } else {  // DMY, MDY or DYM
                day = comp_[0];
                year = comp_[1];
            }
        }
        if (!is_iso_date_) {
            if (between(year, 0, 49))
                year += 2000;
            else if (between(year, 50, 99))
                year += 1900;
        }
        if (!is_month(month) || !is_day(day)) return false;
        out.year = year;
        out.month0 = month - 1;
        out.day = day;
        return true;
    }

private:
    static constexpr int kSize = 3;
    int comp_[kSize] = {0, 0, 0};
    int index_ = 0;
    int named_month_ = kNone;
    bool is_iso_date_ = false;
};

/// ES5 ISO date-time prefix. Returns the next token for the legacy parser,
/// an End token when the whole input was consumed, or an Invalid token.
Token parse_es5(Scanner& sc, DayComposer& day, TimeComposer& time, TimeZoneComposer& tz) {
    Token invalid;
    invalid.tag = Token::Invalid;
    Token end;
    end.tag = Token::End;

    if (sc.peek().is_sign()) {
        const Token sign_token = sc.next();
        if (!sc.peek().is_fixed_number(6)) return sign_token;
        const int year = sc.next().value;
        if (sign_token.sign() < 0 && year == 0) return sign_token;
        day.add(sign_token.sign() * year);
    } else if (sc.peek().is_fixed_number(4)) {
        day.add(sc.next().value);
    } else {
        return sc.next();
    }
    if (sc.skip_symbol('-')) {
        if (!sc.peek().is_fixed_number(2) || !is_month(sc.peek().value)) return sc.next();
        day.add(sc.next().value);
        if (sc.skip_symbol('-')) {
            if (!sc.peek().is_fixed_number(2) || !is_day(sc.peek().value)) return sc.next();
            day.add(sc.next().value);
        }
    }
    if (!sc.peek().is_keyword_type(kTimeSeparator)) {
        if (sc.peek().tag != Token::End) return sc.next();
    } else {
        sc.next();
        if (!sc.peek().is_fixed_number(2) || !between(sc.peek().value, 0, 24)) return invalid;
        const bool hour_is_24 = sc.peek().value == 24;
        time.add(sc.next().value);
        if (!sc.skip_symbol(':')) return invalid;
        if (!sc.peek().is_fixed_number(2) || !is_minute(sc.peek().value) ||
            (hour_is_24 && sc.peek().value > 0))
            return invalid;
        time.add(sc.next().value);
        if (sc.skip_symbol(':')) {
            if (!sc.peek().is_fixed_number(2) || !is_second(sc.peek().value) ||
                (hour_is_24 && sc.peek().value > 0))
                return invalid;
            time.add(sc.next().value);
            if (sc.skip_symbol('.')) {
                if (!sc.peek().is_number() || (hour_is_24 && sc.peek().value > 0)) return invalid;
                time.add(read_milliseconds(sc.next()));
            }
        }
        if (sc.peek().is_keyword_z()) {
            sc.next();
            tz.set(0);
        } else if (sc.peek().is_sign()) {
            tz.set_sign(sc.next().sign());
            if (sc.peek().is_fixed_number(4)) {  // hhmm extension
                const int hourmin = sc.next().value;
                const int hour = hourmin / 100, min = hourmin % 100;
                if (!is_hour(hour) || !is_minute(min)) return invalid;
                tz.set_absolute_hour(hour);
                tz.set_absolute_minute(min);
            } else {  // hh:mm
                if (!sc.peek().is_fixed_number(2) || !is_hour(sc.peek().value)) return invalid;
                tz.set_absolute_hour(sc.next().value);
                if (!sc.skip_symbol(':')) return invalid;
                if (!sc.peek().is_fixed_number(2) || !is_minute(sc.peek().value)) return invalid;
                tz.set_absolute_minute(sc.next().value);
            }
        }
        if (sc.peek().tag != Token::End) return invalid;
    }
    // Date-only forms are UTC; date-time forms without offset are local.
    if (tz.is_empty() && time.is_empty()) tz.set(0);
    day.set_iso_date();
    return end;
}

bool parse_fields(const std::u16string& str, Fields& out) {
    Scanner sc(str);
    TimeZoneComposer tz;
    TimeComposer time;
    DayComposer day;

    Token token = parse_es5(sc, day, time, tz);
    if (token.tag == Token::Invalid) return false;
    bool has_read_number = !day.is_empty();
    for (; token.tag != Token::End; token = sc.next()) {
        if (token.is_number()) {
            has_read_number = true;
            const int n = token.value;
            if (sc.skip_symbol(':')) {
                if (sc.skip_symbol(':')) {  // n + "::"
                    if (!time.is_empty()) return false;
                    time.add(n);
                    time.add(0);
                } else {  // n + ":"
                    if (!time.add(n)) return false;
                    if (sc.peek().is_symbol('.')) sc.next();
                }
            } else if (sc.skip_symbol('.') && time.is_expecting(n)) {
                time.add(n);
                if (!sc.peek().is_number()) return false;
                const int ms = read_milliseconds(sc.next());
                if (ms < 0) return false;
                time.add_final(ms);
            } else if (tz.is_expecting(n)) {
                tz.set_absolute_minute(n);
            } else if (time.is_expecting(n)) {
                time.add_final(n);
                // Require end, white space, "Z", "+" or "-" right after the time.
                const Token& peek = sc.peek();
                if (peek.tag != Token::End && peek.tag != Token::WhiteSpace && !peek.is_keyword_z() &&
                    !peek.is_sign())
                    return false;
            } else {
                if (!day.add(n)) return false;
                sc.skip_symbol('-');
            }
        } else if (token.tag == Token::Word) {
            if (token.keyword == kAmPm && !time.is_empty()) {
                time.set_hour_offset(token.value);
            } else if (token.keyword == kMonthName) {
                day.set_named_month(token.value);
                sc.skip_symbol('-');
            } else if (token.keyword == kTimeZoneName && has_read_number) {
                tz.set(token.value);
            } else {
                // Garbage words are illegal once a number has been read, and
                // must be separated from the first number.
                if (has_read_number) return false;
                if (sc.peek().is_number()) return false;
            }
        } else if (token.is_sign() && (tz.is_utc() || !time.is_empty())) {
            // UTC offset, only after a zone name that is UTC or after a time.
            tz.set_sign(token.sign());
            int n = 0, length = 0;
            if (sc.peek().is_number()) {
                const Token num = sc.next();
                length = num.length;
                n = num.value;
            }
            has_read_number = true;
            if (sc.peek().is_symbol(':')) {
                tz.set_absolute_hour(n);
                tz.set_absolute_minute(kNone);
            } else if (length == 2 || length == 1) {
                tz.set_absolute_hour(n);
                tz.set_absolute_minute(0);
            } else if (length == 4 || length == 3) {
                tz.set_absolute_hour(n / 100);
                tz.set_absolute_minute(n % 100);
            } else {
                return false;
            }
        } else if ((token.is_sign() || token.is_symbol(')')) && has_read_number) {
            return false;  // extra sign or ')' after a number
        }
        // Anything else (white space, unknown units, ':' '.') is ignored.
    }
    return day.write(out) && time.write(out) && tz.write(out);
}

/// Days from 1970-01-01 to year-month0-01 (proleptic Gregorian).
long long days_from_civil(long long y, int month0) {
    const int m = month0 + 1;
    y -= m <= 2 ? 1 : 0;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long mp = (m + 9) % 12;
    const long long doy = (153 * mp + 2) / 5;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

}  // namespace

std::optional<double> parse_date(std::string_view s) {
    const std::u16string units = to_utf16(s);
    Fields f;
    if (!parse_fields(units, f)) return std::nullopt;
    // MakeDay is NaN outside ±1,000,000 years; such dates are out of range anyway.
    if (f.year < -1000000 || f.year > 1000000) return std::nullopt;
    const long long day = days_from_civil(f.year, f.month0) + (f.day - 1);
    const double time = f.hour * 3600000.0 + f.minute * 60000.0 + f.second * 1000.0 + f.ms;
    double date = static_cast<double>(day) * 86400000.0 + time;
    // Local time is taken as UTC (flagplan has no time zone).
    if (f.has_offset) date -= f.offset_seconds * 1000.0;
    if (!(std::fabs(date) <= 8.64e15)) return std::nullopt;  // TimeClip
    return date + 0.0;  // +0.0 turns -0 into +0
}

void append_utf8(std::string& out, std::uint32_t code_point) {
    if (code_point < 0x80) {
        out += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
        out += static_cast<char>(0xC0 | (code_point >> 6));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
        out += static_cast<char>(0xE0 | (code_point >> 12));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code_point >> 18));
        out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    }
}

}  // namespace flagplan::js
