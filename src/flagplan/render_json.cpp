#include "flagplan/render.hpp"

namespace flagplan {

using ojson = nlohmann::ordered_json;

namespace {

ojson info_json(const Snapshot& s) {
    return export_info_json(s.label, s.environment, s.version, s.created_at, s.flags.size());
}

}  // namespace

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
    o["severity"] = severity_name(d.severity);
    o["code"] = d.code;
    o["message"] = d.message;
    o["file"] = d.file;
    if (!d.flag_key.empty()) o["flagKey"] = d.flag_key;
    if (!d.field.empty()) o["field"] = d.field;
    if (!d.pointer.empty()) o["pointer"] = d.pointer;
    if (d.line > 0) o["line"] = d.line;
    if (d.column > 0) o["column"] = d.column;
    if (d.step_id > 0) o["stepId"] = d.step_id;
    return o;
}

ojson analysis_to_json(const Analysis& a) {
    ojson root;
    root["source"] = info_json(a.source);
    root["target"] = info_json(a.target);
    root["mode"] = mode_name(a.mode);
    root["blocked"] = a.blocked;
    ojson steps = ojson::array();
    for (const Step& step : a.plan.steps) {
        ojson s;
        s["id"] = step.id;
        s["mode"] = step_mode_name(step.mode);
        s["flagKey"] = step.flag_key;
        if (step.mode == StepMode::Rename) s["oldKey"] = step.old_key;
        if (step.dependent_id) s["dependentId"] = step.dependent_id;
        if (step.indent) s["indent"] = step.indent;
        s["selected"] = static_cast<std::size_t>(step.id - 1) < a.selected.size() && a.selected[step.id - 1];
        ojson changes = ojson::array();
        for (const FieldChange& c : step.changes) {
            ojson change;
            change["field"] = c.field;
            change["from"] = c.from;
            change["to"] = c.to;
            changes.push_back(std::move(change));
        }
        s["changes"] = std::move(changes);
        if (step.stage) s["stage"] = stage_move_json(*step.stage);
        steps.push_back(std::move(s));
    }
    root["steps"] = std::move(steps);
    ojson diags = ojson::array();
    for (const Diagnostic& d : a.diagnostics) diags.push_back(diagnostic_to_json(d));
    root["diagnostics"] = std::move(diags);
    ojson renames = ojson::array();
    for (const RenameSuggestion& r : a.renames)
        renames.push_back(ojson{{"oldKey", r.old_key}, {"newKey", r.new_key}, {"accepted", r.accepted}});
    root["renames"] = std::move(renames);
    PlanSummary sum = summarize(a.plan, a.selected);
    ojson summary;
    summary["CREATE_DEFAULTVALUE"] = sum.create_default_value;
    summary["UPDATE_SCHEMA_DEFAULTVALUE"] = sum.update_schema_default_value;
    summary["SET_VALUE"] = sum.set_value;
    summary["DELETE"] = sum.del;
    summary["RENAME"] = sum.rename;
    summary["selected"] = sum.selected;
    ojson findings = ojson::object();
    for (const ChangeRule& rule : change_rules()) {
        int n = 0;
        for (const Diagnostic& d : a.diagnostics) n += d.code == rule.code ? 1 : 0;
        if (n) findings[rule.code] = n;
    }
    summary["findings"] = std::move(findings);
    root["summary"] = std::move(summary);
    return root;
}

std::string render_analysis_json(const Analysis& analysis, const RenderOptions& /*options*/) {
    return dump_json(analysis_to_json(analysis));
}

}  // namespace flagplan
