// Stage 1: export text -> snapshot.
#pragma once

#include <string>
#include <string_view>

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
///                         position), including invalid UTF-8 and lone surrogates
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
/// diagnostics). For tests and fuzzing (json_reader_test.cpp,
/// fuzz_parse_validate); 3 to 5 times slower.
ParseResult parse_export_reference(std::string_view text, const std::string& label,
                                   const Limits& limits = Limits{}, bool trim = true);

/// The flag key rule: segments joined by `/`; a segment is a lowercase letter,
/// then lowercase letters and digits, with single underscores between groups.
/// Regex `^[a-z][0-9a-z]*(_[0-9a-z]+)*(/[a-z][0-9a-z]*(_[0-9a-z]+)*)*$`.
bool is_valid_flag_key(std::string_view key);

/// The version rule: `MAJOR.MINOR.PATCH`, digits only.
bool is_valid_version(std::string_view version);

}  // namespace flagplan
