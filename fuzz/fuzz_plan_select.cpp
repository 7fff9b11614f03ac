// libFuzzer target: two exports -> analyze (plan + select) in both modes,
// then a sequence of selection operations.
// Input: SOURCE NUL TARGET (without a NUL both are the whole input).
// Invariants, besides no crash / sanitizer report / hang:
//  * step ids are 1..n in order; a step depends only on an earlier step of
//    the same flag, and its indent is its prerequisite's plus one;
//  * executing every step on the target (DESIGN.md, "What each step does")
//    turns it into the source: same keys, and for each flag the same type,
//    schema and value (by the engine's own comparisons), and no
//    CREATE_DEFAULTVALUE meets an existing flag -- but a source flag of a
//    type FlagFlow does not know is never planned (its export is refused);
//  * the default selection, and every selection reached by select_step /
//    unselect_step / add_value_steps from it, is valid (check_selection is
//    empty); the step asked for is selected / unselected;
//  * selection_from_ids(selected_ids(s)) gives s back with no diagnostics.
#include <cstdint>
#include <map>
#include <string>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/js/js_regex.hpp"
#include "flagplan/plan/plan.hpp"
#include "flagplan/select/select.hpp"
#include "fuzz_support.hpp"

using namespace flagplan;
using flagplan::fuzz::require;

namespace {

void check_plan_shape(const Plan& plan) {
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const Step& s = plan.steps[i];
        require(s.id == static_cast<int>(i) + 1, "step ids are not 1..n");
        if (s.dependent_id == 0) {
            require(s.indent == 0, "a step without prerequisite is indented");
            continue;
        }
        require(s.dependent_id > 0 && s.dependent_id < s.id, "a step depends on a later step");
        const Step& p = plan.steps[static_cast<std::size_t>(s.dependent_id) - 1];
        require(p.flag_key == s.flag_key, "a step depends on another flag's step");
        require(s.indent == p.indent + 1, "indent is not the prerequisite's plus one");
    }
}

void check_plan_converges(const Snapshot& source, const Snapshot& target, const Plan& plan) {
    if (!source.readable || !target.readable) {
        require(plan.steps.empty(), "a plan for an unreadable snapshot");
        return;
    }
    std::map<std::string, Flag> state;
    for (const Flag& f : target.flags) state[f.key] = f;
    for (const Step& step : plan.steps) {
        const Flag* from = source.find(step.flag_key);
        switch (step.mode) {
            case StepMode::Delete:
                require(state.erase(step.flag_key) == 1, "DELETE of an absent flag " + step.flag_key);
                break;
            case StepMode::CreateDefaultValue: {
                require(from != nullptr, "CREATE of a flag not in the source");
                require(state.count(step.flag_key) == 0, "CREATE meets an existing flag " + step.flag_key);
                Flag f = *from;
                f.value_exists = false;
                f.value = FlagValue{};
                state[step.flag_key] = f;
                break;
            }
            case StepMode::UpdateSchemaDefaultValue: {
                require(from != nullptr, "UPDATE of a flag not in the source");
                auto it = state.find(step.flag_key);
                require(it != state.end(), "UPDATE of an absent flag " + step.flag_key);
                require(it->second.type == from->type, "UPDATE across types");
                Flag f = *from;
                f.value_exists = false;
                f.value = FlagValue{};
                it->second = f;
                break;
            }
            case StepMode::Rename:  // only when renames are accepted, which this target does not ask for
                fuzz::fail("a RENAME step although no rename was accepted");
            case StepMode::SetValue: {
                require(from != nullptr, "SET_VALUE of a flag not in the source");
                require(has_value_fields(from->type), "SET_VALUE of an AB-TEST flag");
                auto it = state.find(step.flag_key);
                require(it != state.end(), "SET_VALUE of an absent flag " + step.flag_key);
                it->second.value_exists = from->value_exists;
                it->second.value = from->value;
                break;
            }
        }
    }
    // A source flag of a type FlagFlow does not know is never planned (its
    // export is refused: file.unknown_flag_type); a target's such flag is
    // deleted like any other absent from the source.
    std::size_t planned = 0;
    for (const Flag& f : source.flags) planned += f.foreign ? 0 : 1;
    for (const auto& kept : state)
        if (const Flag* f = source.find(kept.first); f && f->foreign) ++planned;
    require(state.size() == planned, "after the plan the target has another number of flags");
    for (const Flag& f : source.flags) {
        if (f.foreign) continue;
        auto it = state.find(f.key);
        require(it != state.end(), "after the plan the target lacks " + f.key);
        require(it->second.type == f.type, "after the plan " + f.key + " has another type");
        require(same_schema(it->second, f), "after the plan " + f.key + " has another schema");
        if (has_value_fields(f.type))
            require(!value_differs(it->second, f), "after the plan " + f.key + " has another value");
    }
}

void check_valid(const Plan& plan, const Selection& s, const char* after) {
    require(s.size() == plan.steps.size(), std::string("selection size differs from the plan after ") + after);
    require(check_selection(plan, s).empty(), std::string("invalid selection after ") + after);
}

void exercise_selection(const Plan& plan, Selection selected, const std::uint8_t* data, std::size_t size) {
    check_valid(plan, selected, "default_selection");
    const int n = static_cast<int>(plan.steps.size());
    // Operations driven by the input's last bytes (up to 32 of them).
    std::size_t ops = std::min<std::size_t>(size, 32);
    for (std::size_t k = 0; k < ops; ++k) {
        std::uint8_t b = data[size - 1 - k];
        int id = n ? 1 + static_cast<int>((b >> 2) + k * 7) % n : 1;
        switch (b & 3) {
            case 0:
            case 1: {
                SelectionChange c = select_step(plan, selected, id);
                require(c.diagnostics.empty() == (id >= 1 && id <= n), "select_step diagnostics");
                if (id >= 1 && id <= n) require(c.selected[id - 1], "select_step left the step unselected");
                selected = std::move(c.selected);
                check_valid(plan, selected, "select_step");
                break;
            }
            case 2: {
                SelectionChange c = unselect_step(plan, selected, id);
                if (id >= 1 && id <= n) require(!c.selected[id - 1], "unselect_step left the step selected");
                selected = std::move(c.selected);
                check_valid(plan, selected, "unselect_step");
                break;
            }
            case 3: {
                SelectionChange c = add_value_steps(plan, selected);
                selected = std::move(c.selected);
                check_valid(plan, selected, "add_value_steps");
                for (const Step& s : plan.steps)
                    if (s.mode == StepMode::SetValue) require(selected[s.id - 1], "add_value_steps missed a SET_VALUE");
                break;
            }
        }
    }
    SelectionChange round = selection_from_ids(plan, selected_ids(selected));
    require(round.diagnostics.empty(), "selection_from_ids of a valid selection reported problems");
    require(round.selected == selected, "selection_from_ids(selected_ids(s)) != s");
    // An unknown id is reported, never a crash.
    require(!select_step(plan, selected, n + 1).diagnostics.empty(), "unknown id not reported");
    require(!unselect_step(plan, selected, 0).diagnostics.empty(), "id 0 not reported");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto [source, target] = fuzz::split_two(fuzz::as_text(data, size));
    StdRegexEngine regex;
    for (Mode mode : {Mode::Migration, Mode::Restore}) {
        AnalyzeOptions options;
        options.mode = mode;
        options.include_values = (size & 1) != 0;
        Analysis a = analyze({source, "source"}, {target, "target"}, options, regex);
        fuzz::check_diagnostics(a.diagnostics, "source", source.size());
        fuzz::check_diagnostics(a.diagnostics, "target", target.size());
        require(a.blocked == (has_errors(a.diagnostics) || !a.source.readable || !a.target.readable),
                "blocked disagrees with the diagnostics");
        check_plan_shape(a.plan);
        check_plan_converges(a.source, a.target, a.plan);
        if (mode == Mode::Migration)
            exercise_selection(a.plan, default_selection(a.plan, mode), data, size);
        else
            check_valid(a.plan, a.selected, "restore default");
    }
    return 0;
}
