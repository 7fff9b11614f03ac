#include "flagplan/analyze/summary.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "flagplan/analyze/risk.hpp"

namespace flagplan {

int finding_rank(const std::string& code) {
    const std::vector<ChangeRule>& rules = change_rules();
    for (std::size_t i = 0; i < rules.size(); ++i)
        if (code == rules[i].code) return static_cast<int>(i);
    return -1;
}

namespace {

void count_mode(ModeCounts& counts, StepMode mode) {
    switch (mode) {
        case StepMode::CreateDefaultValue: ++counts.create_default_value; break;
        case StepMode::UpdateSchemaDefaultValue: ++counts.update_schema_default_value; break;
        case StepMode::SetValue: ++counts.set_value; break;
        case StepMode::Delete: ++counts.del; break;
        case StepMode::Rename: ++counts.rename; break;
    }
}

std::vector<RuleCount> rule_counts(const std::vector<std::size_t>& findings, const std::vector<int>& rank) {
    const std::vector<ChangeRule>& rules = change_rules();
    std::vector<RuleCount> out;
    for (std::size_t i : findings) {
        const char* code = rules[static_cast<std::size_t>(rank[i])].code;
        if (out.empty() || std::strcmp(out.back().code, code) != 0) out.push_back({code, 0});
        ++out.back().count;
    }
    return out;
}

std::string plan_line(const SelectionSummary& s) {
    std::string line = "Plan: " + std::to_string(s.selected.create_default_value) + " to create, " +
                       std::to_string(s.selected.update_schema_default_value) + " to update, " +
                       std::to_string(s.selected.set_value) + (s.selected.set_value == 1 ? " value" : " values") +
                       " to set, " + std::to_string(s.selected.del) + " to delete";
    if (s.selected.rename) line += ", " + std::to_string(s.selected.rename) + " to rename";
    return line + " (" + std::to_string(s.selected_steps) + " of " + std::to_string(s.total_steps) +
           (s.total_steps == 1 ? " step" : " steps") + " selected).";
}

}  // namespace

SelectionSummary summarize_selection(const Plan& plan, const Selection& selected, const Diagnostics& diagnostics,
                                     bool blocked) {
    SelectionSummary s;
    s.total_steps = static_cast<int>(plan.steps.size());
    for (const Step& step : plan.steps) {
        count_mode(s.planned, step.mode);
        if (is_selected(selected, step.id)) {
            count_mode(s.selected, step.mode);
            ++s.selected_steps;
        }
    }
    // finding_rank() of each code, looked up once per code.
    std::unordered_map<std::string_view, int> ranks;
    for (const ChangeRule& rule : change_rules()) ranks.emplace(rule.code, finding_rank(rule.code));
    std::vector<int> rank(diagnostics.size(), -1);
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        const Diagnostic& d = diagnostics[i];
        const auto found = ranks.find(d.code);
        rank[i] = found == ranks.end() ? -1 : found->second;
        bool applies = rank[i] < 0 || d.step_id == 0 || is_selected(selected, d.step_id);
        if (rank[i] >= 0) (applies ? s.findings : s.unselected_findings).push_back(i);
        if (!applies) continue;
        switch (d.severity) {
            case Severity::Error: ++s.errors; break;
            case Severity::Warning: ++s.warnings; break;
            case Severity::Note: ++s.notes; break;
        }
    }
    auto by_rank = [&rank](std::size_t a, std::size_t b) { return rank[a] < rank[b]; };
    std::stable_sort(s.findings.begin(), s.findings.end(), by_rank);
    std::stable_sort(s.unselected_findings.begin(), s.unselected_findings.end(), by_rank);
    s.finding_counts = rule_counts(s.findings, rank);
    s.unselected_finding_counts = rule_counts(s.unselected_findings, rank);
    s.blocked = blocked;
    s.executable = !blocked && s.selected_steps > 0;
    s.plan_line = plan_line(s);
    std::vector<bool> unselected(diagnostics.size(), false);
    for (std::size_t i : s.unselected_findings) unselected[i] = true;
    std::vector<std::size_t> applying;
    for (std::size_t i = 0; i < diagnostics.size(); ++i)
        if (!unselected[i]) applying.push_back(i);
    s.groups = group_diagnostics(diagnostics, applying);
    return s;
}

}  // namespace flagplan
