#include "flagplan/planfile/plan_file.hpp"
#include "flagplan/render/render.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "flagplan/render/flag_json.hpp"
#include "flagplan/parse/parse.hpp"
#include "flagplan/plan/stages.hpp"
#include "flagplan/validate/validate.hpp"

namespace flagplan {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

// ---------------------------------------------------------------------------
// Analysis -> PlanFile

ExportInfo info_of(const Snapshot& s) {
    ExportInfo info;
    info.label = s.label;
    info.environment = s.environment;
    info.version = s.version;
    info.created_at = s.created_at;
    info.flag_count = s.flags.size();
    info.readable = s.readable;
    return info;
}

namespace {

void add_flag(Snapshot& snapshot, const Flag& flag) {
    snapshot.add(flag);
}

}  // namespace

PlanFile make_plan_file(const Analysis& analysis, const RenderOptions& options) {
    PlanFile p;
    p.generator = options.generator;
    p.generated_at = options.generated_at;
    p.comment = options.comment;
    p.mode = analysis.mode;
    p.source = info_of(analysis.source);
    p.target = info_of(analysis.target);
    p.plan = analysis.plan;
    p.selected = analysis.selected;
    p.selected.resize(p.plan.steps.size(), false);
    p.source_flags.label = analysis.source.label;
    p.source_flags.environment = analysis.source.environment;
    p.source_flags.version = analysis.source.version;
    p.source_flags.created_at = analysis.source.created_at;
    p.baseline.label = analysis.target.label;
    p.baseline.environment = analysis.target.environment;
    p.baseline.version = analysis.target.version;
    p.baseline.created_at = analysis.target.created_at;
    std::unordered_set<std::string> seen;
    auto touch = [&](const std::string& key) {
        if (!seen.insert(key).second) return;
        p.touched.push_back(key);
        if (const Flag* f = analysis.source.find(key)) add_flag(p.source_flags, *f);
        if (const Flag* f = analysis.target.find(key)) add_flag(p.baseline, *f);
    };
    for (const Step& step : p.plan.steps) {
        touch(step.flag_key);
        if (step.mode == StepMode::Rename) touch(step.old_key);
        if (step.stage) p.walk_stages = true;
    }
    // Recorded even when nothing needed walking: the rollback walks its own jumps.
    p.walk_stages = p.walk_stages || analysis.walk_stages;
    for (const RenameSuggestion& r : analysis.renames)
        if (r.accepted) p.renames.push_back(r);
    p.diagnostics = analysis.diagnostics;
    p.blocked = analysis.blocked;
    return p;
}

PlanView view_of(const PlanFile& p) {
    return PlanView{p.generator, p.generated_at, p.mode,     p.source,   p.target,      p.plan,        p.selected,
                    p.source_flags, p.baseline, p.touched, p.renames, p.walk_stages, p.diagnostics, p.blocked,
                    p.comment};
}

AnalysisPlan::AnalysisPlan(const Analysis& analysis, const RenderOptions& options)
    : analysis_(analysis), options_(options), source_(info_of(analysis.source)), target_(info_of(analysis.target)) {
    // As make_plan_file() makes them.
    std::unordered_set<std::string_view> seen;
    seen.reserve(analysis.plan.steps.size() + 16);
    auto touch = [&](const std::string& key) {
        if (seen.insert(key).second) touched_.push_back(key);
    };
    for (const Step& step : analysis.plan.steps) {
        touch(step.flag_key);
        if (step.mode == StepMode::Rename) touch(step.old_key);
        if (step.stage) walk_stages_ = true;
    }
    walk_stages_ = walk_stages_ || analysis.walk_stages;
    for (const RenameSuggestion& r : analysis.renames)
        if (r.accepted) renames_.push_back(r);
}

PlanView AnalysisPlan::view() const {
    const Analysis& a = analysis_;
    return PlanView{options_.generator, options_.generated_at, a.mode,   source_,      target_,
                    a.plan,             a.selected,            a.source, a.target,     touched_,
                    renames_,           walk_stages_,          a.diagnostics, a.blocked,
                    options_.comment};
}

// ---------------------------------------------------------------------------
// What the selected steps promise (the executor: flagplan/plan/executor.hpp)

std::vector<std::pair<std::string, FlagState>> promised_states(const PlanFile& plan) {
    return promised_states(view_of(plan));
}

std::vector<std::pair<std::string, FlagState>> promised_states(const PlanView& plan) {
    std::vector<std::pair<std::string, FlagState>> out;
    std::unordered_map<std::string, std::size_t> at;
    for (const std::string& key : plan.touched) {
        at.emplace(key, out.size());
        const Flag* f = plan.baseline.find(key);
        out.emplace_back(key, f ? FlagState(*f) : FlagState());
    }
    auto state = [&](const std::string& key) -> FlagState& {
        auto it = at.find(key);
        if (it == at.end()) {
            it = at.emplace(key, out.size()).first;
            out.emplace_back(key, std::nullopt);
        }
        return out[it->second].second;
    };
    for (const Step& step : plan.plan.steps) {
        if (!is_selected(plan.selected, step.id)) continue;
        const Flag* source = plan.source_flags.find(step.flag_key);
        execute(step, source, source ? source->description : std::string(), state);
    }
    return out;
}

FlagState promised_state(const PlanFile& plan, const std::string& key) {
    for (auto& [k, state] : promised_states(plan))
        if (k == key) return state;
    return std::nullopt;
}

// ---------------------------------------------------------------------------
// PlanFile -> plan.json

namespace {

ojson info_json(const ExportInfo& info) {
    return export_info_json(info.label, info.environment, info.version, info.created_at, info.flag_count);
}

void write_step(JsonWriter& w, const PlanView& p, const Step& step) {
    w.begin_object();
    w.key("id").number(step.id);
    w.key("mode").string(step_mode_name(step.mode));
    w.key("flagKey").string(step.flag_key);
    if (step.dependent_id) w.key("dependentId").number(step.dependent_id);
    if (step.indent) w.key("indent").number(step.indent);
    // flagplan's own steps (formatVersion 2).
    if (step.mode == StepMode::Rename) w.key("oldKey").string(step.old_key);
    if (step.stage) w.key("stage").value(stage_move_json(*step.stage));
    if (step.keep_stage) w.key("keepStage").string(*step.keep_stage);
    if (step.mode != StepMode::Delete)
        if (const Flag* f = p.source_flags.find(step.flag_key)) w.key("flag").flag(*f);
    w.end_object();
}

}  // namespace

bool has_flagplan_steps(const Plan& plan) {
    return std::any_of(plan.steps.begin(), plan.steps.end(),
                       [](const Step& s) { return s.mode == StepMode::Rename || s.stage || s.keep_stage; });
}

std::string write_plan_file(const PlanView& p) {
    const bool v2 = has_flagplan_steps(p.plan) || p.walk_stages;
    std::string out;
    out.reserve(p.plan.steps.size() * 700 + 4096);  // about 600 bytes a step with its baseline
    JsonWriter w(out, 2, true);
    w.begin_object();
    w.key("format").string(kPlanFormat);
    w.key("formatVersion").number(v2 ? kPlanFormatVersion : kPlanFormatVersionFlagFlow);
    w.key("generator").string(p.generator);
    w.key("generatedAt").string(p.generated_at);
    if (!p.comment.empty()) w.key("comment").string(p.comment);
    w.key("mode").string(mode_name(p.mode));
    if (v2) {
        w.key("renames").begin_array();
        for (const RenameSuggestion& r : p.renames)
            w.begin_object().key("oldKey").string(r.old_key).key("newKey").string(r.new_key).end_object();
        w.end_array();
        w.key("walkStages").boolean(p.walk_stages);
    }
    w.key("blocked").boolean(p.blocked);
    w.key("source").value(info_json(p.source));
    w.key("target").value(info_json(p.target));
    for (bool selected : {true, false}) {
        w.key(selected ? "steps" : "unselectedSteps").begin_array();
        for (const Step& step : p.plan.steps)
            if (is_selected(p.selected, step.id) == selected) write_step(w, p, step);
        w.end_array();
    }
    w.key("baseline").begin_object();
    for (const std::string& key : p.touched) {
        w.key(key);
        if (const Flag* f = p.baseline.find(key)) w.flag(*f);
        else w.null();
    }
    w.end_object();
    w.key("diagnostics").begin_array();
    for (const Diagnostic& d : p.diagnostics) w.value(diagnostic_to_json(d));
    w.end_array();
    w.end_object();
    return out += '\n';
}

std::string write_plan_file(const PlanFile& p) { return write_plan_file(view_of(p)); }

std::string render_plan_json(const Analysis& analysis, const RenderOptions& options) {
    AnalysisPlan plan(analysis, options);
    return write_plan_file(plan.view());
}

// ---------------------------------------------------------------------------
// Rendering a PlanFile

std::string render_apply_sh(const Analysis& analysis, const RenderOptions& options) {
    TextParts parts;
    render_apply_sh_parts(analysis, options, collect_into(parts));
    return join_parts(std::move(parts));
}

std::string render_rollback_sh(const Analysis& analysis, const RenderOptions& options) {
    TextParts parts;
    render_rollback_sh_parts(analysis, options, collect_into(parts));
    return join_parts(std::move(parts));
}

void render_apply_sh_parts(const Analysis& analysis, const RenderOptions& options, const PartSink& sink) {
    AnalysisPlan plan(analysis, options);
    render_apply_script_parts(plan.view(), sink);
}

void render_rollback_sh_parts(const Analysis& analysis, const RenderOptions& options, const PartSink& sink) {
    AnalysisPlan plan(analysis, options);
    render_rollback_script_parts(plan.view(), sink);
}

std::string render_report_md(const Analysis& analysis, const RenderOptions& options) {
    AnalysisPlan plan(analysis, options);
    return render_report(plan.view());
}

Rendered render_plan_file(const PlanFile& plan, std::string_view format) {
    Rendered out;
    for (const Renderer& r : renderers()) {
        if (format != r.format || !r.render_plan) continue;
        int selected = 0;
        for (bool b : plan.selected) selected += b ? 1 : 0;
        if (auto refused = refusal(r, plan.blocked, selected)) {
            out.diagnostics.push_back(std::move(*refused));
            return out;
        }
        out.text = r.render_plan(plan);
        out.ok = true;
        return out;
    }
    out.diagnostics.push_back(unknown_format(format, true));
    return out;
}

}  // namespace flagplan
