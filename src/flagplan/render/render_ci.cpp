// Formats for CI: GitHub Actions workflow commands (`--format github`) and
// the one-line plan summary every CI format ends with.
#include "flagplan/render/render.hpp"

namespace flagplan {

namespace {

/// GitHub's escaping of a workflow command's message (its "data"):
/// toolkit/packages/core/src/command.ts escapeData().
std::string escape_data(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '%') out += "%25";
        else if (c == '\r') out += "%0D";
        else if (c == '\n') out += "%0A";
        else out += c;
    }
    return out;
}

/// ... and of a property value: escapeProperty() also escapes : and ,.
std::string escape_property(std::string_view text) {
    std::string out;
    for (char c : escape_data(text)) {
        if (c == ':') out += "%3A";
        else if (c == ',') out += "%2C";
        else out += c;
    }
    return out;
}

const char* command_of(Severity severity) {
    switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "notice";
    }
    return "notice";
}

}  // namespace

std::string render_diagnostics_github(const Diagnostics& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics) {
        std::string properties;
        auto property = [&](const char* name, const std::string& value) {
            properties += std::string(properties.empty() ? " " : ",") + name + "=" + escape_property(value);
        };
        if (!d.file.empty()) property("file", d.file);
        if (d.line > 0) property("line", std::to_string(d.line));
        if (d.column > 0) property("col", std::to_string(d.column));
        property("title", d.code);
        out += std::string("::") + command_of(d.severity) + properties + "::" + escape_data(d.message) + "\n";
    }
    return out;
}

std::string plan_line(const Plan& plan, const Selection& selected) {
    PlanSummary s = summarize(plan, selected);
    // summarize() counts every step per mode; the line counts selected ones.
    PlanSummary chosen;
    for (const Step& step : plan.steps) {
        if (static_cast<std::size_t>(step.id - 1) >= selected.size() || !selected[step.id - 1]) continue;
        switch (step.mode) {
        case StepMode::CreateDefaultValue: ++chosen.create_default_value; break;
        case StepMode::UpdateSchemaDefaultValue: ++chosen.update_schema_default_value; break;
        case StepMode::SetValue: ++chosen.set_value; break;
        case StepMode::Delete: ++chosen.del; break;
        case StepMode::Rename: ++chosen.rename; break;
        }
    }
    return "Plan: " + std::to_string(chosen.create_default_value) + " to create, " +
           std::to_string(chosen.update_schema_default_value) + " to update, " + std::to_string(chosen.set_value) +
           " values to set, " + std::to_string(chosen.del) + " to delete" +
           (chosen.rename ? ", " + std::to_string(chosen.rename) + " to rename" : std::string()) + " (" +
           std::to_string(s.selected) + " of " + std::to_string(plan.steps.size()) + " steps selected).";
}

std::string render_analysis_github(const Analysis& analysis, const RenderOptions& /*options*/) {
    return render_diagnostics_github(analysis.diagnostics) + "::notice title=flagplan plan::" +
           escape_data(plan_line(analysis.plan, analysis.selected) +
                       (analysis.blocked ? " BLOCKED: fix the errors before applying." : "")) +
           "\n";
}

}  // namespace flagplan
