// The selected-step plan (plan.json, docs/plan-format.md) and everything
// rendered from it: the apply script, the rollback script, the review
// report. An Analysis becomes a PlanFile (make_plan_file); a PlanFile is
// written as plan.json and read back (read_plan_file), and the scripts and
// the report are rendered from a PlanFile's members only (a PlanView, of a
// PlanFile or of an analysis without copying it), so re-rendering a saved
// plan gives the same bytes as rendering the analysis it came from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/plan/executor.hpp"
#include "flagplan/render/render.hpp"

namespace flagplan {

/// plan.json's `format` and `formatVersion`. Version 1 holds FlagFlow's four
/// step modes only; version 2 adds flagplan's own steps (RENAME, stage-walk
/// links) and records the options that made them (`renames`, `walkStages`).
/// A plan is written as version 1 when it holds none of flagplan's steps
/// (the same bytes as before version 2 existed), else as version 2; both are read.
constexpr const char* kPlanFormat = "flagplan-plan";
constexpr int kPlanFormatVersion = 2;         ///< the newest version read and written
constexpr int kPlanFormatVersionFlagFlow = 1; ///< FlagFlow's four step modes only

/// What a plan records about one export.
struct ExportInfo {
    std::string label;        ///< what the user called it (a path)
    std::string environment;  ///< may be empty
    std::string version;
    std::string created_at;
    std::size_t flag_count = 0;
    bool readable = true;     ///< false: the export could not be read (never in a plan.json)
};

/// What a plan records about `snapshot` (label, environment, version,
/// createdAt, flag count, readable).
ExportInfo info_of(const Snapshot& snapshot);

/// The selected-step plan. Invariant (read_plan_file checks it, make_plan_file
/// builds it so): `plan` is exactly compute_plan(source_flags, baseline).
struct PlanFile {
    std::string generator;     ///< "flagplan 0.1.0"
    std::string generated_at;  ///< ISO 8601, "" = unknown
    std::string comment;       ///< RenderOptions::comment ("comment" in plan.json), "" = none
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
    /// Every key a step touches (selected or not), in order of its first step;
    /// a RENAME touches its new key and then its old key.
    std::vector<std::string> touched;
    /// The accepted rename suggestions (old key -> new key), in suggestion
    /// order: each is one RENAME step of `plan`.
    std::vector<RenameSuggestion> renames;
    /// True when `plan` walks stage flags one stage at a time (it holds
    /// stage-walk links; made with --walk-stages and a stage jump to walk).
    bool walk_stages = false;
    Diagnostics diagnostics;   ///< the analysis' findings (no errors in a plan.json)
    bool blocked = false;      ///< errors: nothing executable is rendered
};

/// The plan for `analysis` as it is selected; the time and generator come
/// from `options`. Works for a blocked analysis too (for the report).
PlanFile make_plan_file(const Analysis& analysis, const RenderOptions& options);

/// What the renderers read: a PlanFile's members, by reference, so that an
/// analysis is rendered without copying its plan, selection, flags and
/// diagnostics into a PlanFile (AnalysisPlan). `source_flags` and
/// `baseline` may hold more flags than a PlanFile's (the whole source and
/// target exports); the renderers look up touched keys only, so a view of
/// an analysis renders the same bytes as the PlanFile made from it, and
/// `selected` may be shorter than the plan (a missing entry = not selected).
struct PlanView {
    const std::string& generator;
    const std::string& generated_at;
    Mode mode;
    const ExportInfo& source;
    const ExportInfo& target;
    const Plan& plan;
    const Selection& selected;
    const Snapshot& source_flags;
    const Snapshot& baseline;
    const std::vector<std::string>& touched;
    const std::vector<RenameSuggestion>& renames;
    bool walk_stages;
    const Diagnostics& diagnostics;
    bool blocked;
    const std::string& comment;  ///< "" = none
};

/// The view of a PlanFile (valid while `plan` lives).
PlanView view_of(const PlanFile& plan);

/// An analysis seen as the PlanFile make_plan_file() would make of it: the
/// few members the analysis does not hold as they are (export metadata,
/// touched keys, accepted renames), and a view of the rest. `analysis` and
/// `options` must outlive it.
class AnalysisPlan {
public:
    AnalysisPlan(const Analysis& analysis, const RenderOptions& options);
    PlanView view() const;

private:
    const Analysis& analysis_;
    const RenderOptions& options_;
    ExportInfo source_, target_;
    std::vector<std::string> touched_;
    std::vector<RenameSuggestion> renames_;
    bool walk_stages_ = false;
};

/// True when the plan holds flagplan's own steps (RENAME, stage-walk links):
/// it is written as formatVersion 2.
bool has_flagplan_steps(const Plan& plan);

/// plan.json: docs/plan-format.md. Selected steps in FlagFlow's step shape
/// ({id, mode, flagKey, dependentId, indent, flag}; dependentId and indent
/// only when set, flag except for DELETE; RENAME adds oldKey, a stage-walk
/// link adds stage {from, to, link, links}), unselected steps in the same
/// shape, the baseline (flag key -> flag object, or null when the target
/// has no such flag), the non-error diagnostics; version 2 adds `renames`
/// ([{oldKey, newKey}]) and `walkStages`. Text as visible_json().
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
///   plan.format_version      `formatVersion` is not 1 or 2 (a newer plan needs a newer flagplan)
///   plan.missing_field       a required field is absent
///   plan.wrong_type          a field has the wrong JSON type or an invalid value
///   plan.blocked             `blocked` is true or an error diagnostic is listed
///   plan.unsupported_step    a formatVersion 1 plan with a RENAME step, a stage-walk
///                            link, `renames` or `walkStages` (they need version 2)
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
///                            from the steps' flags and the baseline (then, in
///                            version 2, with the listed `renames` accepted and,
///                            when `walkStages`, stage jumps walked); or `renames`
///                            lists a pair that is not a rename suggestion
///   plan.missing_prerequisite a selected step depends on an unselected one
///   plan.environment         migration between equal environments, or
///                            restore between different ones
PlanFileRead read_plan_file(std::string_view text, const std::string& label, const RegexEngine& regex,
                            const Limits& limits = Limits{});

// FlagState, apply_step(), apply_rename(): flagplan/plan/executor.hpp.

/// The state the selected steps promise for `key`: its baseline with every
/// selected step of that key applied in plan order (a RENAME moves the old
/// key's state to the new key with the source flag's description).
FlagState promised_state(const PlanFile& plan, const std::string& key);

/// promised_state() of every touched key, in one pass over the steps.
std::vector<std::pair<std::string, FlagState>> promised_states(const PlanFile& plan);
std::vector<std::pair<std::string, FlagState>> promised_states(const PlanView& plan);

/// The keys apply.sh's drift guard checks: every key a selected step
/// touches (a RENAME: its new key, then its old key), in order of first
/// touch. check_drift() (saved_plan.hpp) checks the same keys offline.
std::vector<std::string> drift_guard_keys(const PlanView& plan);

/// Renderers working on a plan (docs/apply-script.md, docs/plan-format.md).
std::string render_apply_script(const PlanFile& plan);
std::string render_rollback_script(const PlanFile& plan);
std::string render_report(const PlanFile& plan);
std::string render_apply_script(const PlanView& plan);
std::string render_rollback_script(const PlanView& plan);
/// The same scripts handed to `sink` part by part as they are made (render_to(), render.hpp).
void render_apply_script_parts(const PlanView& plan, const PartSink& sink);
void render_rollback_script_parts(const PlanView& plan, const PartSink& sink);
std::string render_report(const PlanView& plan);
/// write_plan_file() of a view.
std::string write_plan_file(const PlanView& plan);

/// The registry's entries: make_plan_file() and then the renderer above.
std::string render_plan_json(const Analysis& analysis, const RenderOptions& options);
std::string render_apply_sh(const Analysis& analysis, const RenderOptions& options);
std::string render_rollback_sh(const Analysis& analysis, const RenderOptions& options);
void render_apply_sh_parts(const Analysis& analysis, const RenderOptions& options, const PartSink& sink);
void render_rollback_sh_parts(const Analysis& analysis, const RenderOptions& options, const PartSink& sink);
std::string render_report_md(const Analysis& analysis, const RenderOptions& options);

/// Renders a plan read back from plan.json as `format`: every renderer of
/// renderers() with a `render_plan` ("plan", "sh", "rollback", "md").
/// Errors: plan.unknown_format; refusal() (plan.blocked for an executable
/// format when plan.blocked, plan.nothing_selected for a script without
/// selected steps).
Rendered render_plan_file(const PlanFile& plan, std::string_view format);

}  // namespace flagplan
