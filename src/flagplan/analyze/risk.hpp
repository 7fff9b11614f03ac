// Change intelligence: what a plan will cost. Every rule has a stable code
// (risk.*, stage.*, rename.*), listed in change_rules() and docs/change-rules.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "flagplan/core/diagnostic.hpp"
#include "flagplan/js/js_regex.hpp"
#include "flagplan/core/model.hpp"
#include "flagplan/plan/plan.hpp"
#include "flagplan/select/select.hpp"

namespace flagplan {

/// One change rule: its code, severity, a one-line summary of the trigger
/// and why it matters. The table drives docs, the page's legend and tests.
struct ChangeRule {
    const char* code;
    Severity severity;
    const char* trigger;
    const char* why;
};

/// Every risk.*, stage.* and rename.* rule, in the order summaries list them.
const std::vector<ChangeRule>& change_rules();

struct RiskOptions {
    /// An AB-TEST chanceBPercent move larger than this many points in one
    /// step is risk.ab_test_jump.
    double ab_test_jump_threshold = 50;

    /// Every member compared (a member added here is added here too).
    bool operator==(const RiskOptions& o) const { return ab_test_jump_threshold == o.ab_test_jump_threshold; }
};

/// Selection-independent risk findings for a plan (each with its step id):
///   risk.delete_with_value     DELETE of a flag that has a value in the target
///   risk.delete_kill_switch    DELETE of a kill switch (isKillSwitch)
///   risk.delete_group_prefix   DELETE of a flag whose key is the prefix group of other flags
///   risk.type_change           DELETE + CREATE for a type change: the target's value cannot survive
///   risk.value_invalidated     a schema change makes the target's current value invalid
///                              (an ENUM/TAG option removed, an INTEGER bound moved past it,
///                              a STRING maxLength/regExp it no longer satisfies, ...)
///   risk.ab_test_jump          chanceBPercent moves more than the threshold in one step
///   risk.description_only      (note) only the description differs; FlagFlow never
///                              migrates descriptions, so nothing is planned
/// With `memo` (remember_risks() of another plan of the same snapshots),
/// the findings of a DELETE or schema update the memo holds for the same
/// flag and kind of step are copied with the step's id instead of worked
/// out again (replan(): renames, stage walks and modes keep those steps);
/// the result is the same as without it. A memo made with other limits or
/// options, or for another target, is not used. The regex engine is taken
/// to be the one the memo was made with (a program has one: the CLI's
/// StdRegexEngine, the module's JavaScript RegExp; the module makes a new
/// engine object per call, so its address says nothing).
struct RiskMemo;
Diagnostics assess_risks(const Snapshot& source, const Snapshot& target, const Plan& plan,
                         const RegexEngine& regex, const Limits& limits, const RiskOptions& options = {},
                         const RiskMemo* memo = nullptr);

/// assess_risks()'s findings of one plan, per target flag, for the plans
/// replan() makes from the same snapshots (PairPlan::risks).
struct RiskMemo {
    /// What the findings were worked out with (answers() compares them).
    bool made = false;
    Limits limits;
    RiskOptions options;
    std::size_t target_flags = 0;
    /// Per target flag (by position): the kind of step its findings are for
    /// (0 = none; a DELETE, a DELETE its CREATE_DEFAULTVALUE follows, a
    /// schema update) and their range [first, second) in `findings`.
    std::vector<std::uint8_t> kinds;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    Diagnostics findings;  ///< step ids as in the plan remembered
    /// The source flags the plan touches (by position) and the
    /// risk.description_only notes of the others.
    std::vector<bool> touched;
    Diagnostics description_only;

    /// Whether it holds findings made with these limits and options for this target.
    bool answers(const Snapshot& target, const Limits& limits, const RiskOptions& options) const;
};

/// assess_risks() of `plan` as a RiskMemo.
RiskMemo remember_risks(const Snapshot& source, const Snapshot& target, const Plan& plan, const RegexEngine& regex,
                        const Limits& limits, const RiskOptions& options = {});

struct GuardOptions {
    /// guard.mass_delete needs at least this many flags deleted for good
    /// (and at least half of the target's flags).
    int mass_delete_minimum = 10;
};

/// guard.mass_delete: the selection deletes for good (a DELETE not followed
/// by a selected CREATE_DEFAULTVALUE of the same key) at least half of the
/// target's flags and at least options.mass_delete_minimum: almost always the
/// wrong file. An error until `acknowledged` (then a warning). Depends on the
/// selection, so it is recomputed whenever the selection changes.
Diagnostics assess_mass_delete(const Snapshot& target, const Plan& plan, const Selection& selected, bool acknowledged,
                               const GuardOptions& options = {});

/// risk.value_reset: an UPDATE_SCHEMA_DEFAULTVALUE that resets a flag that
/// has a value in the target; names the value lost and what the dependent
/// SET_VALUE would write, and whether it is selected. Depends on the
/// selection, so it is recomputed whenever the selection changes. With
/// `only`, just the steps it marks are assessed (reselect(): those whose
/// SET_VALUE's selection changed).
Diagnostics assess_value_resets(const Snapshot& source, const Snapshot& target, const Plan& plan,
                                const Selection& selected, const Selection* only = nullptr);

}  // namespace flagplan
