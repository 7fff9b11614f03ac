#include "flagplan/analyze/analyze.hpp"

#include <algorithm>
#include <iterator>

#include "flagplan/parse/parse.hpp"
#include "flagplan/plan/stages.hpp"
#include "flagplan/validate/validate.hpp"

namespace flagplan {

void as_live_target(Diagnostics& diagnostics) {
    for (Diagnostic& d : diagnostics) {
        if (d.severity != Severity::Error || d.flag_key.empty()) continue;
        if (d.code == "file.unknown_flag_type") {
            d.code = "target.unknown_flag_type";
            d.message += "; FlagFlow does not validate the target's flags: the plan deletes this one (and creates "
                         "the source's flag of this key, if any), and a rollback cannot recreate it";
        } else if (d.code.rfind("schema.", 0) == 0 || d.code.rfind("value.", 0) == 0) {
            d.message += " (" + d.code + "); FlagFlow does not validate the target's flags and plans over this one";
            d.code = "target.invalid_flag";
        } else {
            continue;
        }
        d.severity = Severity::Warning;
    }
}

ExportCheck check_export(const ExportText& input, const Limits& limits, const RegexEngine& regex) {
    ParseResult parsed = parse_export(input.text, input.label, limits, input.trim);
    ExportCheck out{std::move(parsed.snapshot), std::move(parsed.diagnostics)};
    Diagnostics found = validate_snapshot(out.snapshot, regex, limits);
    resolve_positions(found, input.label, input.text);
    // Every line and column is resolved: the offsets are not read again.
    std::vector<FlagOffsets>().swap(out.snapshot.offsets);
    out.diagnostics.insert(out.diagnostics.end(), std::make_move_iterator(found.begin()),
                           std::make_move_iterator(found.end()));
    return out;
}

ExportCheck check_target(const ExportText& input, const Limits& limits, const RegexEngine& regex) {
    ExportText live = input;
    live.trim = false;  // the store's flags: only the migration file goes through the import schema
    return check_export(live, limits, regex);
}

namespace {

Diagnostics environment_check(const Snapshot& source, const Snapshot& target, Mode mode) {
    Diagnostics out;
    if (!source.readable || !target.readable) return out;
    auto shown = [](const std::string& env) { return env.empty() ? std::string("(empty)") : "`" + env + "`"; };
    if (mode == Mode::Migration && source.environment == target.environment) {
        Diagnostic d;
        d.code = "environment.same";
        d.message = "migration needs two different environments, but both exports are from " +
                    shown(source.environment) + "; use restore mode to re-apply a backup";
        out.push_back(std::move(d));
    } else if (mode == Mode::Restore && source.environment != target.environment) {
        Diagnostic d;
        d.code = "environment.different";
        d.message = "restore needs both exports from the same environment, but the source is from " +
                    shown(source.environment) + " and the target from " + shown(target.environment) +
                    "; use migration mode to promote between environments";
        out.push_back(std::move(d));
    }
    return out;
}

/// Findings that depend on the selection, recomputed by reselect(): a
/// stage.regression only on a schema update (assess_stage_resets(); a
/// SET_VALUE's is assess_stages()', fixed for the plan).
bool is_selection_dependent(const Diagnostic& d, const Plan& plan) {
    if (d.code == "stage.regression")
        return d.step_id >= 1 && static_cast<std::size_t>(d.step_id) <= plan.steps.size() &&
               plan.steps[static_cast<std::size_t>(d.step_id) - 1].mode == StepMode::UpdateSchemaDefaultValue;
    return d.code.rfind("selection.", 0) == 0 || d.code == "risk.value_reset" || d.code == "guard.mass_delete";
}

}  // namespace

Analysis analyze(const ExportText& source, const ExportText& target, const AnalyzeOptions& options,
                 const RegexEngine& regex) {
    ExportCheck s = check_export(source, options.limits, regex);
    return analyze_checked(std::move(s), check_target(target, options.limits, regex), options, regex);
}

Mode chosen_mode(const Snapshot& source, const Snapshot& target) {
    return source.readable && target.readable && source.environment == target.environment ? Mode::Restore
                                                                                        : Mode::Migration;
}

const char* mode_choice(const Analysis& a) {
    if (!a.mode_chosen) return "";
    return a.mode == Mode::Restore ? "same environment" : "environments differ";
}

namespace {

/// The pair's plan before any option: compute_plan() and its rename suggestions.
PairPlan pair_plan_of(const Snapshot& source, const Snapshot& target) {
    PairPlan out;
    out.plan = compute_plan(source, target);
    out.renames = find_renames(source, target, out.plan);
    return out;
}

/// analyze_checked(), starting from `pair` when there is one (replan()).
Analysis plan_checked(ExportCheck s, ExportCheck t, const AnalyzeOptions& options, const RegexEngine& regex,
                      std::shared_ptr<const PairPlan> pair) {
    Analysis out;
    out.source = std::move(s.snapshot);
    out.target = std::move(t.snapshot);
    out.mode = options.choose_mode ? chosen_mode(out.source, out.target) : options.mode;
    out.mode_chosen = options.choose_mode;
    out.diagnostics = std::move(s.diagnostics);
    as_live_target(t.diagnostics);
    out.diagnostics.insert(out.diagnostics.end(), std::make_move_iterator(t.diagnostics.begin()),
                           std::make_move_iterator(t.diagnostics.end()));
    out.export_diagnostics = out.diagnostics.size();
    Diagnostics env = environment_check(out.source, out.target, out.mode);
    out.diagnostics.insert(out.diagnostics.end(), std::make_move_iterator(env.begin()),
                           std::make_move_iterator(env.end()));

    if (pair) {
        out.plan = pair->plan;
        out.renames = pair->renames;
        out.pair_plan = std::move(pair);
    } else {
        PairPlan made = pair_plan_of(out.source, out.target);
        out.plan = std::move(made.plan);
        out.renames = std::move(made.renames);
    }
    for (RenameSuggestion& r : out.renames)
        r.accepted = options.renames ||
                     std::find_if(options.rename_keys.begin(), options.rename_keys.end(), [&](const std::string& k) {
                         return k == r.new_key || k == r.old_key;
                     }) != options.rename_keys.end();
    out.plan = apply_renames(out.source, out.target, std::move(out.plan), out.renames);
    out.walk_stages = options.walk_stages;
    if (options.keep_stages || options.walk_stages) out.plan = keep_stages(out.source, out.target, std::move(out.plan));
    out.allow_mass_delete = options.allow_mass_delete;
    out.guards = options.guards;
    if (options.walk_stages) out.plan = walk_stages(out.source, out.target, std::move(out.plan));
    auto append = [&out](Diagnostics found) {
        out.diagnostics.insert(out.diagnostics.end(), std::make_move_iterator(found.begin()),
                               std::make_move_iterator(found.end()));
    };
    append(rename_diagnostics(out.renames, out.plan, out.target));
    append(assess_stages(out.source, out.target, out.plan));
    append(assess_risks(out.source, out.target, out.plan, regex, options.limits, options.risk,
                        out.pair_plan ? &out.pair_plan->risks : nullptr));
    SelectionChange selection;
    if (options.select) {
        selection = selection_from_ids(out.plan, *options.select);
    } else {
        selection.selected = default_selection(out.plan, out.mode);
        if (options.include_values) selection = add_value_steps(out.plan, std::move(selection.selected));
    }
    return reselect(std::move(out), std::move(selection));
}

}  // namespace

Analysis analyze_checked(ExportCheck s, ExportCheck t, const AnalyzeOptions& options, const RegexEngine& regex) {
    return plan_checked(std::move(s), std::move(t), options, regex, nullptr);
}

Analysis replan(Analysis previous, const AnalyzeOptions& options, const RegexEngine& regex) {
    std::shared_ptr<const PairPlan> pair = std::move(previous.pair_plan);
    if (!pair) {
        PairPlan made = pair_plan_of(previous.source, previous.target);
        made.risks = remember_risks(previous.source, previous.target, made.plan, regex, options.limits, options.risk);
        pair = std::make_shared<const PairPlan>(std::move(made));
    }
    ExportCheck source{std::move(previous.source), {}};
    ExportCheck target{std::move(previous.target), {}};
    const std::size_t kept = std::min(previous.export_diagnostics, previous.diagnostics.size());
    previous.diagnostics.resize(kept);
    source.diagnostics = std::move(previous.diagnostics);
    return plan_checked(std::move(source), std::move(target), options, regex, std::move(pair));
}

Analysis reselect(Analysis analysis, SelectionChange change) {
    Selection before = std::move(analysis.selected);
    analysis.selected = std::move(change.selected);
    const Plan& plan = analysis.plan;
    analysis.selected.resize(plan.steps.size(), false);
    // A reset finding (risk.value_reset, a schema update's stage.regression)
    // says whether the step's dependent SET_VALUE -- the next step -- is
    // selected; nothing else in it depends on the selection. So when the
    // findings of `before` are there (a selection change, not the first
    // one), only the steps whose next step changed are assessed again.
    const bool incremental = !plan.steps.empty() && before.size() == plan.steps.size();
    Selection again(plan.steps.size(), !incremental);
    if (incremental)
        for (std::size_t i = 1; i < plan.steps.size(); ++i) again[i - 1] = before[i] != analysis.selected[i];
    auto& diags = analysis.diagnostics;
    Diagnostics value_resets, stage_resets;
    {
        Diagnostics others;
        others.reserve(diags.size());
        for (Diagnostic& d : diags) {
            if (!is_selection_dependent(d, plan))
                others.push_back(std::move(d));
            else if (incremental && d.step_id >= 1 && !is_selected(again, d.step_id) &&
                     (d.code == "risk.value_reset" || d.code == "stage.regression"))
                (d.code == "risk.value_reset" ? value_resets : stage_resets).push_back(std::move(d));
        }
        diags = std::move(others);
    }
    // The kept findings and the new ones, in step order (as assessing every step gives them).
    auto append_merged = [&diags](Diagnostics kept, Diagnostics found) {
        std::merge(std::make_move_iterator(kept.begin()), std::make_move_iterator(kept.end()),
                   std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()),
                   std::back_inserter(diags),
                   [](const Diagnostic& x, const Diagnostic& y) { return x.step_id < y.step_id; });
    };
    append_merged(std::move(value_resets),
                  assess_value_resets(analysis.source, analysis.target, plan, analysis.selected, &again));
    append_merged(std::move(stage_resets),
                  assess_stage_resets(analysis.source, analysis.target, plan, analysis.selected, &again));
    Diagnostics mass = assess_mass_delete(analysis.target, plan, analysis.selected, analysis.allow_mass_delete,
                                          analysis.guards);
    diags.insert(diags.end(), std::make_move_iterator(mass.begin()), std::make_move_iterator(mass.end()));
    diags.insert(diags.end(), std::make_move_iterator(change.diagnostics.begin()),
                 std::make_move_iterator(change.diagnostics.end()));
    analysis.blocked = has_errors(diags) || !analysis.source.readable || !analysis.target.readable;
    return analysis;
}

SelectionSummary summarize(const Analysis& analysis) {
    return summarize_selection(analysis.plan, analysis.selected, analysis.diagnostics, analysis.blocked);
}

namespace {

/// promotion_order()'s rank of one name, or -1 when it is not a known stage of promotion.
int promotion_rank(std::string_view name) {
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    std::string lower(name);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    static const std::vector<std::pair<const char*, int>> kNames = {
        {"dev", 0},     {"develop", 0}, {"development", 0}, {"local", 0},  {"test", 1},
        {"testing", 1}, {"qa", 1},      {"int", 1},         {"integration", 1}, {"stage", 2},
        {"staging", 2}, {"uat", 2},     {"preprod", 2},     {"pre-prod", 2}, {"prod", 3},
        {"production", 3}, {"live", 3}};
    for (const auto& [known, rank] : kNames)
        if (lower == known) return rank;
    return -1;
}

}  // namespace

int promotion_order(std::string_view a, std::string_view b) {
    int ra = promotion_rank(a), rb = promotion_rank(b);
    if (ra < 0 || rb < 0 || ra == rb) return 0;
    return ra < rb ? 1 : -1;
}

}  // namespace flagplan
