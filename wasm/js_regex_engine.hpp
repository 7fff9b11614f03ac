// The WebAssembly build's RegexEngine: every verdict comes from the host's
// own JavaScript RegExp, so the browser (or node) decides exactly as FlagFlow
// does (`new RegExp(pattern).test(value)`: no flags, unanchored search).
#pragma once

#include <string_view>

#include "flagplan/js/js_regex.hpp"

namespace flagplan::wasm {

/// Calls the host's `RegExp` through EM_JS. Pattern and subject are decoded
/// from UTF-8 to UTF-16 by js::to_utf16 (WTF-8 tolerant, U+FFFD per
/// ill-formed subpart), the same decoding the native engine uses, and handed
/// to JavaScript unit for unit.
///
/// Outcomes: check() -> Match, or InvalidPattern when `new RegExp` throws a
/// SyntaxError (detail = the engine's reason, e.g. "Unterminated group",
/// with V8's "Invalid regular expression: /.../: " prefix removed), or
/// Unsupported for any other exception. test() -> Match / NoMatch, or
/// InvalidPattern as above, TooExpensive when the host throws a RangeError
/// (e.g. stack exhausted while matching), Unsupported otherwise. Never
/// throws. Compiled RegExp objects are cached on the JS side (at most 64
/// patterns per module instance). Protection from catastrophic backtracking
/// is the validator's job (regex_backtracking_risk() runs before test()).
///
/// The reference is node 24 (FlagFlow's runtime). A host whose RegExp is
/// older (node 20/22, older browsers) rejects ES2025 syntax node 24 accepts:
/// pattern modifiers `(?i:...)` and duplicate named groups in alternatives.
/// The module does not guess: when the host throws a SyntaxError and
/// flagplan's own parser (js_regex_syntax) accepts the pattern, check()
/// answers Match and test() runs the native engine's translation of the
/// pattern into older syntax (portable_js_regex) on the host's RegExp, or
/// answers Unsupported / TooExpensive where the native engine cannot decide.
class JsRegexEngine final : public RegexEngine {
public:
    RegexResult check(std::string_view pattern) const override;
    RegexResult test(std::string_view pattern, std::string_view subject) const override;
};

}  // namespace flagplan::wasm
