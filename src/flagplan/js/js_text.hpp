// JavaScript string, number and date semantics that FlagFlow's validation
// depends on, as small pure functions: no I/O, no globals, never throw, never
// crash on any input (invalid UTF-8 included).
//
// Reference behaviour is node 20 (V8 11.3) as FlagFlow runs it: ECMAScript
// 2023 for String.prototype.trim, String.length, Number::toString and
// Number.isSafeInteger; V8's own parser (src/date/dateparser*) for Date.parse.
//
// UTF-8 input is decoded leniently, as WTF-8: a 3-byte sequence encoding a
// surrogate (ED A0 80..ED BF BF) yields that lone UTF-16 surrogate, so a JSON
// "\ud800" escape that the reader kept as WTF-8 survives; every other
// ill-formed sequence becomes one U+FFFD per maximal subpart (the WHATWG /
// TextDecoder rule). Valid UTF-8 is unaffected by either rule.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flagplan::js {

/// String.prototype.trim (ECMAScript 22.1.3.32): removes leading and trailing
/// WhiteSpace and LineTerminator code points, i.e. U+0009-000D, U+0020,
/// U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000 and
/// U+FEFF. U+0085 and U+180E are NOT stripped (not in those sets). Returns the
/// trimmed bytes unchanged otherwise (an ill-formed byte counts as non-space).
std::string trim(std::string_view utf8);

/// String.prototype.length of the decoded text: the number of UTF-16 code
/// units (a code point above U+FFFF counts 2; each U+FFFD replacement 1).
std::size_t utf16_length(std::string_view utf8);

/// The decoded text as UTF-16 code units (see the decoding rule above).
std::u16string to_utf16(std::string_view utf8);

/// Appends one code point (at most 0x10FFFF) to `out` as UTF-8 (1 to 4
/// bytes). Surrogate code points are written as they are (WTF-8).
void append_utf8(std::string& out, std::uint32_t code_point);

/// Number.prototype.toString() / String(v) (ECMAScript 6.1.6.1.20
/// Number::toString, radix 10): shortest round-trip digits; exponent form
/// when the decimal exponent is >= 21 or <= -7 ("1e+21", "1.5e-7");
/// "NaN", "Infinity", "-Infinity"; -0 prints "0".
std::string number_to_string(double v);

/// Number.isSafeInteger: finite, integral and |v| <= 2^53 - 1.
bool is_safe_integer(double v);

/// Date.parse(s) as node 20 computes it, in milliseconds since the epoch;
/// nullopt where V8 returns NaN. `s` is UTF-8 (decoded as above; V8 parses
/// the UTF-16 code units).
///
/// Accepted (V8 DateParser: ES5 ISO first, then its legacy fallback):
///  * ECMAScript Date Time String Format (21.4.1.32):
///    YYYY | ±YYYYYY, then -MM, then -DD, then THH:mm, :ss, .s+ (any number
///    of fraction digits, first three significant), then Z | ±HH:mm (V8 also
///    takes ±HHmm, lower-case t and z). Ranges: MM 01-12, DD 01-31 (day
///    overflow rolls over: 2026-02-30 is March 2), HH 00-24 (24 only as
///    24:00:00.000), mm/ss 00-59; "-000000" is invalid. Date-only forms are
///    UTC; date-time forms without an offset are LOCAL time.
///  * V8's legacy parser for everything else: "2026/11/21", "11/21/2026",
///    "Nov 21 2026", "21 Nov 2026 10:33:08 GMT", RFC 2822 / toUTCString
///    ("Sat, 21 Nov 2026 10:33:08 GMT"), toString ("Sat Nov 21 2026 10:33:08
///    GMT+0000 (Coordinated Universal Time)"), "2026-11-21 10:33:08", AM/PM,
///    the zone names UT UTC GMT Z EST EDT CST CDT MST MDT PST PDT and
///    (GMT)±hh[mm] / ±hh:mm offsets, parenthesised comments, two-digit years
///    (00-49 -> 20xx, 50-99 -> 19xx), a missing year meaning 2001, and a
///    leading unknown word ("abc 2026" parses; "abc2026", "2026 abc" do not).
///    Without a zone the time is LOCAL.
///  * The result must lie within ±8.64e15 ms (±100,000,000 days), else nullopt.
///
/// Known difference from node: flagplan has no time zone, so LOCAL time is
/// taken as UTC (node run with TZ=UTC agrees exactly). In another zone node
/// shifts such values by the zone offset and may accept or reject a value
/// within that offset of the ±8.64e15 ms limit differently; accept/reject of
/// every realistic string is unaffected. No other difference is known: the
/// tests compare against node 20 verdicts for a fixed corpus.
std::optional<double> parse_date(std::string_view s);

}  // namespace flagplan::js
