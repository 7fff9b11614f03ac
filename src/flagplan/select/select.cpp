#include "flagplan/select/select.hpp"

#include <algorithm>
#include <unordered_set>

namespace flagplan {

const char* mode_name(Mode mode) { return mode == Mode::Restore ? "restore" : "migration"; }

std::optional<Mode> parse_mode(std::string_view name) {
    if (name == "migration") return Mode::Migration;
    if (name == "restore") return Mode::Restore;
    return std::nullopt;
}

namespace {

bool known(const Plan& plan, int id) { return id >= 1 && id <= static_cast<int>(plan.steps.size()); }

Diagnostic selection_error(std::string code, std::string message, const Step* step = nullptr) {
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    if (step) d.flag_key = step->flag_key;
    return d;
}

Diagnostic unknown_id(const Plan& plan, int id) {
    return selection_error("selection.unknown_id", "step " + std::to_string(id) +
                                                       " is not in the plan (steps are 1 to " +
                                                       std::to_string(plan.steps.size()) + ")");
}

std::string describe(const Step& step) {
    return "#" + std::to_string(step.id) + " " + step_mode_name(step.mode) + " " + step.flag_key;
}

}  // namespace

Selection default_selection(const Plan& plan, Mode mode) {
    Selection selected(plan.steps.size(), true);
    if (mode == Mode::Migration)
        for (std::size_t i = 0; i < plan.steps.size(); ++i)
            selected[i] = plan.steps[i].mode != StepMode::SetValue;
    return selected;
}

SelectionChange select_step(const Plan& plan, Selection selected, int id) {
    SelectionChange out;
    if (!known(plan, id)) {
        out.diagnostics.push_back(unknown_id(plan, id));
        out.selected = std::move(selected);
        return out;
    }
    selected.resize(plan.steps.size(), false);
    int current = id;
    while (current != 0) {
        if (!selected[current - 1]) {
            selected[current - 1] = true;
            if (current != id) out.also.push_back(current);
        }
        current = plan.steps[current - 1].dependent_id;
    }
    std::sort(out.also.begin(), out.also.end());
    out.selected = std::move(selected);
    return out;
}

SelectionChange unselect_step(const Plan& plan, Selection selected, int id) {
    SelectionChange out;
    if (!known(plan, id)) {
        out.diagnostics.push_back(unknown_id(plan, id));
        out.selected = std::move(selected);
        return out;
    }
    selected.resize(plan.steps.size(), false);
    // A step depends only on earlier steps, so one forward pass closes over
    // dependents transitively.
    std::vector<bool> removed(plan.steps.size(), false);
    removed[id - 1] = true;
    if (selected[id - 1]) selected[id - 1] = false;
    for (std::size_t i = static_cast<std::size_t>(id); i < plan.steps.size(); ++i) {
        int parent = plan.steps[i].dependent_id;
        if (parent != 0 && removed[parent - 1]) {
            removed[i] = true;
            if (selected[i]) {
                selected[i] = false;
                out.also.push_back(static_cast<int>(i) + 1);
            }
        }
    }
    out.selected = std::move(selected);
    return out;
}

SelectionChange add_value_steps(const Plan& plan, Selection selected) {
    selected.resize(plan.steps.size(), false);
    Selection before = selected;
    for (const Step& step : plan.steps) {
        if (step.mode != StepMode::SetValue) continue;
        for (int current = step.id; current != 0; current = plan.steps[current - 1].dependent_id)
            selected[current - 1] = true;
    }
    SelectionChange out;
    for (std::size_t i = 0; i < selected.size(); ++i)
        if (selected[i] && !before[i]) out.also.push_back(static_cast<int>(i) + 1);
    out.selected = std::move(selected);
    return out;
}

SelectionChange selection_from_ids(const Plan& plan, const std::vector<int>& ids) {
    SelectionChange out;
    out.selected.assign(plan.steps.size(), false);
    for (int id : ids) {
        if (!known(plan, id)) {
            out.diagnostics.push_back(unknown_id(plan, id));
            continue;
        }
        if (out.selected[id - 1]) {
            Diagnostic d = selection_error("selection.duplicate_id",
                                           "step " + std::to_string(id) + " is listed more than once",
                                           &plan.steps[id - 1]);
            d.severity = Severity::Warning;
            out.diagnostics.push_back(std::move(d));
        }
        out.selected[id - 1] = true;
    }
    Diagnostics missing = check_selection(plan, out.selected);
    out.diagnostics.insert(out.diagnostics.end(), missing.begin(), missing.end());
    return out;
}

namespace {

std::string step_identity(const Step& step) {
    std::string identity = step_mode_name(step.mode);
    identity += '\0';
    identity += step.flag_key;
    identity += '\0';
    identity += step.old_key;
    return identity;
}

}  // namespace

SelectionByIdentity selection_by_identity(const Plan& plan, const Selection& selected) {
    SelectionByIdentity out;
    out.chosen.reserve(plan.steps.size());
    for (const Step& step : plan.steps) {
        std::string identity = step_identity(step);
        const bool on = is_selected(selected, step.id);
        if (on) ++out.selected_count[identity];
        out.chosen[std::move(identity)] = on;
    }
    return out;
}

KeptSelection keep_selection(const Plan& plan, const Selection& defaults, const SelectionByIdentity& before) {
    std::vector<int> ids;
    std::unordered_set<std::string> seen;  // identities of `plan`
    seen.reserve(plan.steps.size());
    for (const Step& step : plan.steps) {
        std::string identity = step_identity(step);
        auto was = before.chosen.find(identity);
        if (was != before.chosen.end() ? was->second : is_selected(defaults, step.id)) ids.push_back(step.id);
        seen.insert(std::move(identity));
    }
    KeptSelection out;
    for (const auto& [identity, count] : before.selected_count)
        if (seen.find(identity) == seen.end()) out.lost += count;
    out.is_default = ids == selected_ids(defaults);
    if (out.is_default) {
        out.selected = defaults;
        return out;
    }
    out.selected = select_with_prerequisites(plan, ids).selected;
    return out;
}

SelectionChange select_with_prerequisites(const Plan& plan, const std::vector<int>& ids) {
    SelectionChange out;
    out.selected.assign(plan.steps.size(), false);
    for (int id : ids) {
        SelectionChange one = select_step(plan, std::move(out.selected), id);
        out.selected = std::move(one.selected);
        out.diagnostics.insert(out.diagnostics.end(), one.diagnostics.begin(), one.diagnostics.end());
    }
    Selection asked(plan.steps.size(), false);
    for (int id : ids)
        if (known(plan, id)) asked[id - 1] = true;
    for (std::size_t i = 0; i < out.selected.size(); ++i)
        if (out.selected[i] && !asked[i]) out.also.push_back(static_cast<int>(i) + 1);
    return out;
}

Diagnostics check_selection(const Plan& plan, const Selection& selected) {
    Diagnostics out;
    for (std::size_t i = 0; i < plan.steps.size() && i < selected.size(); ++i) {
        const Step& step = plan.steps[i];
        if (!selected[i] || step.dependent_id == 0) continue;
        int parent = step.dependent_id;
        bool ok = parent <= static_cast<int>(selected.size()) && selected[parent - 1];
        if (!ok)
            out.push_back(selection_error(
                "selection.missing_prerequisite",
                "step " + describe(step) + " is selected but the step it depends on, " +
                    describe(plan.steps[parent - 1]) + ", is not",
                &step));
    }
    return out;
}

std::vector<int> selected_ids(const Selection& selected) {
    std::vector<int> ids;
    for (std::size_t i = 0; i < selected.size(); ++i)
        if (selected[i]) ids.push_back(static_cast<int>(i) + 1);
    return ids;
}

bool is_selected(const Selection& selected, int id) {
    return id >= 1 && static_cast<std::size_t>(id) <= selected.size() && selected[static_cast<std::size_t>(id) - 1];
}

}  // namespace flagplan
