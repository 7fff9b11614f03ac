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
/// {"mode": "migration"|"restore", "includeValues": bool, "select": [id, ...]
/// | null, "renames": bool, "renameKeys": [key, ...], "walkStages": bool,
/// "keepStages": bool, "allowMassDelete": bool} (AnalyzeOptions' fields).
/// Returns "" when `out` was filled, else the problem in one sentence
/// ("mode is \"migration\" or \"restore\"", "unknown option `x`", ...).
std::string read_analyze_options(std::string_view text, AnalyzeOptions& out);

/// Reads a JSON array of step ids (32-bit integers) into `ids`; false when
/// `value` is not one.
bool read_step_ids(const nlohmann::json& value, std::vector<int>& ids);

}  // namespace flagplan
