#include "flagplan/plan/renames.hpp"

#include <cstdint>
#include <cstring>
#include <string_view>
#include <unordered_map>

namespace flagplan {

namespace {

// A flag's signature: its type, description and schema fields as one text,
// equal for two flags exactly when those are equal (as field_json() shows
// them). Every piece is self-delimiting (strings and lists carry their
// length), so no content can fake a boundary. Never shown to anyone.

void put(std::string& out, std::string_view text) {
    out += std::to_string(text.size());
    out += ':';
    out.append(text);
}

void put(std::string& out, const std::vector<std::string>& list) {
    out += '[';
    out += std::to_string(list.size());
    for (const std::string& item : list) put(out, item);
}

void put(std::string& out, std::int64_t number) {
    out += std::to_string(number);
    out += ';';
}

void put(std::string& out, bool flag) { out += flag ? 't' : 'f'; }

/// chanceBPercent: equal numbers give equal text (0 and -0 too, as in
/// field_json(), which prints both as 0).
void put_number(std::string& out, double number) {
    if (number == 0) number = 0;
    std::uint64_t bits = 0;
    std::memcpy(&bits, &number, sizeof bits);
    put(out, static_cast<std::int64_t>(bits));
}

/// defaultValue: the member field_json() shows for the type.
void put_value(std::string& out, FlagType type, const FlagValue& value) {
    switch (type) {
        case FlagType::Boolean: put(out, value.boolean); break;
        case FlagType::Integer: put(out, value.integer); break;
        case FlagType::String:
        case FlagType::Object:
        case FlagType::Enum: put(out, std::string_view(value.text)); break;
        case FlagType::Tag: put(out, value.tags); break;
        case FlagType::AbTest: break;
    }
}

std::string signature(const Flag& flag) {
    std::string out = flag_type_name(flag.type);
    out += '\n';
    put(out, std::string_view(flag.description));
    for (Field field : fields_of(flag.type)) {
        if (!is_schema_field(field)) continue;
        switch (field) {
            case Field::DefaultValue: put_value(out, flag.type, flag.default_value); break;
            case Field::IsKillSwitch: put(out, flag.is_kill_switch); break;
            case Field::MinValue: put(out, flag.min_value); break;
            case Field::MaxValue: put(out, flag.max_value); break;
            case Field::MaxLength: put(out, flag.max_length); break;
            case Field::RegExp: put(out, std::string_view(flag.reg_exp)); break;
            case Field::Schema: put(out, std::string_view(flag.schema)); break;
            case Field::EnumValues: put(out, flag.enum_values); break;
            case Field::AllowEmpty: put(out, flag.allow_empty); break;
            case Field::TagValues: put(out, flag.tag_values); break;
            case Field::MinCount: put(out, flag.min_count); break;
            case Field::MaxCount: put(out, flag.max_count); break;
            case Field::ChanceBPercent: put_number(out, flag.chance_b_percent); break;
            default:  // no other schema field today
                put(out, field_json(flag, field).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
                break;
        }
    }
    return out;
}

}  // namespace

std::vector<RenameSuggestion> find_renames(const Snapshot& source, const Snapshot& target) {
    return find_renames(source, target, compute_plan(source, target));
}

std::vector<RenameSuggestion> find_renames(const Snapshot& source, const Snapshot& target, const Plan& plan) {
    if (!source.readable || !target.readable) return {};
    // Deleted: the target's flags absent from the source (the plan's last
    // DELETEs, in target order). Created: the source's flags absent from the
    // target (CREATE_DEFAULTVALUE without a prerequisite, in source order).
    std::unordered_map<std::string, std::vector<const Flag*>> deleted, created;
    for (const Step& step : plan.steps) {
        if (step.mode != StepMode::Delete || step.dependent_id != 0 || source_flag(source, step)) continue;
        if (const Flag* flag = target_flag(target, step)) deleted[signature(*flag)].push_back(flag);
    }
    if (deleted.empty()) return {};
    std::vector<std::string> created_order;
    for (const Step& step : plan.steps) {
        if (step.mode != StepMode::CreateDefaultValue || step.dependent_id != 0 || target_flag(target, step)) continue;
        const Flag* flag = source_flag(source, step);
        if (!flag) continue;
        std::string sig = signature(*flag);
        if (!deleted.count(sig)) continue;
        std::vector<const Flag*>& same = created[sig];
        if (same.empty()) created_order.push_back(sig);
        same.push_back(flag);
    }
    std::vector<RenameSuggestion> out;
    for (const std::string& sig : created_order) {
        const auto& from = deleted[sig];
        const auto& to = created[sig];
        if (from.size() == 1 && to.size() == 1) out.push_back({from[0]->key, to[0]->key, false});
    }
    return out;
}

Plan apply_renames(const Snapshot& source, const Snapshot& target, Plan plan,
                   const std::vector<RenameSuggestion>& suggestions) {
    std::unordered_map<std::string, const RenameSuggestion*> by_new, by_old;
    for (const RenameSuggestion& s : suggestions)
        if (s.accepted) {
            by_new[s.new_key] = &s;
            by_old[s.old_key] = &s;
        }
    if (by_new.empty()) return plan;
    Plan out;
    out.steps.reserve(plan.steps.size());
    out.target_positions = std::move(plan.target_positions);
    std::vector<int> new_id(plan.steps.size() + 1, 0);
    auto push = [&](Step step, int old_id) {
        step.id = static_cast<int>(out.steps.size()) + 1;
        out.steps.push_back(std::move(step));
        if (old_id) new_id[old_id] = out.steps.back().id;
    };
    for (Step& step : plan.steps) {
        auto renamed = by_new.find(step.flag_key);
        if (step.mode == StepMode::Delete && !step.dependent_id && by_old.count(step.flag_key)) continue;
        if (renamed == by_new.end()) {
            int id = step.id;
            step.dependent_id = step.dependent_id ? new_id[step.dependent_id] : 0;
            push(std::move(step), id);
            continue;
        }
        const Flag* old_flag = target.find(renamed->second->old_key);
        const Flag* new_flag = source_flag(source, step);
        if (step.mode == StepMode::CreateDefaultValue) {
            Step rename;
            rename.mode = StepMode::Rename;
            rename.flag_key = step.flag_key;
            rename.old_key = old_flag->key;
            rename.source_position = step.source_position;
            rename.target_position = kNoFlag;
            rename.changes.push_back({"key", old_flag->key, new_flag->key});
            push(std::move(rename), step.id);
        } else if (step.mode == StepMode::SetValue && value_differs(*old_flag, *new_flag)) {
            Step set = step;
            set.dependent_id = new_id[step.dependent_id];
            set.indent = 1;
            set.changes = value_changes(old_flag, *new_flag, false);
            push(std::move(set), step.id);
        }
    }
    return out;
}

Diagnostics rename_diagnostics(const std::vector<RenameSuggestion>& suggestions, const Plan& plan,
                               const Snapshot& target) {
    Diagnostics out;
    if (suggestions.empty()) return out;
    std::unordered_map<std::string, int> creating;  // new key -> its RENAME or CREATE step
    for (const Step& step : plan.steps)
        if (step.mode == StepMode::Rename || step.mode == StepMode::CreateDefaultValue)
            creating.emplace(step.flag_key, step.id);
    for (const RenameSuggestion& s : suggestions) {
        Diagnostic d;
        d.severity = Severity::Note;
        d.file = target.label;
        d.flag_key = s.new_key;
        auto it = creating.find(s.new_key);
        if (it != creating.end()) d.step_id = it->second;
        if (s.accepted) {
            d.code = "rename.applied";
            d.message = "flag `" + s.old_key + "` is renamed to `" + s.new_key +
                        "` (one RENAME step instead of DELETE + CREATE_DEFAULTVALUE; the target's value is kept)";
        } else {
            d.code = "rename.suggested";
            d.message = "`" + s.old_key + "` (deleted) and `" + s.new_key +
                        "` (created) have the same type, schema and description: probably a rename; accept it "
                        "(--renames) to keep the target's value";
        }
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace flagplan
