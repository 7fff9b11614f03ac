// Rename detection (opt-in): a DELETE + CREATE pair that is really one flag
// under a new key becomes one RENAME step that keeps the target's value.
#pragma once

#include <string>
#include <vector>

#include "flagplan/core/diagnostic.hpp"
#include "flagplan/core/model.hpp"
#include "flagplan/plan/plan.hpp"

namespace flagplan {

/// A target flag absent from the source (`old_key`) and a source flag absent
/// from the target (`new_key`) with the same type, equal schema and equal
/// description.
struct RenameSuggestion {
    std::string old_key;
    std::string new_key;
    bool accepted = false;
};

/// Every rename suggestion, in source order of `new_key`. Only one-to-one
/// matches are suggested: when several deleted or created flags share the
/// same type, schema and description, none of them is paired (no guessing).
std::vector<RenameSuggestion> find_renames(const Snapshot& source, const Snapshot& target);

/// The same, from compute_plan(source, target) (`plan`, before renames or
/// walks are applied): its final DELETEs name the deleted flags and its
/// CREATE_DEFAULTVALUEs without a prerequisite the created ones, so no key is
/// looked up again.
std::vector<RenameSuggestion> find_renames(const Snapshot& source, const Snapshot& target, const Plan& plan);

/// Replaces the DELETE + CREATE_DEFAULTVALUE (+ SET_VALUE) of each accepted
/// suggestion with one RENAME step at the CREATE's place, followed by a
/// SET_VALUE (depending on it) only when the source's value differs from the
/// target's. Step ids are renumbered; dependentId follows.
Plan apply_renames(const Snapshot& source, const Snapshot& target, Plan plan,
                   const std::vector<RenameSuggestion>& suggestions);

/// rename.* findings: rename.suggested (note) for a suggestion not accepted,
/// rename.applied (note) for an accepted one, with the step id of the CREATE
/// or RENAME step.
Diagnostics rename_diagnostics(const std::vector<RenameSuggestion>& suggestions, const Plan& plan,
                               const Snapshot& target);

}  // namespace flagplan
