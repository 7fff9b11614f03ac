// What a page needs besides an analysis: the engine's promotion order of
// environment names (two exports dropped at once: which is the source), and
// its checks of a saved plan.json (reopening a plan).
import { FlagplanError, ErrorCode } from './errors.js';
import { guarded, requireModule } from './runtime.js';

/**
 * The engine's promotion_order(a, b) (src/flagplan/analyze/analyze.hpp):
 * 1 when environment `a` is promoted before `b` (dev -> test -> staging ->
 * production, by name), -1 when after, 0 when the names do not say.
 */
export function promotionOrder(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string') {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'promotionOrder(a, b) takes two environment names (strings)');
  }
  const wasm = requireModule('promotionOrder');
  return guarded(() => wasm.promotionOrder(a, b));
}

/**
 * Whether the target drifted since a saved plan (the engine's check_drift():
 * `flagplan check`, the apply script's drift guard): {diagnostics, check?}.
 * `check` ({plan: {environment}, target: {label, environment},
 * environmentMatches, drifted: [{flagKey, difference}]}) is absent when the
 * plan or the export cannot be used; `diagnostics` then says why (the
 * plan's plan.* errors, or the export's errors); else the export's warnings.
 */
export function checkDrift(planText, targetText, { planLabel = 'plan.json', targetLabel = 'target' } = {}) {
  if (typeof planText !== 'string' || typeof targetText !== 'string' || typeof planLabel !== 'string' ||
      typeof targetLabel !== 'string') {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT,
      'checkDrift(planText, targetText, {planLabel, targetLabel}) takes strings');
  }
  const wasm = requireModule('checkDrift');
  return JSON.parse(guarded(() => wasm.checkDrift(planText, planLabel, targetText, targetLabel)));
}

/**
 * The engine's checks of a saved plan.json (read_plan_file(), the checks of
 * `flagplan render`): its diagnostics, [] when the plan is one flagplan can
 * render. `text`: the file's text; `label`: its name in diagnostics.
 */
export function checkPlanFile(text, label = 'plan.json') {
  if (typeof text !== 'string' || typeof label !== 'string') {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'checkPlanFile(text, label) takes the plan\'s text and a label (strings)');
  }
  const wasm = requireModule('checkPlanFile');
  return JSON.parse(guarded(() => wasm.checkPlanFile(text, label)));
}
