// The analysis options as JSON (what the JS library and the page pass to
// the WebAssembly module), read into AnalyzeOptions: the one definition of
// their names and types, so no edge restates them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "flagplan/analyze/analyze.hpp"

namespace flagplan {

/// Reads `text`, a JSON object whose members are all optional:
/// {"mode": "migration"|"restore"|"auto", "includeValues": bool, "select":
/// [id, ...] | null, "renames": bool, "renameKeys": [key, ...], "walkStages":
/// bool, "keepStages": bool, "allowMassDelete": bool} (AnalyzeOptions'
/// fields; "auto" sets choose_mode). Returns "" when `out` was filled, else
/// the problem in one sentence naming the option, as the JS library throws
/// it: "analyze options must be an object, not a string", "options.mode is
/// \"migration\", \"restore\" or \"auto\", not \"x\"", "options.includeValues
/// must be a boolean, not a string", "options.select(id): id must be an
/// integer step id, not 2.5", "unknown analyze option `x` (known: ...)".
std::string read_analyze_options(std::string_view text, AnalyzeOptions& out);

/// Reads a mode name into `out`: "migration" or "restore" (options.mode),
/// or "auto" (options.choose_mode: the environments decide). Returns "" or
/// the problem without the option's name ("is \"migration\", ... not \"x\"").
std::string read_mode(std::string_view name, AnalyzeOptions& out);

/// Reads a JSON array of step ids (32-bit integers) into `ids`. Returns ""
/// or the problem, prefixed by `caller` ("<caller>(ids): ids must be an
/// array of step ids, not a string", "<caller>(id): id must be an integer
/// step id, not 2.5").
std::string read_step_ids(const nlohmann::json& value, std::vector<int>& ids, std::string_view caller);

/// The same, true when `value` was an array of step ids.
bool read_step_ids(const nlohmann::json& value, std::vector<int>& ids);

}  // namespace flagplan
