// The whole pipeline in one call: parse -> validate -> plan -> select.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flagplan/diagnostic.hpp"
#include "flagplan/js_regex.hpp"
#include "flagplan/model.hpp"
#include "flagplan/plan.hpp"
#include "flagplan/select.hpp"

namespace flagplan {

/// One input: the export's JSON text and the label diagnostics use for it.
struct ExportText {
    std::string_view text;
    std::string label;
};

struct AnalyzeOptions {
    Mode mode = Mode::Migration;
    /// Migration mode: also select every SET_VALUE ("Add value steps").
    bool include_values = false;
    /// Exactly these step ids instead of the default selection (checked:
    /// selection.* errors, no closure applied).
    std::optional<std::vector<int>> select;
    Limits limits;
};

/// Everything the renderers need. `blocked` is true when any diagnostic is
/// an error: the plan can be reviewed but nothing executable is rendered.
struct Analysis {
    Snapshot source;
    Snapshot target;
    Mode mode = Mode::Migration;
    Plan plan;
    Selection selected;       ///< one entry per step
    Diagnostics diagnostics;  ///< source file, target file, environment, selection -- in that order
    bool blocked = false;
};

/// Parses and validates both exports, checks the environments against the
/// mode, plans and selects. Never throws for bad input: every problem is a
/// diagnostic (parse_export, validate_snapshot and select.hpp list the
/// codes). Environment errors:
///   environment.same       migration between two exports of the same environment
///   environment.different  restore from an export of another environment
/// The plan is computed even when there are errors, so it can be reviewed.
Analysis analyze(const ExportText& source, const ExportText& target, const AnalyzeOptions& options,
                 const RegexEngine& regex);

/// Replaces the selection (and its selection.* diagnostics) of an analysis
/// and recomputes `blocked`.
Analysis reselect(Analysis analysis, SelectionChange change);

/// Parse and validate one export (the CLI's `validate`).
struct ExportCheck {
    Snapshot snapshot;
    Diagnostics diagnostics;
};
ExportCheck check_export(const ExportText& input, const Limits& limits, const RegexEngine& regex);

/// Counts of steps per mode plus how many are selected.
struct PlanSummary {
    int create_default_value = 0;
    int update_schema_default_value = 0;
    int set_value = 0;
    int del = 0;
    int selected = 0;
};
PlanSummary summarize(const Plan& plan, const Selection& selected);

}  // namespace flagplan
