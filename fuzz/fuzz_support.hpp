// Helpers shared by the libFuzzer targets: splitting one input into two
// texts, and checks that abort (a libFuzzer finding) with a message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "flagplan/core/diagnostic.hpp"
#include "flagplan/render/flag_json.hpp"
#include "flagplan/parse/parse.hpp"
#include "flagplan/render/render.hpp"

namespace flagplan::fuzz {

/// The whole input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Two texts from one input: split at the first NUL byte. Without a NUL both
/// are the whole input.
inline std::pair<std::string_view, std::string_view> split_two(std::string_view text) {
    std::size_t nul = text.find('\0');
    if (nul == std::string_view::npos) return {text, text};
    return {text.substr(0, nul), text.substr(nul + 1)};
}

/// A broken invariant: print it and abort, which libFuzzer records as a crash
/// with the input that caused it.
[[noreturn]] inline void fail(const std::string& what) {
    std::fprintf(stderr, "FUZZ INVARIANT BROKEN: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

inline void require(bool ok, const std::string& what) {
    if (!ok) fail(what);
}

/// Every diagnostic names a code and a message, and its position lies in the
/// text it points into (when the diagnostic is about `label`).
inline void check_diagnostics(const Diagnostics& diagnostics, const std::string& label, std::size_t text_size) {
    for (const Diagnostic& d : diagnostics) {
        require(!d.code.empty(), "diagnostic without a code: " + d.message);
        require(!d.message.empty(), "diagnostic without a message: " + d.code);
        require(d.code.find('.') != std::string::npos, "diagnostic code without a category: " + d.code);
        require(d.line >= 0 && d.column >= 0, "negative line/column: " + d.code);
        if (d.file == label && d.offset != std::string::npos)
            require(d.offset <= text_size, "diagnostic offset beyond the text: " + d.code);
    }
}

/// Everything a parse gives, as one text: every diagnostic (as JSON, with its
/// offset) and every flag (its JSON, offsets and well-formedness), so two
/// readings compare by string (fuzz_parse_validate, json_reader_test.cpp).
inline std::string describe_parse(const ParseResult& result) {
    std::string out = result.snapshot.readable ? "readable\n" : "unreadable\n";
    const Snapshot& s = result.snapshot;
    out += s.environment + "|" + s.version + "|" + s.created_at + "\n";
    for (const Diagnostic& d : result.diagnostics)
        out += dump_json(diagnostic_to_json(d)) + " @" + std::to_string(d.offset) + "\n";
    if (s.offsets.size() != s.flags.size()) out += "offsets for " + std::to_string(s.offsets.size()) + " flags\n";
    for (std::size_t i = 0; i < s.flags.size(); ++i) {
        const Flag& f = s.flags[i];
        const FlagOffsets at = i < s.offsets.size() ? s.offsets[i] : FlagOffsets();
        out += f.key + " @" + std::to_string(at.key) + (f.well_formed ? " ok " : " bad ") + dump_json(flag_to_json(f));
        for (std::uint32_t offset : at.field) out += " " + std::to_string(offset);
        out += "\n";
    }
    return out;
}

}  // namespace flagplan::fuzz
