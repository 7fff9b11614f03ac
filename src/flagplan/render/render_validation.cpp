// `validate`'s formats: what each checked export is, and its diagnostics.
#include "flagplan/render/render.hpp"

namespace flagplan {

namespace {

Diagnostics all_diagnostics(const std::vector<CheckedFile>& files) {
    Diagnostics all;
    for (const CheckedFile& f : files) all.insert(all.end(), f.check.diagnostics.begin(), f.check.diagnostics.end());
    return all;
}

std::string validation_text(const std::vector<CheckedFile>& files) {
    std::string out;
    for (const CheckedFile& f : files) {
        const Diagnostics& d = f.check.diagnostics;
        out += f.label + ": " + (has_errors(d) ? "INVALID" : "valid") + ", " +
               std::to_string(f.check.snapshot.flags.size()) + " flags, " +
               std::to_string(count_severity(d, Severity::Error)) + " errors, " +
               std::to_string(count_severity(d, Severity::Warning)) + " warnings\n";
    }
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

}  // namespace

const std::vector<ValidationRenderer>& validation_renderers() {
    static const std::vector<ValidationRenderer> kRenderers = {
        {"text", "one line per export, then every diagnostic grouped by file and flag", validation_text},
        {"json", "the exports and their diagnostics as JSON", validation_json},
    };
    return kRenderers;
}

std::optional<std::string> render_validation(const std::vector<CheckedFile>& files, std::string_view format) {
    for (const ValidationRenderer& r : validation_renderers())
        if (format == r.format) return r.render(files);
    return std::nullopt;
}

}  // namespace flagplan
