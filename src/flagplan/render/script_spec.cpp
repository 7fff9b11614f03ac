// apply.sh's and rollback.sh's specs (script_spec.hpp): the requests, their
// notes and pauses, and the expected states after each step.
#include "flagplan/render/script_spec.hpp"

#include <algorithm>
#include <unordered_set>

#include "flagplan/plan/stages.hpp"
#include "flagplan/render/flag_json.hpp"

namespace flagplan {
namespace script_detail {

namespace {

bool selected(const PlanView& p, int id) { return is_selected(p.selected, id); }

FlagState baseline_of(const PlanView& p, const std::string& key) {
    if (const Flag* f = p.baseline.find(key)) return *f;
    return std::nullopt;
}

/// Adds the states of every key of `spec.steps`, starting from `current`
/// (key -> state before step 1; a key not in it has no flag).
void add_states(ScriptSpec& spec, std::unordered_map<std::string, FlagState> current) {
    auto record = [&](const std::string& key, int after) {
        std::string& text = spec.states[key];
        text += text.empty() ? "\n      [" : ",\n      [";
        text += std::to_string(after);
        text += ", ";
        const FlagState& state = current[key];
        if (state) JsonWriter(text, -1, true).flag(*state);
        else text += "null";
        text += ']';
    };
    for (const std::string& key : spec.keys) record(key, 0);
    auto state_of = [&](const std::string& key) -> FlagState& { return current[key]; };
    Step step;  // reused: execute() reads its mode and keys
    for (std::size_t i = 0; i < spec.steps.size(); ++i) {
        const ScriptStep& s = spec.steps[i];
        const int after = static_cast<int>(i) + 1;
        step.mode = s.mode;
        step.flag_key = s.key;
        step.keep_stage = s.keep_stage;
        if (s.mode == StepMode::Rename) step.old_key = s.old_key;
        // The flag object is what the step sends: a SET_VALUE's value, intermediate stages included.
        execute(step, s.flag(), s.description, state_of);
        if (s.mode == StepMode::Rename) record(s.old_key, after);
        record(s.key, after);
    }
}

/// "`dualwrite` (reads the old system, writes both; ...)".
std::string stage_with_meaning(const std::string& stage) {
    std::string meaning = stage_meaning(stage);
    return "`" + stage + "`" + (meaning.empty() ? std::string() : " (" + meaning + ")");
}

/// Marks the stage pauses: after every link of a walk that the next link of
/// the same walk follows, with what the stage means and what to verify.
void add_pauses(ScriptSpec& spec) {
    const std::string total = std::to_string(spec.steps.size());
    for (std::size_t i = 0; i + 1 < spec.steps.size(); ++i) {
        ScriptStep& s = spec.steps[i];
        const ScriptStep& next = spec.steps[i + 1];
        if (!s.stage || !next.stage || next.key != s.key || next.stage->link != s.stage->link + 1) continue;
        // The walk this link belongs to: its first and last link in the script.
        std::size_t first = i, last = i + 1;
        while (first > 0 && spec.steps[first - 1].stage && spec.steps[first - 1].key == s.key &&
               spec.steps[first - 1].stage->link + 1 == spec.steps[first].stage->link)
            --first;
        while (last + 1 < spec.steps.size() && spec.steps[last + 1].stage && spec.steps[last + 1].key == s.key &&
               spec.steps[last + 1].stage->link == spec.steps[last].stage->link + 1)
            ++last;
        const std::string& reached = s.stage->to;
        std::string meaning = stage_meaning(reached);
        s.pause = "Stage reached: " + s.key + " is now `" + reached + "` (link " + std::to_string(s.stage->link) +
                  " of " + std::to_string(s.stage->links) + " of its walk `" + spec.steps[first].stage->from +
                  "` -> `" + spec.steps[last].stage->to + "`).\n";
        if (!meaning.empty()) s.pause += "  " + reached + ": " + meaning + ".\n";
        s.pause += "Verify before continuing: " + stage_check(reached) + ".\n";
        s.pause += "Next: step " + std::to_string(i + 2) + "/" + total + " moves it to " +
                   stage_with_meaning(next.stage->to) + ".\n";
    }
}

/// Notes that say what a step does beyond its field changes.
void add_notes(ScriptSpec& spec, const PlanView* plan) {
    // Key -> its last unselected SET_VALUE step, indexed once (a scan per
    // step was quadratic on large plans).
    std::unordered_map<std::string, int> unselected_set;
    if (plan)
        for (const Step& ps : plan->plan.steps)
            if (ps.mode == StepMode::SetValue && !selected(*plan, ps.id)) unselected_set[ps.flag_key] = ps.id;
    for (std::size_t i = 0; i < spec.steps.size(); ++i) {
        ScriptStep& s = spec.steps[i];
        auto later = [&](StepMode mode) -> int {
            for (std::size_t j = i + 1; j < spec.steps.size() && spec.steps[j].key == s.key; ++j)
                if (spec.steps[j].mode == mode) return static_cast<int>(j) + 1;
            return 0;
        };
        std::string total = std::to_string(spec.steps.size());
        switch (s.mode) {
            case StepMode::CreateDefaultValue:
            case StepMode::UpdateSchemaDefaultValue: {
                bool has_value = s.flag() && has_value_fields(s.flag()->type);
                s.notes.push_back(s.mode == StepMode::CreateDefaultValue
                                      ? "creates the flag with this schema and description"
                                      : "overwrites schema and description");
                if (!has_value) break;
                int set = later(StepMode::SetValue);
                if (set) {
                    s.notes.push_back("stores valueExists false (the default value); step " + std::to_string(set) +
                                      "/" + total + " then sets the value");
                } else {
                    std::string why = "no SET_VALUE step follows";
                    auto unselected = unselected_set.find(s.key);
                    if (unselected != unselected_set.end())
                        why = "its SET_VALUE step #" + std::to_string(unselected->second) + " is not selected";
                    s.notes.push_back("stores valueExists false: the flag uses its default value (" + why + ")");
                }
                break;
            }
            case StepMode::SetValue:
                if (s.stage) {
                    const bool intermediate = s.stage->link < s.stage->links;
                    s.notes.push_back(std::string(spec.rollback ? "walking back, stage " : "stage walk, link ") +
                                      std::to_string(s.stage->link) + "/" + std::to_string(s.stage->links) + ": " +
                                      s.stage->from + " -> " + s.stage->to +
                                      (intermediate ? "; writes valueExists true and this stage"
                                                    : spec.rollback ? "; writes the value the flag had before the walk"
                                                                    : "; writes the source's own valueExists and value"));
                    if (!s.pause.empty())
                        s.notes.push_back("then pauses for you to verify this stage before step " +
                                          std::to_string(i + 2) + "/" + total);
                } else {
                    s.notes.push_back("writes valueExists and value only");
                }
                break;
            case StepMode::Delete: {
                int create = later(StepMode::CreateDefaultValue);
                s.notes.push_back(create ? "deletes the flag; step " + std::to_string(create) + "/" + total +
                                               " creates it again with its new type"
                                         : "deletes the flag");
                break;
            }
            case StepMode::Rename:
                s.notes.push_back("flagplan's step, not one of FlagFlow's step modes: FlagFlow's rename operation "
                                  "(POST /ui-rpc/flag.rename) moves the flag to its new key with its schema and value");
                s.notes.push_back(spec.rollback ? "sends the description the flag had before the apply"
                                                : "sends the source flag's description");
                break;
        }
    }
}

}  // namespace

ScriptSpec apply_spec(const PlanView& p) {
    ScriptSpec spec;
    spec.plan = &p;
    spec.keys = drift_guard_keys(p);
    std::unordered_map<std::string, FlagState> initial;
    for (const std::string& key : spec.keys) initial[key] = baseline_of(p, key);
    spec.steps.reserve(static_cast<std::size_t>(std::count(p.selected.begin(), p.selected.end(), true)));
    for (const Step& step : p.plan.steps) {
        if (!selected(p, step.id)) continue;
        ScriptStep s;
        s.request_id = step.id;
        s.mode = step.mode;
        s.key = step.flag_key;
        const Flag* source = p.source_flags.find(step.flag_key);
        if (step.mode == StepMode::Rename) {
            s.old_key = step.old_key;
            s.description = source ? source->description : std::string();
        } else {
            // Every link of a walk but the last sends its intermediate stage (a copy).
            s.plan_flag = sent_as_is(step, source);
            if (!s.plan_flag) s.own_flag = sent_flag(step, source);
        }
        s.plan_changes = &step.changes;
        s.stage = step.stage;
        s.keep_stage = step.keep_stage;
        spec.steps.push_back(std::move(s));
    }
    add_pauses(spec);
    add_notes(spec, &p);
    add_states(spec, std::move(initial));
    return spec;
}

namespace {

Snapshot one_flag(const FlagState& state) {
    Snapshot s;
    if (state) {
        s.add(*state);
    }
    return s;
}

/// The value fields that differ between two states of a flag, as changes.
std::vector<FieldChange> value_moves(const Flag& from, const Flag& to) {
    std::vector<FieldChange> out;
    if (from.value_exists != to.value_exists) out.push_back({"valueExists", from.value_exists, to.value_exists});
    out.push_back({"value", field_json(from, Field::Value), field_json(to, Field::Value)});
    return out;
}

}  // namespace

/// Undoes the selected steps: for every touched key, from the state the apply
/// leaves back to the baseline, keys in the reverse order of their last step.
/// A stage walk is walked back link by link first (reverse order); a renamed
/// flag gets its value back under its new key and is then renamed back.
ScriptSpec rollback_spec(const PlanView& p) {
    ScriptSpec spec;
    spec.rollback = true;
    spec.plan = &p;
    // Run the selected steps: what each key ends as, where its walk started,
    // which RENAME made it.
    // (Looked up by key only, never iterated: hash maps.)
    std::unordered_map<std::string, FlagState> state;
    state.reserve(p.touched.size());
    for (const std::string& key : p.touched) state[key] = baseline_of(p, key);
    std::unordered_map<std::string, FlagState> before_walk;
    std::unordered_map<std::string, std::vector<const Step*>> walk;
    std::unordered_map<std::string, const Step*> renamed;
    std::vector<std::pair<int, std::string>> last;  // (last selected step id, key)
    std::unordered_map<std::string, std::size_t> last_index;
    for (const Step& step : p.plan.steps) {
        if (!selected(p, step.id)) continue;
        auto it = last_index.find(step.flag_key);
        if (it == last_index.end()) {
            last_index.emplace(step.flag_key, last.size());
            last.push_back({step.id, step.flag_key});
        } else {
            last[it->second].first = step.id;
        }
        const Flag* source = p.source_flags.find(step.flag_key);
        if (step.mode == StepMode::Rename) {
            renamed[step.flag_key] = &step;
        } else if (step.stage) {
            if (walk[step.flag_key].empty()) before_walk[step.flag_key] = state[step.flag_key];
            walk[step.flag_key].push_back(&step);
        }
        execute(step, source, source ? source->description : std::string(),
                [&](const std::string& k) -> FlagState& { return state[k]; });
    }
    std::sort(last.begin(), last.end(), [](const auto& a, const auto& b) { return a.first > b.first; });

    std::unordered_map<std::string, FlagState> initial;
    for (const auto& [id, key] : last) {
        (void)id;
        const Step* rename = renamed.count(key) ? renamed[key] : nullptr;
        FlagState applied = state[key];
        // Where `key` goes back to: its baseline, or for a renamed flag the
        // state the RENAME left (the target's flag under the new key).
        FlagState origin = baseline_of(p, key);
        if (rename) {
            const Flag* source = p.source_flags.find(key);
            origin = apply_rename(baseline_of(p, rename->old_key), std::nullopt, key,
                                  source ? source->description : std::string())
                         .new_state;
        }
        if (applied) applied->key = key;
        if (origin) origin->key = key;
        std::vector<ScriptStep> unit;
        FlagState current = applied;

        // 1. The walk back, link by link, in reverse order.
        const std::vector<const Step*>& links = walk[key];
        const FlagState& start = before_walk[key];
        const int m = static_cast<int>(links.size());
        for (int j = m; j >= 1 && current && start; --j) {
            FlagState to = current;
            std::string stage;
            if (j >= 2) {
                stage = links[j - 2]->stage->to;
                to = at_stage(current, stage);
            } else {
                stage = current_stage(*start);
                to->value_exists = start->value_exists;
                to->value = start->value;
            }
            ScriptStep s;
            s.mode = StepMode::SetValue;
            s.key = key;
            s.own_flag = to;
            s.changes = value_moves(*current, *to);
            s.stage = StageMove{links[j - 1]->stage->to, stage, m - j + 1, m};
            unit.push_back(std::move(s));
            current = to;
        }

        // 2. The rest: FlagFlow's planner from where the walk back ends to the origin.
        Plan undo = compute_plan(one_flag(origin), one_flag(current));
        // The planner does not compare descriptions; UPDATE_SCHEMA_DEFAULTVALUE is
        // the only step that writes one. (An apply cannot change a description
        // without changing the schema, so this is a safety net.)
        if (undo.steps.empty() && current && origin && current->type == origin->type &&
            !same_flag(*current, *origin)) {
            Step update;
            update.id = 1;
            update.mode = StepMode::UpdateSchemaDefaultValue;
            update.flag_key = key;
            update.changes.push_back({"description", current->description, origin->description});
            undo.steps.push_back(update);
            if (has_value_fields(origin->type)) {
                Step set;
                set.id = 2;
                set.mode = StepMode::SetValue;
                set.flag_key = key;
                set.dependent_id = 1;
                set.indent = 1;
                set.changes.push_back({"valueExists", false, origin->value_exists});
                set.changes.push_back({"value", field_json(*current, Field::Value), field_json(*origin, Field::Value)});
                undo.steps.push_back(set);
            }
        }
        // A plan that walks stages walks the rollback's stage jumps too.
        if (p.walk_stages) {
            undo = keep_stages(one_flag(origin), one_flag(current), std::move(undo));
            undo = walk_stages(one_flag(origin), one_flag(current), std::move(undo));
        }
        for (const Step& u : undo.steps) {
            ScriptStep s;
            s.mode = u.mode;
            s.key = key;
            s.own_flag = sent_flag(u, origin ? &*origin : nullptr);
            s.changes = u.changes;
            s.stage = u.stage;
            s.keep_stage = u.keep_stage;
            unit.push_back(std::move(s));
        }

        // 3. The rename back, with the description the flag had.
        if (rename) {
            FlagState original = baseline_of(p, rename->old_key);
            ScriptStep s;
            s.mode = StepMode::Rename;
            s.key = rename->old_key;
            s.old_key = key;
            s.description = original ? original->description : std::string();
            s.changes.push_back({"key", key, rename->old_key});
            unit.push_back(std::move(s));
        }
        if (unit.empty()) continue;
        spec.keys.push_back(key);
        initial[key] = applied;
        if (rename) {
            spec.keys.push_back(rename->old_key);
            initial[rename->old_key] = state[rename->old_key];
        }
        for (ScriptStep& s : unit) {
            s.request_id = static_cast<int>(spec.steps.size()) + 1;
            spec.steps.push_back(std::move(s));
        }
    }
    add_pauses(spec);
    add_notes(spec, nullptr);
    add_states(spec, std::move(initial));
    return spec;
}

}  // namespace script_detail

std::vector<std::string> drift_guard_keys(const PlanView& plan) {
    std::vector<std::string> keys;
    std::unordered_set<std::string_view> seen;
    auto add = [&](const std::string& key) {
        if (seen.insert(key).second) keys.push_back(key);
    };
    for (const Step& step : plan.plan.steps) {
        if (!is_selected(plan.selected, step.id)) continue;
        add(step.flag_key);
        if (step.mode == StepMode::Rename) add(step.old_key);
    }
    return keys;
}

}  // namespace flagplan
