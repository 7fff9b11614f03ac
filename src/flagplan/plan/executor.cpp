#include "flagplan/plan/executor.hpp"

namespace flagplan {

FlagState at_stage(FlagState flag, const std::string& stage) {
    if (flag) {
        flag->value_exists = true;
        flag->value.text = stage;
    }
    return flag;
}

const Flag* sent_as_is(const Step& step, const Flag* source) {
    if (step.mode == StepMode::Delete || step.mode == StepMode::Rename) return nullptr;
    if (step.stage && step.stage->link < step.stage->links) return nullptr;
    return source;
}

FlagState sent_flag(const Step& step, const Flag* source) {
    if (const Flag* same = sent_as_is(step, source)) return *same;
    if (step.mode == StepMode::Delete || step.mode == StepMode::Rename || !source) return std::nullopt;
    return at_stage(*source, step.stage->to);  // an intermediate link of a walk
}

FlagState apply_step(const FlagState& state, const Step& step, const Flag* source) {
    switch (step.mode) {
        case StepMode::CreateDefaultValue: {
            if (state || !source) return state;
            Flag f = *source;
            f.key = step.flag_key;
            if (has_value_fields(f.type)) f.value_exists = false;
            return f;
        }
        case StepMode::UpdateSchemaDefaultValue: {
            if (!state || !source) return state;
            Flag f = *source;
            f.key = step.flag_key;
            if (has_value_fields(f.type)) f.value_exists = false;
            if (step.keep_stage) {
                // The SET_VALUE sent in the same request writes the target's stage back.
                f.value_exists = true;
                f.value.text = *step.keep_stage;
            }
            return f;
        }
        case StepMode::SetValue: {
            if (!state || !source) return state;
            Flag f = *state;
            if (has_value_fields(source->type)) {
                // What sent_flag() sends, without copying the whole flag.
                f.value = source->value;
                if (step.stage && step.stage->link < step.stage->links) {
                    f.value.text = step.stage->to;  // an intermediate stage of a walk: an ENUM value
                    f.value_exists = true;
                } else {
                    f.value_exists = source->value_exists;
                }
            }
            return f;
        }
        case StepMode::Delete: return std::nullopt;
        case StepMode::Rename: break;  // two keys: apply_rename()
    }
    return state;
}

RenameResult apply_rename(const FlagState& old_state, const FlagState& new_state, const std::string& new_key,
                          const std::string& description) {
    if (!old_state || new_state) return {old_state, new_state};
    Flag f = *old_state;
    f.key = new_key;
    f.description = description;
    return {std::nullopt, f};
}

}  // namespace flagplan
