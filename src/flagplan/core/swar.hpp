// Eight bytes at a time in one 64-bit word ("SWAR"), for the scans of JSON
// text: json_reader.hpp reads strings and whitespace with it, flag_json.cpp
// writes strings with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace flagplan::swar {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "a word's lowest byte is the first byte in memory");

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighs = 0x8080808080808080ull;

/// The eight bytes from `at` (at least eight must be there) as one word.
inline std::uint64_t load8(const char* at) {
    std::uint64_t w;
    std::memcpy(&w, at, 8);
    return w;
}

/// The high bit of each byte of `w` that ends a run of plain string text: a
/// '"', a '\\', a control character (< 0x20), a non-ASCII byte (>= 0x80),
/// and with `del` also DEL (0x7f). 0 = eight plain bytes. Only the lowest
/// set bit is exact (a borrow or carry out of a marked byte may mark later
/// bytes too), which is all a scan needs: first() is the first such byte.
inline std::uint64_t string_specials(std::uint64_t w, bool del) {
    const std::uint64_t quote = w ^ (kOnes * '"'), backslash = w ^ (kOnes * '\\');
    std::uint64_t marks = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | (w - kOnes * 0x20) | w;
    if (del) marks |= w + kOnes;
    return marks & kHighs;
}

/// The position (0 to 7) of the first byte whose high bit `marks` sets;
/// `marks` is not 0.
inline std::size_t first(std::uint64_t marks) { return static_cast<std::size_t>(__builtin_ctzll(marks)) / 8; }

}  // namespace flagplan::swar
