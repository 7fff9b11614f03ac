// What CI does with a saved plan.json: show it as `plan` would, and check a
// fresh export of the target against the plan's baseline (the stale-plan
// check, offline). The CLI's `show` and `check` render these.
#pragma once

#include <string>
#include <vector>

#include "flagplan/planfile/plan_file.hpp"

namespace flagplan {

/// A plan read back from plan.json as an Analysis, for the analysis
/// renderers (text, json): the source holds the plan's source flags, the
/// target its baseline, renames its accepted renames. `counts` gets the
/// exports' real flag counts (plan.json records them; the snapshots hold
/// only the touched flags), for RenderOptions::source_flag_count and
/// target_flag_count.
Analysis analysis_of(const PlanFile& plan, RenderOptions& counts);

/// One touched flag whose state in the target differs from the plan's baseline.
struct DriftedFlag {
    std::string key;
    /// What differs, as apply.sh's drift guard says it (its jq `differences`
    /// in scripts/apply-machinery: one sentence): "exists, but the plan
    /// expects no such flag", "does not exist, but the plan expects it", or
    /// "FIELD is NOW, expected THEN" per differing field joined by "; ",
    /// values as one-line JSON cut to 77 characters + "..." past 80.
    std::string difference;
};

/// The outcome of checking a target export against a plan.
struct DriftCheck {
    std::string plan_environment;    ///< the environment the plan is for
    std::string target_environment;  ///< the export's
    bool environment_matches = true; ///< apply.sh refuses to run otherwise
    std::vector<DriftedFlag> drifted; ///< in drift_guard_keys() order
};

/// apply.sh's drift guard before its first step, offline: for every key it
/// guards (drift_guard_keys(): the keys of the selected steps), the baseline's flag (or its absence)
/// against `target`'s, field by field over the baseline flag's FlagFlow
/// fields (flag_to_json()); and the target's environment against the plan's.
/// The script evaluates the same rule in jq against the live server
/// (render_apply.cpp, `differences`); tests/engine/saved_plan_test.cpp
/// holds both to the same answers.
DriftCheck check_drift(const PlanFile& plan, const Snapshot& target);

/// `check`'s formats: "text" (one line per drifted flag, then a verdict
/// line) or "json" ({"plan": {environment}, "target": {label, environment},
/// "environmentMatches", "drifted": [{flagKey, difference}]}).
std::string render_drift(const DriftCheck& check, const std::string& target_label, const std::string& format);

}  // namespace flagplan
