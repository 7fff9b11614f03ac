#include "flagplan/render/render.hpp"

#include "flagplan/render/flag_json.hpp"
#include "flagplan/planfile/plan_file.hpp"

namespace flagplan {

const std::vector<Renderer>& renderers() {
    static const std::vector<Renderer> kRenderers = {
        {"text", "txt", "text/plain", false, "readable listing of the plan", render_analysis_text},
        {"json", "json", "application/json", false, "the whole analysis as JSON", render_analysis_json},
        {"plan", "json", "application/json", true, "the selected-step plan (plan.json) to review, keep and re-render", render_plan_json, nullptr, write_plan_file},
        {"sh", "sh", "text/x-shellscript", true, "apply.sh: applies the selected steps to a FlagFlow server", render_apply_sh, render_apply_sh_parts, render_apply_script, true},
        {"rollback", "sh", "text/x-shellscript", true, "rollback.sh: undoes a completed apply.sh", render_rollback_sh, render_rollback_sh_parts, render_rollback_script, true},
        {"md", "md", "text/markdown", false, "report.md: the review report for a pull request or change ticket", render_report_md, nullptr, render_report},
        {"github", "txt", "text/plain", false, "GitHub Actions workflow commands: each finding as an annotation, then the Plan: line", render_analysis_github},
    };
    return kRenderers;
}

Diagnostic unknown_format(std::string_view format, bool saved_plan) {
    std::string names;
    for (const Renderer& r : renderers())
        if (!saved_plan || r.render_plan) names += (names.empty() ? "" : ", ") + std::string(r.format);
    Diagnostic d;
    d.code = "plan.unknown_format";
    d.message = "unknown format `" + std::string(format) + "`: " + (saved_plan ? "a saved plan" : "a plan") +
                " renders as " + names;
    return d;
}

std::optional<Diagnostic> refusal(const Renderer& r, bool blocked, int selected_steps) {
    Diagnostic d;
    if (r.executable && blocked) {
        d.code = "plan.blocked";
        d.message = std::string("the plan has errors, so no ") + r.format +
                    " output is rendered; fix the errors listed first";
    } else if (r.needs_steps && selected_steps == 0) {
        d.code = "plan.nothing_selected";
        d.message = std::string("no step is selected, so there is nothing to run: no ") + r.format +
                    " output is rendered; select the steps to apply first";
    } else {
        return std::nullopt;
    }
    return d;
}

namespace {

/// The renderer of `format`, or nullptr with the reason in `diagnostics`
/// (plan.unknown_format, or refusal()).
const Renderer* renderer_for(const Analysis& analysis, std::string_view format, Diagnostics& diagnostics) {
    for (const Renderer& r : renderers()) {
        if (format != r.format) continue;
        int selected = 0;
        for (bool b : analysis.selected) selected += b ? 1 : 0;
        if (auto refused = refusal(r, analysis.blocked, selected)) {
            diagnostics.push_back(std::move(*refused));
            return nullptr;
        }
        return &r;
    }
    diagnostics.push_back(unknown_format(format, false));
    return nullptr;
}

}  // namespace

Rendered render(const Analysis& analysis, std::string_view format, const RenderOptions& options) {
    Rendered out;
    if (const Renderer* r = renderer_for(analysis, format, out.diagnostics)) {
        out.text = r->render(analysis, options);
        out.ok = true;
    }
    return out;
}

RenderOutcome render_to(const Analysis& analysis, std::string_view format, const RenderOptions& options,
                        const PartSink& sink) {
    RenderOutcome out;
    if (const Renderer* r = renderer_for(analysis, format, out.diagnostics)) {
        if (r->render_parts) r->render_parts(analysis, options, sink);
        else sink(r->render(analysis, options));
        out.ok = true;
    }
    return out;
}

RenderedParts render_parts(const Analysis& analysis, std::string_view format, const RenderOptions& options) {
    RenderedParts out;
    RenderOutcome outcome = render_to(analysis, format, options, collect_into(out.parts));
    out.ok = outcome.ok;
    out.diagnostics = std::move(outcome.diagnostics);
    return out;
}

PartSink collect_into(TextParts& parts) {
    return [&parts](std::string part) { parts.push_back(std::move(part)); };
}

std::string join_parts(TextParts parts) {
    if (parts.size() == 1) return std::move(parts.front());
    std::size_t total = 0;
    for (const std::string& part : parts) total += part.size();
    std::string text;
    text.reserve(total);
    for (std::string& part : parts) {
        text += part;
        std::string().swap(part);
    }
    return text;
}

std::string dump_json(const nlohmann::ordered_json& value) {
    std::string out;
    JsonWriter(out, 2, false).value(value);
    return out += '\n';
}

using ojson = nlohmann::ordered_json;

namespace {

/// One engine table as a JSON array, a `row(entry)` object per entry, in
/// the table's order (the JS library's renderers(), stepModes(), changeRules()).
template <class Table, class Row>
std::string table_json(const Table& table, Row row) {
    ojson out = ojson::array();
    for (const auto& entry : table) out.push_back(row(entry));
    return out.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace

/// The registry as JSON: [{format, extension, mediaType, executable,
/// needsSteps, description}], in the CLI's order. Nothing to change here when a
/// renderer is added.
std::string renderers_json() {
    return table_json(renderers(), [](const Renderer& r) {
        return ojson{{"format", r.format},           {"extension", r.extension},
                     {"mediaType", r.media_type},    {"executable", r.executable},
                     {"needsSteps", r.needs_steps},  {"description", r.description}};
    });
}

/// The step modes as JSON: [{mode, marker, legend, label, description,
/// flagflow}], in enum order (step_modes()), for the page's markers, labels
/// and filters.
std::string step_modes_json() {
    return table_json(step_modes(), [](const StepModeInfo& m) {
        return ojson{{"mode", m.name},   {"marker", m.marker},           {"legend", m.legend},
                     {"label", m.label}, {"description", m.description}, {"flagflow", m.flagflow}};
    });
}

/// The change rules (risk.*, stage.*, rename.*) as JSON: [{code, severity,
/// trigger, why}], for legends. Read from the engine's table.
std::string change_rules_json() {
    return table_json(change_rules(), [](const ChangeRule& rule) {
        return ojson{{"code", rule.code}, {"severity", severity_name(rule.severity)},
                     {"trigger", rule.trigger}, {"why", rule.why}};
    });
}

}  // namespace flagplan
