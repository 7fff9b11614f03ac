// Stage 3: two snapshots -> the ordered, dependency-aware steps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flagplan/core/model.hpp"

namespace flagplan {

/// FlagFlow's four step modes, with FlagFlow's names (step_mode_name()),
/// and flagplan's own RENAME (not FlagFlow's: only when the user accepts a
/// rename suggestion; see renames.hpp).
enum class StepMode { CreateDefaultValue, UpdateSchemaDefaultValue, SetValue, Delete, Rename };

/// "CREATE_DEFAULTVALUE" | "UPDATE_SCHEMA_DEFAULTVALUE" | "SET_VALUE" |
/// "DELETE" | "RENAME".
const char* step_mode_name(StepMode mode);

/// How every surface shows a step mode: the CLI text's marker and legend
/// word, the page's label and its one-line meaning. One row per mode, in
/// enum order (step_modes()); the CLI, the report and the page read them
/// here (the page through web/ stepModes()).
struct StepModeInfo {
    StepMode mode;
    const char* name;         ///< step_mode_name(mode)
    const char* marker;       ///< "+", "~", "=", "-", ">" (the CLI's step lines)
    const char* legend;       ///< the CLI's legend: "create", "update schema and reset to default", ...
    const char* label;        ///< short label: "Create", "Update schema", ...
    const char* description;  ///< what the step does to the target (FlagFlow's executor)
    bool flagflow;            ///< one of FlagFlow's four modes (RENAME is flagplan's own)
};

/// The five modes, in enum order (FlagFlow's four, then RENAME).
const std::vector<StepModeInfo>& step_modes();

/// step_modes()' row of `mode`.
const StepModeInfo& step_mode_info(StepMode mode);

/// One field a step changes: `from` is the target's value (null when the
/// target has no such flag or field), `to` the source's (null for a delete).
/// Values are JSON as in the export (strings, numbers, booleans, arrays).
struct FieldChange {
    std::string field;  ///< export field name, or "flag" for a whole flag
    nlohmann::json from;
    nlohmann::json to;
};

/// One link of a stage walk (stages.hpp): this SET_VALUE moves a stage flag
/// from `from` to `to`, link `link` of `links`. Every link but the last
/// writes valueExists true and value `to`; the last writes the source's own
/// valueExists and value, so the walk ends exactly where the plan promised.
struct StageMove {
    std::string from;
    std::string to;
    int link = 0;   ///< 1-based
    int links = 0;  ///< links in the walk
};

/// Step::source_position / target_position and Plan::target_positions:
/// the snapshot has no flag with that key.
constexpr std::uint32_t kNoFlag = 0xfffffffeu;
/// Step::source_position / target_position: not recorded (a step built by
/// hand); readers look the key up instead (source_flag(), target_flag()).
constexpr std::uint32_t kPositionUnknown = 0xffffffffu;

/// One step, in FlagFlow's step shape plus the changes that caused it.
struct Step {
    int id = 0;               ///< 1-based position in the plan
    StepMode mode = StepMode::SetValue;
    std::string flag_key;
    int dependent_id = 0;     ///< the one step this depends on, 0 = none
    int indent = 0;           ///< dependency depth, 0 = none
    std::vector<FieldChange> changes;
    /// RENAME only: the target's key that becomes `flag_key`.
    std::string old_key;
    /// Set on each SET_VALUE of a stage walk: the value it writes is
    /// stage->to instead of the source's value.
    std::optional<StageMove> stage;
    /// Set on an UPDATE_SCHEMA_DEFAULTVALUE of a migration-stage flag whose
    /// target's stage would be lost to the reset (keep_stages() in
    /// stages.hpp): the stage written back (valueExists true, value
    /// *keep_stage) by a SET_VALUE sent in the same request as the update,
    /// the shortest reset FlagFlow's executor allows. flagplan's step, like
    /// RENAME and stage-walk links (plan.json formatVersion 2).
    std::optional<std::string> keep_stage;
    /// Where compute_plan() found `flag_key`: its position in the source's
    /// `flags` and in the target's (kNoFlag: the snapshot has no such flag;
    /// kPositionUnknown: not recorded). They describe the snapshots the plan
    /// was computed from; they spare later stages a key lookup per step (read
    /// them through source_flag() and target_flag(), which check them).
    /// A RENAME's target_position is kNoFlag: its old flag is `old_key`.
    std::uint32_t source_position = kPositionUnknown;
    std::uint32_t target_position = kPositionUnknown;
};

struct Plan {
    std::vector<Step> steps;  ///< steps[i].id == i + 1
    /// compute_plan()'s pairing of the flags by key: target_positions[i] is
    /// the position in the target's `flags` of the flag with source.flags[i]'s
    /// key, or kNoFlag. Empty when the plan was not made by compute_plan (or
    /// a snapshot was unreadable).
    std::vector<std::uint32_t> target_positions;
};

/// FlagFlow's planner, step for step (DESIGN.md, "The steps"): for each
/// source flag in source order -- key absent in target: CREATE_DEFAULTVALUE
/// then SET_VALUE (depends on it, indent 1) when the type has value fields;
/// other type: DELETE, CREATE_DEFAULTVALUE (indent 1), SET_VALUE (indent 2);
/// schema differs: UPDATE_SCHEMA_DEFAULTVALUE then SET_VALUE (indent 1);
/// only valueExists or value differs: SET_VALUE; equal: nothing. Then a
/// DELETE for every target flag absent from the source, in target order.
///
/// Compared schema: the type's schema fields (description is not compared);
/// ENUM and TAG lists element by element, in order (FlagFlow joins them with
/// commas, so ["a,b"] equals ["a","b"] there; not here). Every key is data:
/// `constructor` and friends are ordinary keys (FlagFlow reads them through
/// the JS prototype). An unreadable snapshot gives an empty plan.
Plan compute_plan(const Snapshot& source, const Snapshot& target);

/// The flag with `key` in `snapshot`, or nullptr, given where it was
/// recorded: flags[position] when that flag has `key`; nullptr for kNoFlag;
/// else (kPositionUnknown, a stale position) a lookup.
const Flag* flag_at(const Snapshot& snapshot, std::uint32_t position, const std::string& key);

/// The source's flag with `step`'s flag_key, or nullptr:
/// flag_at(source, step.source_position, step.flag_key).
const Flag* source_flag(const Snapshot& source, const Step& step);

/// The target's flag with `step`'s flag_key, or nullptr:
/// flag_at(target, step.target_position, step.flag_key).
const Flag* target_flag(const Snapshot& target, const Step& step);

/// A schema or value field of a flag as JSON (FlagFlow's shape): booleans,
/// integers, strings, string arrays; chanceBPercent as a number.
nlohmann::json field_json(const Flag& flag, Field field);

/// True when the two flags (same type) have equal schema fields.
bool same_schema(const Flag& a, const Flag& b);

/// The value fields a SET_VALUE writes, from the target's flag (nullptr when
/// absent) to the source's. `after_reset`: the step follows a create or a
/// schema update, so both fields are listed whatever the target had.
std::vector<FieldChange> value_changes(const Flag* target, const Flag& source, bool after_reset);

/// True when valueExists or value differs (same type; never for AB-TEST).
bool value_differs(const Flag& a, const Flag& b);

}  // namespace flagplan
