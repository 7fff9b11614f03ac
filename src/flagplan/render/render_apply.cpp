// apply.sh and rollback.sh (docs/apply-script.md). Both are one template:
// a header comment, the plan's facts, one function per step whose request
// body is a quoted heredoc (data, never shell code), the expected state of
// every touched flag, then the machinery, which is the same text in every
// script, and `main "$@"` as the last line (a truncated download runs
// nothing).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "flagplan/render/flag_json.hpp"
#include "flagplan/planfile/plan_file.hpp"
#include "flagplan/plan/stages.hpp"

namespace flagplan {

namespace {

using ojson = nlohmann::ordered_json;

struct ScriptStep {
    int request_id = 0;  ///< the step id sent to FlagFlow
    StepMode mode = StepMode::SetValue;
    std::string key;          ///< the key the step writes (RENAME: the new key, FlagFlow's recentKey)
    std::string old_key;      ///< RENAME: the key renamed (oldKey)
    std::string description;  ///< RENAME: the description sent
    FlagState flag;           ///< the flag object sent (nullopt for DELETE and RENAME)
    std::vector<FieldChange> changes;
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

/// `flag` writing an intermediate stage: valueExists true, value `stage`.
FlagState at_stage(FlagState flag, const std::string& stage) {
    if (flag) {
        flag->value_exists = true;
        flag->value.text = stage;
    }
    return flag;
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
    Step step;  // reused: apply_step() reads its mode, key and stage
    for (std::size_t i = 0; i < spec.steps.size(); ++i) {
        const ScriptStep& s = spec.steps[i];
        const int after = static_cast<int>(i) + 1;
        if (s.mode == StepMode::Rename) {
            FlagState& old_state = current[s.old_key];
            FlagState& new_state = current[s.key];
            RenameResult r = apply_rename(old_state, new_state, s.key, s.description);
            old_state = std::move(r.old_state);
            new_state = std::move(r.new_state);
            record(s.old_key, after);
        } else {
            // The flag object holds what a SET_VALUE writes, intermediate stages included.
            step.mode = s.mode;
            step.flag_key = s.key;
            step.keep_stage = s.keep_stage;
            FlagState& state = current[s.key];
            state = apply_step(state, step, s.flag ? &*s.flag : nullptr);
        }
        record(s.key, after);
    }
}

/// "`dualwrite` (reads the old system, writes both; ...)".
std::string stage_with_meaning(const std::string& stage) {
    std::string meaning = stage_meaning(stage);
    return "`" + stage + "`" + (meaning.empty() ? std::string() : " (" + meaning + ")");
}

/// What to verify once a migration flag has reached `stage`, before the next
/// stage (the seed tables' read/write columns, as checks an operator can make).
std::string stage_check(const std::string& stage) {
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
                bool has_value = s.flag && has_value_fields(s.flag->type);
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
        } else if (step.mode != StepMode::Delete && source) {
            s.flag = *source;
            // Every link of a walk but the last writes its intermediate stage.
            if (step.stage && step.stage->link < step.stage->links) s.flag = at_stage(s.flag, step.stage->to);
        }
        s.changes = step.changes;
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
            RenameResult r = apply_rename(state[step.old_key], state[step.flag_key], step.flag_key,
                                          source ? source->description : std::string());
            state[step.old_key] = r.old_state;
            state[step.flag_key] = r.new_state;
            continue;
        }
        if (step.stage) {
            if (walk[step.flag_key].empty()) before_walk[step.flag_key] = state[step.flag_key];
            walk[step.flag_key].push_back(&step);
        }
        state[step.flag_key] = apply_step(state[step.flag_key], step, source);
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
            s.flag = to;
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
            if (u.mode != StepMode::Delete) s.flag = origin;
            if (u.stage && u.stage->link < u.stage->links) s.flag = at_stage(s.flag, u.stage->to);
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

/// `cat` of `body` through a quoted heredoc: bash copies the lines verbatim.
void append_heredoc(std::string& out, std::string_view prefix, const std::string& body) {
    const std::string d = delimiter(prefix, body);
    out.append("  cat <<'").append(d).append("'\n").append(body).append("\n").append(d).append("\n");
}

/// `body` into $variable through a quoted heredoc, with builtins only (no
/// process per step): `read -d ''` reads up to a NUL, which JSON text never
/// holds, so it takes every line verbatim and returns 1 at the end.
void append_heredoc_to_variable(std::string& out, std::string_view variable, std::string_view prefix,
                                const std::string& body) {
    const std::string d = delimiter(prefix, body);
    out += "    IFS= read -r -d '' ";
    out += variable;
    out += " <<'";
    out += d;
    out += "' || true\n";
    out += body;
    out += '\n';
    out += d;
    out += '\n';
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

std::string rule(const std::string& title) {
    std::string line = "# --- " + title + " ";
    if (line.size() < 78) line += std::string(78 - line.size(), '-');
    return line + "\n";
}

std::string export_line(const char* role, const ExportInfo& info) {
    return std::string("#   ") + role + "  " + visible_text(info.label) + " (environment " +
           visible_text(info.environment.empty() ? "(empty)" : info.environment) + ", FlagFlow " +
           visible_text(info.version) + ", exported " + visible_text(info.created_at) + ", " +
           std::to_string(info.flag_count) + " flags)\n";
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
        if (s.mode != StepMode::Delete && s.flag) w.key("flag").flag(*s.flag);
        w.end_object();
        if (s.keep_stage && s.flag) {
            // The target's stage written back in the same request (Step::keep_stage).
            w.begin_object();
            w.key("id").number(s.request_id);
            w.key("mode").string(step_mode_name(StepMode::SetValue));
            w.key("flagKey").string(s.key);
            w.key("flag").flag(*at_stage(s.flag, *s.keep_stage));
            w.end_object();
        }
        w.end_array();
    }
    w.end_object().end_object();
}

/// expected_states' JSON: {"environment", "flags": {key: [[after step, state], ...]}},
/// each state one line of visible JSON (null = no such flag).
std::string states_json(const ScriptSpec& spec) {
    const PlanView& p = *spec.plan;
    std::string out = "{\n  \"environment\": ";
    append_json_string(out, p.target.environment, true);
    out += ",\n  \"flags\": {";
    bool first_key = true;
    for (const std::string& key : spec.keys) {
        out += first_key ? "\n    " : ",\n    ";
        first_key = false;
        append_json_string(out, key, true);
        out += ": [";
        out += spec.states.at(key);
        out += "\n    ]";
    }
    out += first_key ? "}\n}" : "\n  }\n}";
    return out;
}

// The machinery: identical in every script. It reads the plan's facts
// (script_kind, step_count, ...), the step_N functions and expected_states.
const char* const kMachinery = R"SH(# =============================================================================
# The machinery below is the same in every script flagplan writes. It reads
# the plan's facts, the step functions and expected_states above.
# Exit status: 0 done (and verified), 1 a step failed, 2 usage, missing tools
# or settings, server unreachable or login failed, 3 refused by a safety check
# (drift, other environment, not confirmed), 4 the final verification failed,
# 130 interrupted.
# =============================================================================

script_name=${0##*/}
dry_run=0 assume_yes=0 force=0 from_step=1 backup_dir=. stage_pause=''
base_url='' session='' logged_in=0 workdir='' backup_file='' running_step='' in_steps=0 done_step=0
http_status='' curl_error='' step_title='' step_rpc='' step_body='' step_pause='' target_environment=''

say() { printf '%s\n' "$*"; }
warn() { printf '%s: %s\n' "$script_name" "$*" >&2; }
die() { # die STATUS MESSAGE...
  local status=$1
  shift
  warn "$*"
  exit "$status"
}

usage() {
  printf 'Usage: bash %s [--dry-run] [--yes] [--force] [--from-step N] [--backup-dir DIR] [--stage-pause SECONDS]\n' "$script_name"
  plan_summary
  printf '%s\n' '' \
    'The target and the credentials come from the environment only:' \
    '  FLAGFLOW_URL                           the target FlagFlow server, e.g. https://flagflow.example.com' \
    '  FLAGFLOW_USERNAME and FLAGFLOW_PASSWORD  a user with the migration permission (and flag-create' \
    '                                         when the plan renames flags), or' \
    '  FLAGFLOW_SESSION                       an existing session id' \
    '  FLAGPLAN_VERIFY_SECONDS                how long the final verification polls (default 15)' \
    '' \
    '  --dry-run        print every request it would send, send none (needs no settings)' \
    '  --yes            do not ask for confirmation (a stage pause still waits)' \
    '  --force          run even when the target differs from what the plan expects (drift)' \
    "  --from-step N    resume at step N (1 to $step_count) after a failure" \
    '  --backup-dir DIR where to save the backup of the target export (default: .)' \
    '  --stage-pause SECONDS' \
    '                   at each pause of a stage walk, wait SECONDS (0: go on at once) instead of' \
    '                   asking for Enter; needed to run a plan with stage walks without a terminal' \
    '                   (--yes alone never skips a pause)'
}

usage_error() { die 2 "$* (see --help)"; }

parse_args() {
  while [ "$#" -gt 0 ]; do
    case $1 in
      --dry-run) dry_run=1 ;;
      --yes | -y) assume_yes=1 ;;
      --force) force=1 ;;
      --from-step)
        [ "$#" -ge 2 ] || usage_error "--from-step needs a step number"
        from_step=$2
        shift
        ;;
      --from-step=*) from_step=${1#--from-step=} ;;
      --backup-dir)
        [ "$#" -ge 2 ] || usage_error "--backup-dir needs a directory"
        backup_dir=$2
        shift
        ;;
      --backup-dir=*) backup_dir=${1#--backup-dir=} ;;
      --stage-pause)
        [ "$#" -ge 2 ] || usage_error "--stage-pause needs a number of seconds"
        set_stage_pause "$2"
        shift
        ;;
      --stage-pause=*) set_stage_pause "${1#--stage-pause=}" ;;
      -h | --help)
        usage
        exit 0
        ;;
      *) usage_error "unknown argument: $1" ;;
    esac
    shift
  done
  case $from_step in
    '' | *[!0-9]*) usage_error "--from-step takes a step number, not '$from_step'" ;;
  esac
  [ "${#from_step}" -le 6 ] || usage_error "--from-step $from_step is not a step of this plan (1 to $step_count)"
  from_step=$((10#$from_step))
  if [ "$step_count" -gt 0 ] && { [ "$from_step" -lt 1 ] || [ "$from_step" -gt "$step_count" ]; }; then
    usage_error "--from-step $from_step is not a step of this plan (1 to $step_count)"
  fi
}

set_stage_pause() {
  case $1 in
    '' | *[!0-9]*) usage_error "--stage-pause takes a whole number of seconds, not '$1'" ;;
  esac
  [ "${#1}" -le 6 ] || usage_error "--stage-pause $1 is too long a wait"
  stage_pause=$((10#$1))
}

# The number of stage pauses this run meets (those after step from_step or later).
pauses_ahead() {
  local n count=0
  for n in $stage_pauses; do
    [ "$n" -lt "$from_step" ] || count=$((count + 1))
  done
  printf '%d' "$count"
}

# A stage pause waits for a person at a terminal, unless --stage-pause says how
# long to wait: without a terminal and without --stage-pause the script refuses
# to start (a pipeline must not hang, and --yes alone never skips a pause).
check_pause_policy() {
  local count
  count=$(pauses_ahead)
  if [ "$count" -eq 0 ] || [ -n "$stage_pause" ] || [ -t 0 ]; then return 0; fi
  die 2 "this run walks migration-stage flags one stage at a time and pauses $count time(s) between stages to let you verify each stage; standard input is not a terminal, so nobody can press Enter: give --stage-pause SECONDS to wait that long at each pause instead (0 goes on at once)"
}

need_tools() {
  local missing=''
  command -v curl >/dev/null 2>&1 || missing=curl
  command -v jq >/dev/null 2>&1 || missing="${missing:+$missing and }jq"
  [ -z "$missing" ] || die 2 "needs $missing: install it (apt-get install curl jq, or brew install curl jq) and run again"
}

read_settings() {
  base_url=${FLAGFLOW_URL:-}
  [ -n "$base_url" ] || die 2 "FLAGFLOW_URL is not set: export FLAGFLOW_URL=https://flagflow.example.com (the target server)"
  case $base_url in
    *[[:space:]]* | *[[:cntrl:]]*) die 2 "FLAGFLOW_URL contains spaces or control characters" ;;
    http://?* | https://?*) ;;
    *) die 2 "FLAGFLOW_URL must start with http:// or https:// (it is '$base_url')" ;;
  esac
  while [ "${base_url%/}" != "$base_url" ]; do base_url=${base_url%/}; done
  local authority=${base_url#*://}
  case ${authority%%/*} in
    *@*) die 2 "FLAGFLOW_URL must not hold credentials; set FLAGFLOW_USERNAME and FLAGFLOW_PASSWORD (or FLAGFLOW_SESSION) instead" ;;
  esac
  if [ -n "${FLAGFLOW_SESSION:-}" ]; then
    session=$FLAGFLOW_SESSION
  elif [ -n "${FLAGFLOW_USERNAME:-}" ] && [ -n "${FLAGFLOW_PASSWORD:-}" ]; then
    session=''
  elif [ -n "${FLAGFLOW_USERNAME:-}" ]; then
    die 2 "FLAGFLOW_PASSWORD is not set (FLAGFLOW_USERNAME is); set both, or FLAGFLOW_SESSION"
  elif [ -n "${FLAGFLOW_PASSWORD:-}" ]; then
    die 2 "FLAGFLOW_USERNAME is not set (FLAGFLOW_PASSWORD is); set both, or FLAGFLOW_SESSION"
  else
    die 2 "no credentials: set FLAGFLOW_USERNAME and FLAGFLOW_PASSWORD, or FLAGFLOW_SESSION, in the environment"
  fi
}

make_workdir() {
  umask 077
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/flagplan.XXXXXXXX") || die 2 "cannot create a temporary directory"
  : >"$workdir/auth_headers"
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

on_exit() {
  local status=$?
  if [ -n "$running_step" ]; then
    say 'INTERRUPTED'
    warn "stopped during step $running_step/$step_count ($step_title): it may or may not have been applied"
    next_steps "$running_step" >&2
    printf '%s\n' "(If step $running_step was applied, the drift guard says so when resuming and --from-step $((running_step + 1)) continues after it.)" >&2
  elif [ "$in_steps" = 1 ] && [ "$status" -ne 0 ]; then
    say ''
    warn "stopped after step $done_step/$step_count"
    next_steps "$((done_step + 1))" >&2
  fi
  if [ "$logged_in" = 1 ]; then
    request POST /api/logout --max-time 5 >/dev/null 2>&1 || true
  fi
  if [ -n "$workdir" ]; then rm -rf "$workdir"; fi
  exit "$status"
}

# request METHOD PATH [CURL_OPTION...]: the body goes to $workdir/response and
# the HTTP status to $http_status; returns 1 with $curl_error when no answer
# came. The session travels in a header file (curl -H @FILE), never on a
# command line, so it does not show in process listings.
request() {
  local method=$1 path=$2
  shift 2
  http_status=000
  curl_error=''
  if http_status=$(curl --silent --show-error --proto '=http,https' --connect-timeout 10 --max-time 60 \
    --request "$method" --header 'Accept: application/json' --header @"$workdir/auth_headers" \
    --output "$workdir/response" --write-out '%{http_code}' "$@" "$base_url$path" 2>"$workdir/curl_error"); then
    return 0
  fi
  curl_error=$(sed -n '1s/^curl: ([0-9]*) //p' "$workdir/curl_error")
  [ -n "$curl_error" ] || curl_error='no answer'
  return 1
}

# The server's error message from $workdir/response, on one line.
server_message() {
  local message=''
  if [ -s "$workdir/response" ]; then
    message=$(jq -r '(.error.json.message // .error.message // .message // empty) | strings' \
      "$workdir/response" 2>/dev/null) || message=''
    [ -n "$message" ] || message=$(head -c 300 "$workdir/response")
  fi
  [ -n "$message" ] || message='(no message)'
  printf '%s' "$message" | tr '\r\n\t' '   ' | tr -d '\000-\037\177' | cut -c 1-300
}

log_in() {
  if [ -n "$session" ]; then
    unset FLAGFLOW_SESSION
  else
    # The body is built by jq from the environment and fed through a pipe:
    # the password is never an argument of any command.
    request POST /api/login --header 'Content-Type: application/json' --data-binary @- \
      < <(jq -n '{username: env.FLAGFLOW_USERNAME, password: env.FLAGFLOW_PASSWORD}') ||
      die 2 "cannot reach $base_url: $curl_error"
    unset FLAGFLOW_PASSWORD
    [ "$http_status" = 200 ] || die 2 "login at $base_url failed: HTTP $http_status: $(server_message)"
    session=$(jq -r '(.session // .sessionId // empty) | strings' "$workdir/response" 2>/dev/null) || session=''
    [ -n "$session" ] || die 2 "login at $base_url answered without a session id"
    logged_in=1
  fi
  case $session in
    *[!A-Za-z0-9._~+/=:-]*) die 2 "the session id holds characters a cookie cannot carry" ;;
  esac
  printf 'Cookie: session=%s\nAuthorization: Bearer %s\n' "$session" "$session" >"$workdir/auth_headers"
  rm -f "$workdir/response"
}

# fetch_export FILE: the target's current export (FlagFlow's GET /api/migrations).
fetch_export() {
  request GET /api/migrations || die 2 "cannot reach $base_url: $curl_error"
  [ "$http_status" = 200 ] || die 2 "reading the target's export (GET $base_url/api/migrations) failed: HTTP $http_status: $(server_message)"
  jq -e '(.flags | type) == "object" and (.environment | type) == "string"' "$workdir/response" >/dev/null 2>&1 ||
    die 2 "GET $base_url/api/migrations did not answer with a FlagFlow export"
  mv "$workdir/response" "$1"
}

# Lists, one per line, every touched flag whose state in the export on stdin
# differs from the state expected before step $1 (step_count + 1: after all).
differences() {
  jq -r --argjson from "$1" --slurpfile expected "$workdir/expected.json" '
    def show: tojson | if length > 80 then .[0:77] + "..." else . end;
    . as $current
    | $expected[0].flags | to_entries[]
    | .key as $key
    | ([.value[] | select(.[0] < $from)] | last | .[1]) as $want
    | ($current.flags[$key]) as $have
    | if $want == null and $have == null then empty
      elif $want == null then "\($key): exists, but the plan expects no such flag"
      elif $have == null then "\($key): does not exist, but the plan expects it"
      else [$want | keys_unsorted[] as $field | select($have[$field] != $want[$field])
            | "\($field) is \($have[$field] | show), expected \($want[$field] | show)"] as $diffs
        | if ($diffs | length) == 0 then empty else "\($key): \($diffs | join("; "))" end
      end'
}

# check_target N: reads the target's export into $workdir/export.json and
# refuses to run (exit 3) unless it is the environment the plan was made for
# and every flag the steps touch is as the plan expects before step N. Reads
# lag writes by up to a second, so differences are read again for two
# seconds before they count. --force runs anyway, loudly.
check_target() {
  local environment problems count attempt=1
  while :; do
    fetch_export "$workdir/export.json"
    problems=$(differences "$1" <"$workdir/export.json")
    if [ -z "$problems" ] || [ "$attempt" -ge 5 ]; then break; fi
    attempt=$((attempt + 1))
    sleep 0.5
  done
  environment=$(jq -r '.environment | @json' "$workdir/export.json")
  if ! jq -e --slurpfile expected "$workdir/expected.json" '.environment == $expected[0].environment' \
    "$workdir/export.json" >/dev/null; then
    if [ "$force" = 1 ]; then
      warn "WARNING: --force: $base_url is environment $environment, but the plan is for $target_environment; running anyway"
    else
      die 3 "$base_url is environment $environment, but the plan is for $target_environment; refusing to run (check FLAGFLOW_URL)"
    fi
  fi
  if [ -n "$problems" ]; then
    count=$(printf '%s\n' "$problems" | wc -l | tr -d ' ')
    if [ "$force" = 1 ]; then
      warn "WARNING: --force: $count flag(s) changed on the server since the plan was made; the steps overwrite these changes:"
      printf '%s\n' "$problems" | sed 's/^/  /' >&2
    else
      if [ "$in_steps" = 1 ]; then
        warn "drift: $count flag(s) changed on the server during the stage pause; refusing to go on:"
      else
        warn "drift: $count flag(s) changed on the server since the plan was made; refusing to run:"
      fi
      printf '%s\n' "$problems" | sed 's/^/  /' >&2
      [ "$in_steps" = 1 ] ||
        printf '%s\n' "Make a new plan from a fresh export of the target, or run with --force to overwrite these changes." >&2
      exit 3
    fi
  fi
}

confirm() {
  [ "$assume_yes" = 1 ] && return 1
  [ -t 0 ] || die 3 "nobody to confirm (standard input is not a terminal); run with --yes to $script_verb without the prompt"
  local answer=''
  printf '%s %d step(s) from step %d on %s, environment %s? Type yes to continue: ' \
    "$script_verb_title" "$((step_count - from_step + 1))" "$from_step" "$base_url" "$target_environment"
  read -r answer || answer=''
  [ "$answer" = yes ] || die 3 "not confirmed; nothing was changed"
  return 0
}

save_backup() {
  local environment stamp file n=1
  [ -d "$backup_dir" ] || die 2 "the backup directory '$backup_dir' does not exist"
  environment=$(jq -j '.environment' "$workdir/export.json" | tr -c 'A-Za-z0-9._-' '_')
  stamp=$(date -u +%Y%m%d-%H%M%S)
  file="$backup_dir/flagflow_migration_${environment:-unnamed}_$stamp.json"
  while [ -e "$file" ]; do
    n=$((n + 1))
    file="$backup_dir/flagflow_migration_${environment:-unnamed}_$stamp-$n.json"
  done
  cp "$workdir/export.json" "$file" || die 2 "cannot write the backup $file"
  backup_file=$file
  say "Backup of the target before any change: $backup_file"
}

# next_steps N: what was applied before step N, and how to resume or undo.
next_steps() {
  if [ "$1" -gt "$from_step" ]; then
    printf 'Applied in this run: steps %d to %d of %d.' "$from_step" "$(($1 - 1))" "$step_count"
  else
    printf 'Nothing was applied in this run.'
  fi
  [ "$from_step" -le 1 ] || printf ' (Steps 1 to %d were applied by an earlier run.)' "$((from_step - 1))"
  if [ "$1" -lt "$step_count" ]; then printf ' Steps %d to %d were not sent.' "$(($1 + 1))" "$step_count"; fi
  printf '\n'
  printf 'To resume once the cause is fixed (with the same FLAGFLOW_* settings):\n  bash %q --from-step %d\n' "$0" "$1"
  if [ "$1" -gt "$from_step" ] && [ -n "$backup_file" ]; then
    printf 'To undo this run instead, restore the backup taken before its first write:\n'
    printf "  curl -sS -H 'Accept: application/json' %q -o current.json\n" "$base_url/api/migrations"
    printf '  flagplan plan %q current.json --mode restore --format sh --out restore.sh\n' "$backup_file"
    printf '  bash restore.sh\n'
  fi
}

# step_failed N REASON: what happened, what was applied, how to go on; exit 1.
step_failed() {
  running_step=''
  in_steps=0
  say 'FAILED'
  warn "step $1/$step_count ($step_title) failed: $2"
  next_steps "$1" >&2
  exit 1
}

# True when $workdir/response is tRPC's success answer, {"result":...}
# (builtins only: this runs once per step).
is_rpc_result() {
  local response=''
  IFS= read -r -d '' response <"$workdir/response" || true
  response=${response#"${response%%[![:space:]]*}"}
  case $response in
    '{"result":'*) return 0 ;;
    *) return 1 ;;
  esac
}

run_steps() {
  local n=$from_step permission
  in_steps=1
  done_step=$((from_step - 1))
  while [ "$n" -le "$step_count" ]; do
    step "$n"
    printf '%s' "$step_body" >"$workdir/body.json"
    printf '[%d/%d] %s ... ' "$n" "$step_count" "$step_title"
    running_step=$n
    request POST "/ui-rpc/$step_rpc" --header 'Content-Type: application/json' \
      --data-binary @"$workdir/body.json" || step_failed "$n" "no answer from $base_url: $curl_error (the step may or may not have been applied)"
    case $step_rpc in
      flag.rename) permission="FlagFlow's flag-create permission (needed to rename a flag)" ;;
      *) permission='the migration permission' ;;
    esac
    case $http_status in
      200) is_rpc_result || step_failed "$n" "HTTP 200 but not FlagFlow's answer: $(server_message)" ;;
      401) step_failed "$n" "HTTP 401: not logged in (the session is invalid or expired): $(server_message)" ;;
      403) step_failed "$n" "HTTP 403: the user lacks $permission: $(server_message)" ;;
      *) step_failed "$n" "HTTP $http_status: $(server_message)" ;;
    esac
    running_step=''
    done_step=$n
    say 'ok'
    [ -z "$step_pause" ] || stage_pause "$n"
    n=$((n + 1))
  done
  in_steps=0
}

# stage_pause N: after step N, a link of a stage walk whose next stage is step
# N+1. Says which stage was reached, what it means and what to verify; waits
# --stage-pause seconds (a countdown) or for Enter at the terminal; then reads
# the target again, so a change made during the pause stops the walk (drift).
stage_pause() {
  local next=$(($1 + 1)) left answer=''
  say ''
  printf '%s' "$step_pause" | sed 's/^/  /'
  if [ "$dry_run" = 1 ]; then
    if [ -n "$stage_pause" ]; then
      say "  (A real run waits $stage_pause second(s) here, then checks the target again.)"
    else
      say '  (A real run waits here for Enter at the terminal, then checks the target again;'
      say '   without a terminal it needs --stage-pause SECONDS.)'
    fi
    return 0
  fi
  if [ -z "$stage_pause" ]; then
    [ -t 0 ] || die 3 "nobody to press Enter at the stage pause (standard input is not a terminal); resume with --from-step $next --stage-pause SECONDS"
    printf 'Press Enter to continue with step %d/%d, or type stop to stop here: ' "$next" "$step_count"
    read -r answer || answer=stop
    case $answer in
      '' | y | yes) ;;
      *)
        warn "stopped at the stage pause, as asked"
        exit 3
        ;;
    esac
  elif [ "$stage_pause" -eq 0 ]; then
    say 'Going on at once (--stage-pause 0).'
  elif [ -t 1 ]; then
    left=$stage_pause
    while [ "$left" -gt 0 ]; do
      printf '\rContinuing with step %d/%d in %d s (Ctrl-C stops here) ' "$next" "$step_count" "$left"
      sleep 1
      left=$((left - 1))
    done
    printf '\rContinuing with step %d/%d now.                      \n' "$next" "$step_count"
  else
    say "Continuing with step $next/$step_count in $stage_pause s (--stage-pause; Ctrl-C stops here) ..."
    sleep "$stage_pause"
  fi
  check_target "$next"
  say ''
}

# Reads lag writes by up to about a second: poll until every touched flag
# has the promised state, for up to $FLAGPLAN_VERIFY_SECONDS (default 15).
verify() {
  local attempt=1 attempts problems='' seconds=${FLAGPLAN_VERIFY_SECONDS:-15}
  case $seconds in '' | *[!0-9]*) seconds=15 ;; esac
  attempts=$((seconds * 2))
  while :; do
    if ! request GET /api/migrations; then
      problems="cannot reach $base_url: $curl_error"
    elif [ "$http_status" != 200 ]; then
      problems="GET /api/migrations: HTTP $http_status: $(server_message)"
    else
      problems=$(differences "$((step_count + 1))" <"$workdir/response" 2>&1) || problems='the export is not readable'
    fi
    [ -n "$problems" ] || break
    [ "$attempt" -lt "$attempts" ] || break
    attempt=$((attempt + 1))
    sleep 0.5
  done
  if [ -n "$problems" ]; then
    warn "verification failed: after $seconds seconds the target still differs from what the plan promised:"
    printf '%s\n' "$problems" | sed 's/^/  /' >&2
    exit 4
  fi
  say "Verified: all $flag_count flag(s) the steps touch have the promised state."
}

dry_run_all() {
  local n=$from_step url=${FLAGFLOW_URL:-"\$FLAGFLOW_URL"}
  plan_summary
  say "Dry run: no request is sent. A real run would:"
  say "  - log in with POST $url/api/login (FLAGFLOW_USERNAME/FLAGFLOW_PASSWORD), unless FLAGFLOW_SESSION is set;"
  say "  - read the target's export with GET $url/api/migrations, check that it is environment $target_environment and that the $flag_count flag(s) the steps touch are as the plan expects (drift guard);"
  say "  - ask for confirmation (unless --yes) and save the export as a backup;"
  say "  - send these requests, one per step, with the session cookie, stopping at the first failure:"
  while [ "$n" -le "$step_count" ]; do
    step "$n"
    say ''
    say "[$n/$step_count] $step_title"
    say "POST $url/ui-rpc/$step_rpc"
    printf '%s' "$step_body"
    [ -z "$step_pause" ] || stage_pause "$n"
    n=$((n + 1))
  done
  say ''
  say "  - then read the export again until every touched flag has the promised state (verification)."
}

main() {
  target_environment=$(target_environment_name)
  parse_args "$@"
  if [ "$dry_run" = 1 ]; then
    dry_run_all
    exit 0
  fi
  if [ "$step_count" -eq 0 ]; then
    plan_summary
    say 'No step is selected: nothing to do.'
    exit 0
  fi
  check_pause_policy
  need_tools
  read_settings
  make_workdir
  expected_states >"$workdir/expected.json"
  plan_summary
  say "Target: $base_url"
  log_in
  check_target "$from_step"
  if confirm; then
    # Time passed at the prompt: read and check the target again.
    check_target "$from_step"
  fi
  save_backup
  run_steps
  verify
}
)SH";

/// The script of `spec`, in parts of about kPartBytes (each ends after a
/// function of steps). Memory: a script made as one growing string is
/// copied at each doubling, about 3x its size next to the spec at the last
/// one; in parts it is never copied, and the spec's steps and states are
/// freed once written. The WebAssembly module hands the parts to JavaScript
/// as they are (render_parts()).
TextParts render_script(ScriptSpec spec) {
    const PlanView& p = *spec.plan;
    const std::string name = spec.rollback ? "rollback.sh" : "apply.sh";
    const std::string env_from = visible_text(p.source.environment.empty() ? "(empty)" : p.source.environment);
    const std::string env_to = visible_text(p.target.environment.empty() ? "(empty)" : p.target.environment);
    const std::string count = std::to_string(spec.steps.size());
    constexpr std::size_t kPartBytes = std::size_t(1) << 20;
    TextParts parts;
    std::string out;
    out.reserve(kPartBytes);
    out += "#!/usr/bin/env bash\n";

    // Header.
    if (spec.rollback) {
        out += "# flagplan rollback script: undoes apply.sh of the " + std::string(mode_name(p.mode)) + " " +
               env_from + " -> " + env_to + " on a FlagFlow server.\n#\n";
        out += "# It returns every flag the apply touched to the state of the target export\n"
               "# the plan was computed against: a created flag is deleted, a deleted flag is\n"
               "# created again with its schema and then its value, a changed flag gets its\n"
               "# schema back (UPDATE_SCHEMA_DEFAULTVALUE resets the value) and then its value.\n"
               "# Steps run in reverse order of the apply, one request each to FlagFlow's\n"
               "# migration executor (POST /ui-rpc/migration.execute).\n";
        if (count_mode(spec.steps, StepMode::Rename))
            out += "# A renamed flag gets its value back under its new key and is then renamed\n"
                   "# back (RENAME, flagplan's step: FlagFlow's rename operation, POST\n"
                   "# /ui-rpc/flag.rename) with the description it had.\n";
    } else {
        out += "# flagplan apply script: the " + std::string(mode_name(p.mode)) + " " + env_from + " -> " + env_to +
               " on a FlagFlow server.\n#\n";
        out += "# It sends each selected step, in plan order, as its own request to FlagFlow's\n"
               "# migration executor (POST /ui-rpc/migration.execute), exactly as FlagFlow's\n"
               "# migration page does, one step per request.\n";
        if (count_mode(spec.steps, StepMode::Rename))
            out += "# A RENAME step (flagplan's, not one of FlagFlow's step modes) is one request\n"
                   "# to FlagFlow's rename operation (POST /ui-rpc/flag.rename), which keeps the\n"
                   "# flag's schema and value.\n";
    }
    const WalkCount walks = count_walks(spec);
    if (walks.walks)
        out += std::string("# Stage walks: a migration-stage flag ") + (spec.rollback ? "walks back" : "moves") +
               " one stage per SET_VALUE step, and\n"
               "# the script pauses between stages with what to verify before the next one\n"
               "# (an Enter prompt at a terminal, or --stage-pause SECONDS).\n";
    out += "#\n" + export_line("source", p.source) + export_line("target", p.target);
    out += "#   steps   " + count + ": " + counts_text(spec.steps);
    if (!spec.rollback) out += " (" + count + " of " + std::to_string(p.plan.steps.size()) + " steps selected)";
    out += "\n#   flags   " + std::to_string(spec.keys.size()) + " touched\n";
    if (walks.walks)
        out += "#   stages  " + std::to_string(walks.walks) + " stage walk(s), " + std::to_string(walks.pauses) +
               " pause(s) between stages\n";
    {
        const SelectionSummary summary = summarize_selection(p.plan, p.selected, p.diagnostics, p.blocked);
        out += "#   plan    " + summary.plan_line + "\n";
        if (!summary.finding_counts.empty()) {
            int total = 0;
            std::string list;
            for (const RuleCount& c : summary.finding_counts) {
                total += c.count;
                list += (list.empty() ? "" : ", ") + std::to_string(c.count) + " " + c.code;
            }
            out += "#   review  " + std::to_string(total) + " finding(s) for the selected steps: " + list +
                   "; see the review report (--format md)\n";
        }
    }
    out += "# Made" + (p.generated_at.empty() ? std::string() : " " + visible_text(p.generated_at)) + " by " +
           visible_text(p.generator) + " from the plan (plan.json); re-render with\n#   flagplan render PLAN.json --format " +
           (spec.rollback ? "rollback" : "sh") + "\n#\n";
    out += "# How to run it (bash, curl and jq; nothing else):\n"
           "#   export FLAGFLOW_URL=https://flagflow.example.com    # the target server (environment " + env_to + ")\n"
           "#   export FLAGFLOW_USERNAME=... FLAGFLOW_PASSWORD=...  # or FLAGFLOW_SESSION=<session id>\n"
           "#   bash " + name + " --dry-run   # print every request, send none\n"
           "#   bash " + name + "             # check, confirm, back up, apply, verify\n"
           "# Options: --yes (no prompt), --force (run despite drift), --from-step N (resume),\n"
           "#   --backup-dir DIR (default .), --stage-pause SECONDS (stage walks), --help.\n#\n";
    out += "# Before the first write it logs in, reads the target's export, refuses to run\n"
           "# when the server is another environment or any flag the steps touch differs\n"
           "# from what the plan expects (drift; --force overrides), asks for confirmation,\n"
           "# and saves the export as flagflow_migration_<environment>_<time>.json (the\n"
           "# backup). It stops at the first failed request and says how to resume or undo;\n"
           "# at the end it reads the export until every touched flag has the promised state.\n"
           "# Credentials are read from the environment only and never written to this\n"
           "# script, its output, or the command line of any program it runs.\n";
    if (spec.rollback)
        out += "# Run it only after apply.sh completed; after a partial apply, restore the\n"
               "# backup instead: flagplan plan BACKUP.json CURRENT.json --mode restore --format sh\n";
    else
        out += "# To undo: rollback.sh from the same plan, or restore the backup with\n"
               "#   flagplan plan BACKUP.json CURRENT.json --mode restore --format sh --out restore.sh\n";
    out += "\nif [ -z \"${BASH_VERSION:-}\" ]; then echo '" + name + ": run this script with bash' >&2; exit 2; fi\n";
    out += "set +o xtrace # tracing would print the session id\nset -euo pipefail\n\n";

    // Facts.
    std::string summary = std::string("flagplan ") + (spec.rollback ? "rollback of the " : "") + mode_name(p.mode) +
                          " " + env_from + " -> " + env_to + ": " + count + " step(s), " +
                          std::to_string(spec.keys.size()) + " flag(s)";
    if (int renames = count_mode(spec.steps, StepMode::Rename)) summary += ", " + std::to_string(renames) + " RENAME";
    if (walks.walks)
        summary += ", " + std::to_string(walks.walks) + " stage walk(s) with " + std::to_string(walks.pauses) +
                   " pause(s)";
    out += rule("The plan's facts");
    out += "script_verb=" + std::string(spec.rollback ? "'roll back'" : "apply") + "\n";
    out += "script_verb_title=" + std::string(spec.rollback ? "'Roll back'" : "Apply") + "\n";
    out += "step_count=" + count + "\n";
    out += "flag_count=" + std::to_string(spec.keys.size()) + "\n";
    out += "# The steps after which a stage walk pauses (the next step is its next stage).\n";
    out += "stage_pauses=" + (walks.pause_steps.empty() ? std::string("''") : sq(walks.pause_steps)) + "\n";
    out += "# What the script says about itself, and the target environment as it names it\n"
           "# in messages (the check compares the exact name in expected_states).\n";
    out += "plan_summary() {\n";
    append_heredoc(out, "FLAGPLAN_SUMMARY", summary);
    out += "}\ntarget_environment_name() {\n";
    append_heredoc(out, "FLAGPLAN_ENVIRONMENT", visible_json(ojson(p.target.environment)));
    out += "}\n\n";

    // Steps, in functions of kChunk: bash copies a function's whole body each
    // time it runs it, so one function holding every step would make a run
    // quadratic in the number of steps.
    constexpr std::size_t kChunk = 32;
    auto chunk_name = [&](std::size_t c) {
        std::size_t first = c * kChunk + 1, last = std::min(spec.steps.size(), first + kChunk - 1);
        return "steps_" + std::to_string(first) + "_to_" + std::to_string(last);
    };
    const std::size_t chunks = (spec.steps.size() + kChunk - 1) / kChunk;
    out += rule("The steps");
    out += "# `step N` sets step_title, step_rpc (the FlagFlow procedure), step_body (its\n"
           "# request body) and step_pause (the stage pause after it, if any) for step N.\n"
           "# Each body is a quoted heredoc, which bash copies verbatim (no expansion of\n"
           "# any kind). Steps are grouped " + std::to_string(kChunk) +
           " to a function (bash copies a function each time it\n# runs it).\n";
    out += "step() {\n  step_rpc=migration.execute\n  step_pause=''\n";
    out += "  case $((($1 - 1) / " + std::to_string(kChunk) + ")) in\n";
    for (std::size_t c = 0; c < chunks; ++c) out += "    " + std::to_string(c) + ") " + chunk_name(c) + " \"$1\" ;;\n";
    out += "    *)\n      warn \"no step $1 in this plan\"\n      return 2\n      ;;\n  esac\n}\n";
    std::string title, body, scratch;  // reused from step to step
    for (std::size_t i = 0; i < spec.steps.size(); ++i) {
        if (i % kChunk == 0) out += "\n" + chunk_name(i / kChunk) + "() {\n  case $1 in\n";
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
        out.append("\n  # Step ").append(n).append("/").append(count).append(": ").append(shown_title);
        if (!spec.rollback) out.append(" (plan step #").append(std::to_string(s.request_id)).append(")");
        out += '\n';
        if (s.mode != StepMode::Delete)
            for (const FieldChange& c : s.changes) {
                out.append("  #   ").append(c.field).append(": ");
                if (!c.from.is_null()) {
                    append_shown(out, c.from, scratch);
                    out += " -> ";
                }
                append_shown(out, c.to, scratch);
                out += '\n';
            }
        for (const std::string& note : s.notes) out.append("  #   (").append(note).append(")\n");
        out.append("  ").append(n).append(")\n    step_title=");
        append_sq(out, shown_title);
        out += '\n';
        if (s.mode == StepMode::Rename) out += "    step_rpc=flag.rename\n";
        request_body(s, body);
        append_heredoc_to_variable(out, "step_body", "FLAGPLAN_STEP_" + n, body);
        if (!s.pause.empty())
            append_heredoc_to_variable(out, "step_pause", "FLAGPLAN_PAUSE_" + n, visible_lines(s.pause));
        out += "    ;;\n";
        if (i % kChunk == kChunk - 1 || i + 1 == spec.steps.size()) {
            out += "  esac\n}\n";
            if (out.size() >= kPartBytes) {
                parts.push_back(std::move(out));
                out = std::string();
                out.reserve(kPartBytes + kPartBytes / 8);
            }
        }
    }
    std::vector<ScriptStep>().swap(spec.steps);
    out += "\n" + rule("Expected states");
    out += "# Every flag the steps touch: [after step, state], where after step 0 is the\n"
           "# state before the first step (" +
           std::string(spec.rollback ? "what apply.sh leaves" : "the target export the plan was computed against") +
           ")\n# and each later entry the state FlagFlow's executor leaves after that step;\n"
           "# null = no such flag. The drift guard compares the server with the state before\n"
           "# the first step to run; the verification with the last state.\n";
    out += "expected_states() {\n";
    {
        const std::string states = states_json(spec);
        decltype(spec.states)().swap(spec.states);  // each key's lines are in `states` now
        out.reserve(out.size() + states.size() + 256 + std::strlen(kMachinery));
        append_heredoc(out, "FLAGPLAN_STATES", states);
    }
    out += "}\n\n";
    out += kMachinery;
    out += "\nmain \"$@\"\n";
    parts.push_back(std::move(out));
    return parts;
}

}  // namespace

TextParts render_apply_script_parts(const PlanView& plan) { return render_script(apply_spec(plan)); }

TextParts render_rollback_script_parts(const PlanView& plan) { return render_script(rollback_spec(plan)); }

std::string render_apply_script(const PlanView& plan) { return join_parts(render_apply_script_parts(plan)); }

std::string render_rollback_script(const PlanView& plan) { return join_parts(render_rollback_script_parts(plan)); }

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
