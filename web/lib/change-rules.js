// The engine's change rules (risk.*, stage.*, rename.*), for legends.
import { guarded, requireModule } from './runtime.js';

let cached = null;

/**
 * Every change rule, in the order summaries list them: [{code, severity,
 * trigger, why}] (docs/change-rules.md). Read from the engine's table.
 */
export function changeRules() {
  const wasm = requireModule('changeRules');
  if (cached === null) {
    cached = Object.freeze(JSON.parse(guarded(() => wasm.changeRulesJson())).map((r) => Object.freeze(r)));
  }
  return cached;
}
