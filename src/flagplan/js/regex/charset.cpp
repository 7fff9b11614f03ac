// Character sets over UTF-16 code units (regex_ast.hpp).
#include "flagplan/js/regex/regex_ast.hpp"

#include <algorithm>

namespace flagplan::regex_detail {

CharSet normalize(CharSet s) {
    std::sort(s.begin(), s.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
    CharSet out;
    for (const Range& r : s) {
        if (!out.empty() && r.lo <= out.back().hi + 1)
            out.back().hi = std::max(out.back().hi, r.hi);
        else
            out.push_back(r);
    }
    return out;
}

CharSet complement(const CharSet& s) {
    CharSet out;
    std::uint32_t next = 0;
    for (const Range& r : s) {
        if (r.lo > next) out.push_back({next, r.lo - 1});
        next = r.hi + 1;
    }
    if (next <= kMaxUnit) out.push_back({next, kMaxUnit});
    return out;
}

bool intersects(const CharSet& a, const CharSet& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].hi < b[j].lo)
            ++i;
        else if (b[j].hi < a[i].lo)
            ++j;
        else
            return true;
    }
    return false;
}

CharSet intersection(const CharSet& a, const CharSet& b) {
    CharSet out;
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const std::uint32_t lo = std::max(a[i].lo, b[j].lo);
        const std::uint32_t hi = std::min(a[i].hi, b[j].hi);
        if (lo <= hi) out.push_back({lo, hi});
        if (a[i].hi < b[j].hi)
            ++i;
        else
            ++j;
    }
    return out;
}

CharSet single(std::uint32_t c) { return CharSet{{c, c}}; }
CharSet digit_set() { return CharSet{{'0', '9'}}; }
CharSet word_set() { return CharSet{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}; }
// JS \s: WhiteSpace and LineTerminator (ECMAScript 22.2.2.9, CharacterClassEscape).
CharSet space_set() {
    return CharSet{{0x09, 0x0D},     {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680},
                   {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F},
                   {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
}
// `.` without the s flag: anything but LineTerminator.
CharSet dot_set() {
    return complement(CharSet{{0x0A, 0x0A}, {0x0D, 0x0D}, {0x2028, 0x2029}});
}

// Case-insensitive matching without the u flag (ECMAScript 22.2.2.7.3
// Canonicalize: a unit matches the units with the same toUpperCase, except
// that a non-ASCII unit never maps to an ASCII one). `s` closed under that
// equivalence for the scripts below; `uncertain` is set when `s` partly
// covers a range whose case mapping is not tabled here.
struct CasePair {
    std::uint32_t lo, hi, other;  // [lo, hi] <-> [other, other + hi - lo]
};
constexpr CasePair kCasePairs[] = {
    {'a', 'z', 'A'},          {0xE0, 0xF6, 0xC0},   {0xF8, 0xFE, 0xD8},   {0xFF, 0xFF, 0x178},
    {0xB5, 0xB5, 0x39C},      {0xB5, 0xB5, 0x3BC},  {0x3BC, 0x3BC, 0x39C}, {0x3B1, 0x3C1, 0x391},
    {0x3C3, 0x3C9, 0x3A3},    {0x3C2, 0x3C2, 0x3A3}, {0x3C2, 0x3C2, 0x3C3}, {0x430, 0x44F, 0x410},
    {0x450, 0x45F, 0x400},
};
// Ranges with case pairs not in kCasePairs (Latin Extended, other Greek and
// Cyrillic letters, Armenian, Georgian, Cherokee, Latin Extended Additional,
// Greek Extended, letterlike and enclosed forms, Glagolitic, Coptic, ...).
constexpr Range kUntabledCase[] = {
    {0x100, 0x24F}, {0x370, 0x390}, {0x3AA, 0x3B0}, {0x3CA, 0x3FF}, {0x460, 0x52F}, {0x531, 0x586},
    {0x10A0, 0x10FF}, {0x13A0, 0x13FF}, {0x1C80, 0x1CBF}, {0x1E00, 0x1FFF}, {0x2126, 0x2183},
    {0x24B6, 0x24E9}, {0x2C00, 0x2D2F}, {0xA640, 0xA7FF}, {0xAB70, 0xABBF}, {0xFF21, 0xFF5A},
};
CharSet case_closure(const CharSet& s, bool& uncertain) {
    CharSet out = s;
    for (const CasePair& p : kCasePairs) {
        const std::uint32_t len = p.hi - p.lo;
        for (const CharSet& part : {intersection(s, CharSet{{p.lo, p.hi}}),
                                    intersection(s, CharSet{{p.other, p.other + len}})}) {
            for (const Range& r : part) {
                const bool low_side = r.lo >= p.lo && r.hi <= p.hi;
                const std::uint32_t from = low_side ? p.lo : p.other, to = low_side ? p.other : p.lo;
                out.push_back({r.lo - from + to, r.hi - from + to});
            }
        }
    }
    out = normalize(std::move(out));
    for (const Range& r : kUntabledCase) {
        const CharSet part = intersection(out, CharSet{r});
        if (!part.empty() && !(part.size() == 1 && part[0].lo == r.lo && part[0].hi == r.hi)) uncertain = true;
    }
    return out;
}

bool is_js_word_unit(std::uint32_t c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

}  // namespace flagplan::regex_detail
