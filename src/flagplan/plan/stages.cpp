#include "flagplan/plan/stages.hpp"

#include <algorithm>

namespace flagplan {

const std::vector<StageSequence>& stage_sequences() {
    static const std::vector<StageSequence> kSequences = {
        {"two-stage", {"off", "complete"}},
        {"four-stage", {"off", "shadow", "live", "complete"}},
        {"six-stage", {"off", "dualwrite", "shadow", "live", "rampdown", "complete"}},
        {"read-only variant", {"off", "read-only", "shadow", "live", "completed"}},
    };
    return kSequences;
}

std::string normalize_stage(std::string_view stage) {
    std::string out;
    out.reserve(stage.size());
    for (char c : stage) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c == '_') c = '-';
        out += c;
    }
    return out;
}

std::string stage_meaning(std::string_view stage) {
    // Seeds: multi-stage-migration-flags.txt (read/write table) and
    // migrating-a-service-with-feature-flags.txt (read-only variant).
    static const std::vector<std::pair<const char*, const char*>> kMeanings = {
        {"off", "reads and writes only the old system"},
        {"dualwrite", "reads the old system, writes both; the old one is authoritative"},
        {"read-only", "reads the old system, blocks writes while data is copied to the new one"},
        {"shadow", "reads both and writes both; the old system is authoritative"},
        {"live", "reads both and writes both; the new system is authoritative"},
        {"rampdown", "reads the new system, writes both; the new one is authoritative"},
        {"complete", "reads and writes only the new system"},
        {"completed", "reads and writes only the new system"},
    };
    std::string key = normalize_stage(stage);
    for (const auto& [name, meaning] : kMeanings)
        if (key == name) return meaning;
    return {};
}

/// What to verify once a migration flag has reached `stage`, before the next
/// stage (the seed tables' read/write columns, as checks an operator can make).
std::string stage_check(std::string_view stage) {
    static const std::vector<std::pair<const char*, const char*>> kChecks = {
        {"off", "nothing reads from or writes to the new system any more, and the old system alone serves "
                "traffic normally"},
        {"dualwrite", "every write reaches both systems and the new system keeps up with the old one (compare "
                      "counts or checksums); reads still come from the old system"},
        {"read-only", "writes are blocked as planned, and the copy into the new system has completed and matches "
                      "the old system"},
        {"shadow", "reads from both systems agree (the comparison or mismatch metrics are clean) while the old "
                   "system's answers are still the ones served"},
        {"live", "the new system serves reads correctly (error rates and latency as before) while writes still "
                 "reach both, so stepping back stays possible"},
        {"rampdown", "nothing reads the old system any more and the new system alone carries the reads; writes "
                     "still reach both"},
        {"complete", "the old system receives no reads and no writes (its traffic is zero) before it is retired"},
        {"completed", "the old system receives no reads and no writes (its traffic is zero) before it is retired"},
    };
    std::string key = normalize_stage(stage);
    for (const auto& [name, check] : kChecks)
        if (key == name) return check;
    return "the systems this flag controls behave as this stage intends";
}

const StageSequence* stage_sequence_of(const Flag& flag) {
    if (flag.type != FlagType::Enum) return nullptr;
    for (const StageSequence& sequence : stage_sequences()) {
        if (sequence.stages.size() != flag.enum_values.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < sequence.stages.size() && same; ++i)
            same = normalize_stage(flag.enum_values[i]) == sequence.stages[i];
        if (same) return &sequence;
    }
    return nullptr;
}

int stage_index(const StageSequence& sequence, std::string_view value) {
    std::string key = normalize_stage(value);
    for (std::size_t i = 0; i < sequence.stages.size(); ++i)
        if (key == sequence.stages[i]) return static_cast<int>(i);
    return -1;
}

const std::string& current_stage(const Flag& flag) {
    return flag.value_exists ? flag.value.text : flag.default_value.text;
}

namespace {

/// The stage a SET_VALUE starts from and the one it goes to, when the flag
/// is a stage flag on both ends.
struct StageSpan {
    const StageSequence* sequence = nullptr;
    std::string from, to;
    int from_index = -1, to_index = -1;
    /// The SET_VALUE follows a schema update that resets the flag to
    /// `reset_to` on the way (not kept): named in the findings.
    bool transient = false;
    std::string reset_to;
};

/// `parent`: the step `step` depends on, or nullptr.
std::optional<StageSpan> span_of(const Step& step, const Step* parent, const Snapshot& source,
                                 const Snapshot& target) {
    if (step.mode != StepMode::SetValue || step.stage) return std::nullopt;
    const Flag* s = source_flag(source, step);
    if (!s) return std::nullopt;
    const StageSequence* sequence = stage_sequence_of(*s);
    if (!sequence) return std::nullopt;
    StageSpan span;
    span.sequence = sequence;
    span.to = current_stage(*s);
    if (parent && parent->mode == StepMode::Rename) {
        // A renamed flag keeps the target's value: it sits at the old flag's stage.
        const Flag* old_flag = target.find(parent->old_key);
        if (!old_flag) return std::nullopt;
        span.from = current_stage(*old_flag);
    } else if (parent && parent->mode == StepMode::UpdateSchemaDefaultValue) {
        // Measured from the target's real stage: the update's reset to the
        // default is transient when this SET_VALUE follows it (issue 13), and
        // kept-stage updates (Step::keep_stage) write that stage back at once.
        const Flag* t = target_flag(target, step);
        if (!t) return std::nullopt;
        span.from = current_stage(*t);
        span.transient = !parent->keep_stage;
        span.reset_to = s->default_value.text;
    } else if (parent) {
        // A created flag starts at the source's default.
        span.from = s->default_value.text;
    } else {
        const Flag* t = target_flag(target, step);
        if (!t) return std::nullopt;
        span.from = current_stage(*t);
    }
    span.from_index = stage_index(*sequence, span.from);
    span.to_index = stage_index(*sequence, span.to);
    if (span.from_index < 0 || span.to_index < 0) return std::nullopt;
    return span;
}

Diagnostic stage_diagnostic(std::string code, const Step& step, const Snapshot& target, std::string message) {
    Diagnostic d;
    d.severity = Severity::Warning;
    d.code = std::move(code);
    d.message = "flag `" + step.flag_key + "`: " + std::move(message);
    d.file = target.label;
    d.flag_key = step.flag_key;
    d.field = "enumValues";
    d.step_id = step.id;
    return d;
}

/// "`live` (reads both and writes both; the new system is authoritative)".
std::string stage_named(const std::string& stage) {
    std::string meaning = stage_meaning(stage);
    return "`" + stage + "`" + (meaning.empty() ? std::string() : " (" + meaning + ")");
}

/// For an UPDATE_SCHEMA_DEFAULTVALUE of a stage flag: the source's stage
/// sequence and the positions of the target's stage and of the source's
/// default in it, when both are stages of it.
struct ResetSpan {
    const StageSequence* sequence = nullptr;
    int current = -1, reset = -1;
    const Flag* source = nullptr;
    const Flag* target = nullptr;
};

std::optional<ResetSpan> reset_span(const Step& step, const Snapshot& source, const Snapshot& target) {
    if (step.mode != StepMode::UpdateSchemaDefaultValue) return std::nullopt;
    const Flag* s = source_flag(source, step);
    const Flag* t = target_flag(target, step);
    if (!s || !t || s->type != FlagType::Enum || t->type != FlagType::Enum) return std::nullopt;
    const StageSequence* sequence = stage_sequence_of(*s);
    if (!sequence) return std::nullopt;
    ResetSpan span{sequence, stage_index(*sequence, current_stage(*t)), stage_index(*sequence, s->default_value.text), s, t};
    if (span.current < 0 || span.reset < 0) return std::nullopt;
    return span;
}

/// " (after the transient reset to `off` by UPDATE_SCHEMA_DEFAULTVALUE #9)"
/// when `span` passes through a schema update's reset on the way, else "".
std::string transient_note(const StageSpan& span, const Step& step) {
    if (!span.transient || normalize_stage(span.reset_to) == normalize_stage(span.from)) return {};
    return " (after the transient reset to `" + span.reset_to + "` by UPDATE_SCHEMA_DEFAULTVALUE #" +
           std::to_string(step.dependent_id) + ")";
}

std::string join_stages(const std::vector<std::string>& stages) {
    std::string out;
    for (std::size_t i = 0; i < stages.size(); ++i) out += (i ? ", " : "") + stages[i];
    return out;
}

}  // namespace

Diagnostics assess_stages(const Snapshot& source, const Snapshot& target, const Plan& plan) {
    Diagnostics out;
    for (const Step& step : plan.steps) {
        if (step.mode == StepMode::UpdateSchemaDefaultValue) {
            const Flag* s = source_flag(source, step);
            const Flag* t = target_flag(target, step);
            if (!s || !t || s->type != FlagType::Enum || t->type != FlagType::Enum) continue;
            const StageSequence* target_seq = stage_sequence_of(*t);
            const StageSequence* source_seq = stage_sequence_of(*s);
            if (!target_seq && !source_seq) continue;
            const std::string& stage = current_stage(*t);
            std::string key = normalize_stage(stage);
            bool kept = std::any_of(s->enum_values.begin(), s->enum_values.end(),
                                    [&](const std::string& v) { return normalize_stage(v) == key; });
            if (!stage.empty() && !kept) {
                Diagnostic d = stage_diagnostic(
                    "stage.current_removed", step, target,
                    "the target is in stage `" + stage + "` (" + stage_meaning(stage) +
                        "), and this schema change removes that stage from the enum; the flag is reset to `" +
                        s->default_value.text + "`");
                out.push_back(std::move(d));
            }
            if (target_seq) {
                // Relative order of the target's stages that the source keeps.
                std::vector<int> order;
                for (const std::string& v : s->enum_values) {
                    int i = stage_index(*target_seq, v);
                    if (i >= 0) order.push_back(i);
                }
                if (!std::is_sorted(order.begin(), order.end()))
                    out.push_back(stage_diagnostic("stage.reordered", step, target,
                                                   "this schema change reorders the " + std::string(target_seq->name) +
                                                       " migration stages to " + join_stages(s->enum_values)));
            }
            continue;
        }
        if (step.mode != StepMode::SetValue) continue;
        const Step* parent = step.dependent_id ? &plan.steps[step.dependent_id - 1] : nullptr;
        auto span = span_of(step, parent, source, target);
        if (!span) continue;
        int distance = span->to_index - span->from_index;
        if (distance < 0) {
            // A SET_VALUE that moves the stage back, from the target's real stage.
            out.push_back(stage_diagnostic(
                "stage.regression", step, target,
                "moves the stage back from " + stage_named(span->from) + " to " + stage_named(span->to) +
                    transient_note(*span, step) +
                    ": the old system becomes authoritative again; keep the target's stage (leave this SET_VALUE "
                    "unselected) or walk it one stage at a time (--walk-stages)"));
        } else if (distance > 1) {
            std::vector<std::string> skipped;
            for (int i = span->from_index + 1; i != span->to_index; ++i) {
                std::string stage = span->sequence->stages[static_cast<std::size_t>(i)];
                skipped.push_back(stage + " (" + stage_meaning(stage) + ")");
            }
            out.push_back(stage_diagnostic(
                "stage.jump", step, target,
                "moves forward " + std::to_string(distance) + " stages at once, `" + span->from + "` \u2192 `" +
                    span->to + "`" + transient_note(*span, step) + ", skipping " + join_stages(skipped) +
                    "; walk it one stage at a time (--walk-stages)"));
        }
    }
    return out;
}

Diagnostics assess_stage_resets(const Snapshot& source, const Snapshot& target, const Plan& plan,
                                const Selection& selected, const Selection* only) {
    Diagnostics out;
    for (const Step& step : plan.steps) {
        if (step.keep_stage) continue;
        if (only && !is_selected(*only, step.id)) continue;
        auto span = reset_span(step, source, target);
        if (!span || span->reset >= span->current) continue;
        const std::string& from = current_stage(*span->target);
        const std::string& to = span->source->default_value.text;
        std::string message = "resets the stage from " + stage_named(from) + " to its default " + stage_named(to) +
                              ": the old system becomes authoritative again";
        auto next = static_cast<std::size_t>(step.id);
        const Step* set = next < plan.steps.size() && plan.steps[next].dependent_id == step.id &&
                                  plan.steps[next].mode == StepMode::SetValue
                              ? &plan.steps[next]
                              : nullptr;
        if (set && is_selected(selected, set->id))
            message += ", for a moment: the selected SET_VALUE #" + std::to_string(set->id) +
                       " then moves it on (the flag stays at `" + to + "` if the run stops in between)";
        else if (set)
            message += "; SET_VALUE #" + std::to_string(set->id) + ", which would move it on, is not selected";
        message += ". Keep the target's stage (--keep-stages: the update and the write-back of `" + from +
                   "` in one request) or walk to the source's stage one stage at a time (--walk-stages)";
        out.push_back(stage_diagnostic("stage.regression", step, target, std::move(message)));
    }
    return out;
}

Plan keep_stages(const Snapshot& source, const Snapshot& target, Plan plan) {
    for (Step& step : plan.steps) {
        auto span = reset_span(step, source, target);
        if (!span || span->reset == span->current) continue;
        // The target's own spelling of its stage, as the source's enum lists it.
        for (const std::string& v : span->source->enum_values)
            if (stage_index(*span->sequence, v) == span->current) step.keep_stage = v;
    }
    return plan;
}

Plan walk_stages(const Snapshot& source, const Snapshot& target, Plan plan) {
    Plan out;
    out.steps.reserve(plan.steps.size());
    out.target_positions = std::move(plan.target_positions);
    std::vector<int> new_id(plan.steps.size() + 1, 0);
    for (Step& step : plan.steps) {
        int dependent = step.dependent_id ? new_id[step.dependent_id] : 0;
        // Steps are moved into `out` as they come, so the parent is read there
        // (for a walked parent, its last link: the same mode and key).
        const Step* parent = dependent ? &out.steps[static_cast<std::size_t>(dependent) - 1] : nullptr;
        auto span = span_of(step, parent, source, target);
        int distance = span ? std::abs(span->to_index - span->from_index) : 0;
        if (distance < 2) {
            int id = step.id;
            step.id = static_cast<int>(out.steps.size()) + 1;
            step.dependent_id = dependent;
            out.steps.push_back(std::move(step));
            new_id[id] = out.steps.back().id;
            continue;
        }
        int dir = span->to_index > span->from_index ? 1 : -1;
        const Flag* s = source_flag(source, step);
        // Where the value stood before the walk (read before `out` grows).
        const Flag* before = parent && parent->mode == StepMode::Rename ? target.find(parent->old_key)
                             : parent                                   ? nullptr
                                                                        : target_flag(target, step);
        step.changes.clear();
        int link = 0;
        for (int i = span->from_index; i != span->to_index; i += dir) {
            ++link;
            Step copy = step;
            copy.id = static_cast<int>(out.steps.size()) + 1;
            copy.dependent_id = link == 1 ? dependent : copy.id - 1;
            copy.indent = step.indent + link - 1;
            std::string from = link == 1 ? span->from : span->sequence->stages[static_cast<std::size_t>(i)];
            std::string to = i + dir == span->to_index ? span->to
                                                        : span->sequence->stages[static_cast<std::size_t>(i + dir)];
            // Write the flag's own spelling of each stage.
            int to_pos = stage_index(*span->sequence, to);
            for (const std::string& v : s->enum_values)
                if (stage_index(*span->sequence, v) == to_pos) to = v;
            copy.stage = StageMove{from, to, link, distance};
            if (link < distance) {
                bool exists_before = link > 1 || (before && before->value_exists);
                if (!exists_before) copy.changes.push_back({"valueExists", false, true});
                copy.changes.push_back({"value", from, to});
            } else {
                // The last link writes the source's own valueExists and value.
                if (!s->value_exists) copy.changes.push_back({"valueExists", true, false});
                copy.changes.push_back({"value", from, s->value_exists ? to : s->value.text});
            }
            out.steps.push_back(std::move(copy));
        }
        new_id[step.id] = out.steps.back().id;
    }
    return out;
}

}  // namespace flagplan
