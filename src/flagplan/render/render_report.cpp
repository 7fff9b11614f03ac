// report.md: the review report for a pull request or a change ticket.
// Markdown that reads as plain text too: a header list, the findings, then
// the steps grouped by flag as they will run, with their field changes and
// [x] / [ ] for selected / not selected.
#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "flagplan/render/flag_json.hpp"
#include "flagplan/planfile/plan_file.hpp"
#include "flagplan/plan/stages.hpp"

namespace flagplan {

namespace {

using ojson = nlohmann::ordered_json;

bool is_selected(const PlanView& p, int id) { return flagplan::is_selected(p.selected, id); }

/// A code span that holds `text` literally, whatever backticks it contains.
std::string code(const std::string& text) {
    std::size_t longest = 0, run = 0;
    for (char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    std::string fence(longest + 1, '`');
    bool pad = text.empty() || text.front() == '`' || text.back() == '`' || text.front() == ' ';
    return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

/// Plain text in markdown: one line, hidden characters escaped, no HTML.
std::string md(const std::string& text) {
    const std::string shown = visible_text(text);
    if (shown.find_first_of("<>") == std::string::npos) return shown;
    std::string out;
    for (char c : shown) {
        if (c == '<') out += "\\<";
        else if (c == '>') out += "\\>";
        else out += c;
    }
    return out;
}

/// True for a string value that holds a line break: the report shows it
/// as text in a block (block()), not as one line of JSON with `\n` escapes.
bool is_multiline(const nlohmann::json& v) {
    return v.is_string() && v.get_ref<const std::string&>().find('\n') != std::string::npos;
}

std::string value(const nlohmann::json& v);

/// A field change's value as an indented fenced block ("\n" first, "\n"
/// last): a multi-line string as its lines (tabs kept; a line holding
/// another hidden character shown as its visible_text() JSON form), any
/// other value as value() gives it; "(none)" for null.
std::string block(const nlohmann::json& v) {
    if (!is_multiline(v)) return " " + (v.is_null() ? std::string("(none)") : value(v)) + "\n";
    const std::string& text = v.get_ref<const std::string&>();
    std::vector<std::string> lines;
    std::size_t longest = 0;
    for (std::size_t start = 0;;) {
        std::size_t end = text.find('\n', start);
        std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        std::string shown, part;
        for (std::size_t i = 0; i <= line.size(); ++i) {  // tabs kept, every other part checked
            if (i < line.size() && line[i] != '\t') {
                part += line[i];
                continue;
            }
            shown += visible_text(part) + (i < line.size() ? "\t" : "");
            part.clear();
        }
        std::size_t run = 0;
        for (char c : shown) longest = std::max(longest, run = c == '`' ? run + 1 : 0);
        lines.push_back(std::move(shown));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
    std::string out = "\n\n    " + fence + "text\n";
    for (const std::string& line : lines) out += "    " + line + "\n";
    return out + "    " + fence + "\n\n";
}

/// A field change's value: one line of visible JSON in a code span, cut
/// after 1000 bytes.
std::string value(const nlohmann::json& v) {
    if (v.is_null()) return "(none)";
    std::string text;
    JsonWriter(text, -1, true).value(v);
    if (text.size() > 1000) {
        std::size_t cut = 1000;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
        text = text.substr(0, cut) + "... (" + std::to_string(text.size()) + " bytes)";
    }
    return code(text);
}

std::string env(const std::string& e) { return e.empty() ? "(empty)" : e; }

std::string export_item(const char* role, const ExportInfo& info) {
    std::string out = std::string("- **") + role + ":** " + code(visible_text(info.label));
    if (!info.readable) return out + " (could not be read)\n";
    return out + ", environment " + code(visible_text(env(info.environment))) + ", FlagFlow " +
           md(info.version) + ", exported " + md(info.created_at) + ", " + std::to_string(info.flag_count) +
           " flags\n";
}

std::string diagnostic_item(const Diagnostic& d) {
    std::string where;
    auto add = [&](const std::string& part) { where += (where.empty() ? "" : ", ") + part; };
    if (!d.file.empty()) add(code(visible_text(d.file)));
    if (!d.flag_key.empty()) add("flag " + code(visible_text(d.flag_key)));
    if (!d.field.empty()) add(code(visible_text(d.field)));
    if (d.line > 0) add("line " + std::to_string(d.line) + ":" + std::to_string(d.column));
    return "- " + code(d.code) + (where.empty() ? "" : " (" + where + ")") + ": " + md(d.message) + "\n";
}

/// What a flag will be after the apply, in words. `promised` holds
/// promised_state() of every key with a selected step (and only those);
/// `unselected_set` the keys with a SET_VALUE step that is not selected.
std::string outcome(const PlanView& p, const std::string& key,
                    const std::unordered_map<std::string, FlagState>& promised,
                    const std::unordered_set<std::string_view>& unselected_set) {
    auto found = promised.find(key);
    if (found == promised.end()) return "not changed: no step of this flag is selected";
    const FlagState& after = found->second;
    const Flag* source = p.source_flags.find(key);
    if (!after) return "deleted";
    if (source && same_flag(*after, *source)) return "the same as in the source";
    std::vector<std::string> differ;
    if (source)
        for (Field f : fields_of(after->type))
            if (field_json(*after, f) != field_json(*source, f)) differ.push_back(field_name(f));
    std::string out = "as in the source except ";
    for (std::size_t i = 0; i < differ.size(); ++i) out += (i ? ", " : "") + code(differ[i]);
    if (!after->value_exists && has_value_fields(after->type))
        out += ": it uses its default value (`valueExists` false) because its SET_VALUE step is not selected";
    else if (std::find(differ.begin(), differ.end(), "value") != differ.end() && unselected_set.count(key))
        out += ": it keeps the target's value because its SET_VALUE step is not selected";
    return out;
}

}  // namespace

std::string render_report(const PlanView& p) {
    std::string out;
    out += "# flagplan " + std::string(mode_name(p.mode)) + ": " + md(env(p.source.environment)) + " \u2192 " +
           md(env(p.target.environment)) + "\n\n";
    out += export_item("Source", p.source);
    out += export_item("Target", p.target);
    if (!p.generated_at.empty() || !p.generator.empty())
        out += "- **Plan made:** " + md(p.generated_at.empty() ? "(time not recorded)" : p.generated_at) + " by " +
               md(p.generator) + "\n";
    if (!p.comment.empty()) out += "- **Comment:** " + md(p.comment) + "\n";
    out += "- **Mode:** " + std::string(mode_name(p.mode)) +
           (p.mode == Mode::Migration ? " (value steps start unselected: values stay per environment)\n"
                                      : " (every step starts selected: re-applying a backup)\n");
    const SelectionSummary summary = summarize_selection(p.plan, p.selected, p.diagnostics, p.blocked);
    const int selected = summary.selected_steps;
    out += "- **" + md(summary.plan_line.substr(0, 4)) + ":**" + md(summary.plan_line.substr(5)) + "\n";
    std::string counts;
    auto add = [&counts](StepMode m, int chosen, int total) {
        if (m == StepMode::Rename && total == 0) return;
        counts += (counts.empty() ? "" : ", ") + std::to_string(chosen) + " of " + std::to_string(total) + " " +
                  step_mode_name(m) + (m == StepMode::Rename ? " (flagplan's step)" : "");
    };
    const ModeCounts &on = summary.selected, &all = summary.planned;
    add(StepMode::CreateDefaultValue, on.create_default_value, all.create_default_value);
    add(StepMode::UpdateSchemaDefaultValue, on.update_schema_default_value, all.update_schema_default_value);
    add(StepMode::SetValue, on.set_value, all.set_value);
    add(StepMode::Delete, on.del, all.del);
    add(StepMode::Rename, on.rename, all.rename);
    out += "- **Steps:** " + std::to_string(selected) + " of " + std::to_string(summary.total_steps) +
           " selected (" + counts + ")\n";
    // promised_state() of every key a selected step touches (a RENAME: both
    // keys), from one pass over the plan.
    std::unordered_map<std::string, FlagState> promised;
    {
        std::unordered_map<std::string, FlagState> all;
        for (auto& [key, state] : promised_states(p)) all.emplace(key, std::move(state));
        for (const Step& s : p.plan.steps) {
            if (!is_selected(p, s.id)) continue;
            // A key's first step takes its state (try_emplace moves nothing for a key already taken).
            promised.try_emplace(s.flag_key, std::move(all[s.flag_key]));
            if (s.mode == StepMode::Rename) promised.try_emplace(s.old_key, std::move(all[s.old_key]));
        }
    }
    out += "- **Flags changed:** " + std::to_string(promised.size()) + "\n";
    int walks = 0;
    for (const Step& s : p.plan.steps) walks += s.stage && s.stage->link == 1 && is_selected(p, s.id) ? 1 : 0;
    if (walks)
        out += "- **Stage walks:** " + std::to_string(walks) +
               " (one SET_VALUE per stage; apply.sh and rollback.sh pause between stages)\n";
    if (p.blocked)
        out += "- **Status:** BLOCKED: " + std::to_string(summary.errors) +
               " error(s) must be fixed; no plan file or script is made until then\n";
    else if (!summary.executable)
        out += "- **Status:** nothing to apply: no step is selected\n";
    else
        out += "- **Status:** ready to apply (" + std::to_string(summary.warnings) + " warning(s))\n";

    // What applies to the selected steps, in the summary's order: findings by
    // change rule, then every other diagnostic; the unselected steps' findings last.
    std::vector<const Diagnostic*> applying;
    for (std::size_t i : summary.findings) applying.push_back(&p.diagnostics[i]);
    for (const Diagnostic& d : p.diagnostics)
        if (finding_rank(d.code) < 0) applying.push_back(&d);
    struct Section {
        Severity severity;
        const char* title;
        int count;
    };
    for (const Section& section : {Section{Severity::Error, "Errors", summary.errors},
                                   Section{Severity::Warning, "Warnings", summary.warnings},
                                   Section{Severity::Note, "Notes", summary.notes}}) {
        if (section.count == 0) continue;
        out += "\n## " + std::string(section.title) + " (" + std::to_string(section.count) + ")\n\n";
        for (const Diagnostic* d : applying)
            if (d->severity == section.severity) out += diagnostic_item(*d);
    }
    if (!summary.unselected_findings.empty()) {
        out += "\n## Findings of unselected steps, not counted (" + std::to_string(summary.unselected_findings.size()) +
               ")\n\nWhat ticking those steps would add:\n\n";
        for (std::size_t i : summary.unselected_findings) out += diagnostic_item(p.diagnostics[i]);
    }

    out += "\n## Steps\n\n";
    if (p.plan.steps.empty()) {
        out += p.source.readable && p.target.readable ? "Nothing to migrate: the target already matches the source.\n"
                                                      : "No plan: an export could not be read.\n";
    } else {
        out += "Steps in plan order, grouped by flag. [x] selected: runs as step N/" + std::to_string(selected) +
               " of apply.sh;\n[ ] not selected. Each step is one request to FlagFlow's migration executor";
        if (std::any_of(p.plan.steps.begin(), p.plan.steps.end(),
                        [](const Step& s) { return s.mode == StepMode::Rename; }))
            out += "\n(a RENAME, flagplan's step, is one request to FlagFlow's rename operation)";
        out += ";\n`from \u2192 to` are the target's and the source's values.\n";
        // The keys with an unselected SET_VALUE step, indexed once (a plan
        // scan per flag would be quadratic).
        std::unordered_set<std::string_view> unselected_set;
        for (const Step& s : p.plan.steps)
            if (s.mode == StepMode::SetValue && !is_selected(p, s.id)) unselected_set.insert(s.flag_key);
        // The findings about each step, in diagnostic order.
        std::unordered_map<int, std::vector<const Diagnostic*>> step_findings;
        for (const Diagnostic& d : p.diagnostics)
            if (d.step_id != 0 && d.severity != Severity::Note) step_findings[d.step_id].push_back(&d);
        int position = 0;
        for (std::size_t i = 0; i < p.plan.steps.size();) {
            const std::string& key = p.plan.steps[i].flag_key;
            std::string renamed_from;
            for (std::size_t j = i; j < p.plan.steps.size() && p.plan.steps[j].flag_key == key; ++j)
                if (p.plan.steps[j].mode == StepMode::Rename) renamed_from = p.plan.steps[j].old_key;
            out += "\n### " + code(key) + (renamed_from.empty() ? "" : " (renamed from " + code(renamed_from) + ")") +
                   "\n\n";
            for (; i < p.plan.steps.size() && p.plan.steps[i].flag_key == key; ++i) {
                const Step& s = p.plan.steps[i];
                bool on = is_selected(p, s.id);
                if (on) ++position;
                out += std::string(on ? "- [x] " : "- [ ] ") + "**#" + std::to_string(s.id) + " " +
                       step_mode_name(s.mode) + "**";
                if (s.dependent_id) out += ", after #" + std::to_string(s.dependent_id);
                out += on ? " (runs as step " + std::to_string(position) + "/" + std::to_string(selected) + ")"
                          : " (not selected)";
                out += "\n";
                if (s.mode == StepMode::Delete) {
                    const nlohmann::json type = s.changes.empty() ? nlohmann::json() : s.changes[0].from;
                    out += "  - deletes the flag" +
                           (type.is_string() ? " (type " + code(visible_text(type.get<std::string>())) + ")"
                                             : std::string()) +
                           "\n";
                } else if (s.mode == StepMode::Rename) {
                    const Flag* source = p.source_flags.find(s.flag_key);
                    out += "  - flagplan's step, not one of FlagFlow's step modes: FlagFlow's rename operation "
                           "(`flag.rename`) moves " + code(s.old_key) + " to " + code(s.flag_key) +
                           ", keeping the target's schema and value\n";
                    out += "  - description sent: " +
                           value(source ? nlohmann::json(source->description) : nlohmann::json()) +
                           " (the source flag's)\n";
                } else {
                    if (s.stage) {
                        std::string meaning = stage_meaning(s.stage->to);
                        out += "  - stage walk, link " + std::to_string(s.stage->link) + " of " +
                               std::to_string(s.stage->links) + ": " + code(s.stage->from) + " \u2192 " +
                               code(s.stage->to) + (meaning.empty() ? "" : " (" + md(meaning) + ")") +
                               (s.stage->link < s.stage->links ? "; the scripts pause after it" : "") + "\n";
                    }
                    for (const FieldChange& c : s.changes) {
                        const bool created = c.from.is_null() && s.mode == StepMode::CreateDefaultValue;
                        if (is_multiline(c.from) || is_multiline(c.to))
                            out += "  - " + code(c.field) + ":" +
                                   (created ? block(c.to) : block(c.from) + "    \u2192" + block(c.to));
                        else
                            out += "  - " + code(c.field) + ": " +
                                   (created ? value(c.to) : value(c.from) + " \u2192 " + value(c.to)) + "\n";
                    }
                }
                if (s.mode == StepMode::UpdateSchemaDefaultValue)
                    out += "  - resets the value to the default (`valueExists` false)\n";
                auto findings = step_findings.find(s.id);
                if (findings != step_findings.end())
                    for (const Diagnostic* d : findings->second)
                        out += std::string("  - **") + severity_name(d->severity) + "** " + code(d->code) + ": " +
                               md(d->message) + "\n";
            }
            out += "- **Afterwards:** " + outcome(p, key, promised, unselected_set);
            if (!renamed_from.empty()) {
                auto old_state = promised.find(renamed_from);
                if (old_state != promised.end() && !old_state->second)
                    out += "; " + code(renamed_from) + " no longer exists";
            }
            out += "\n";
        }
    }

    out += "\n## Applying\n\n";
    if (p.blocked) {
        out += "Nothing can be applied until the errors above are fixed.\n";
    } else {
        out += "Against the target FlagFlow server (environment " + code(visible_text(env(p.target.environment))) +
               "):\n\n"
               "```\n"
               "flagplan render plan.json --format sh --out apply.sh          # or: flagplan plan ... --format sh\n"
               "flagplan render plan.json --format rollback --out rollback.sh\n"
               "export FLAGFLOW_URL=... FLAGFLOW_USERNAME=... FLAGFLOW_PASSWORD=...\n"
               "bash apply.sh --dry-run     # every request, none sent\n"
               "bash apply.sh               # drift guard, confirmation, backup, steps, verification\n"
               "bash rollback.sh            # undoes a completed apply\n"
               "```\n\n"
               "apply.sh saves the target's export before its first write; restoring that backup\n"
               "(`flagplan plan BACKUP.json CURRENT.json --mode restore --format sh`) undoes a partial apply.\n";
    }
    return out;
}

std::string render_report(const PlanFile& plan) { return render_report(view_of(plan)); }

std::string markdown_code(const std::string& text) { return code(text); }

std::string markdown_text(const std::string& text) { return md(text); }

std::string markdown_diagnostic(const Diagnostic& diagnostic) { return diagnostic_item(diagnostic); }

}  // namespace flagplan
