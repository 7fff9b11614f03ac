// JavaScript regular expressions (no flags) for FlagFlow's STRING `regExp`:
// StdRegexEngine (the native engine: the pattern translated to std::regex),
// js_regex_syntax and portable_js_regex. See js_regex.hpp for the contract;
// the stages are in this folder (regex_ast.hpp).
#include "flagplan/js/js_regex.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <locale>
// GCC 12 reports false -Wmaybe-uninitialized inside libstdc++'s regex
// automaton (GCC bug 105562); keep our build log clean of them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <utility>
#include <vector>

#include "flagplan/js/js_text.hpp"
#include "flagplan/js/regex/regex_ast.hpp"

namespace flagplan {

using namespace regex_detail;

namespace {

// std::regex traits whose word class (used only by \b and \B, since the
// translated pattern spells every class out) is JavaScript's [A-Za-z0-9_],
// whatever the C library's locale tables say.
struct JsRegexTraits : std::regex_traits<wchar_t> {
    using base = std::regex_traits<wchar_t>;
    JsRegexTraits() { init(); }
    locale_type imbue(locale_type loc) {
        locale_type old = base::imbue(loc);
        init();
        return old;
    }
    bool isctype(wchar_t c, char_class_type f) const {
        if (f == word_) return is_js_word_unit(static_cast<std::uint32_t>(c));
        return base::isctype(c, f);
    }

private:
    void init() {
        static const wchar_t w[] = L"w";
        word_ = base::lookup_classname(w, w + 1);
    }
    char_class_type word_{};
};

using JsRegex = std::basic_regex<wchar_t, JsRegexTraits>;

}  // namespace

// ===========================================================================
// StdRegexEngine.

// Parsed patterns and compiled regexes, most recently used last. Validation
// interleaves a handful of patterns flag after flag, so remembering only the
// last one recompiled std::regex (the dominant cost) for nearly every test.
// Bounded: at most kCachedPatterns patterns, each with at most
// kCachedTranslations compiled translations (a translation depends on the
// subject length only through clamped repetition counts).
struct StdRegexEngine::Cache {
    static constexpr std::size_t kCachedPatterns = 32;
    static constexpr std::size_t kCachedTranslations = 4;
    struct Compiled {
        std::wstring translated;
        JsRegex regex;
    };
    struct Entry {
        std::string pattern;
        Ast ast;
        std::vector<Props> props;
        std::vector<std::unique_ptr<Compiled>> compiled;  // most recently used last
    };
    std::vector<std::unique_ptr<Entry>> entries;

    /// The entry of `pattern`, parsed on first use; moved to the back.
    Entry& entry(std::string_view pattern) {
        for (std::size_t i = entries.size(); i-- > 0;) {
            if (entries[i]->pattern != pattern) continue;
            std::rotate(entries.begin() + static_cast<std::ptrdiff_t>(i),
                        entries.begin() + static_cast<std::ptrdiff_t>(i) + 1, entries.end());
            return *entries.back();
        }
        auto fresh = std::make_unique<Entry>();
        fresh->ast = parse_pattern(pattern);
        compute_props(fresh->ast, fresh->props);
        fresh->pattern.assign(pattern.data(), pattern.size());
        if (entries.size() >= kCachedPatterns) entries.erase(entries.begin());
        entries.push_back(std::move(fresh));
        return *entries.back();
    }

    /// `translated` compiled (libstdc++: with the polynomial executor); moved
    /// to the back of `e.compiled`.
    static const JsRegex& compiled(Entry& e, std::wstring translated, bool backrefs) {
        auto& list = e.compiled;
        for (std::size_t i = list.size(); i-- > 0;) {
            if (list[i]->translated != translated) continue;
            std::rotate(list.begin() + static_cast<std::ptrdiff_t>(i),
                        list.begin() + static_cast<std::ptrdiff_t>(i) + 1, list.end());
            return list.back()->regex;
        }
        auto fresh = std::make_unique<Compiled>();
        fresh->regex.imbue(std::locale::classic());
        auto flags = std::regex_constants::ECMAScript;
#if defined(__GLIBCXX__)
        if (!backrefs) flags |= std::regex_constants::__polynomial;  // Thompson-NFA executor
#else
        (void)backrefs;
#endif
        fresh->regex.assign(translated, flags);
        fresh->translated = std::move(translated);
        if (list.size() >= kCachedTranslations) list.erase(list.begin());
        list.push_back(std::move(fresh));
        return list.back()->regex;
    }
};

StdRegexEngine::StdRegexEngine() : cache_(std::make_unique<Cache>()) {}
StdRegexEngine::~StdRegexEngine() = default;

namespace {

RegexResult verdict_of(const Ast& ast) {
    if (!ast.error.empty()) return {RegexOutcome::InvalidPattern, ast.error};
    if (!ast.unsupported.empty()) return {RegexOutcome::Unsupported, ast.unsupported};
    return {RegexOutcome::Match, {}};
}

/// Longest subject run on std::regex's backtracking executor.
constexpr long long kDfsSubjectLimit = 256;
#if defined(__GLIBCXX__)
constexpr bool kPolynomialExecutor = true;
#else
constexpr bool kPolynomialExecutor = false;
#endif

}  // namespace

RegexResult StdRegexEngine::check(std::string_view pattern) const {
    try {
        return verdict_of(cache_->entry(pattern).ast);
    } catch (const std::bad_alloc&) {
        return {RegexOutcome::TooExpensive, "out of memory while parsing the pattern"};
    } catch (...) {
        return {RegexOutcome::Unsupported, "internal error while parsing the pattern"};
    }
}

RegexResult StdRegexEngine::test(std::string_view pattern, std::string_view subject) const {
    RegexResult syntax = check(pattern);
    if (syntax.outcome != RegexOutcome::Match) return syntax;
    try {
        Cache::Entry& e = cache_->entry(pattern);  // parsed by check() just above
        if (e.ast.has_lookbehind)
            return {RegexOutcome::Unsupported, "lookbehind is not supported by the native regex engine"};
        const std::u16string units = js::to_utf16(subject);
        const long long len = static_cast<long long>(units.size());
        Translation t = translate(e.ast, e.props, len);
        if (!t.unsupported.empty()) return {RegexOutcome::Unsupported, t.unsupported};
        if (!t.too_expensive.empty()) return {RegexOutcome::TooExpensive, t.too_expensive};
        // Back-references need std::regex's backtracking executor (libc++
        // has no other): its work is bounded by the subject length and the
        // backtracking analysis.
        const bool backtracking = t.backrefs || !kPolynomialExecutor;
        if (backtracking && len > kDfsSubjectLimit)
            return {RegexOutcome::TooExpensive,
                    t.backrefs ? "back-references in subjects over 256 UTF-16 units are not run by the native regex engine"
                               : "subjects over 256 UTF-16 units need the libstdc++ regex executor"};
        if (backtracking && !regex_backtracking_risk(pattern).empty())
            return {RegexOutcome::TooExpensive, "the pattern may backtrack catastrophically"};
        const JsRegex& regex = Cache::compiled(e, std::move(t.pattern), t.backrefs);
        std::wstring ws(units.begin(), units.end());
        const bool found = std::regex_search(ws.cbegin(), ws.cend(), regex,
                                             std::regex_constants::match_continuous);
        return {found ? RegexOutcome::Match : RegexOutcome::NoMatch, {}};
    } catch (const std::regex_error& e) {
        if (e.code() == std::regex_constants::error_space ||
            e.code() == std::regex_constants::error_complexity ||
            e.code() == std::regex_constants::error_stack)
            return {RegexOutcome::TooExpensive, "the native regex engine ran out of resources"};
        return {RegexOutcome::Unsupported, "the native regex engine rejected the translated pattern"};
    } catch (const std::bad_alloc&) {
        return {RegexOutcome::TooExpensive, "out of memory while matching"};
    } catch (...) {
        return {RegexOutcome::Unsupported, "internal error in the native regex engine"};
    }
}

RegexResult js_regex_syntax(std::string_view pattern) {
    try {
        return verdict_of(parse_pattern(pattern));
    } catch (const std::bad_alloc&) {
        return {RegexOutcome::TooExpensive, "out of memory while parsing the pattern"};
    }
}

PortableRegex portable_js_regex(std::string_view pattern, std::size_t subject_units) {
    PortableRegex out;
    try {
        const Ast ast = parse_pattern(pattern);
        out.result = verdict_of(ast);
        if (out.result.outcome != RegexOutcome::Match) return out;
        if (ast.has_lookbehind)
            return {{RegexOutcome::Unsupported, "lookbehind is not supported by the native regex engine"}, {}};
        std::vector<Props> props;
        compute_props(ast, props);
        Translation t = translate(ast, props, static_cast<long long>(subject_units));
        if (!t.unsupported.empty()) return {{RegexOutcome::Unsupported, t.unsupported}, {}};
        if (!t.too_expensive.empty()) return {{RegexOutcome::TooExpensive, t.too_expensive}, {}};
        out.source.reserve(t.pattern.size());
        for (wchar_t c : t.pattern) out.source.push_back(static_cast<char16_t>(c));  // ASCII: units are escaped
        return out;
    } catch (const std::bad_alloc&) {
        return {{RegexOutcome::TooExpensive, "out of memory while translating the pattern"}, {}};
    }
}

}  // namespace flagplan
