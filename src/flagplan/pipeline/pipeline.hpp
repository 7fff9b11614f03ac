// The promotion pipeline: 2 to 8 exports in promotion order (dev, staging,
// production, ...) seen at once: every flag key x environment with its
// type, schema fingerprint, value and stage, what differs from the
// environment before, stage flags ahead of an earlier environment, and the
// plan of each hop. Time and memory are linear in flags x environments
// (bench/bench_pipeline.cpp measures 5 x 20k flags).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/planfile/plan_file.hpp"

namespace flagplan {

/// The fewest and most exports a pipeline takes.
constexpr std::size_t kPipelineMinExports = 2;
constexpr std::size_t kPipelineMaxExports = 8;

/// One flag key in one environment.
struct PipelineCell {
    bool present = false;
    FlagType type = FlagType::Boolean;
    /// The schema's fingerprint: 8 hex digits of FNV-1a (32 bit) over the
    /// type and its schema fields as one-line JSON (the fields the planner
    /// compares; description and value excluded). Equal schemas, equal
    /// fingerprints; "" when absent.
    std::string fingerprint;
    bool value_exists = false;
    /// The value in force as one-line JSON: `value` when valueExists, else
    /// the default value; "" for AB-TEST (no value; chanceBPercent is schema).
    std::string value;
    /// A stage flag's current stage (current_stage()), else "".
    std::string stage;
    /// What differs from the environment before (none for the first):
    /// "added", "removed", "type", "schema", "value" (valueExists or value,
    /// as the planner's SET_VALUE rule), in that order.
    std::vector<std::string> changes;
};

/// One flag key across the environments (cells[i] = environment i).
struct PipelineRow {
    std::string key;
    bool stage_flag = false;  ///< a stage flag (stage_sequence_of()) in some environment
    std::vector<PipelineCell> cells;
};

/// One hop (environment i -> i + 1): its plan in migration mode with the
/// default selection, summarized.
struct PipelineHop {
    std::size_t from = 0, to = 0;  ///< indexes into Pipeline::environments
    std::string plan_line;         ///< hop_plan_line() of the hop's analysis
    int steps = 0;
    int selected = 0;
    bool blocked = false;
    int errors = 0, warnings = 0;  ///< the hop's findings (its exports' own diagnostics excluded)
};

struct Pipeline {
    std::vector<ExportInfo> environments;  ///< in promotion order
    /// Every key, in order of first appearance (environment order, then file order).
    std::vector<PipelineRow> rows;
    std::vector<PipelineHop> hops;
    /// Each export's own diagnostics (once), then the pipeline's findings:
    ///   stage.ahead (warning)  a stage flag is at a later stage in a later
    ///                          environment than in the one before it (e.g.
    ///                          production at `live` while staging is at `shadow`)
    Diagnostics diagnostics;
    bool blocked = false;  ///< an export has errors or a hop is blocked
};

/// The one-line summary of a hop's plan: summarize(hop).plan_line, the
/// same "Plan: ..." line `plan` prints (analyze/summary.hpp).
std::string hop_plan_line(const Analysis& hop);

/// The order of a pipeline's environments.
enum class PipelineOrder {
    AsGiven,             ///< the exports' order (the CLI: the user names them in promotion order)
    ByEnvironmentName,   ///< promotion_sequence() of their environments (the page: files dropped at once)
};

/// The indexes of `environments` (environment names) in promotion order:
/// sorted by promotion_order() (dev -> test -> staging -> production, by
/// name; analyze/analyze.hpp) when it orders every pair, else 0..n-1 (as
/// given: names it does not know, or two alike, do not say an order).
std::vector<std::size_t> promotion_sequence(const std::vector<std::string>& environments);

/// Checks every export, builds the matrix and plans each hop. `exports`
/// holds 2 to 8 inputs (kPipelineMinExports..kPipelineMaxExports; the
/// caller checks: check_export_count()), taken in `order`. Never throws
/// for bad input.
Pipeline analyze_pipeline(const std::vector<ExportText>& exports, const Limits& limits, const RegexEngine& regex,
                          PipelineOrder order = PipelineOrder::AsGiven);

}  // namespace flagplan
