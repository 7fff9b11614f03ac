// The selection summary: every figure a user sees about "what will run",
// computed once, here, for exactly the selected steps (issue 13). The CLI's
// text and JSON, the report, the apply and rollback script headers and the
// page all render this one result; none of them counts or filters findings
// by itself.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "flagplan/core/diagnostic.hpp"
#include "flagplan/plan/plan.hpp"
#include "flagplan/select/select.hpp"

namespace flagplan {

/// Steps per mode.
struct ModeCounts {
    int create_default_value = 0;
    int update_schema_default_value = 0;
    int set_value = 0;
    int del = 0;
    int rename = 0;
};

/// How many findings of one change rule (change_rules() order).
struct RuleCount {
    const char* code;
    int count;
};

struct SelectionSummary {
    ModeCounts selected;      ///< selected steps per mode
    ModeCounts planned;       ///< every step per mode, selected or not
    int selected_steps = 0;
    int total_steps = 0;
    /// Indices into the diagnostics of the findings (change-rule codes:
    /// guard.*, stage.*, risk.*, rename.*) that apply to what runs: those of
    /// selected steps and those of no step. Ordered by change_rules() rank,
    /// then by diagnostic order: the one order every renderer lists them in.
    std::vector<std::size_t> findings;
    /// The findings of unselected steps, in the same order. They say what
    /// ticking those steps would cost; they never count as the plan's.
    std::vector<std::size_t> unselected_findings;
    std::vector<RuleCount> finding_counts;             ///< of `findings`, count > 0 only
    std::vector<RuleCount> unselected_finding_counts;  ///< of `unselected_findings`
    /// Errors, warnings and notes that apply: every diagnostic that is not a
    /// finding, plus `findings`.
    int errors = 0;
    int warnings = 0;
    int notes = 0;
    bool blocked = false;     ///< errors: nothing executable is rendered
    /// True when an apply or rollback script can be rendered: not blocked and
    /// at least one step selected.
    bool executable = false;
    /// Every diagnostic that applies (all but `unselected_findings`), grouped
    /// by file and flag (group_diagnostics()): the page's findings panel.
    std::vector<DiagnosticGroup> groups;
    /// "Plan: 13 to create, 10 to update, 0 values to set, 8 to delete (31 of
    /// 59 steps selected)." -- Terraform's summary line; ", N to rename" only
    /// when a RENAME is selected.
    std::string plan_line;
};

/// The summary of `selected` steps of `plan` with the analysis'
/// `diagnostics` (each finding carries the step it is about, 0 = none).
/// `blocked`: the analysis has errors or an unreadable export.
SelectionSummary summarize_selection(const Plan& plan, const Selection& selected, const Diagnostics& diagnostics,
                                     bool blocked);

/// The rank of `code` in change_rules(), or -1 when it is not a finding.
int finding_rank(const std::string& code);

}  // namespace flagplan
