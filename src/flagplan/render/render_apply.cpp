// apply.sh and rollback.sh (docs/apply-script.md). The text of both is
// templates/script.sh.in (bash, embedded at build time): a header comment,
// the plan's facts, one function per step whose request body is a quoted
// heredoc (data, never shell code), the expected state of every touched
// flag, then the machinery, which is the same text in every script, and
// `main "$@"` as the last line (a truncated download runs nothing). This
// file decides what goes into the placeholders.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "flagplan/render/flag_json.hpp"
#include "flagplan/planfile/plan_file.hpp"
#include "flagplan/plan/executor.hpp"
#include "flagplan/plan/stages.hpp"
#include "flagplan/render/script_template.hpp"  // generated from templates/script.sh.in

namespace flagplan {

namespace {

using ojson = nlohmann::ordered_json;

struct ScriptStep {
    int request_id = 0;  ///< the step id sent to FlagFlow
    StepMode mode = StepMode::SetValue;
    std::string key;          ///< the key the step writes (RENAME: the new key, FlagFlow's recentKey)
    std::string old_key;      ///< RENAME: the key renamed (oldKey)
    std::string description;  ///< RENAME: the description sent
    /// The flag object sent (none for DELETE and RENAME): flag() is
    /// `own_flag` when set, else `plan_flag` (a flag of the plan's
    /// snapshots, not copied: sent_as_is()).
    FlagState own_flag;
    const Flag* plan_flag = nullptr;
    const Flag* flag() const { return own_flag ? &*own_flag : plan_flag; }
    /// What the step changes, as the script's comments list it: the plan
    /// step's own (`plan_changes`, not copied) when set, else `changes`.
    std::vector<FieldChange> changes;
    const std::vector<FieldChange>* plan_changes = nullptr;
    const std::vector<FieldChange>& shown_changes() const { return plan_changes ? *plan_changes : changes; }
    std::vector<std::string> notes;
    std::optional<StageMove> stage;  ///< a link of a stage walk
    /// UPDATE_SCHEMA_DEFAULTVALUE keeping the target's stage (Step::keep_stage):
    /// a SET_VALUE writing it back goes in the same request.
    std::optional<std::string> keep_stage;
    std::string pause;               ///< the stage pause after this step ("" = none)
};

struct ScriptSpec {
    bool rollback = false;
    const PlanView* plan = nullptr;
    std::vector<ScriptStep> steps;
    std::vector<std::string> keys;  ///< touched keys, in order of their first step
    /// key -> its expected states as states_json() lists them, one line per
    /// "[position after which the state holds (0 = before step 1), state]",
    /// each line after a newline (and a comma but the first).
    std::unordered_map<std::string, std::string> states;
};

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

// ---------------------------------------------------------------------------
// Text helpers

/// Appends `text` as a single-quoted shell word: nothing inside is expanded.
void append_sq(std::string& out, std::string_view text) {
    out += '\'';
    for (std::size_t start = 0;;) {
        std::size_t quote = text.find('\'', start);
        out.append(text.substr(start, quote == std::string_view::npos ? quote : quote - start));
        if (quote == std::string_view::npos) break;
        out += "'\\''";
        start = quote + 1;
    }
    out += '\'';
}

std::string sq(const std::string& text) {
    std::string out;
    append_sq(out, text);
    return out;
}

/// At most `max` bytes, cut at a character boundary, "..." when cut.
std::string shorten(const std::string& text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
    return text.substr(0, cut) + "...";
}

/// A field change's value for a comment: one line of visible JSON, at most
/// 160 bytes. `scratch` is reused from call to call.
void append_shown(std::string& out, const nlohmann::json& value, std::string& scratch) {
    if (value.is_null()) {
        out += "(none)";
        return;
    }
    scratch.clear();
    JsonWriter(scratch, -1, true).value(value);
    out += shorten(scratch, 160);
}

std::uint32_t fnv1a(const std::string& text) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : text) {
        h ^= c;
        h *= 16777619u;
    }
    return h;
}

bool has_line(std::string_view text, std::string_view line) {
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (text.compare(start, end - start, line) == 0 && end - start == line.size()) return true;
        start = end + 1;
    }
    return false;
}

/// A heredoc delimiter `PREFIX_XXXX` that is no line of `body` (checked, not assumed).
std::string delimiter(std::string_view prefix, const std::string& body) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string d;
    for (std::uint32_t h = fnv1a(body);; ++h) {
        d.assign(prefix);
        d += '_';
        for (int shift = 12; shift >= 0; shift -= 4) d += kHex[(h >> shift) & 0xf];
        if (!has_line(body, d)) return d;
    }
}

/// Lines of text, each shown as visible_text() shows it (no trailing newline).
std::string visible_lines(const std::string& text) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out += (out.empty() ? "" : "\n") + visible_text(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

/// An export's environment as the header names it.
std::string export_environment(const ExportInfo& info) {
    return visible_text(info.environment.empty() ? "(empty)" : info.environment);
}

/// "examples/staging.json (environment staging, FlagFlow 1.7.1, exported ..., 43 flags)".
std::string export_line(const ExportInfo& info) {
    return visible_text(info.label) + " (environment " + export_environment(info) + ", FlagFlow " +
           visible_text(info.version) + ", exported " + visible_text(info.created_at) + ", " +
           std::to_string(info.flag_count) + " flags)";
}

constexpr StepMode kFlagFlowModes[] = {StepMode::CreateDefaultValue, StepMode::UpdateSchemaDefaultValue,
                                       StepMode::SetValue, StepMode::Delete};


int count_mode(const std::vector<ScriptStep>& steps, StepMode mode) {
    return static_cast<int>(
        std::count_if(steps.begin(), steps.end(), [&](const ScriptStep& s) { return s.mode == mode; }));
}

std::string counts_text(const std::vector<ScriptStep>& steps) {
    std::string out;
    for (StepMode m : kFlagFlowModes) {
        if (!out.empty()) out += ", ";
        out += std::to_string(count_mode(steps, m)) + " " + step_mode_name(m);
    }
    if (int renames = count_mode(steps, StepMode::Rename))
        out += ", " + std::to_string(renames) + " RENAME (flagplan's)";
    return out;
}

/// Stage walks in the script (a walk = its links) and pauses between links.
struct WalkCount {
    int walks = 0;
    int pauses = 0;
    std::string pause_steps;  ///< "10 11 12": the steps a pause follows
};

WalkCount count_walks(const ScriptSpec& spec) {
    WalkCount c;
    for (std::size_t i = 0; i < spec.steps.size(); ++i) {
        const ScriptStep& s = spec.steps[i];
        if (s.stage && (i == 0 || spec.steps[i - 1].pause.empty())) ++c.walks;
        if (!s.pause.empty()) {
            ++c.pauses;
            c.pause_steps += (c.pause_steps.empty() ? "" : " ") + std::to_string(i + 1);
        }
    }
    return c;
}

/// The request body `s` sends, as visible_json() with indent 2 shows it,
/// into `out` (cleared first): FlagFlow's rename operation (tRPC
/// flag.rename) for a RENAME, else its migration executor with one step.
void request_body(const ScriptStep& s, std::string& out) {
    out.clear();
    JsonWriter w(out, 2, true);
    w.begin_object().key("json").begin_object();
    if (s.mode == StepMode::Rename) {
        w.key("oldKey").string(s.old_key);
        w.key("recentKey").string(s.key);
        w.key("description").string(s.description);
    } else {
        w.key("steps").begin_array().begin_object();
        w.key("id").number(s.request_id);
        w.key("mode").string(step_mode_name(s.mode));
        w.key("flagKey").string(s.key);
        if (s.mode != StepMode::Delete && s.flag()) w.key("flag").flag(*s.flag());
        w.end_object();
        if (s.keep_stage && s.flag()) {
            // The target's stage written back in the same request (Step::keep_stage).
            w.begin_object();
            w.key("id").number(s.request_id);
            w.key("mode").string(step_mode_name(StepMode::SetValue));
            w.key("flagKey").string(s.key);
            w.key("flag").flag(*at_stage(*s.flag(), *s.keep_stage));
            w.end_object();
        }
        w.end_array();
    }
    w.end_object().end_object();
}

/// expected_states' JSON: {"environment", "flags": {key: [[after step, state], ...]}},
/// each state one line of visible JSON (null = no such flag). Takes each
/// key's lines out of spec.states as it writes them (freed at once), into a
/// text sized once: the states of 100k flags are 7 MB, and a copy of them at
/// each doubling was the script's largest transient.
std::string states_json(ScriptSpec& spec) {
    const PlanView& p = *spec.plan;
    std::size_t size = 64 + p.target.environment.size();
    for (const auto& [key, lines] : spec.states) size += 2 * key.size() + lines.size() + 24;
    std::string out;
    out.reserve(size);
    out = "{\n  \"environment\": ";
    append_json_string(out, p.target.environment, true);
    out += ",\n  \"flags\": {";
    bool first_key = true;
    for (const std::string& key : spec.keys) {
        out += first_key ? "\n    " : ",\n    ";
        first_key = false;
        append_json_string(out, key, true);
        out += ": [";
        auto lines = spec.states.find(key);
        if (lines == spec.states.end()) throw std::out_of_range("states_json: no states for a touched key");
        out += lines->second;
        spec.states.erase(lines);
        out += "\n    ]";
    }
    out += first_key ? "}\n}" : "\n  }\n}";
    return out;
}

// ---------------------------------------------------------------------------
// The script text: templates/script.sh.in, embedded at build time
// (cmake/embed_template.cmake -> kScriptTemplate). This file only fills it in.

/// One `#@section NAME` of the template (the text up to the next section).
std::string_view template_section(std::string_view name) {
    const std::string_view text(kScriptTemplate, sizeof(kScriptTemplate) - 1);
    if (name.empty()) return text.substr(0, text.find("\n#@section ") + 1);
    const std::string marker = "#@section " + std::string(name) + "\n";
    std::size_t start = text.find(marker);
    if (start == std::string_view::npos) throw std::logic_error("script.sh.in has no section " + std::string(name));
    start += marker.size();
    std::size_t end = text.find("\n#@section ", start - 1);
    return text.substr(start, end == std::string_view::npos ? end : end + 1 - start);
}

/// A placeholder's text appended to `out` (`context` is the caller's lambda).
using FillValue = void (*)(const void* context, std::string_view name, std::string& out);
/// Whether a #@if condition holds (`context` is the caller's lambda).
using FillHolds = bool (*)(const void* context, std::string_view cond);

/// fill()'s work, compiled once: the lambdas come in through pointers, so
/// the section walk is not inlined again at each of render_script's calls
/// (that had made render_script the module's largest function, ~20 KB).
void fill_section(std::string& out, std::string_view section, FillValue value, const void* value_context,
                  FillHolds holds, const void* holds_context) {
    std::size_t start = 0;
    while (start < section.size()) {
        std::size_t end = section.find('\n', start);
        if (end == std::string_view::npos) end = section.size();
        std::string_view line = section.substr(start, end - start);
        start = end + 1;
        if (line.substr(0, 3) == "#@#") continue;
        if (line.substr(0, 5) == "#@if:") {
            std::size_t space = line.find(' ');
            if (!holds(holds_context, line.substr(5, space - 5))) continue;
            line.remove_prefix(space + 1);
        } else if (line.substr(0, 3) == "#@@") {
            line.remove_prefix(1);  // a block: lines of text, or nothing
        }
        for (std::size_t at = 0;;) {
            std::size_t open = line.find("@@", at);
            if (open == std::string_view::npos) {
                out.append(line.substr(at));
                break;
            }
            std::size_t close = line.find("@@", open + 2);
            out.append(line.substr(at, open - at));
            value(value_context, line.substr(open + 2, close - open - 2), out);
            at = close + 2;
        }
        out += '\n';
    }
}

/// Appends `section` with its placeholders filled: `value(name)` for
/// @@name@@, `holds(cond)` for the lines marked #@if:cond (the template's
/// syntax is described at its top).
template <class Value, class Holds>
void fill(std::string& out, std::string_view section, const Value& value, const Holds& holds) {
    fill_section(
        out, section,
        [](const void* context, std::string_view name, std::string& text) {
            text += (*static_cast<const Value*>(context))(name);
        },
        &value, [](const void* context, std::string_view cond) { return (*static_cast<const Holds*>(context))(cond); },
        &holds);
}

/// The script of `spec`, handed to `sink` in parts of about kPartBytes
/// (each ends after a function of steps; the expected states are a part of
/// their own). Memory: a script made as one growing string is copied at
/// each doubling, about 3x its size next to the spec at the last one; in
/// parts it is never copied, each part is freed once the sink has it (the
/// CLI writes it out, the WebAssembly module hands it to JavaScript), and
/// the spec's steps and states are freed once written.
void render_script(ScriptSpec spec, const PartSink& sink) {
    const PlanView& p = *spec.plan;
    const bool rollback = spec.rollback;
    const std::string count = std::to_string(spec.steps.size());
    const std::string flag_count = std::to_string(spec.keys.size());
    const WalkCount walks = count_walks(spec);
    const int renames = count_mode(spec.steps, StepMode::Rename);
    constexpr std::size_t kPartBytes = std::size_t(1) << 20;
    std::string out;
    out.reserve(kPartBytes);
    auto never = [](std::string_view) { return false; };
    auto none = [](std::string_view name) -> std::string {
        throw std::logic_error("script.sh.in: unknown placeholder " + std::string(name));
    };

    // Header and the plan's facts.
    std::string review, plan_line;
    {
        const SelectionSummary selection = summarize_selection(p.plan, p.selected, p.diagnostics, p.blocked);
        plan_line = selection.plan_line;
        if (!selection.finding_counts.empty()) {
            int total = 0;
            std::string list;
            for (const RuleCount& c : selection.finding_counts) {
                total += c.count;
                list += (list.empty() ? "" : ", ") + std::to_string(c.count) + " " + c.code;
            }
            review = std::to_string(total) + " finding(s) for the selected steps: " + list;
        }
    }
    std::string summary = std::string("flagplan ") + (rollback ? "rollback of the " : "") + mode_name(p.mode) +
                          " " + export_environment(p.source) + " -> " + export_environment(p.target) + ": " +
                          count + " step(s), " + flag_count + " flag(s)";
    if (renames) summary += ", " + std::to_string(renames) + " RENAME";
    if (walks.walks)
        summary += ", " + std::to_string(walks.walks) + " stage walk(s) with " + std::to_string(walks.pauses) +
                   " pause(s)";
    const std::string environment = visible_json(ojson(p.target.environment));
    fill(out, template_section(""), none, never);
    fill(out, template_section("header"),
         [&](std::string_view name) -> std::string {
             if (name == "mode") return mode_name(p.mode);
             if (name == "env_from") return export_environment(p.source);
             if (name == "env_to") return export_environment(p.target);
             if (name == "walk_verb") return rollback ? "walks back" : "moves";
             if (name == "source") return export_line(p.source);
             if (name == "target") return export_line(p.target);
             if (name == "step_count") return count;
             if (name == "step_counts")
                 return counts_text(spec.steps) +
                        (rollback ? "" : " (" + count + " of " + std::to_string(p.plan.steps.size()) + " steps selected)");
             if (name == "flag_count") return flag_count;
             if (name == "walk_count") return std::to_string(walks.walks);
             if (name == "pause_count") return std::to_string(walks.pauses);
             if (name == "review") return review;
             if (name == "plan_line") return plan_line;
             if (name == "comment") return visible_text(p.comment);
             if (name == "made") return p.generated_at.empty() ? std::string() : " " + visible_text(p.generated_at);
             if (name == "generator") return visible_text(p.generator);
             if (name == "format") return rollback ? "rollback" : "sh";
             if (name == "name") return rollback ? "rollback.sh" : "apply.sh";
             if (name == "verb") return rollback ? "'roll back'" : "apply";
             if (name == "verb_title") return rollback ? "'Roll back'" : "Apply";
             if (name == "stage_pauses") return walks.pause_steps.empty() ? "''" : sq(walks.pause_steps);
             if (name == "step_ids") {  // the plan's step numbers, as ranges: '1-4 7 9-20'
                 std::string ranges;
                 for (std::size_t i = 0, j = 0; i < spec.steps.size(); i = ++j) {
                     while (j + 1 < spec.steps.size() && spec.steps[j + 1].request_id == spec.steps[j].request_id + 1)
                         ++j;
                     if (!ranges.empty()) ranges += ' ';
                     ranges += std::to_string(spec.steps[i].request_id);
                     if (j > i) ranges += "-" + std::to_string(spec.steps[j].request_id);
                 }
                 return ranges.empty() ? "''" : sq(ranges);
             }
             if (name == "summary_delimiter") return delimiter("FLAGPLAN_SUMMARY", summary);
             if (name == "summary") return summary;
             if (name == "environment_delimiter") return delimiter("FLAGPLAN_ENVIRONMENT", environment);
             if (name == "environment") return environment;
             throw std::logic_error("script.sh.in: unknown placeholder " + std::string(name));
         },
         [&](std::string_view cond) {
             if (cond == "apply") return !rollback;
             if (cond == "rollback") return rollback;
             if (cond == "apply_renames") return !rollback && renames > 0;
             if (cond == "rollback_renames") return rollback && renames > 0;
             if (cond == "walks") return walks.walks > 0;
             if (cond == "review") return !review.empty();
             if (cond == "comment") return !p.comment.empty();
             throw std::logic_error("script.sh.in: unknown condition " + std::string(cond));
         });

    // Steps, in functions of kStepsPerFunction: bash copies a function's whole
    // body each time it runs it, so one function holding every step would
    // make a run quadratic in the number of steps.
    constexpr std::size_t kStepsPerFunction = 32;  // also in script.sh.in's step()
    auto function_name = [&](std::size_t c) {
        std::size_t first = c * kStepsPerFunction + 1,
                    last = std::min(spec.steps.size(), first + kStepsPerFunction - 1);
        return "steps_" + std::to_string(first) + "_to_" + std::to_string(last);
    };
    const std::size_t functions = (spec.steps.size() + kStepsPerFunction - 1) / kStepsPerFunction;
    const std::string_view dispatch = template_section("dispatch"), function = template_section("function"),
                           step_comment = template_section("step"), step_change = template_section("step-change"),
                           step_note = template_section("step-note"), step_case = template_section("step-case"),
                           step_pause = template_section("step-pause"), step_end = template_section("step-end"),
                           function_end = template_section("function-end");
    for (std::size_t c = 0; c < functions; ++c)
        fill(out, dispatch,
             [&](std::string_view name) { return name == "index" ? std::to_string(c) : function_name(c); }, never);
    fill(out, template_section("dispatch-end"), none, never);
    std::string title, body, scratch, shown;  // reused from step to step
    for (std::size_t i = 0; i < spec.steps.size(); ++i) {
        if (i % kStepsPerFunction == 0)
            fill(out, function, [&](std::string_view) { return function_name(i / kStepsPerFunction); }, never);
        const ScriptStep& s = spec.steps[i];
        const std::string n = std::to_string(i + 1);
        title.assign(step_mode_name(s.mode));
        title += ' ';
        if (s.mode == StepMode::Rename) title.append(s.old_key).append(" -> ");
        title += s.key;
        if (s.stage)
            title += " (stage " + std::to_string(s.stage->link) + "/" + std::to_string(s.stage->links) + ": " +
                     s.stage->from + " -> " + s.stage->to + ")";
        const std::string shown_title = visible_text(title);
        fill(out, step_comment,
             [&](std::string_view name) -> std::string {
                 if (name == "n") return n;
                 if (name == "step_count") return count;
                 return rollback ? shown_title
                                 : shown_title + " (plan step #" + std::to_string(s.request_id) + ")";
             },
             never);
        if (s.mode != StepMode::Delete)
            for (const FieldChange& change : s.shown_changes()) {
                shown.clear();
                if (!change.from.is_null()) {
                    append_shown(shown, change.from, scratch);
                    shown += " -> ";
                }
                append_shown(shown, change.to, scratch);
                fill(out, step_change,
                     [&](std::string_view name) -> std::string_view {
                         return name == "field" ? std::string_view(change.field) : std::string_view(shown);
                     },
                     never);
            }
        for (const std::string& note : s.notes)
            fill(out, step_note, [&](std::string_view) -> std::string_view { return note; }, never);
        request_body(s, body);
        fill(out, step_case,
             [&](std::string_view name) -> std::string {
                 if (name == "n") return n;
                 if (name == "title_word") return sq(shown_title);
                 if (name == "journal_word") {  // the step's fields in the journal's request lines
                     std::string fields = "\"id\":" + std::to_string(s.request_id) + ",\"mode\":";
                     append_json_string(fields, step_mode_name(s.mode), true);
                     fields += ",\"flagKey\":";
                     append_json_string(fields, s.key, true);
                     if (s.mode == StepMode::Rename) {
                         fields += ",\"oldKey\":";
                         append_json_string(fields, s.old_key, true);
                     }
                     return sq(fields);
                 }
                 if (name == "body_delimiter") return delimiter("FLAGPLAN_STEP_" + n, body);
                 return body;
             },
             [&](std::string_view) { return s.mode == StepMode::Rename; });
        if (!s.pause.empty()) {
            const std::string pause = visible_lines(s.pause);
            fill(out, step_pause,
                 [&](std::string_view name) {
                     return name == "pause" ? pause : delimiter("FLAGPLAN_PAUSE_" + n, pause);
                 },
                 never);
        }
        fill(out, step_end, none, never);
        if (i % kStepsPerFunction == kStepsPerFunction - 1 || i + 1 == spec.steps.size()) {
            fill(out, function_end, none, never);
            if (out.size() >= kPartBytes) {
                sink(std::move(out));
                out = std::string();
                out.reserve(kPartBytes + kPartBytes / 8);
            }
        }
    }
    std::vector<ScriptStep>().swap(spec.steps);
    {
        std::string states = states_json(spec);  // takes each key's lines out of spec.states
        const std::string states_delimiter = delimiter("FLAGPLAN_STATES", states);
        // The states are a part of their own, not copied into `out`: what
        // precedes them goes to the sink first, then they do, and `out`
        // starts again after them (fill() only appends to `out`).
        fill(out, template_section("states"),
             [&](std::string_view name) -> std::string_view {
                 if (name != "states") return states_delimiter;
                 if (!out.empty()) sink(std::move(out));
                 out = std::string();
                 if (!states.empty()) sink(std::move(states));
                 return {};
             },
             [&](std::string_view cond) { return cond == "apply" ? !rollback : rollback; });
        fill(out, template_section("machinery"), none, never);
    }
    sink(std::move(out));
}

}  // namespace

void render_apply_script_parts(const PlanView& plan, const PartSink& sink) { render_script(apply_spec(plan), sink); }

void render_rollback_script_parts(const PlanView& plan, const PartSink& sink) {
    render_script(rollback_spec(plan), sink);
}

std::string render_apply_script(const PlanView& plan) {
    TextParts parts;
    render_apply_script_parts(plan, collect_into(parts));
    return join_parts(std::move(parts));
}

std::string render_rollback_script(const PlanView& plan) {
    TextParts parts;
    render_rollback_script_parts(plan, collect_into(parts));
    return join_parts(std::move(parts));
}

std::string render_apply_script(const PlanFile& plan) { return render_apply_script(view_of(plan)); }

std::string render_rollback_script(const PlanFile& plan) { return render_rollback_script(view_of(plan)); }

std::vector<std::string> drift_guard_keys(const PlanView& plan) {
    std::vector<std::string> keys;
    std::unordered_set<std::string_view> seen;
    auto add = [&](const std::string& key) {
        if (seen.insert(key).second) keys.push_back(key);
    };
    for (const Step& step : plan.plan.steps) {
        if (!selected(plan, step.id)) continue;
        add(step.flag_key);
        if (step.mode == StepMode::Rename) add(step.old_key);
    }
    return keys;
}

}  // namespace flagplan
