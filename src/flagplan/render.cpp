#include "flagplan/render.hpp"

#include "flagplan/flag_json.hpp"
#include "flagplan/plan_file.hpp"

namespace flagplan {

const std::vector<Renderer>& renderers() {
    static const std::vector<Renderer> kRenderers = {
        {"text", "txt", "text/plain", false, "readable listing of the plan", render_analysis_text},
        {"json", "json", "application/json", false, "the whole analysis as JSON", render_analysis_json},
        {"plan", "json", "application/json", true, "the selected-step plan (plan.json) to review, keep and re-render", render_plan_json},
        {"sh", "sh", "text/x-shellscript", true, "apply.sh: applies the selected steps to a FlagFlow server", render_apply_sh},
        {"rollback", "sh", "text/x-shellscript", true, "rollback.sh: undoes a completed apply.sh", render_rollback_sh},
        {"md", "md", "text/markdown", false, "report.md: the review report for a pull request or change ticket", render_report_md},
    };
    return kRenderers;
}

Rendered render(const Analysis& analysis, std::string_view format, const RenderOptions& options) {
    Rendered out;
    for (const Renderer& r : renderers()) {
        if (format != r.format) continue;
        if (r.executable && analysis.blocked) {
            Diagnostic d;
            d.code = "plan.blocked";
            d.message = std::string("the plan has errors, so no ") + r.format +
                        " output is rendered; fix the errors listed first";
            out.diagnostics.push_back(std::move(d));
            return out;
        }
        out.text = r.render(analysis, options);
        out.ok = true;
        return out;
    }
    Diagnostic d;
    d.code = "plan.unknown_format";
    d.message = "unknown format `" + std::string(format) + "`";
    out.diagnostics.push_back(std::move(d));
    return out;
}

std::string dump_json(const nlohmann::ordered_json& value) {
    std::string out;
    JsonWriter(out, 2, false).value(value);
    return out += '\n';
}

}  // namespace flagplan
