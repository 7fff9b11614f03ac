// What each step does to a target, in one place: FlagFlow's executor for its
// four step modes (observed on FlagFlow 1.7.1, DESIGN.md "The steps") and
// flagplan's own steps (RENAME: FlagFlow's rename operation; a stage-walk
// link: a SET_VALUE of one stage). The plan file's promised states, the
// apply script's expected states, and the rollback planner all run steps
// through execute(); the rollback undoes them with the planner from the
// state execute() leaves back to the baseline (render_apply.cpp).
#pragma once

#include <optional>
#include <string>

#include "flagplan/core/model.hpp"
#include "flagplan/plan/plan.hpp"

namespace flagplan {

/// A flag's state on a FlagFlow server; nullopt = the flag does not exist.
using FlagState = std::optional<Flag>;

/// `flag` as a link of a stage walk writes it: valueExists true, value
/// `stage` (an ENUM value). nullopt stays nullopt.
FlagState at_stage(FlagState flag, const std::string& stage);

/// The flag object `step` sends for the source flag `source` (null when the
/// source has none): the source flag, or for a stage-walk link other than
/// the last (step.stage, link < links) the source flag at that link's stage.
/// DELETE and RENAME send none (nullopt).
FlagState sent_flag(const Step& step, const Flag* source);

/// `source` when the step sends it as it is (sent_flag() would be a copy
/// of it: not a DELETE, a RENAME or a walk's intermediate link), else null;
/// the apply script points at the flag instead of copying it.
const Flag* sent_as_is(const Step& step, const Flag* source);

/// What FlagFlow's executor does to `state` for `step`, whose source flag is
/// `source` (null for DELETE). CREATE_DEFAULTVALUE: the source flag with
/// valueExists false. UPDATE_SCHEMA_DEFAULTVALUE: the stored flag
/// overwritten by the source flag (same type, so the source flag), with
/// valueExists false, or with Step::keep_stage the target's stage written
/// back by the SET_VALUE sent in the same request. SET_VALUE: the stored flag with the source's value and
/// valueExists; a stage-walk link other than the last (step.stage, link <
/// links) writes valueExists true and value stage->to instead. DELETE:
/// nothing. A step FlagFlow would refuse (CREATE of an existing flag, UPDATE
/// or SET of a missing one) leaves `state` unchanged. RENAME moves a flag
/// between two keys: see apply_rename(); here it leaves `state` unchanged.
FlagState apply_step(const FlagState& state, const Step& step, const Flag* source);

/// The two keys of a rename after it.
struct RenameResult {
    FlagState old_state;  ///< nullopt: the flag moved away
    FlagState new_state;  ///< the flag under its new key
};

/// What FlagFlow's rename operation (RPC flag.rename {oldKey, recentKey,
/// description}; FlagFlow's src/rpc/protected/flag.ts) does: the flag stored
/// under the old key, schema and value kept, its description replaced by
/// `description`, moves to `new_key`. Refused (both unchanged) when the old
/// key is missing or the new key exists.
RenameResult apply_rename(const FlagState& old_state, const FlagState& new_state, const std::string& new_key,
                          const std::string& description);

/// Runs `step` on a target whose states `state_of(key)` returns (a
/// FlagState&, created as nullopt for a key it does not hold): apply_step()
/// for FlagFlow's modes with the source flag `source`, apply_rename() with
/// `description` for a RENAME (old_key -> flag_key).
template <class StateOf>
void execute(const Step& step, const Flag* source, const std::string& description, StateOf&& state_of) {
    if (step.mode == StepMode::Rename) {
        // Copies: state_of() may add a key, which can move the other's state.
        FlagState old_state = state_of(step.old_key), new_state = state_of(step.flag_key);
        RenameResult r = apply_rename(old_state, new_state, step.flag_key, description);
        state_of(step.old_key) = std::move(r.old_state);
        state_of(step.flag_key) = std::move(r.new_state);
        return;
    }
    FlagState& state = state_of(step.flag_key);
    state = apply_step(state, step, source);
}

}  // namespace flagplan
