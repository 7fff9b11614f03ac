#include "flagplan/render/render_json.hpp"

#include "flagplan/render/render.hpp"

#include <algorithm>
#include <optional>
#include <type_traits>

namespace flagplan {

using ojson = nlohmann::ordered_json;

// ---- the analysis JSON's parts ----

namespace {

// Members as key + value (JsonWriter writes keys and values separately);
// one name per value type, so no argument converts silently to another.
void text_member(JsonWriter& w, std::string_view name, std::string_view text) { w.key(name).string(text); }
void bool_member(JsonWriter& w, std::string_view name, bool value) { w.key(name).boolean(value); }
void number_member(JsonWriter& w, std::string_view name, std::int64_t value) { w.key(name).number(value); }

/// A diagnostic's members in the analysis JSON's order, each passed to
/// `put(name, value)` (value: a string, const char* or int): the one
/// definition of the shape, for diagnostic_to_json() and
/// write_diagnostic_json().
template <typename Put>
void diagnostic_members(const Diagnostic& d, Put&& put) {
    put("severity", severity_name(d.severity));
    put("code", d.code);
    put("message", d.message);
    put("file", d.file);
    // key.* findings are about a flag key, which may itself be "" (FlagFlow's
    // import schema names the empty key too): they always carry it.
    if (!d.flag_key.empty() || d.code.rfind("key.", 0) == 0) put("flagKey", d.flag_key);
    if (!d.field.empty()) put("field", d.field);
    if (!d.pointer.empty()) put("pointer", d.pointer);
    if (d.line > 0) put("line", d.line);
    if (d.column > 0) put("column", d.column);
    if (d.step_id > 0) put("stepId", d.step_id);
}

// Export metadata and stage links have one writer each (the nlohmann values
// below, shared with plan.json); they are few per plan, so building each
// value first costs little.
/// "readable": false is added when the file could not be read as an export
/// (a readable one, the only kind plan.json holds, has no such member).
void write_export_info(JsonWriter& w, const Snapshot& s, std::optional<std::size_t> flag_count = std::nullopt) {
    ojson info = export_info_json(s.label, s.environment, s.version, s.created_at, flag_count.value_or(s.flags.size()));
    if (!s.readable) info["readable"] = false;
    w.value(info);
}

bool is_selected(const Analysis& a, const Step& step) { return flagplan::is_selected(a.selected, step.id); }

/// The top-level members after "blocked" (and "steps"): diagnostics, renames, summary.
void write_findings_and_summary(JsonWriter& w, const Analysis& a, bool with_diagnostics = true) {
    w.key("diagnostics");
    w.begin_array();
    if (with_diagnostics)
        for (const Diagnostic& d : a.diagnostics) write_diagnostic_json(w, d);
    w.end_array();

    w.key("renames");
    w.begin_array();
    for (const RenameSuggestion& r : a.renames) {
        w.begin_object();
        text_member(w, "oldKey", r.old_key);
        text_member(w, "newKey", r.new_key);
        bool_member(w, "accepted", r.accepted);
        w.end_object();
    }
    w.end_array();

    SelectionSummary sum = summarize(a);
    auto mode_counts = [&w](const ModeCounts& c) {
        number_member(w, "CREATE_DEFAULTVALUE", c.create_default_value);
        number_member(w, "UPDATE_SCHEMA_DEFAULTVALUE", c.update_schema_default_value);
        number_member(w, "SET_VALUE", c.set_value);
        number_member(w, "DELETE", c.del);
        number_member(w, "RENAME", c.rename);
    };
    auto rule_counts = [&w](std::string_view name, const std::vector<RuleCount>& counts) {
        w.key(name);
        w.begin_object();
        for (const RuleCount& c : counts) number_member(w, c.code, c.count);
        w.end_object();
    };
    auto indices = [&w](std::string_view name, const std::vector<std::size_t>& list) {
        w.key(name);
        w.begin_array();
        for (std::size_t i : list) w.number(static_cast<std::int64_t>(i));
        w.end_array();
    };
    w.key("summary");
    w.begin_object();
    mode_counts(sum.planned);
    number_member(w, "selected", sum.selected_steps);
    // Everything below is for the selected steps only (summary.hpp).
    w.key("selection");
    w.begin_object();
    mode_counts(sum.selected);
    w.end_object();
    rule_counts("findings", sum.finding_counts);
    rule_counts("unselectedFindings", sum.unselected_finding_counts);
    indices("findingIndices", sum.findings);
    indices("unselectedFindingIndices", sum.unselected_findings);
    number_member(w, "errors", sum.errors);
    number_member(w, "warnings", sum.warnings);
    number_member(w, "notes", sum.notes);
    bool_member(w, "executable", sum.executable);
    text_member(w, "planLine", sum.plan_line);
    // Each group as its indices alone: its file, flag key and worst severity
    // are those of its first diagnostic (a tenth of the bytes at 100k flags).
    w.key("groups");
    w.begin_array();
    for (const DiagnosticGroup& g : sum.groups) {
        w.begin_array();
        for (std::size_t i : g.members) w.number(static_cast<std::int64_t>(i));
        w.end_array();
    }
    w.end_array();
    w.end_object();
}

/// source, target, mode, blocked.
void write_head(JsonWriter& w, const Analysis& a, const RenderOptions& options = {}) {
    w.key("source");
    write_export_info(w, a.source, options.source_flag_count);
    w.key("target");
    write_export_info(w, a.target, options.target_flag_count);
    text_member(w, "mode", mode_name(a.mode));
    text_member(w, "modeChoice", mode_choice(a));
    bool_member(w, "blocked", a.blocked);
}

}  // namespace

void write_step_json(JsonWriter& w, const Analysis& a, const Step& step) {
    w.begin_object();
    number_member(w, "id", step.id);
    text_member(w, "mode", step_mode_name(step.mode));
    text_member(w, "flagKey", step.flag_key);
    if (step.mode == StepMode::Rename) text_member(w, "oldKey", step.old_key);
    if (step.dependent_id) number_member(w, "dependentId", step.dependent_id);
    if (step.indent) number_member(w, "indent", step.indent);
    bool_member(w, "selected", is_selected(a, step));
    w.key("changes");
    w.begin_array();
    for (const FieldChange& c : step.changes) {
        w.begin_object();
        text_member(w, "field", c.field);
        w.key("from");
        w.value(c.from);
        w.key("to");
        w.value(c.to);
        w.end_object();
    }
    w.end_array();
    if (step.stage) {
        w.key("stage");
        w.value(stage_move_json(*step.stage));
    }
    if (step.keep_stage) text_member(w, "keepStage", *step.keep_stage);
    w.end_object();
}

std::string analysis_overview_json(const Analysis& a) {
    std::string out;
    out.reserve(4096 + a.diagnostics.size() * 400);
    JsonWriter w(out, -1, false);
    w.begin_object();
    write_head(w, a);
    number_member(w, "stepCount", static_cast<std::int64_t>(a.plan.steps.size()));
    write_findings_and_summary(w, a);
    w.end_object();
    return out;
}

TextParts analysis_overview_json_parts(const Analysis& a, std::size_t per_part) {
    per_part = std::max<std::size_t>(per_part, 1);
    TextParts parts(1);
    {
        JsonWriter w(parts[0], -1, false);
        w.begin_object();
        write_head(w, a);
        number_member(w, "stepCount", static_cast<std::int64_t>(a.plan.steps.size()));
        write_findings_and_summary(w, a, false);
        w.end_object();
    }
    for (std::size_t begin = 0; begin < a.diagnostics.size(); begin += per_part) {
        const std::size_t end = begin + std::min(per_part, a.diagnostics.size() - begin);
        std::string& part = parts.emplace_back();
        part.reserve((end - begin) * 400);
        JsonWriter w(part, -1, false);
        w.begin_array();
        for (std::size_t i = begin; i < end; ++i) write_diagnostic_json(w, a.diagnostics[i]);
        w.end_array();
    }
    return parts;
}

std::string analysis_steps_json(const Analysis& a, std::size_t offset, std::size_t limit) {
    const std::vector<Step>& steps = a.plan.steps;
    std::size_t begin = std::min(offset, steps.size());
    std::size_t end = begin + std::min(limit, steps.size() - begin);
    std::string out;
    JsonWriter w(out, -1, false);
    w.begin_array();
    for (std::size_t i = begin; i < end; ++i) write_step_json(w, a, steps[i]);
    w.end_array();
    return out;
}

std::string analysis_step_table_json(const Analysis& a) {
    const std::vector<Step>& steps = a.plan.steps;
    std::string out;
    out.reserve(steps.size() * 48);
    JsonWriter w(out, -1, false);
    w.begin_object();
    number_member(w, "length", static_cast<std::int64_t>(steps.size()));
    w.key("modes");
    w.begin_array();
    for (StepMode mode : {StepMode::CreateDefaultValue, StepMode::UpdateSchemaDefaultValue, StepMode::SetValue,
                          StepMode::Delete, StepMode::Rename})
        w.string(step_mode_name(mode));
    w.end_array();
    // One column at a time: each is one array of the steps' values.
    auto column = [&](const char* name, auto value_of) {
        w.key(name);
        w.begin_array();
        for (const Step& step : steps) value_of(step);
        w.end_array();
    };
    column("mode", [&](const Step& s) { w.number(static_cast<int>(s.mode)); });
    column("flagKey", [&](const Step& s) { w.string(s.flag_key); });
    column("dependentId", [&](const Step& s) { w.number(s.dependent_id); });
    column("indent", [&](const Step& s) { w.number(s.indent); });
    column("selected", [&](const Step& s) { w.number(is_selected(a, s) ? 1 : 0); });
    column("changeCount", [&](const Step& s) { w.number(static_cast<std::int64_t>(s.changes.size())); });
    w.key("oldKeys");
    w.begin_array();
    for (const Step& s : steps) {
        if (s.mode != StepMode::Rename) continue;
        w.begin_array();
        w.number(s.id);
        w.string(s.old_key);
        w.end_array();
    }
    w.end_array();
    w.key("stages");
    w.begin_array();
    for (const Step& s : steps) {
        if (!s.stage) continue;
        w.begin_array();
        w.number(s.id);
        w.value(stage_move_json(*s.stage));
        w.end_array();
    }
    w.end_array();
    w.end_object();
    return out;
}

// ---- the shared JSON pieces as nlohmann values (plan.json, the CLI, the bindings) ----

ojson export_info_json(const std::string& label, const std::string& environment, const std::string& version,
                       const std::string& created_at, std::size_t flag_count) {
    ojson o;
    o["label"] = label;
    o["environment"] = environment;
    o["version"] = version;
    o["createdAt"] = created_at;
    o["flagCount"] = flag_count;
    return o;
}

ojson stage_move_json(const StageMove& stage) {
    ojson o;
    o["from"] = stage.from;
    o["to"] = stage.to;
    o["link"] = stage.link;
    o["links"] = stage.links;
    return o;
}

ojson diagnostic_to_json(const Diagnostic& d) {
    ojson o;
    diagnostic_members(d, [&](const char* name, const auto& value) { o[name] = value; });
    return o;
}

void write_diagnostic_json(JsonWriter& w, const Diagnostic& d) {
    w.begin_object();
    diagnostic_members(d, [&](const char* name, const auto& value) {
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, int>) number_member(w, name, value);
        else text_member(w, name, value);
    });
    w.end_object();
}

// ---- the whole analysis JSON ----

std::string render_analysis_json(const Analysis& a, const RenderOptions& options) {
    std::string out;
    // About 430 bytes per step and 450 per diagnostic at 100k flags per side:
    // reserved once, so the 25 MB text is not copied while it grows.
    out.reserve(4096 + (a.plan.steps.size() + a.diagnostics.size()) * 512);
    JsonWriter w(out, 2, false);
    w.begin_object();
    write_head(w, a, options);
    w.key("steps");
    w.begin_array();
    for (const Step& step : a.plan.steps) write_step_json(w, a, step);
    w.end_array();
    write_findings_and_summary(w, a);
    w.end_object();
    out += '\n';
    return out;
}

/// The analysis JSON as a value: the text render_analysis_json() writes,
/// read back (one writer for the format; invalid UTF-8 is already U+FFFD).
ojson analysis_to_json(const Analysis& analysis) {
    return ojson::parse(render_analysis_json(analysis, RenderOptions{}));
}

}  // namespace flagplan
