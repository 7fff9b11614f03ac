#include "flagplan/plan/plan.hpp"

#include <cmath>

namespace flagplan {

const char* step_mode_name(StepMode mode) { return step_mode_info(mode).name; }

const std::vector<StepModeInfo>& step_modes() {
    static const std::vector<StepModeInfo> kModes = {
        {StepMode::CreateDefaultValue, "CREATE_DEFAULTVALUE", "+", "create", "Create",
         "creates the flag from the source at its default value", true},
        {StepMode::UpdateSchemaDefaultValue, "UPDATE_SCHEMA_DEFAULTVALUE", "~", "update schema and reset to default",
         "Update schema",
         "overwrites the schema and resets the flag to its default (the target's value is lost unless its "
         "SET_VALUE runs)",
         true},
        {StepMode::SetValue, "SET_VALUE", "=", "set value", "Set value",
         "writes the source's value and valueExists, nothing else", true},
        {StepMode::Delete, "DELETE", "-", "delete", "Delete", "removes the flag from the target", true},
        {StepMode::Rename, "RENAME", ">", "rename", "Rename",
         "renames the target's flag and keeps its value (flagplan's step, not one of FlagFlow's modes)", false},
    };
    return kModes;
}

const StepModeInfo& step_mode_info(StepMode mode) { return step_modes()[static_cast<std::size_t>(mode)]; }

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
        case Field::Description: return same_text(a.description, b.description);
        case Field::Type: return a.type == b.type;
        case Field::DefaultValue: return a.default_value == b.default_value;
        case Field::IsKillSwitch: return a.is_kill_switch == b.is_kill_switch;
        case Field::MinValue: return a.min_value == b.min_value;
        case Field::MaxValue: return a.max_value == b.max_value;
        case Field::MaxLength: return a.max_length == b.max_length;
        case Field::RegExp: return same_text(a.reg_exp, b.reg_exp);
        case Field::Schema: return same_text(a.schema, b.schema);
        case Field::EnumValues: return same_texts(a.enum_values, b.enum_values);  // element by element
        case Field::AllowEmpty: return a.allow_empty == b.allow_empty;
        case Field::TagValues: return same_texts(a.tag_values, b.tag_values);
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
    const std::vector<Field>& fields = fields_of(source.type);
    std::vector<FieldChange> changes;
    changes.reserve(fields.size());
    for (Field field : fields)
        if (field != Field::ValueExists && field != Field::Value) changes.push_back(change(nullptr, &source, field));
    return changes;
}

std::vector<FieldChange> schema_changes(const Flag& target, const Flag& source) {
    std::size_t differing = 0;
    for (Field field : fields_of(source.type))
        if (is_schema_field(field) && !field_equal(target, source, field)) ++differing;
    std::vector<FieldChange> changes;
    changes.reserve(differing);
    for (Field field : fields_of(source.type))
        if (is_schema_field(field) && !field_equal(target, source, field))
            changes.push_back(change(&target, &source, field));
    return changes;
}

/// How a source flag compares with the target's flag of the same key; the
/// rows of compute_plan()'s table.
enum class Difference { Absent, OtherType, Schema, Value, Equal };

Difference difference(const Flag& flag, const Flag* existing) {
    if (!existing) return Difference::Absent;
    if (existing->type != flag.type || existing->foreign) return Difference::OtherType;
    if (!same_schema(*existing, flag)) return Difference::Schema;
    if (value_differs(*existing, flag)) return Difference::Value;
    return Difference::Equal;
}

/// Steps compute_plan() plans for one source flag.
std::size_t step_count(Difference difference, bool has_value) {
    switch (difference) {
        case Difference::Absent: return has_value ? 2 : 1;
        case Difference::OtherType: return has_value ? 3 : 2;
        case Difference::Schema: return has_value ? 2 : 1;
        case Difference::Value: return 1;
        case Difference::Equal: break;
    }
    return 0;
}

std::uint32_t position_of(const Snapshot& snapshot, const Flag* flag) {
    return flag ? static_cast<std::uint32_t>(flag - snapshot.flags.data()) : kNoFlag;
}

class Planner {
public:
    Plan plan;

    /// Appends a step for flags[source_position] of the source and
    /// flags[target_position] of the target (either kNoFlag); returns its id.
    int add(StepMode mode, const std::string& key, std::uint32_t source_position, std::uint32_t target_position,
            int dependent_id, int indent, std::vector<FieldChange> changes) {
        Step step;
        step.id = static_cast<int>(plan.steps.size()) + 1;
        step.mode = mode;
        step.flag_key = key;
        step.dependent_id = dependent_id;
        step.indent = indent;
        step.changes = std::move(changes);
        step.source_position = source_position;
        step.target_position = target_position;
        plan.steps.push_back(std::move(step));
        return plan.steps.back().id;
    }
};

}  // namespace

nlohmann::json field_json(const Flag& flag, Field field) {
    switch (field) {
        case Field::Description: return flag.description;
        case Field::Type: return flag.foreign ? nlohmann::json(flag.foreign->type)
                                              : nlohmann::json(flag_type_name(flag.type));
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
    const bool all = after_reset || !target;
    const bool writes_exists = all || !field_equal(*target, source, Field::ValueExists);
    const bool writes_value = all || !field_equal(*target, source, Field::Value);
    std::vector<FieldChange> changes;
    changes.reserve((writes_exists ? 1 : 0) + (writes_value ? 1 : 0));
    if (writes_exists) changes.push_back(change(target, &source, Field::ValueExists));
    if (writes_value) changes.push_back(change(target, &source, Field::Value));
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

const Flag* flag_at(const Snapshot& snapshot, std::uint32_t position, const std::string& key) {
    if (position == kNoFlag) return nullptr;
    if (position < snapshot.flags.size() && same_text(snapshot.flags[position].key, key)) return &snapshot.flags[position];
    return snapshot.find(key);
}

const Flag* source_flag(const Snapshot& source, const Step& step) {
    return flag_at(source, step.source_position, step.flag_key);
}

const Flag* target_flag(const Snapshot& target, const Step& step) {
    return flag_at(target, step.target_position, step.flag_key);
}

Plan compute_plan(const Snapshot& source, const Snapshot& target) {
    Planner planner;
    Plan& plan = planner.plan;
    if (!source.readable || !target.readable) return std::move(plan);
    // One pass over the source pairs the two snapshots; a target flag no
    // source flag paired is absent from the source. Exports of two
    // environments mostly list their flags in the same order, so the target
    // flag after the last one paired is tried before a key lookup. Counting
    // the steps first sizes the plan exactly.
    plan.target_positions.resize(source.flags.size(), kNoFlag);
    std::vector<bool> in_source(target.flags.size(), false);
    std::vector<Difference> differences(source.flags.size(), Difference::Equal);
    std::size_t steps = target.flags.size();
    std::size_t next = 0;  // the target flag after the last one paired
    for (std::size_t i = 0; i < source.flags.size(); ++i) {
        const Flag& flag = source.flags[i];
        if (flag.foreign) continue;  // refused (file.unknown_flag_type): not planned
        const Flag* existing = next < target.flags.size() && target.flags[next].key == flag.key
                                   ? &target.flags[next]
                                   : target.find(flag.key);
        if (existing) {
            std::uint32_t position = position_of(target, existing);
            next = position + 1;
            plan.target_positions[i] = position;
            in_source[position] = true;
            --steps;
        }
        differences[i] = difference(flag, existing);
        steps += step_count(differences[i], has_value_fields(flag.type));
    }
    plan.steps.reserve(steps);
    for (std::size_t i = 0; i < source.flags.size(); ++i) {
        const Flag& flag = source.flags[i];
        if (flag.foreign) continue;
        const auto here = static_cast<std::uint32_t>(i);
        const std::uint32_t there = plan.target_positions[i];
        const Flag* existing = there == kNoFlag ? nullptr : &target.flags[there];
        const bool has_value = has_value_fields(flag.type);
        switch (differences[i]) {
            case Difference::Absent: {
                int create = planner.add(StepMode::CreateDefaultValue, flag.key, here, kNoFlag, 0, 0,
                                         creation_changes(flag));
                if (has_value)
                    planner.add(StepMode::SetValue, flag.key, here, kNoFlag, create, 1,
                                value_changes(nullptr, flag, true));
                break;
            }
            case Difference::OtherType: {
                std::vector<FieldChange> type;
                type.push_back(change(existing, &flag, Field::Type));
                int del = planner.add(StepMode::Delete, flag.key, here, there, 0, 0, std::move(type));
                int create = planner.add(StepMode::CreateDefaultValue, flag.key, here, there, del, 1,
                                         creation_changes(flag));
                if (has_value)
                    planner.add(StepMode::SetValue, flag.key, here, there, create, 2,
                                value_changes(nullptr, flag, true));
                break;
            }
            case Difference::Schema: {
                int update = planner.add(StepMode::UpdateSchemaDefaultValue, flag.key, here, there, 0, 0,
                                         schema_changes(*existing, flag));
                if (has_value)
                    planner.add(StepMode::SetValue, flag.key, here, there, update, 1,
                                value_changes(existing, flag, true));
                break;
            }
            case Difference::Value:
                planner.add(StepMode::SetValue, flag.key, here, there, 0, 0, value_changes(existing, flag, false));
                break;
            case Difference::Equal: break;
        }
    }
    for (std::size_t j = 0; j < target.flags.size(); ++j) {
        if (in_source[j]) continue;
        std::vector<FieldChange> type;
        type.push_back(change(&target.flags[j], nullptr, Field::Type));
        planner.add(StepMode::Delete, target.flags[j].key, kNoFlag, static_cast<std::uint32_t>(j), 0, 0,
                    std::move(type));
    }
    return std::move(plan);
}

}  // namespace flagplan
