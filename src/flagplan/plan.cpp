#include "flagplan/plan.hpp"

#include <cmath>

namespace flagplan {

const char* step_mode_name(StepMode mode) {
    switch (mode) {
        case StepMode::CreateDefaultValue: return "CREATE_DEFAULTVALUE";
        case StepMode::UpdateSchemaDefaultValue: return "UPDATE_SCHEMA_DEFAULTVALUE";
        case StepMode::SetValue: return "SET_VALUE";
        case StepMode::Delete: return "DELETE";
        case StepMode::Rename: break;
    }
    return "RENAME";
}

namespace {

nlohmann::json value_json(FlagType type, const FlagValue& value) {
    switch (type) {
        case FlagType::Boolean: return value.boolean;
        case FlagType::Integer: return value.integer;
        case FlagType::String:
        case FlagType::Object:
        case FlagType::Enum: return value.text;
        case FlagType::Tag: return value.tags;
        case FlagType::AbTest: break;
    }
    return nullptr;
}

bool field_equal(const Flag& a, const Flag& b, Field field) {
    switch (field) {
        case Field::Description: return a.description == b.description;
        case Field::Type: return a.type == b.type;
        case Field::DefaultValue: return a.default_value == b.default_value;
        case Field::IsKillSwitch: return a.is_kill_switch == b.is_kill_switch;
        case Field::MinValue: return a.min_value == b.min_value;
        case Field::MaxValue: return a.max_value == b.max_value;
        case Field::MaxLength: return a.max_length == b.max_length;
        case Field::RegExp: return a.reg_exp == b.reg_exp;
        case Field::Schema: return a.schema == b.schema;
        case Field::EnumValues: return a.enum_values == b.enum_values;  // element by element
        case Field::AllowEmpty: return a.allow_empty == b.allow_empty;
        case Field::TagValues: return a.tag_values == b.tag_values;
        case Field::MinCount: return a.min_count == b.min_count;
        case Field::MaxCount: return a.max_count == b.max_count;
        case Field::ChanceBPercent: return a.chance_b_percent == b.chance_b_percent;
        case Field::ValueExists: return a.value_exists == b.value_exists;
        case Field::Value: return a.value == b.value;
        case Field::Count_: break;
    }
    return true;
}

FieldChange change(const Flag* from, const Flag* to, Field field) {
    return FieldChange{field_name(field), from ? field_json(*from, field) : nlohmann::json(),
                       to ? field_json(*to, field) : nlohmann::json()};
}

/// Every field of the created flag, from nothing to the source's.
std::vector<FieldChange> creation_changes(const Flag& source) {
    std::vector<FieldChange> changes;
    for (Field field : fields_of(source.type))
        if (field != Field::ValueExists && field != Field::Value) changes.push_back(change(nullptr, &source, field));
    return changes;
}

std::vector<FieldChange> schema_changes(const Flag& target, const Flag& source) {
    std::vector<FieldChange> changes;
    for (Field field : fields_of(source.type))
        if (is_schema_field(field) && !field_equal(target, source, field))
            changes.push_back(change(&target, &source, field));
    return changes;
}

class Planner {
public:
    Plan plan;

    int add(StepMode mode, const std::string& key, int dependent_id, int indent,
            std::vector<FieldChange> changes) {
        Step step;
        step.id = static_cast<int>(plan.steps.size()) + 1;
        step.mode = mode;
        step.flag_key = key;
        step.dependent_id = dependent_id;
        step.indent = indent;
        step.changes = std::move(changes);
        plan.steps.push_back(std::move(step));
        return plan.steps.back().id;
    }
};

}  // namespace

nlohmann::json field_json(const Flag& flag, Field field) {
    switch (field) {
        case Field::Description: return flag.description;
        case Field::Type: return flag_type_name(flag.type);
        case Field::DefaultValue: return value_json(flag.type, flag.default_value);
        case Field::IsKillSwitch: return flag.is_kill_switch;
        case Field::MinValue: return flag.min_value;
        case Field::MaxValue: return flag.max_value;
        case Field::MaxLength: return flag.max_length;
        case Field::RegExp: return flag.reg_exp;
        case Field::Schema: return flag.schema;
        case Field::EnumValues: return flag.enum_values;
        case Field::AllowEmpty: return flag.allow_empty;
        case Field::TagValues: return flag.tag_values;
        case Field::MinCount: return flag.min_count;
        case Field::MaxCount: return flag.max_count;
        case Field::ChanceBPercent: {
            double v = flag.chance_b_percent;
            if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9007199254740992.0)
                return static_cast<std::int64_t>(v);  // JSON.stringify prints 50, not 50.0
            return v;
        }
        case Field::ValueExists: return flag.value_exists;
        case Field::Value: return value_json(flag.type, flag.value);
        case Field::Count_: break;
    }
    return nullptr;
}

std::vector<FieldChange> value_changes(const Flag* target, const Flag& source, bool after_reset) {
    std::vector<FieldChange> changes;
    for (Field field : {Field::ValueExists, Field::Value})
        if (after_reset || !target || !field_equal(*target, source, field))
            changes.push_back(change(target, &source, field));
    return changes;
}

bool same_schema(const Flag& a, const Flag& b) {
    if (a.type != b.type) return false;
    for (Field field : fields_of(a.type))
        if (is_schema_field(field) && !field_equal(a, b, field)) return false;
    return true;
}

bool value_differs(const Flag& a, const Flag& b) {
    if (!has_value_fields(a.type)) return false;
    return a.value_exists != b.value_exists || a.value != b.value;
}

Plan compute_plan(const Snapshot& source, const Snapshot& target) {
    Planner planner;
    if (!source.readable || !target.readable) return std::move(planner.plan);
    for (const Flag& flag : source.flags) {
        const Flag* existing = target.find(flag.key);
        const bool has_value = has_value_fields(flag.type);
        if (!existing) {
            int create = planner.add(StepMode::CreateDefaultValue, flag.key, 0, 0, creation_changes(flag));
            if (has_value)
                planner.add(StepMode::SetValue, flag.key, create, 1, value_changes(nullptr, flag, true));
        } else if (existing->type != flag.type) {
            int del = planner.add(StepMode::Delete, flag.key, 0, 0,
                                  {change(existing, &flag, Field::Type)});
            int create = planner.add(StepMode::CreateDefaultValue, flag.key, del, 1, creation_changes(flag));
            if (has_value)
                planner.add(StepMode::SetValue, flag.key, create, 2, value_changes(nullptr, flag, true));
        } else if (!same_schema(*existing, flag)) {
            int update = planner.add(StepMode::UpdateSchemaDefaultValue, flag.key, 0, 0,
                                     schema_changes(*existing, flag));
            if (has_value)
                planner.add(StepMode::SetValue, flag.key, update, 1, value_changes(existing, flag, true));
        } else if (value_differs(*existing, flag)) {
            planner.add(StepMode::SetValue, flag.key, 0, 0, value_changes(existing, flag, false));
        }
    }
    for (const Flag& flag : target.flags)
        if (!source.find(flag.key))
            planner.add(StepMode::Delete, flag.key, 0, 0, {change(&flag, nullptr, Field::Type)});
    return std::move(planner.plan);
}

}  // namespace flagplan
