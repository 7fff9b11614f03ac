// `validate`'s formats: what each checked export is, and its diagnostics.
#include "flagplan/render/render.hpp"
#include "flagplan/render/flag_json.hpp"

namespace flagplan {

namespace {

Diagnostics all_diagnostics(const std::vector<CheckedFile>& files) {
    Diagnostics all;
    for (const CheckedFile& f : files) all.insert(all.end(), f.check.diagnostics.begin(), f.check.diagnostics.end());
    return all;
}

std::string file_lines(const std::vector<CheckedFile>& files) {
    std::string out;
    for (const CheckedFile& f : files) {
        const Diagnostics& d = f.check.diagnostics;
        out += f.label + ": " + (has_errors(d) ? "INVALID" : "valid") + ", " +
               std::to_string(f.check.snapshot.flags.size()) + " flags, " +
               std::to_string(count_severity(d, Severity::Error)) + " errors, " +
               std::to_string(count_severity(d, Severity::Warning)) + " warnings\n";
    }
    return out;
}

std::string validation_text(const std::vector<CheckedFile>& files) {
    std::string out = file_lines(files);
    Diagnostics all = all_diagnostics(files);
    if (!all.empty()) out += "\n" + render_diagnostics_text(all);
    return out;
}

std::string validation_json(const std::vector<CheckedFile>& files) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const CheckedFile& f : files) {
        const Snapshot& s = f.check.snapshot;
        nlohmann::ordered_json j;
        j["label"] = f.label;
        j["environment"] = s.environment;
        j["version"] = s.version;
        j["createdAt"] = s.created_at;
        j["flagCount"] = s.flags.size();
        j["valid"] = !has_errors(f.check.diagnostics);
        list.push_back(std::move(j));
    }
    nlohmann::ordered_json root;
    root["files"] = std::move(list);
    nlohmann::ordered_json diagnostics = nlohmann::ordered_json::array();
    for (const Diagnostic& d : all_diagnostics(files)) diagnostics.push_back(diagnostic_to_json(d));
    root["diagnostics"] = std::move(diagnostics);
    return dump_json(root);
}

std::string validation_github(const std::vector<CheckedFile>& files) {
    return file_lines(files) + render_diagnostics_github(all_diagnostics(files));
}

std::string validation_md(const std::vector<CheckedFile>& files) {
    std::string out = "## flagplan validate\n\n| export | environment | flags | errors | warnings | verdict |\n"
                      "| --- | --- | ---: | ---: | ---: | --- |\n";
    for (const CheckedFile& f : files) {
        const Diagnostics& d = f.check.diagnostics;
        out += "| " + markdown_code(visible_text(f.label)) + " | " + markdown_code(visible_text(f.check.snapshot.environment)) +
               " | " + std::to_string(f.check.snapshot.flags.size()) + " | " +
               std::to_string(count_severity(d, Severity::Error)) + " | " +
               std::to_string(count_severity(d, Severity::Warning)) + " | " + (has_errors(d) ? "**INVALID**" : "valid") +
               " |\n";
    }
    Diagnostics all = all_diagnostics(files);
    if (!all.empty()) {
        out += "\n### Diagnostics\n\n";
        for (const Diagnostic& d : all)
            out += markdown_diagnostic(d).insert(2, std::string("**") + severity_name(d.severity) + "** ");
    }
    return out;
}

}  // namespace

const std::vector<ValidationRenderer>& validation_renderers() {
    static const std::vector<ValidationRenderer> kRenderers = {
        {"text", "one line per export, then every diagnostic grouped by file and flag", validation_text},
        {"json", "the exports and their diagnostics as JSON", validation_json},
        {"github", "GitHub Actions workflow commands: each problem as an annotation on its file and line", validation_github},
        {"md", "a table of the exports and their problems, for $GITHUB_STEP_SUMMARY", validation_md},
    };
    return kRenderers;
}

std::optional<std::string> render_validation(const std::vector<CheckedFile>& files, std::string_view format) {
    for (const ValidationRenderer& r : validation_renderers())
        if (format == r.format) return r.render(files);
    return std::nullopt;
}

}  // namespace flagplan
