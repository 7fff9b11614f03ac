// libFuzzer target: the native JavaScript regex engine (js_regex.hpp) and the
// backtracking guard. Input: PATTERN NUL SUBJECT. The subject is tested as
// given and also repeated up to Limits::max_regex_subject UTF-16 units (the
// longest subject validation ever tests), so a pattern whose cost explodes
// with the subject length shows up as a libFuzzer timeout (-timeout=10).
// Invariants: no crash / sanitizer report / hang; check() and test() agree on
// whether the pattern is valid; a pattern check() accepts never makes test()
// answer InvalidPattern; outcomes other than Match/NoMatch carry a detail.
#include <cstdint>
#include <string>

#include "flagplan/js/js_regex.hpp"
#include "flagplan/js/js_text.hpp"
#include "flagplan/core/model.hpp"
#include "fuzz_support.hpp"

using namespace flagplan;
using flagplan::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto [pattern, subject] = fuzz::split_two(fuzz::as_text(data, size));
    if (pattern.size() > 4096) return 0;
    (void)regex_backtracking_risk(pattern);
    StdRegexEngine regex;
    RegexResult compiled = regex.check(pattern);
    auto check_answer = [&](const RegexResult& r) {
        if (compiled.outcome == RegexOutcome::Match)
            require(r.outcome != RegexOutcome::InvalidPattern, "check() accepts a pattern test() rejects");
        if (compiled.outcome == RegexOutcome::InvalidPattern)
            require(r.outcome == RegexOutcome::InvalidPattern, "test() runs a pattern check() rejects");
        if (r.outcome != RegexOutcome::Match && r.outcome != RegexOutcome::NoMatch)
            require(!r.detail.empty(), "a non-answer without a detail");
    };
    check_answer(regex.test(pattern, subject));
    if (!subject.empty() && compiled.outcome == RegexOutcome::Match) {
        const std::size_t limit = Limits{}.max_regex_subject;
        std::size_t unit = js::utf16_length(subject);
        if (unit > 0 && unit < limit) {
            std::string longer;
            for (std::size_t n = 0; n + unit <= limit; n += unit) longer.append(subject);
            check_answer(regex.test(pattern, longer));
        }
    }
    return 0;
}
