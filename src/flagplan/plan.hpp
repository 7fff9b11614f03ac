// Stage 3: two snapshots -> the ordered, dependency-aware steps.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flagplan/model.hpp"

namespace flagplan {

/// FlagFlow's four step modes, with FlagFlow's names (step_mode_name()),
/// and flagplan's own RENAME (not FlagFlow's: only when the user accepts a
/// rename suggestion; see renames.hpp).
enum class StepMode { CreateDefaultValue, UpdateSchemaDefaultValue, SetValue, Delete, Rename };

/// "CREATE_DEFAULTVALUE" | "UPDATE_SCHEMA_DEFAULTVALUE" | "SET_VALUE" |
/// "DELETE" | "RENAME".
const char* step_mode_name(StepMode mode);

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
};

struct Plan {
    std::vector<Step> steps;  ///< steps[i].id == i + 1
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
