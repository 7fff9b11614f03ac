#include "flagplan/analyze/risk.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "flagplan/js/js_text.hpp"
#include "flagplan/js/object_literal.hpp"
#include "flagplan/validate/validate.hpp"

namespace flagplan {

const std::vector<ChangeRule>& change_rules() {
    static const std::vector<ChangeRule> kRules = {
        {"guard.mass_delete", Severity::Error,
         "the selection deletes at least half of the target's flags, and at least 10 (an error until acknowledged: "
         "--allow-mass-delete, or the page's confirmation)",
         "almost always the wrong file or the wrong direction: a 2-flag export planned onto a full environment"},
        {"stage.regression", Severity::Warning,
         "a selected step moves a migration-stage flag backwards, a schema update resetting it to its default "
         "stage included",
         "the old system becomes authoritative again: writes made only to the new system since are not read"},
        {"stage.current_removed", Severity::Warning,
         "a schema change removes, from a migration-stage ENUM, the stage the target is in",
         "the system is reset to the default stage in one jump, possibly skipping every stage in between"},
        {"stage.reordered", Severity::Warning, "a schema change reorders the stages of a migration-stage ENUM",
         "stage order is what makes one-stage-at-a-time moves safe; code comparing stages breaks"},
        {"stage.jump", Severity::Warning,
         "a SET_VALUE moves a migration-stage flag forward more than one stage, or backward more than one",
         "each stage is a checkpoint (dual writes, shadow reads) that must be verified before the next"},
        {"risk.value_reset", Severity::Warning,
         "UPDATE_SCHEMA_DEFAULTVALUE on a flag that has a value in the target",
         "FlagFlow resets the flag to its default: the target's value is lost unless a SET_VALUE follows"},
        {"risk.type_change", Severity::Warning, "a flag changes type (DELETE + CREATE_DEFAULTVALUE)",
         "the flag is deleted and recreated at its default; the target's value cannot survive"},
        {"risk.value_invalidated", Severity::Warning,
         "a schema change makes the target's current value invalid",
         "the value the environment runs with today would no longer be accepted by the new schema"},
        {"risk.delete_kill_switch", Severity::Warning, "DELETE of a kill switch (isKillSwitch)",
         "the emergency off switch disappears; code reading it falls back to its built-in default"},
        {"risk.delete_with_value", Severity::Warning, "DELETE of a flag that has a value in the target",
         "the environment-specific value is gone for good (keep the backup)"},
        {"risk.delete_group_prefix", Severity::Warning,
         "DELETE of a flag whose key is the prefix group of other flags (`billing` with `billing/...`)",
         "often a sign the wrong key was picked; grouped flags usually move together"},
        {"risk.ab_test_jump", Severity::Warning, "an AB-TEST's chanceBPercent moves by more than 50 points",
         "a sudden exposure change (0 -> 100) skips the ramp-up that catches regressions"},
        {"risk.description_only", Severity::Note, "only the description differs",
         "FlagFlow never migrates descriptions on their own, so nothing is planned"},
        {"rename.suggested", Severity::Note,
         "a deleted and a created flag have the same type, schema and description",
         "probably one flag under a new key; a RENAME keeps the target's value (opt-in)"},
        {"rename.applied", Severity::Note, "an accepted rename replaces DELETE + CREATE_DEFAULTVALUE",
         "RENAME is flagplan's step (FlagFlow's flag.rename operation), not one of FlagFlow's planner modes"},
    };
    return kRules;
}

namespace {

std::string shown(const nlohmann::json& value) {
    // dump() with `replace`: a lone surrogate (WTF-8) in a list must not throw.
    return "`" + (value.is_string() ? value.get<std::string>()
                                    : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) +
           "`";
}

Diagnostic finding(const char* code, Severity severity, const Step& step, const Snapshot& target, Field field,
                   std::string message) {
    Diagnostic d;
    d.severity = severity;
    d.code = code;
    d.message = "flag `" + step.flag_key + "`: " + std::move(message);
    d.file = target.label;
    d.flag_key = step.flag_key;
    d.field = field_name(field);
    d.step_id = step.id;
    return d;
}

/// The step right after `step` when it depends on it and has `mode`: the
/// planner puts a step's dependent right after it (CREATE after its DELETE,
/// SET_VALUE after its CREATE or UPDATE), and renames and walks keep that.
const Step* next_dependent(const Plan& plan, const Step& step, StepMode mode) {
    auto next = static_cast<std::size_t>(step.id);
    if (next < plan.steps.size() && plan.steps[next].dependent_id == step.id && plan.steps[next].mode == mode)
        return &plan.steps[next];
    return nullptr;
}

/// risk.value_invalidated asks it of a schema update whose flag has a value in the target.
bool probes_value(const Step& step, const Flag* t, const Flag* s) {
    return step.mode == StepMode::UpdateSchemaDefaultValue && t && s && t->value_exists && has_value_fields(t->type);
}

/// What a step's risk findings are worked out for (RiskMemo::kinds): they
/// depend only on the step's mode, its two flags and, for a DELETE, whether
/// the step after it recreates the flag (a type change).
enum RiskKind : std::uint8_t { kNoRisk = 0, kDelete, kDeleteRecreated, kSchemaUpdate };

RiskKind risk_kind(const Plan& plan, const Step& step, const Flag* t, const Flag* s) {
    if (step.mode == StepMode::Delete && t)
        return next_dependent(plan, step, StepMode::CreateDefaultValue) ? kDeleteRecreated : kDelete;
    if (step.mode == StepMode::UpdateSchemaDefaultValue && t && s) return kSchemaUpdate;
    return kNoRisk;
}

/// A step whose risk findings are to be found, with its two flags and kind.
struct RiskStep {
    const Step* step;
    const Flag* target;
    const Flag* source;
    RiskKind kind;
};

/// risk.value_invalidated's question for each schema update that
/// probes_value(): is the target's value valid under the source's schema?
/// All of them are validated by one validate_snapshot() call, so answers
/// many flags share (a regExp, an OBJECT schema) are worked out once. next()
/// returns the findings of the next such step, in the order of `steps`.
class ValueProbes {
public:
    ValueProbes(const Snapshot& target, const std::vector<RiskStep>& steps, const RegexEngine& regex,
                const Limits& limits) {
        // The source's schema with the target's value, one flag per step (keys
        // are unique: one schema update per flag), as a snapshot like any other.
        Snapshot probes;
        probes.label = target.label;
        for (const RiskStep& r : steps) {
            const Flag* t = r.target;
            const Flag* s = r.source;
            if (!probes_value(*r.step, t, s)) continue;
            Flag probe = *s;
            probe.value_exists = true;
            probe.value = t->value;
            probe.description = t->description;
            probe.well_formed = true;
            probes.add(std::move(probe));
        }
        if (probes.flags.empty()) return;
        found_ = validate_snapshot(probes, regex, limits);
        // Each flag's findings are contiguous and carry its key.
        ends_.reserve(probes.flags.size());
        std::size_t end = 0;
        for (const Flag& probe : probes.flags) {
            while (end < found_.size() && found_[end].flag_key == probe.key) ++end;
            ends_.push_back(end);
        }
    }

    struct Range {
        Diagnostics::const_iterator first, last;
        Diagnostics::const_iterator begin() const { return first; }
        Diagnostics::const_iterator end() const { return last; }
    };

    /// The findings of the next step that probes_value().
    Range next() {
        std::size_t begin = next_ == 0 ? 0 : ends_[next_ - 1];
        std::size_t end = ends_[next_++];
        return {found_.begin() + static_cast<std::ptrdiff_t>(begin), found_.begin() + static_cast<std::ptrdiff_t>(end)};
    }

private:
    Diagnostics found_;
    std::vector<std::size_t> ends_;  ///< per probe, the end of its findings in found_
    std::size_t next_ = 0;
};

/// The findings of `steps`, in order; ends[i] is where the findings of
/// steps[i] end in the result.
Diagnostics step_risks(const Snapshot& target, const std::vector<RiskStep>& steps, const RegexEngine& regex,
                       const Limits& limits, const RiskOptions& options, std::vector<std::size_t>& ends) {
    Diagnostics out;
    ends.clear();
    ends.reserve(steps.size());
    // The key group (`a` of `a/b`, `a/b` of `a/b/c`) each deleted key is, with
    // how many of the target's flags it holds: one pass over the target's
    // keys, so DELETE checks stay linear. Views into the target's keys.
    struct Group {
        int count = 0;
        const std::string* example = nullptr;
    };
    std::unordered_map<std::string_view, Group> groups;
    for (const RiskStep& r : steps)
        if (r.kind == kDelete || r.kind == kDeleteRecreated) groups.emplace(r.target->key, Group{});
    if (!groups.empty())
        for (const Flag& flag : target.flags)
            for (std::size_t slash = flag.key.find('/'); slash != std::string::npos;
                 slash = flag.key.find('/', slash + 1)) {
                auto g = groups.find(std::string_view(flag.key).substr(0, slash));
                if (g != groups.end() && g->second.count++ == 0) g->second.example = &flag.key;
            }
    ValueProbes probes(target, steps, regex, limits);
    for (const RiskStep& r : steps) {
        const Step& step = *r.step;
        const Flag* t = r.target;
        const Flag* s = r.source;
        const RiskKind kind = r.kind;
        if (kind == kDelete || kind == kDeleteRecreated) {
            Field value_field = Field::Value;
            if (kind == kDeleteRecreated) {
                std::string message = "type changes from " +
                                      (t->foreign ? t->foreign->type : std::string(flag_type_name(t->type))) +
                                      " to " +
                                      (s ? flag_type_name(s->type) : "?") +
                                      ": the flag is deleted and recreated at the source's default";
                if (t->value_exists)
                    message += "; the target's value " + shown(field_json(*t, Field::Value)) + " cannot survive";
                out.push_back(finding("risk.type_change", Severity::Warning, step, target, Field::Type, message));
            } else if (t->value_exists && has_value_fields(t->type)) {
                out.push_back(finding("risk.delete_with_value", Severity::Warning, step, target, value_field,
                                      "deletes the flag and its value " + shown(field_json(*t, Field::Value))));
            }
            if (t->type == FlagType::Boolean && t->is_kill_switch)
                out.push_back(finding("risk.delete_kill_switch", Severity::Warning, step, target, Field::IsKillSwitch,
                                      "deletes a kill switch"));
            auto group = groups.find(t->key);
            if (group != groups.end() && group->second.count > 0)
                out.push_back(finding("risk.delete_group_prefix", Severity::Warning, step, target, Field::Type,
                                      "deletes a flag whose key is the group of " + std::to_string(group->second.count) +
                                          " other flag(s), e.g. `" + *group->second.example + "`"));
        }
        if (kind == kSchemaUpdate) {
            if (probes_value(step, t, s)) {
                for (const Diagnostic& d : probes.next())
                    if (d.code.rfind("value.", 0) == 0 && d.severity == Severity::Error)
                        out.push_back(finding("risk.value_invalidated", Severity::Warning, step, target, Field::Value,
                                              "this schema change makes the target's value " +
                                                  shown(field_json(*t, Field::Value)) + " invalid (" + d.code +
                                                  ": " + d.message.substr(d.message.find(": ") + 2) + ")"));
            }
            if (s->type == FlagType::AbTest) {
                double moved = std::fabs(s->chance_b_percent - t->chance_b_percent);
                if (moved > options.ab_test_jump_threshold)
                    out.push_back(finding("risk.ab_test_jump", Severity::Warning, step, target, Field::ChanceBPercent,
                                          "chanceBPercent moves from " + js::number_to_string(t->chance_b_percent) +
                                              " to " + js::number_to_string(s->chance_b_percent) + " (" +
                                              js::number_to_string(moved) + " points) in one step"));
            }
        }
        ends.push_back(out.size());
    }
    return out;
}

/// risk.description_only: the source flags no step touches (`touched`, by
/// position) whose description differs from the target's.
Diagnostics description_only(const Snapshot& source, const Snapshot& target, const Plan& plan,
                             const std::vector<bool>& touched) {
    Diagnostics out;
    // The plan's pairing of the flags when it has one (compute_plan), else lookups.
    const bool paired = plan.target_positions.size() == source.flags.size();
    for (std::size_t i = 0; i < source.flags.size(); ++i) {
        if (touched[i]) continue;
        const Flag& s = source.flags[i];
        const Flag* t = paired ? flag_at(target, plan.target_positions[i], s.key) : target.find(s.key);
        if (!t || same_text(t->description, s.description)) continue;
        Diagnostic d;
        d.severity = Severity::Note;
        d.code = "risk.description_only";
        d.message = "flag `" + s.key + "`: only the description differs (" + shown(t->description) + " in the target, " +
                    shown(s.description) + " in the source); FlagFlow never migrates descriptions, so nothing is planned";
        d.file = target.label;
        d.flag_key = s.key;
        d.field = "description";
        out.push_back(std::move(d));
    }
    return out;
}

/// assess_risks() and remember_risks() in one: the findings of `plan`,
/// copied from `memo` where it holds them (RiskMemo::answers()), worked out
/// otherwise; with `record` (remember_risks(): `memo` null), every finding
/// is also recorded there.
Diagnostics assess(const Snapshot& source, const Snapshot& target, const Plan& plan, const RegexEngine& regex,
                   const Limits& limits, const RiskOptions& options, const RiskMemo* memo, RiskMemo* record) {
    Diagnostics out;
    if (!source.readable || !target.readable) return out;
    if (memo && !memo->answers(target, limits, options)) memo = nullptr;
    // Each step with findings to find: its target flag's position and kind,
    // and whether the memo holds them.
    struct Assessed {
        const Step* step;
        std::size_t position;
        RiskKind kind;
        bool remembered;
    };
    std::vector<Assessed> assessed;
    std::vector<RiskStep> fresh;
    std::vector<bool> touched(source.flags.size(), false);
    for (const Step& step : plan.steps) {
        const Flag* s = source_flag(source, step);
        if (s) touched[static_cast<std::size_t>(s - source.flags.data())] = true;
        if (step.mode != StepMode::Delete && step.mode != StepMode::UpdateSchemaDefaultValue) continue;
        const Flag* t = target_flag(target, step);
        const RiskKind kind = risk_kind(plan, step, t, s);
        if (kind == kNoRisk) continue;
        const auto position = static_cast<std::size_t>(t - target.flags.data());
        const bool remembered = memo && memo->kinds[position] == kind;
        assessed.push_back({&step, position, kind, remembered});
        if (!remembered) fresh.push_back({&step, t, s, kind});
    }
    std::vector<std::size_t> ends;
    Diagnostics found = step_risks(target, fresh, regex, limits, options, ends);
    if (record) {
        record->made = true;
        record->limits = limits;
        record->options = options;
        record->target_flags = target.flags.size();
        record->kinds.assign(target.flags.size(), kNoRisk);
        record->ranges.assign(target.flags.size(), {0, 0});
        record->findings.clear();
    }
    std::size_t next_fresh = 0;
    auto remember = [&](const Assessed& a, Diagnostics::const_iterator first, Diagnostics::const_iterator last) {
        record->kinds[a.position] = a.kind;
        record->ranges[a.position] = {record->findings.size(), record->findings.size() + (last - first)};
        record->findings.insert(record->findings.end(), first, last);
    };
    for (const Assessed& a : assessed) {
        if (a.remembered) {
            // Copied from the memo with this plan's step id.
            const auto& range = memo->ranges[a.position];
            const auto first = memo->findings.begin() + static_cast<std::ptrdiff_t>(range.first);
            const auto last = memo->findings.begin() + static_cast<std::ptrdiff_t>(range.second);
            if (record) remember(a, first, last);
            for (auto d = first; d != last; ++d) {
                out.push_back(*d);
                out.back().step_id = a.step->id;
            }
        } else {
            // Worked out for this step: moved, with its step id already.
            const auto first = found.begin() + static_cast<std::ptrdiff_t>(next_fresh == 0 ? 0 : ends[next_fresh - 1]);
            const auto last = found.begin() + static_cast<std::ptrdiff_t>(ends[next_fresh]);
            ++next_fresh;
            if (record) remember(a, first, last);
            out.insert(out.end(), std::make_move_iterator(first), std::make_move_iterator(last));
        }
    }
    if (memo && memo->touched == touched) {
        out.insert(out.end(), memo->description_only.begin(), memo->description_only.end());
    } else {
        Diagnostics notes = description_only(source, target, plan, touched);
        if (record) record->description_only = notes;
        out.insert(out.end(), std::make_move_iterator(notes.begin()), std::make_move_iterator(notes.end()));
    }
    if (record) record->touched = std::move(touched);
    return out;
}

}  // namespace

bool RiskMemo::answers(const Snapshot& target, const Limits& with_limits, const RiskOptions& with) const {
    return made && limits == with_limits && options == with && target_flags == target.flags.size();
}

Diagnostics assess_risks(const Snapshot& source, const Snapshot& target, const Plan& plan,
                         const RegexEngine& regex, const Limits& limits, const RiskOptions& options,
                         const RiskMemo* memo) {
    return assess(source, target, plan, regex, limits, options, memo, nullptr);
}

RiskMemo remember_risks(const Snapshot& source, const Snapshot& target, const Plan& plan, const RegexEngine& regex,
                        const Limits& limits, const RiskOptions& options) {
    RiskMemo memo;
    assess(source, target, plan, regex, limits, options, nullptr, &memo);
    return memo;
}

Diagnostics assess_mass_delete(const Snapshot& target, const Plan& plan, const Selection& selected,
                               bool acknowledged, const GuardOptions& options) {
    Diagnostics out;
    if (!target.readable || target.flags.empty()) return out;
    // Flags the selection removes for good: a DELETE whose key no selected
    // CREATE_DEFAULTVALUE writes again (a type change deletes and recreates).
    std::unordered_set<std::string_view> recreated;
    for (const Step& step : plan.steps)
        if (step.mode == StepMode::CreateDefaultValue && is_selected(selected, step.id)) recreated.insert(step.flag_key);
    int deleted = 0;
    for (const Step& step : plan.steps)
        if (step.mode == StepMode::Delete && is_selected(selected, step.id) && !recreated.count(step.flag_key)) ++deleted;
    const auto total = static_cast<int>(target.flags.size());
    if (deleted < options.mass_delete_minimum || 2 * deleted < total) return out;
    Diagnostic d;
    d.severity = acknowledged ? Severity::Warning : Severity::Error;
    d.code = "guard.mass_delete";
    d.message = "the selection deletes " + std::to_string(deleted) + " of the target's " + std::to_string(total) +
                " flags; is the source the right export? ";
    d.message += acknowledged ? std::string("(acknowledged)")
                              : std::string("Acknowledge it to continue (--allow-mass-delete, or confirm on the page)");
    d.file = target.label;
    out.push_back(std::move(d));
    return out;
}

namespace {

/// Whether two values of a flag of `flag`'s type mean the same: equal, or for
/// OBJECT the same object literal (issue 13: whitespace and quote style are
/// not a lost value; the step list still compares text, as FlagFlow does).
bool same_value_meaning(const Flag& flag, const FlagValue& x, const FlagValue& y, int max_depth) {
    if (x == y) return true;
    if (flag.type != FlagType::Object) return false;
    LiteralJson l = object_literal_to_json(x.text, max_depth), r = object_literal_to_json(y.text, max_depth);
    return !l.json.empty() && l.json == r.json;
}

}  // namespace

Diagnostics assess_value_resets(const Snapshot& source, const Snapshot& target, const Plan& plan,
                                const Selection& selected, const Selection* only) {
    Diagnostics out;
    for (const Step& step : plan.steps) {
        if (step.mode != StepMode::UpdateSchemaDefaultValue || step.keep_stage) continue;
        if (only && !is_selected(*only, step.id)) continue;
        const Flag* t = target_flag(target, step);
        const Flag* s = source_flag(source, step);
        if (!t || !s || !t->value_exists || !has_value_fields(t->type)) continue;
        // The reset lands on a default that means the target's value: nothing is lost.
        if (t->type == s->type && same_value_meaning(*s, s->default_value, t->value, Limits{}.max_object_depth)) continue;
        std::string message = "resets the flag to its default " + shown(field_json(*s, Field::DefaultValue)) +
                              ": the target's value " + shown(field_json(*t, Field::Value)) + " is lost";
        const Step* set = next_dependent(plan, step, StepMode::SetValue);
        if (set) {
            bool on = static_cast<std::size_t>(set->id - 1) < selected.size() && selected[set->id - 1];
            bool restores = s->value_exists && same_value_meaning(*s, s->value, t->value, Limits{}.max_object_depth);
            std::string writes = s->value_exists ? "the source's value " + shown(field_json(*s, Field::Value))
                                                 : "the source's default (valueExists false)";
            std::string id = "SET_VALUE #" + std::to_string(set->id);
            if (on)
                message = restores ? "resets the flag to its default; the selected " + id + " writes " + writes +
                                         " back, restoring the target's value"
                                   : message + "; the selected " + id + " then writes " + writes;
            else
                message += "; " + id + ", which would write " + writes + (restores ? " and restore it" : "") +
                           ", is not selected";
        }
        Diagnostic d;
        d.severity = Severity::Warning;
        d.code = "risk.value_reset";
        d.message = "flag `" + step.flag_key + "`: " + message;
        d.file = target.label;
        d.flag_key = step.flag_key;
        d.field = "value";
        d.step_id = step.id;
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace flagplan
