// The analysis JSON (docs/json-format.md) written straight into one string,
// whole or in parts. render.hpp's render_analysis_json() is the whole
// document; the parts serve callers that cannot afford the whole text at
// once (the page at 100,000 steps, through the wasm bindings).
#pragma once

#include <cstddef>
#include <string>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/render/flag_json.hpp"

namespace flagplan {

// ---- the analysis JSON, whole or in parts ----

/// Writes the analysis JSON's step object for `step` (id, mode, flagKey,
/// oldKey, dependentId, indent, selected, changes, stage).
void write_step_json(JsonWriter& writer, const Analysis& analysis, const Step& step);

/// Writes a diagnostic's object as the analysis JSON has it (the same
/// members as diagnostic_to_json(), without building the value).
void write_diagnostic_json(JsonWriter& writer, const Diagnostic& diagnostic);

/// The analysis JSON's members except "steps", with "stepCount" (the
/// number of steps) after "blocked": source, target, mode, blocked,
/// stepCount, diagnostics, renames, summary. One line, no newline.
std::string analysis_overview_json(const Analysis& analysis);

/// Steps [offset, offset + limit) of the plan (clamped to the plan; empty
/// past its end) as a one-line JSON array of the analysis JSON's step
/// objects, the same members and values as in render_analysis_json().
std::string analysis_steps_json(const Analysis& analysis, std::size_t offset, std::size_t limit);

/// Every step in columns, one line, for lists that show 100,000 steps
/// without their changes: {"length": N, "modes": [the five StepMode names
/// in enum order], "mode": [index into modes, per step], "flagKey": [...],
/// "dependentId": [0 = none], "indent": [...], "selected": [0|1],
/// "changeCount": [field changes per step], "oldKeys": [[id, oldKey], ...]
/// (RENAME steps), "stages": [[id, stage object], ...] (stage-walk links)}.
/// Step i (0-based) has id i + 1.
std::string analysis_step_table_json(const Analysis& analysis);

}  // namespace flagplan
