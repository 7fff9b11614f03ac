// Formats for CI: GitHub Actions workflow commands (`--format github`).
#include "flagplan/analyze/summary.hpp"
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

std::string render_analysis_github(const Analysis& analysis, const RenderOptions& /*options*/) {
    // What applies to the selection (summary.hpp): every diagnostic that is
    // not a finding, then the findings of selected steps and of no step.
    SelectionSummary summary = summarize(analysis);
    Diagnostics shown;
    for (const Diagnostic& d : analysis.diagnostics)
        if (finding_rank(d.code) < 0) shown.push_back(d);
    for (std::size_t i : summary.findings) shown.push_back(analysis.diagnostics[i]);
    return render_diagnostics_github(shown) + "::notice title=flagplan plan::" +
           escape_data(summary.plan_line + (analysis.blocked ? " BLOCKED: fix the errors before applying." : "")) + "\n";
}

}  // namespace flagplan
