// The whole pipeline in one call: parse -> validate -> plan -> select.
#pragma once

#include <cstddef>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "flagplan/core/diagnostic.hpp"
#include "flagplan/js/js_regex.hpp"
#include "flagplan/core/model.hpp"
#include "flagplan/plan/plan.hpp"
#include "flagplan/plan/renames.hpp"
#include "flagplan/analyze/risk.hpp"
#include "flagplan/analyze/summary.hpp"
#include "flagplan/select/select.hpp"

namespace flagplan {

/// One input: the export's JSON text and the label diagnostics use for it.
struct ExportText {
    std::string_view text;
    std::string label;
    /// Trim strings as FlagFlow's import schema does (parse_export's `trim`).
    /// analyze() reads the target untrimmed whatever this says (check_target()): FlagFlow's
    /// planner compares the target's flags as its store holds them (only the
    /// migration file goes through the import schema), and a padded target
    /// value that fails validation is a warning (as_live_target()). A
    /// pipeline checks each export trimmed for its matrix and reads each hop's
    /// target again with check_target().
    bool trim = true;
};

/// FlagFlow's planner compares the target's flags as its store holds them;
/// its import schema and validators never see them. So a target flag of a
/// type FlagFlow does not know, or with an invalid schema or value, does not
/// block the plan: in `diagnostics` (the target's check_export() findings)
/// each such error becomes a warning, target.unknown_flag_type or
/// target.invalid_flag (naming the original code), and the flag is planned as
/// FlagFlow plans it (analyze_checked() applies this to the target; the plan
/// file reader to its baseline).
void as_live_target(Diagnostics& diagnostics);

struct AnalyzeOptions {
    Mode mode = Mode::Migration;
    /// "auto" (the page's default, the CLI's `--mode auto`): the environments
    /// choose the mode, restore when both exports name the same environment
    /// and migration otherwise; `mode` is then ignored (Analysis::mode_chosen).
    bool choose_mode = false;
    /// Migration mode: also select every SET_VALUE ("Add value steps").
    bool include_values = false;
    /// Exactly these step ids instead of the default selection (checked:
    /// selection.* errors, no closure applied).
    std::optional<std::vector<int>> select;
    /// Accept every rename suggestion (renames.hpp): RENAME steps replace
    /// DELETE + CREATE_DEFAULTVALUE pairs.
    bool renames = false;
    /// Accept only the suggestions whose new or old key is listed (the page's
    /// per-suggestion toggles); ignored when `renames` is true.
    std::vector<std::string> rename_keys;
    /// Walk migration-stage flags one stage at a time (stages.hpp); implies
    /// keep_stages, so every walk starts from the target's real stage.
    bool walk_stages = false;
    /// Keep the target's stage through a schema update of a migration-stage
    /// flag (stages.hpp keep_stages(): Step::keep_stage).
    bool keep_stages = false;
    /// Acknowledges guard.mass_delete (the CLI's --allow-mass-delete, the
    /// page's confirmation): it stays a finding, as a warning, not an error.
    bool allow_mass_delete = false;
    RiskOptions risk;
    GuardOptions guards;
    Limits limits;
};

/// What planning two snapshots gives before any option: compute_plan() and
/// its rename suggestions (find_renames(), none accepted). Neither depends on
/// the options, so replan() makes it once and reuses it. `risks` is that
/// plan's assess_risks() (with the options of the replan() that made it):
/// the plans replan() makes copy the findings of the DELETE and schema-update
/// steps they keep from it.
struct PairPlan {
    Plan plan;
    std::vector<RenameSuggestion> renames;
    RiskMemo risks;
};

/// Everything the renderers need. `blocked` is true when any diagnostic is
/// an error: the plan can be reviewed but nothing executable is rendered.
struct Analysis {
    Snapshot source;
    Snapshot target;
    Mode mode = Mode::Migration;
    /// The mode was chosen from the environments (AnalyzeOptions::choose_mode).
    bool mode_chosen = false;
    Plan plan;
    std::vector<RenameSuggestion> renames;  ///< every suggestion, accepted or not
    bool walk_stages = false;               ///< AnalyzeOptions::walk_stages, for the renderers
    bool allow_mass_delete = false;         ///< AnalyzeOptions::allow_mass_delete, for reselect()
    GuardOptions guards;                    ///< AnalyzeOptions::guards, for reselect()
    Selection selected;       ///< one entry per step
    /// Source file, target file, environment, rename.*, stage.*, risk.*,
    /// then the selection-dependent ones (risk.value_reset, stage.regression,
    /// guard.mass_delete, selection.*) -- in that order. Findings carry
    /// their step id; summarize(analysis) says which apply to the selection.
    Diagnostics diagnostics;
    /// How many of `diagnostics`, from the front, are the two exports' own
    /// (parse and validate: check_export()); replan() keeps them.
    std::size_t export_diagnostics = 0;
    bool blocked = false;
    /// The snapshots' PairPlan, kept by replan() for the next replan()
    /// (analyze() leaves it null: a one-off analysis does not hold a second
    /// plan). Shared and never changed.
    std::shared_ptr<const PairPlan> pair_plan;
};

/// Parse and validate one export (the CLI's `validate`).
struct ExportCheck {
    Snapshot snapshot;
    Diagnostics diagnostics;
};
ExportCheck check_export(const ExportText& input, const Limits& limits, const RegexEngine& regex);

/// check_export() of the target of an analysis: read untrimmed (`trim`
/// ignored), as FlagFlow's planner compares the flags its store holds. What
/// analyze() does with its target; callers of analyze_checked() use it too.
ExportCheck check_target(const ExportText& input, const Limits& limits, const RegexEngine& regex);

/// Parses and validates both exports, checks the environments against the
/// mode, plans and selects. Never throws for bad input: every problem is a
/// diagnostic (parse_export, validate_snapshot and select.hpp list the
/// codes). With options.choose_mode the mode follows the environments
/// (chosen_mode()). Environment errors:
///   environment.same       migration between two exports of the same environment
///   environment.different  restore from an export of another environment
/// The plan is computed even when there are errors, so it can be reviewed.
Analysis analyze(const ExportText& source, const ExportText& target, const AnalyzeOptions& options,
                 const RegexEngine& regex);

/// The same from exports already checked (check_export() of each with
/// options.limits), so a caller can free each export's text as soon as it is
/// checked: the WebAssembly module does, which keeps one text, not two, in
/// its heap next to the snapshots. analyze(source, target, ...) is
/// analyze_checked(check_export(source), check_export(target), ...).
Analysis analyze_checked(ExportCheck source, ExportCheck target, const AnalyzeOptions& options, const RegexEngine& regex);

/// The same exports planned again with other options (mode, renames,
/// walk-stages, selection...): `previous`'s snapshots and the exports' own
/// diagnostics are kept, nothing is parsed or validated again (options.limits
/// are those of the first analysis). The result is what analyze() of the
/// same texts with `options` returns. The page's option toggles use it.
/// The first replan() of an analysis plans the pair before any option
/// (PairPlan) and keeps it in the result; later ones start from a copy of it
/// instead of comparing every flag again.
Analysis replan(Analysis previous, const AnalyzeOptions& options, const RegexEngine& regex);

/// The mode "auto" chooses: restore when both exports are readable and name
/// the same environment (re-applying a backup), else migration.
Mode chosen_mode(const Snapshot& source, const Snapshot& target);

/// Why "auto" chose the analysis' mode: "same environment" (restore),
/// "environments differ" (migration); "" when the mode was given. The CLI
/// text header, the JSON's `modeChoice` and the page show it.
const char* mode_choice(const Analysis& analysis);

/// Replaces the selection (and its selection-dependent diagnostics:
/// selection.*, risk.value_reset, stage.regression, guard.mass_delete) of an
/// analysis and recomputes `blocked`.
Analysis reselect(Analysis analysis, SelectionChange change);

/// The selection summary of an analysis (summary.hpp): what every renderer
/// and the page show about the selected steps.
SelectionSummary summarize(const Analysis& analysis);

/// Which of two exports is the source when a user hands over both at once
/// (the page's drop of two files): the usual promotion order of environment
/// names, dev (develop, development, local) -> test (testing, qa, int,
/// integration) -> staging (stage, uat, preprod, pre-prod) -> production
/// (prod, live), compared case-insensitively on the whole trimmed name.
/// Returns 1 when `a` comes before `b` (a is the source), -1 when `b` comes
/// before `a`, 0 when either name is not in the list or both rank the same
/// (the caller keeps the order it has and lets the user choose).
int promotion_order(std::string_view a, std::string_view b);

}  // namespace flagplan
