// Stage 3: two snapshots -> the ordered, dependency-aware steps.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flagplan/model.hpp"

namespace flagplan {

/// FlagFlow's four step modes, with FlagFlow's names (step_mode_name()).
enum class StepMode { CreateDefaultValue, UpdateSchemaDefaultValue, SetValue, Delete };

/// "CREATE_DEFAULTVALUE" | "UPDATE_SCHEMA_DEFAULTVALUE" | "SET_VALUE" | "DELETE".
const char* step_mode_name(StepMode mode);

/// One field a step changes: `from` is the target's value (null when the
/// target has no such flag or field), `to` the source's (null for a delete).
/// Values are JSON as in the export (strings, numbers, booleans, arrays).
struct FieldChange {
    std::string field;  ///< export field name, or "flag" for a whole flag
    nlohmann::json from;
    nlohmann::json to;
};

/// One step, in FlagFlow's step shape plus the changes that caused it.
struct Step {
    int id = 0;               ///< 1-based position in the plan
    StepMode mode = StepMode::SetValue;
    std::string flag_key;
    int dependent_id = 0;     ///< the one step this depends on, 0 = none
    int indent = 0;           ///< dependency depth, 0 = none
    std::vector<FieldChange> changes;
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

/// True when valueExists or value differs (same type; never for AB-TEST).
bool value_differs(const Flag& a, const Flag& b);

}  // namespace flagplan
