// apply.sh and rollback.sh (docs/apply-script.md). The text of both is
// templates/script.sh.in (bash, embedded at build time): a header comment,
// the plan's facts, one function per step whose request body is a quoted
// heredoc (data, never shell code), the expected state of every touched
// flag, then the machinery, which is the same text in every script, and
// `main "$@"` as the last line (a truncated download runs nothing). This
// file decides what goes into the placeholders; script_spec.cpp decides the
// requests and expected states it writes.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "flagplan/render/flag_json.hpp"
#include "flagplan/render/script_spec.hpp"
#include "flagplan/planfile/plan_file.hpp"
#include "flagplan/plan/executor.hpp"
#include "flagplan/plan/stages.hpp"
#include "flagplan/render/script_template.hpp"  // generated from templates/script.sh.in

namespace flagplan {

namespace {

using ojson = nlohmann::ordered_json;
using script_detail::ScriptSpec;
using script_detail::ScriptStep;
using script_detail::apply_spec;
using script_detail::rollback_spec;


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

}  // namespace flagplan
