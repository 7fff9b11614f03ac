// Stage 4: which steps run. Closure rules from DESIGN.md ("Selection").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "flagplan/core/diagnostic.hpp"
#include "flagplan/plan/plan.hpp"

namespace flagplan {

/// migration: promote between environments (they must differ); restore:
/// re-apply a backup (they must be equal). FlagFlow's migration/restore pages.
enum class Mode { Migration, Restore };

/// "migration" | "restore".
const char* mode_name(Mode mode);
/// Parses "migration" / "restore"; nullopt otherwise.
std::optional<Mode> parse_mode(std::string_view name);

/// Selection flag per step: selected[i] is step id i + 1.
using Selection = std::vector<bool>;

/// The outcome of a selection operation: the new selection, the ids it
/// changed besides the one asked for (ascending), and selection.* errors.
struct SelectionChange {
    Selection selected;
    std::vector<int> also;
    Diagnostics diagnostics;
};

/// Migration: every step but SET_VALUE (schemas move, values stay per
/// environment -- FlagFlow's default). Restore: every step.
Selection default_selection(const Plan& plan, Mode mode);

/// Selects step `id` and, transitively, the steps it depends on.
/// Error: selection.unknown_id (selection unchanged).
SelectionChange select_step(const Plan& plan, Selection selected, int id);

/// Unselects step `id` and, transitively, every step that depends on it.
/// Error: selection.unknown_id (selection unchanged).
SelectionChange unselect_step(const Plan& plan, Selection selected, int id);

/// FlagFlow's "Add value steps": selects every SET_VALUE with its prerequisites.
SelectionChange add_value_steps(const Plan& plan, Selection selected);

/// Exactly the steps `ids` (no closure), checked: selection.unknown_id for an
/// id not in the plan, selection.duplicate_id (warning) for an id given
/// twice, selection.missing_prerequisite for a selected step whose
/// prerequisite is not selected.
SelectionChange selection_from_ids(const Plan& plan, const std::vector<int>& ids);

/// The steps `ids` and, for each whose prerequisite is not among them, the
/// steps it depends on: select_step() id by id from nothing. `also` lists
/// the ids added, ascending. Error: selection.unknown_id (that id skipped).
/// How a selection the page keeps (a link's, a saved one, a re-plan's) is
/// applied, so it never misses a prerequisite.
SelectionChange select_with_prerequisites(const Plan& plan, const std::vector<int>& ids);

/// selection.missing_prerequisite for every selected step whose prerequisite
/// is not selected; empty when the selection is valid.
Diagnostics check_selection(const Plan& plan, const Selection& selected);

/// A selection by step identity, kept across a re-plan: for each identity
/// (mode, flag key, and a RENAME's old key) of a plan's steps, whether it
/// was selected (when several steps share one, the last decides), and how
/// many selected steps had each identity.
struct SelectionByIdentity {
    std::unordered_map<std::string, bool> chosen;
    std::unordered_map<std::string, std::size_t> selected_count;
};

/// `plan`'s selection `selected` by step identity.
SelectionByIdentity selection_by_identity(const Plan& plan, const Selection& selected);

/// What keep_selection() made.
struct KeptSelection {
    Selection selected;
    /// Steps selected before whose identity is no step of the new plan.
    std::size_t lost = 0;
    /// True when the kept selection is `defaults` (nothing to keep).
    bool is_default = true;
};

/// The page's "your selection where it still applies" after a re-plan of
/// the same exports with other options (rename, stage walk, mode): each
/// step of `plan` whose identity was a step of `before` is selected as it
/// was there; every other step (a new RENAME, a stage walk's links) as
/// `defaults` has it; then select_with_prerequisites() of those ids, as the
/// page did it before the rule moved here (issue 19: one request, not three).
KeptSelection keep_selection(const Plan& plan, const Selection& defaults, const SelectionByIdentity& before);

/// True when step `id` (1-based) is selected; an id past the end of
/// `selected` is not (a selection may be shorter than its plan).
bool is_selected(const Selection& selected, int id);

/// The selected ids, ascending.
std::vector<int> selected_ids(const Selection& selected);

}  // namespace flagplan
