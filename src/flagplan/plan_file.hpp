// The selected-step plan (plan.json, docs/plan-format.md) and everything
// rendered from it: the apply script, the rollback script, the review
// report. An Analysis becomes a PlanFile (make_plan_file); a PlanFile is
// written as plan.json and read back (read_plan_file), and the scripts and
// the report are rendered from a PlanFile only, so re-rendering a saved plan
// gives the same bytes as rendering the analysis it came from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flagplan/analyze.hpp"
#include "flagplan/render.hpp"

namespace flagplan {

/// plan.json's `format` and `formatVersion`.
constexpr const char* kPlanFormat = "flagplan-plan";
constexpr int kPlanFormatVersion = 1;

/// What a plan records about one export.
struct ExportInfo {
    std::string label;        ///< what the user called it (a path)
    std::string environment;  ///< may be empty
    std::string version;
    std::string created_at;
    std::size_t flag_count = 0;
    bool readable = true;     ///< false: the export could not be read (never in a plan.json)
};

/// The selected-step plan. Invariant (read_plan_file checks it, make_plan_file
/// builds it so): `plan` is exactly compute_plan(source_flags, baseline).
struct PlanFile {
    std::string generator;     ///< "flagplan 0.1.0"
    std::string generated_at;  ///< ISO 8601, "" = unknown
    Mode mode = Mode::Migration;
    ExportInfo source;
    ExportInfo target;
    Plan plan;                 ///< every step, selected or not, with its changes
    Selection selected;        ///< one entry per step
    /// The source flag of every key a CREATE_DEFAULTVALUE, UPDATE_SCHEMA_DEFAULTVALUE
    /// or SET_VALUE writes (the steps' `flag`), in order of the key's first step.
    Snapshot source_flags;
    /// The baseline: the target's flag for every key a step touches and the
    /// target has, in order of the key's first step.
    Snapshot baseline;
    /// Every key a step touches (selected or not), in order of its first step.
    std::vector<std::string> touched;
    Diagnostics diagnostics;   ///< the analysis' findings (no errors in a plan.json)
    bool blocked = false;      ///< errors: nothing executable is rendered
};

/// The plan for `analysis` as it is selected; the time and generator come
/// from `options`. Works for a blocked analysis too (for the report).
PlanFile make_plan_file(const Analysis& analysis, const RenderOptions& options);

/// plan.json: docs/plan-format.md. Selected steps in FlagFlow's step shape
/// ({id, mode, flagKey, dependentId, indent, flag}; dependentId and indent
/// only when set, flag except for DELETE), unselected steps in the same
/// shape, the baseline (flag key -> flag object, or null when the target
/// has no such flag), the non-error diagnostics. Text as visible_json().
std::string write_plan_file(const PlanFile& plan);

/// The outcome of reading a plan.json: `ok` and the plan, or the reasons.
struct PlanFileRead {
    bool ok = false;
    PlanFile plan;
    Diagnostics diagnostics;  ///< plan.* errors, `file` = label, with a JSON pointer
};

/// Reads and checks a plan.json. Every check, with its error code:
///   plan.syntax              not JSON (with position), or nested deeper than limits.max_depth
///   plan.too_large           more than limits.max_input_bytes
///   plan.duplicate_key       an object key twice
///   plan.format              not an object, or `format` is not "flagplan-plan"
///   plan.format_version      `formatVersion` is not 1 (a newer plan needs a newer flagplan)
///   plan.missing_field       a required field is absent
///   plan.wrong_type          a field has the wrong JSON type or an invalid value
///   plan.blocked             `blocked` is true or an error diagnostic is listed
///   plan.unsupported_step    a RENAME step or a stage-walk link (flagplan's own
///                            steps, not yet supported in a plan file)
///   plan.step_ids            step ids are not 1..N, each once, ascending in each list
///   plan.invalid_key         a flagKey breaks the flag key rule
///   plan.flag_missing        a step other than DELETE has no `flag`
///   plan.flag_unexpected     a DELETE step has a `flag`
///   plan.flag_mismatch       two steps of one key carry different flags
///   plan.invalid_flag        a flag (step or baseline) is not a valid FlagFlow flag
///   plan.flag_not_normalized a flag is not as FlagFlow stores it (untrimmed
///                            strings, unknown or missing fields)
///   plan.baseline            the baseline lacks a touched key, or lists a key no step touches
///   plan.inconsistent        the steps are not what FlagFlow's planner makes
///                            from the steps' flags and the baseline
///   plan.missing_prerequisite a selected step depends on an unselected one
///   plan.environment         migration between equal environments, or
///                            restore between different ones
PlanFileRead read_plan_file(std::string_view text, const std::string& label, const RegexEngine& regex,
                            const Limits& limits = Limits{});

/// A flag's state on a FlagFlow server; nullopt = the flag does not exist.
using FlagState = std::optional<Flag>;

/// What FlagFlow's executor does to `state` for `step`, whose source flag is
/// `source` (null for DELETE). CREATE_DEFAULTVALUE: the source flag with
/// valueExists false. UPDATE_SCHEMA_DEFAULTVALUE: the stored flag
/// overwritten by the source flag (same type, so the source flag), with
/// valueExists false. SET_VALUE: the stored flag with the source's value and
/// valueExists. DELETE: nothing. A step FlagFlow would refuse (CREATE of an
/// existing flag, UPDATE or SET of a missing one) leaves `state` unchanged.
FlagState apply_step(const FlagState& state, const Step& step, const Flag* source);

/// The state the selected steps promise for `key`: its baseline with every
/// selected step of that key applied in plan order.
FlagState promised_state(const PlanFile& plan, const std::string& key);

/// Renderers working on a plan (docs/apply-script.md, docs/plan-format.md).
std::string render_apply_script(const PlanFile& plan);
std::string render_rollback_script(const PlanFile& plan);
std::string render_report(const PlanFile& plan);

/// The registry's entries: make_plan_file() and then the renderer above.
std::string render_plan_json(const Analysis& analysis, const RenderOptions& options);
std::string render_apply_sh(const Analysis& analysis, const RenderOptions& options);
std::string render_rollback_sh(const Analysis& analysis, const RenderOptions& options);
std::string render_report_md(const Analysis& analysis, const RenderOptions& options);

/// Renders a plan read back from plan.json as `format`: "plan", "sh",
/// "rollback" or "md". Errors: plan.unknown_format; plan.blocked for an
/// executable format when plan.blocked.
Rendered render_plan_file(const PlanFile& plan, std::string_view format);

}  // namespace flagplan
