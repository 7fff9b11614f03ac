// `pipeline`'s formats: the flag key x environment matrix, its findings and
// each hop's Plan: line.
#include "flagplan/pipeline/pipeline.hpp"
#include "flagplan/render/flag_json.hpp"
#include "flagplan/render/render.hpp"

namespace flagplan {

namespace {

std::string env_name(const ExportInfo& e) { return e.environment.empty() ? "(empty)" : e.environment; }

std::string joined(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

/// A value for a one-line listing: cut after 60 bytes (at a character boundary).
std::string short_value(const std::string& value) {
    if (value.size() <= 60) return value;
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    return value.substr(0, cut) + "...";
}

std::string flow(const Pipeline& p) {
    std::string out;
    for (const ExportInfo& e : p.environments) out += (out.empty() ? "" : " \u2192 ") + visible_text(env_name(e));
    return out;
}

std::string pipeline_text(const Pipeline& p) {
    std::string out = "flagplan pipeline: " + flow(p) + "\n";
    std::size_t width = 0;
    for (const ExportInfo& e : p.environments) width = std::max(width, visible_text(env_name(e)).size());
    for (const ExportInfo& e : p.environments)
        out += "  " + visible_text(e.label) + "  environment " + visible_text(env_name(e)) + ", version " +
               visible_text(e.version) + ", created " + visible_text(e.created_at) + ", " +
               std::to_string(e.flag_count) + " flags\n";
    out += "\nFlags (type #schema fingerprint, value; * differs from the environment before):\n";
    for (const PipelineRow& row : p.rows) {
        out += "  " + visible_text(row.key) + (row.stage_flag ? "  (stage flag)" : "") + "\n";
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
            const PipelineCell& c = row.cells[i];
            std::string name = visible_text(env_name(p.environments[i]));
            std::string line = "    " + name + std::string(width - name.size(), ' ') + "  ";
            if (!c.present) line += "(absent)";
            else {
                line += std::string(flag_type_name(c.type)) + " #" + c.fingerprint;
                if (!c.value.empty()) line += " " + short_value(c.value) + (c.value_exists ? "" : " (default)");
                if (!c.stage.empty()) line += "  stage " + visible_text(c.stage);
            }
            if (!c.changes.empty()) line += "  * " + joined(c.changes, ", ");
            out += line + "\n";
        }
    }
    out += "\n";
    if (!p.diagnostics.empty()) out += render_diagnostics_text(p.diagnostics) + "\n";
    out += "Hops:\n";
    for (const PipelineHop& h : p.hops)
        out += "  " + visible_text(env_name(p.environments[h.from])) + " \u2192 " +
               visible_text(env_name(p.environments[h.to])) + ": " + h.plan_line +
               (h.blocked ? " BLOCKED" : "") + "\n";
    return out;
}

std::string pipeline_json(const Pipeline& p) {
    std::string out;
    JsonWriter w(out, 2, false);
    w.begin_object();
    w.key("environments").begin_array();
    for (const ExportInfo& e : p.environments)
        w.value(export_info_json(e.label, e.environment, e.version, e.created_at, e.flag_count));
    w.end_array();
    w.key("flags").begin_array();
    for (const PipelineRow& row : p.rows) {
        w.begin_object().key("flagKey").string(row.key).key("stageFlag").boolean(row.stage_flag);
        w.key("cells").begin_array();
        for (const PipelineCell& c : row.cells) {
            w.begin_object().key("present").boolean(c.present);
            if (c.present) {
                w.key("type").string(flag_type_name(c.type)).key("schemaFingerprint").string(c.fingerprint);
                if (!c.value.empty())
                    w.key("valueExists").boolean(c.value_exists).key("value").value(nlohmann::ordered_json::parse(c.value));
                if (!c.stage.empty()) w.key("stage").string(c.stage);
            }
            w.key("changes").begin_array();
            for (const std::string& change : c.changes) w.string(change);
            w.end_array().end_object();
        }
        w.end_array().end_object();
    }
    w.end_array();
    w.key("hops").begin_array();
    for (const PipelineHop& h : p.hops) {
        w.begin_object().key("from").number(static_cast<std::int64_t>(h.from));
        w.key("to").number(static_cast<std::int64_t>(h.to)).key("steps").number(h.steps);
        w.key("selected").number(h.selected).key("blocked").boolean(h.blocked);
        w.key("errors").number(h.errors).key("warnings").number(h.warnings).key("plan").string(h.plan_line);
        w.end_object();
    }
    w.end_array();
    w.key("diagnostics").begin_array();
    for (const Diagnostic& d : p.diagnostics) w.value(diagnostic_to_json(d));
    w.end_array();
    w.key("blocked").boolean(p.blocked);
    w.end_object();
    return out += '\n';
}

std::string pipeline_md(const Pipeline& p) {
    std::string out = "## flagplan pipeline: " + markdown_text(flow(p)) + "\n\n| flag key |";
    std::string rule = "| --- |";
    for (const ExportInfo& e : p.environments) {
        out += " " + markdown_code(visible_text(env_name(e))) + " |";
        rule += " --- |";
    }
    out += "\n" + rule + "\n";
    for (const PipelineRow& row : p.rows) {
        out += "| " + markdown_code(visible_text(row.key)) + " |";
        for (const PipelineCell& c : row.cells) {
            std::string cell = !c.present ? std::string("(absent)")
                                          : markdown_code(std::string(flag_type_name(c.type)) + " #" + c.fingerprint);
            if (c.present && !c.value.empty()) cell += " " + markdown_code(visible_text(short_value(c.value)));
            if (!c.stage.empty()) cell += " stage " + markdown_code(visible_text(c.stage));
            if (!c.changes.empty()) cell += " **\u2260 " + joined(c.changes, ", ") + "**";
            // A table cell ends at an unescaped |.
            std::string escaped;
            for (char ch : cell) escaped += ch == '|' ? std::string("\\|") : std::string(1, ch);
            out += " " + escaped + " |";
        }
        out += "\n";
    }
    out += "\n### Hops\n\n";
    for (const PipelineHop& h : p.hops)
        out += "- " + markdown_text(env_name(p.environments[h.from])) + " \u2192 " +
               markdown_text(env_name(p.environments[h.to])) + ": " + h.plan_line + (h.blocked ? " **BLOCKED**" : "") +
               "\n";
    if (!p.diagnostics.empty()) {
        out += "\n### Findings\n\n";
        for (const Diagnostic& d : p.diagnostics) out += markdown_diagnostic(d);
    }
    return out;
}

}  // namespace

const std::vector<PipelineRenderer>& pipeline_renderers() {
    static const std::vector<PipelineRenderer> kRenderers = {
        {"text", "per flag key one line per environment, the findings, one Plan: line per hop", pipeline_text},
        {"json", "the matrix, the hops and the findings as JSON", pipeline_json},
        {"md", "the matrix as a table with the hops, for $GITHUB_STEP_SUMMARY", pipeline_md},
    };
    return kRenderers;
}

std::optional<std::string> render_pipeline(const Pipeline& pipeline, std::string_view format) {
    for (const PipelineRenderer& r : pipeline_renderers())
        if (format == r.format) return r.render(pipeline);
    return std::nullopt;
}

}  // namespace flagplan
