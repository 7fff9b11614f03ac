// The spec of apply.sh and rollback.sh: which requests in which order, each
// with its notes, stage pauses and the flags' expected states after each
// step (docs/apply-script.md). render_apply.cpp writes a spec as the script's
// text. Internal to render/.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "flagplan/plan/executor.hpp"
#include "flagplan/planfile/plan_file.hpp"

namespace flagplan::script_detail {

/// One request of a script, with what its comments say about it.
struct ScriptStep {
    int request_id = 0;  ///< the step id sent to FlagFlow
    StepMode mode = StepMode::SetValue;
    std::string key;          ///< the key the step writes (RENAME: the new key, FlagFlow's recentKey)
    std::string old_key;      ///< RENAME: the key renamed (oldKey)
    std::string description;  ///< RENAME: the description sent
    /// The flag object sent (none for DELETE and RENAME): flag() is
    /// `own_flag` when set, else `plan_flag` (a flag of the plan's
    /// snapshots, not copied: sent_as_is()).
    FlagState own_flag;
    const Flag* plan_flag = nullptr;
    const Flag* flag() const { return own_flag ? &*own_flag : plan_flag; }
    /// What the step changes, as the script's comments list it: the plan
    /// step's own (`plan_changes`, not copied) when set, else `changes`.
    std::vector<FieldChange> changes;
    const std::vector<FieldChange>* plan_changes = nullptr;
    const std::vector<FieldChange>& shown_changes() const { return plan_changes ? *plan_changes : changes; }
    std::vector<std::string> notes;
    std::optional<StageMove> stage;  ///< a link of a stage walk
    /// UPDATE_SCHEMA_DEFAULTVALUE keeping the target's stage (Step::keep_stage):
    /// a SET_VALUE writing it back goes in the same request.
    std::optional<std::string> keep_stage;
    std::string pause;               ///< the stage pause after this step ("" = none)
};

/// A whole script: its requests in order, the keys they touch and each key's expected states.
struct ScriptSpec {
    bool rollback = false;
    const PlanView* plan = nullptr;
    std::vector<ScriptStep> steps;
    std::vector<std::string> keys;  ///< touched keys, in order of their first step
    /// key -> its expected states as states_json() lists them, one line per
    /// "[position after which the state holds (0 = before step 1), state]",
    /// each line after a newline (and a comma but the first).
    std::unordered_map<std::string, std::string> states;
};

/// apply.sh's spec: the selected steps in plan order.
ScriptSpec apply_spec(const PlanView& p);

/// rollback.sh's spec: what undoes the selected steps, key by key.
ScriptSpec rollback_spec(const PlanView& p);

}  // namespace flagplan::script_detail
