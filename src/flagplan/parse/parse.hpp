// Stage 1: export text -> snapshot.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "flagplan/core/diagnostic.hpp"
#include "flagplan/core/model.hpp"

namespace flagplan {

struct ParseResult {
    Snapshot snapshot;        ///< snapshot.readable is false when the text is not an export
    Diagnostics diagnostics;  ///< file.* and key.* findings, every one of them
};

/// Reads one FlagFlow migration export (DESIGN.md, "The export file") the way
/// FlagFlow does: every string trimmed (JavaScript's String.prototype.trim),
/// unknown fields dropped (each reported as a `file.unknown_field` note), a
/// number with no fractional part accepted as an integer (`3.0`), integers
/// limited to safe integers, `createdAt` accepted when JavaScript's Date can
/// read it. Unlike FlagFlow it reports every problem, keeps `constructor` and
/// other prototype names as ordinary keys, and reports `__proto__`.
///
/// `label` names the input in diagnostics (a file path, "source", ...).
/// Line and column of every diagnostic are filled from `text`.
///
/// Errors (all with `file` = label; flag-level ones also with flagKey, field
/// and pointer):
///   file.too_large        the text exceeds limits.max_input_bytes
///   file.syntax           not JSON (message from the JSON parser, with the
///                         position), including invalid UTF-8
///
/// A lone surrogate escape ("\ud83d"), which JSON.parse accepts, is read as
/// JavaScript reads it: one UTF-16 code unit, held as WTF-8 (its 3-byte
/// form ED A0..BF xx, which valid UTF-8 never holds); js_text decodes it as
/// that unit (lengths, trimming, comparisons, regexes) and every JSON writer
/// (render/flag_json.hpp) writes it back as the same \udXXX escape.
///   file.too_deep         nesting deeper than limits.max_depth
///   file.string_too_long  a string longer than limits.max_string_bytes
///   file.too_many_flags   more than limits.max_flags flags
///   file.not_object       the top level (or a flag) is not a JSON object
///   file.missing_field    a required field is absent
///   file.wrong_type       a field has the wrong JSON type, or a number is not
///                         an integer where one is required
///   file.unsafe_integer   an integer beyond +-(2^53-1)
///   file.duplicate_key    the same object key twice (the last one wins, as in
///                         JSON.parse, but it is an error)
///   file.version          version is not MAJOR.MINOR.PATCH (digits only)
///   file.date             createdAt is not a date JavaScript's Date can read
///   file.unknown_flag_type  type is not one of the seven
///   key.invalid           flag key does not match the key rule
///   key.proto             the key `__proto__` (FlagFlow silently drops it)
/// Notes:
///   file.unknown_field    a field FlagFlow does not know; dropped
///
/// FlagFlow's import schema matches `type` and `version` before trimming
/// (" BOOLEAN", "1.7.1 " are refused), requires `value` even when valueExists
/// is false (file.missing_field; the flag is still validated), and coerces
/// `createdAt` with `new Date()` (a number within +-8.64e15 ms, null and a
/// boolean are dates; created_at keeps their JavaScript text).
///
/// `trim` = false reads the strings as written: for a target export, whose
/// flags FlagFlow's planner compares as its store holds them (only the
/// migration file goes through the import schema's trimming).
///
/// The text is read by a purpose-built streaming JSON reader
/// (json_reader.hpp); a text it finds invalid is read again by nlohmann/json,
/// whose message and position make the `file.syntax` diagnostic.
ParseResult parse_export(std::string_view text, const std::string& label,
                         const Limits& limits = Limits{}, bool trim = true);

/// parse_export with nlohmann/json's SAX parser reading the whole text: the
/// reference the fast reader must equal on every text (same snapshot, same
/// diagnostics) once its lone surrogate escapes are masked
/// (without_lone_surrogates(): nlohmann/json refuses them, so the reference
/// reads them as U+FFFD). For tests and fuzzing (json_reader_test.cpp,
/// fuzz_parse_validate); 3 to 5 times slower.
ParseResult parse_export_reference(std::string_view text, const std::string& label,
                                   const Limits& limits = Limits{}, bool trim = true);

/// `text` with the 4 hex digits of every lone surrogate escape inside a JSON
/// string replaced by `fffd` (same length, so every offset is kept); pairs
/// and other escapes untouched. What nlohmann/json can read of a text
/// JSON.parse accepts.
std::string without_lone_surrogates(std::string_view text);

/// `text` read as JSON.parse reads it (one value, RFC 8259) into a tree;
/// nullopt when it is not JSON or nests deeper than 512 levels. Unlike
/// nlohmann::json::parse, a lone surrogate escape is kept (as WTF-8, see
/// parse_export), so a file flagplan wrote reads back byte for byte.
std::optional<nlohmann::json> parse_json_text(std::string_view text);

/// The flag key rule: segments joined by `/`; a segment is a lowercase letter,
/// then lowercase letters and digits, with single underscores between groups.
/// Regex `^[a-z][0-9a-z]*(_[0-9a-z]+)*(/[a-z][0-9a-z]*(_[0-9a-z]+)*)*$`.
bool is_valid_flag_key(std::string_view key);

/// The version rule: `MAJOR.MINOR.PATCH`, digits only.
bool is_valid_version(std::string_view version);

}  // namespace flagplan
