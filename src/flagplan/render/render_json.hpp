// The analysis JSON (docs/json-format.md) written straight into one string,
// whole or in parts. render.hpp's render_analysis_json() is the whole
// document; the parts serve callers that cannot afford the whole text at
// once (the page at 100,000 steps, through the wasm bindings).
#pragma once

#include <cstddef>
#include <string>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/render/flag_json.hpp"
#include "flagplan/render/render.hpp"

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

/// analysis_overview_json() in parts, for a reader that must not parse a
/// large overview in one go (the page, where one JSON.parse of 30,000
/// diagnostics is a main-thread task of 50 ms; issue 19): part 0 is the
/// overview with an empty "diagnostics" array, each further part a one-line
/// JSON array of the next `per_part` diagnostics (at least 1), in order.
/// Appending every later part's items to part 0's "diagnostics" gives the
/// overview analysis_overview_json() writes.
TextParts analysis_overview_json_parts(const Analysis& analysis, std::size_t per_part);

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
