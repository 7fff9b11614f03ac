#include <algorithm>
#include <map>
#include <unordered_map>

#include "flagplan/render/flag_json.hpp"
#include "flagplan/render/render.hpp"

#include <optional>

namespace flagplan {

namespace {

/// `text` with what a terminal would act on written as \\uXXXX escapes: C0
/// controls other than line feed and tab (ESC starts escape sequences, CR
/// overwrites, BEL, BS), DEL, C1 controls (U+0080-U+009F; U+009B is a CSI) and
/// the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069),
/// which reorder what is shown, and lone surrogates (WTF-8, parse.hpp). Export
/// data shown in the listing (environment,
/// labels, keys, field names, messages quoting values) goes through it.
/// Everything else, invalid UTF-8 included, is kept as it is.
std::string terminal_safe(const std::string& text) {
    auto escape = [](std::string& out, unsigned code) {
        static const char* const kHex = "0123456789abcdef";
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(code >> shift) & 0xF];
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        auto next = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u; };
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
            escape(out, c);
        } else if (c == 0xC2 && next(1) >= 0x80 && next(1) <= 0x9F) {
            escape(out, next(1));
            ++i;
        } else if (c == 0xE2 && ((next(1) == 0x80 && next(2) >= 0xAA && next(2) <= 0xAE) ||
                                 (next(1) == 0x81 && next(2) >= 0xA6 && next(2) <= 0xA9))) {
            escape(out, 0x2000u + ((next(1) & 0x3Fu) << 6) + (next(2) & 0x3Fu));
            i += 2;
        } else if (c == 0xED && next(1) >= 0xA0 && next(1) <= 0xBF && (next(2) & 0xC0) == 0x80) {
            // A lone surrogate, held as WTF-8 (parse.hpp): its \udXXX escape.
            escape(out, 0xD000u + ((next(1) & 0x3Fu) << 6) + (next(2) & 0x3Fu));
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

const char* marker(StepMode mode) { return step_mode_info(mode).marker; }

std::string value_text(const nlohmann::json& v) {
    if (v.is_null()) return "(none)";
    std::string text;
    JsonWriter(text, -1, false).value(v);  // a lone surrogate as its \udXXX escape
    return terminal_safe(text);
}

std::string env_name(const Snapshot& s) {
    return s.environment.empty() ? "(no environment)" : terminal_safe(s.environment);
}

std::string info_line(const char* role, const Snapshot& s, std::optional<std::size_t> flag_count) {
    std::string line = std::string("  ") + role + "  " + terminal_safe(s.label);
    if (!s.readable) return line + "  (unreadable)\n";
    return line + "  environment " + env_name(s) + ", version " + terminal_safe(s.version) + ", created " +
           terminal_safe(s.created_at) + ", " +
           std::to_string(flag_count.value_or(s.flags.size())) + " flags\n";
}

std::string location(const Diagnostic& d) {
    std::string out;
    if (!d.field.empty()) out += terminal_safe(d.field);
    if (d.line > 0) {
        if (!out.empty()) out += ", ";
        out += "line " + std::to_string(d.line) + ":" + std::to_string(d.column);
    }
    return out.empty() ? out : " (" + out + ")";
}

}  // namespace

std::string render_diagnostics_text(const Diagnostics& diagnostics) {
    if (diagnostics.empty()) return {};
    // Group by file, then by flag (file-level first), keeping first-seen order.
    std::vector<std::pair<std::string, std::string>> groups;
    std::map<std::pair<std::string, std::string>, std::vector<const Diagnostic*>> members;
    for (const Diagnostic& d : diagnostics) {
        auto key = std::make_pair(d.file, d.flag_key);
        if (!members.count(key)) groups.push_back(key);
        members[key].push_back(&d);
    }
    std::map<std::string, std::size_t> file_rank;
    for (const auto& key : groups) file_rank.emplace(key.first, file_rank.size());
    std::stable_sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
        std::size_t ra = file_rank[a.first], rb = file_rank[b.first];
        if (ra != rb) return ra < rb;  // files in first-seen order
        return a.second.empty() && !b.second.empty();  // file-level findings first
    });
    std::string out;
    out += "Diagnostics: " + std::to_string(count_severity(diagnostics, Severity::Error)) + " errors, " +
           std::to_string(count_severity(diagnostics, Severity::Warning)) + " warnings, " +
           std::to_string(count_severity(diagnostics, Severity::Note)) + " notes\n";
    std::string current_file = "\x01";
    for (const auto& key : groups) {
        if (key.first != current_file) {
            current_file = key.first;
            out += "  " + (current_file.empty() ? std::string("plan") : terminal_safe(current_file)) + "\n";
        }
        auto list = members[key];
        std::stable_sort(list.begin(), list.end(), [](const Diagnostic* a, const Diagnostic* b) {
            return static_cast<int>(a->severity) < static_cast<int>(b->severity);
        });
        std::string indent = "    ";
        if (!key.second.empty()) {
            out += "    flag " + terminal_safe(key.second) + "\n";
            indent = "      ";
        }
        // Messages quote export data: terminal_safe() keeps escape sequences out.
        for (const Diagnostic* d : list)
            out += indent + severity_name(d->severity) + " " + d->code + location(*d) + ": " +
                   terminal_safe(d->message) + "\n";
    }
    return out;
}

std::string render_analysis_text(const Analysis& a, const RenderOptions& options) {
    std::string out;
    const std::string choice = mode_choice(a);
    out += "flagplan " + std::string(mode_name(a.mode)) + (choice.empty() ? "" : " (auto: " + choice + ")") + ": " +
           env_name(a.source) + " \u2192 " + env_name(a.target) + "\n";
    out += info_line("source", a.source, options.source_flag_count);
    out += info_line("target", a.target, options.target_flag_count);
    out += "\n";
    if (a.plan.steps.empty()) {
        out += a.source.readable && a.target.readable ? "Nothing to migrate: the target already matches the source.\n"
                                                      : "No plan: an export could not be read.\n";
    } else {
        out += "Steps (";
        for (const StepModeInfo& m : step_modes()) out += std::string(m.marker) + " " + m.legend + ", ";
        out.replace(out.size() - 2, 2, "; [x] selected):\n");
        std::size_t width = std::to_string(a.plan.steps.size()).size();
        // The findings about each step, in diagnostic order.
        std::unordered_map<int, std::vector<const Diagnostic*>> step_findings;
        for (const Diagnostic& d : a.diagnostics)
            if (d.step_id != 0) step_findings[d.step_id].push_back(&d);
        for (const Step& step : a.plan.steps) {
            bool selected = static_cast<std::size_t>(step.id - 1) < a.selected.size() && a.selected[step.id - 1];
            std::string id = std::to_string(step.id);
            std::string line = std::string("  ") + (selected ? "[x] " : "[ ] ") + std::string(width - id.size(), ' ') +
                               id + " ";
            std::string nest(static_cast<std::size_t>(step.indent) * 3, ' ');
            if (step.indent > 0) nest.replace(nest.size() - 3, 3, "\u2514\u2500 ");
            line += nest + marker(step.mode) + " " + step_mode_name(step.mode) + " " +
                    (step.mode == StepMode::Rename ? terminal_safe(step.old_key) + " \u2192 " : std::string()) +
                    terminal_safe(step.flag_key);
            if (step.dependent_id) line += "  (after #" + std::to_string(step.dependent_id) + ")";
            out += line + "\n";
            std::string pad(6 + width + static_cast<std::size_t>(step.indent) * 3 + 2, ' ');
            if (step.stage)
                out += pad + "stage walk " + std::to_string(step.stage->link) + "/" +
                       std::to_string(step.stage->links) + ": " + terminal_safe(step.stage->from) + " \u2192 " +
                       terminal_safe(step.stage->to) + "\n";
            for (const FieldChange& c : step.changes)
                out += pad + c.field + ": " + value_text(c.from) + " \u2192 " + value_text(c.to) + "\n";
            if (step.keep_stage)
                out += pad + "keeps the target's stage " + terminal_safe(*step.keep_stage) +
                       " (written back in the same request)\n";
            auto findings = step_findings.find(step.id);
            if (findings != step_findings.end())
                for (const Diagnostic* d : findings->second)
                    out += pad + "! " + severity_name(d->severity) + " " + d->code + ": " +
                           terminal_safe(d->message.substr(
                               d->message.find(": ") == std::string::npos ? 0 : d->message.find(": ") + 2)) +
                           "\n";
        }
    }
    out += "\n";
    // Terraform's summary line first, then what is not shown under a step.
    SelectionSummary s = summarize(a);
    out += s.plan_line + "\n";
    if (a.blocked) out += "BLOCKED: fix the errors listed before applying.\n";
    out += "\n";
    // Findings about a step are shown under it; the rest are listed here.
    Diagnostics unattached;
    for (const Diagnostic& d : a.diagnostics)
        if (d.step_id == 0) unattached.push_back(d);
    out += render_diagnostics_text(unattached);
    if (!unattached.empty()) out += "\n";
    auto counts = [](const std::vector<RuleCount>& list) {
        std::string text;
        for (const RuleCount& c : list) text += (text.empty() ? "" : ", ") + std::to_string(c.count) + " " + c.code;
        return text;
    };
    if (!s.finding_counts.empty()) out += "Findings: " + counts(s.finding_counts) + ".\n";
    if (!s.unselected_finding_counts.empty())
        out += "Findings of unselected steps (not counted): " + counts(s.unselected_finding_counts) + ".\n";
    if (a.mode == Mode::Migration && s.planned.set_value > 0 && s.selected_steps < s.total_steps)
        out += "Value steps start unselected in migration mode: schemas move, values stay per environment "
               "(use --include-values to add them).\n";
    return out;
}

}  // namespace flagplan
