#include "js_regex_engine.hpp"

#include <string>

#include <emscripten/emscripten.h>

#include "flagplan/js/js_text.hpp"

// The JavaScript side. Double quotes only and no backslashes: EM_JS passes
// the body through the C preprocessor, where '...' is a character constant.
// State lives on the Module instance (not a JS global), so two module
// instances never share a cache.
//
// flagplan_js_regexp_run returns 0 = compiles / test() is true, 1 = test() is
// false, 2 = SyntaxError, 3 = RangeError, 4 = any other exception; for 2-4
// the reason is kept for flagplan_js_regexp_detail_*.
// clang-format off
EM_JS(int, flagplan_js_regexp_run,
      (const char16_t* pattern, int pattern_units, const char16_t* subject, int subject_units, int run_test), {
  var state = Module["flagplanRegExp"];
  if (!state) state = Module["flagplanRegExp"] = { cache: new Map(), detail: "" };
  function units(ptr, count) {
    var out = "";
    var first = ptr >> 1;
    for (var i = 0; i < count; i += 8192)
      out += String.fromCharCode.apply(null, HEAPU16.subarray(first + i, first + Math.min(count, i + 8192)));
    return out;
  }
  var source = units(pattern, pattern_units);
  state.detail = "";
  try {
    var re = state.cache.get(source);
    if (re === undefined) {
      re = new RegExp(source);
      if (state.cache.size >= 64) state.cache.clear();
      state.cache.set(source, re);
    }
    if (!run_test) return 0;
    return re.test(units(subject, subject_units)) ? 0 : 1;
  } catch (e) {
    var message = String(e && e.message !== undefined ? e.message : e);
    var prefix = "Invalid regular expression: /";
    if (message.startsWith(prefix + source + "/: ")) {
      message = message.slice(prefix.length + source.length + 3);
    } else if (message.startsWith(prefix) && message.lastIndexOf("/: ") >= prefix.length) {
      message = message.slice(message.lastIndexOf("/: ") + 3);
    }
    var clean = "";
    for (var k = 0; k < message.length; ++k) {
      var c = message.charCodeAt(k);
      if (c >= 0xD800 && c <= 0xDBFF && k + 1 < message.length) {
        var d = message.charCodeAt(k + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) { clean += message.substr(k, 2); ++k; continue; }
      }
      clean += (c >= 0xD800 && c <= 0xDFFF) ? String.fromCharCode(0xFFFD) : message[k];
    }
    state.detail = clean;
    if (e instanceof SyntaxError) return 2;
    if (e instanceof RangeError) return 3;
    return 4;
  }
});

EM_JS(int, flagplan_js_regexp_detail_size, (), {
  return lengthBytesUTF8(Module["flagplanRegExp"].detail) + 1;
});

EM_JS(void, flagplan_js_regexp_detail_copy, (char* out, int size), {
  stringToUTF8(Module["flagplanRegExp"].detail, out, size);
});
// clang-format on

namespace flagplan::wasm {

namespace {

std::string last_detail() {
    int size = flagplan_js_regexp_detail_size();
    std::string out(static_cast<std::size_t>(size), '\0');
    flagplan_js_regexp_detail_copy(out.data(), size);
    out.resize(static_cast<std::size_t>(size - 1));
    return out;
}

RegexResult run(std::string_view pattern, std::string_view subject, bool run_test) {
    const std::u16string p = js::to_utf16(pattern);
    const std::u16string s = run_test ? js::to_utf16(subject) : std::u16string();
    int code = flagplan_js_regexp_run(p.data(), static_cast<int>(p.size()), s.data(), static_cast<int>(s.size()),
                                      run_test ? 1 : 0);
    switch (code) {
        case 0: return {RegexOutcome::Match, {}};
        case 1: return {RegexOutcome::NoMatch, {}};
        case 2: return {RegexOutcome::InvalidPattern, last_detail()};
        case 3:
            if (run_test) return {RegexOutcome::TooExpensive, "the host's RegExp gave up: " + last_detail()};
            return {RegexOutcome::Unsupported, "the host's RegExp gave up: " + last_detail()};
        default: return {RegexOutcome::Unsupported, "the host's RegExp failed: " + last_detail()};
    }
}

}  // namespace

RegexResult JsRegexEngine::check(std::string_view pattern) const {
    RegexResult host = run(pattern, {}, false);
    if (host.outcome == RegexOutcome::InvalidPattern && js_regex_syntax(pattern).outcome == RegexOutcome::Match)
        return {RegexOutcome::Match, {}};  // syntax newer than the host's RegExp (see the header)
    return host;
}

RegexResult JsRegexEngine::test(std::string_view pattern, std::string_view subject) const {
    RegexResult host = run(pattern, subject, true);
    if (host.outcome != RegexOutcome::InvalidPattern || js_regex_syntax(pattern).outcome != RegexOutcome::Match)
        return host;
    // Syntax newer than the host's RegExp: its translation into older syntax,
    // anchored at the start (the translation begins with its own search loop).
    const std::u16string s = js::to_utf16(subject);
    PortableRegex portable = portable_js_regex(pattern, s.size());
    if (portable.result.outcome != RegexOutcome::Match) return portable.result;
    const std::u16string source = u"^(?:" + portable.source + u")";
    switch (flagplan_js_regexp_run(source.data(), static_cast<int>(source.size()), s.data(),
                                   static_cast<int>(s.size()), 1)) {
        case 0: return {RegexOutcome::Match, {}};
        case 1: return {RegexOutcome::NoMatch, {}};
        default: return {RegexOutcome::Unsupported, "the host's RegExp refused the translated pattern: " + last_detail()};
    }
}

}  // namespace flagplan::wasm
