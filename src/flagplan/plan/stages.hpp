// Migration stages: ENUM flags that walk a system migration through known
// stage sequences (seeds: multi-stage-migration-flags.txt,
// migrating-a-service-with-feature-flags.txt; DESIGN.md, "Migration stages").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flagplan/core/diagnostic.hpp"
#include "flagplan/core/model.hpp"
#include "flagplan/plan/plan.hpp"
#include "flagplan/select/select.hpp"

namespace flagplan {

/// One known stage sequence.
struct StageSequence {
    const char* name;                 ///< "two-stage", "four-stage", "six-stage", "read-only variant"
    std::vector<const char*> stages;  ///< canonical spelling, in order
};

/// The known sequences: two-stage `off, complete`; four-stage `off, shadow,
/// live, complete`; six-stage `off, dualwrite, shadow, live, rampdown,
/// complete`; the variant `off, read-only, shadow, live, completed`.
const std::vector<StageSequence>& stage_sequences();

/// What a stage means for reads and writes (from the seed tables), e.g.
/// "reads old, writes old and new, old is authoritative". "" when unknown.
std::string stage_meaning(std::string_view stage);

/// What an operator verifies once a flag has reached `stage`, before the
/// next stage (the seed tables' read/write columns as checks): the apply
/// and rollback scripts print it at each stage pause.
std::string stage_check(std::string_view stage);

/// Stage names compare case-insensitively with `-` and `_` alike.
std::string normalize_stage(std::string_view stage);

/// The sequence an ENUM flag's enumValues model, in order, or nullptr.
const StageSequence* stage_sequence_of(const Flag& flag);

/// Position of `value` in `sequence` (normalized compare), or -1.
int stage_index(const StageSequence& sequence, std::string_view value);

/// The stage a flag is in: its value when valueExists, else its default.
const std::string& current_stage(const Flag& flag);

/// stage.* findings for one plan (each with the step id it concerns):
///   stage.jump (warning)            a SET_VALUE that moves a stage flag forward more
///                                   than one stage; names the skipped stages and their meanings
///   stage.regression (warning, error-level) a SET_VALUE that moves a stage flag back
///                                   (assess_stage_resets() adds the schema updates that do,
///                                   which depend on the selection)
///   stage.current_removed (warning, error-level: shown first and failed by
///                                   --fail-on warning) a schema change whose enumValues
///                                   drop the stage the target is in
///   stage.reordered (warning)       a schema change that puts the target's stages in
///                                   another order
/// Every move is measured from the target's real stage: a SET_VALUE that
/// follows a schema update starts from the stage the target is in (the
/// update's reset to the default on the way is named as transient); one that
/// follows a create, from the source's default.
Diagnostics assess_stages(const Snapshot& source, const Snapshot& target, const Plan& plan);

/// stage.regression on each UPDATE_SCHEMA_DEFAULTVALUE of a stage flag that
/// resets it to a default stage earlier than the target's, unless the step
/// keeps the target's stage (Step::keep_stage). The message says whether the
/// dependent SET_VALUE is selected (the reset is then transient) and offers
/// the fixes. Depends on the selection: recomputed whenever it changes;
/// with `only`, just the steps it marks (as assess_value_resets()).
Diagnostics assess_stage_resets(const Snapshot& source, const Snapshot& target, const Plan& plan,
                                const Selection& selected, const Selection* only = nullptr);

/// Keep the target's stage (opt-in, --keep-stages; implied by --walk-stages):
/// every UPDATE_SCHEMA_DEFAULTVALUE of a stage flag whose reset would move
/// the target off its stage, when the source's enum still has that stage,
/// gets Step::keep_stage. Step ids do not change.
Plan keep_stages(const Snapshot& source, const Snapshot& target, Plan plan);

/// The stage walk (opt-in): every SET_VALUE of a stage flag that moves more
/// than one stage becomes a chain of SET_VALUE steps through each stage in
/// between, each depending on the previous (indent grows by one per link).
/// Each link carries Step::stage. Step ids are renumbered; dependentId
/// follows.
Plan walk_stages(const Snapshot& source, const Snapshot& target, Plan plan);

}  // namespace flagplan
