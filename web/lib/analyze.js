// Analyzing two exports: the entry point of a plan.
import { analyzeOptionsJson, labelBytes, splitInput, toBytes } from './input.js';
import { guarded, requireModule } from './runtime.js';
import { adoptSession } from './session.js';

/**
 * Parses, validates, plans and selects (the engine's analyze()). Problems in
 * the exports are diagnostics in the analysis, never exceptions.
 *
 * @param {import('../index.js').ExportInput} source the export to apply
 * @param {import('../index.js').ExportInput} target the environment's current export
 * @param {import('../index.js').AnalyzeOptions} [options]
 * @returns {import('./session.js').PlanSession} call delete() when done
 */
export function analyze(source, target, options) {
  const wasm = requireModule('analyze');
  const s = splitInput(source, 'source', 'source');
  const t = splitInput(target, 'target', 'target');
  const sourceBytes = toBytes(s.text, 'source');
  const targetBytes = toBytes(t.text, 'target');
  const optionsJson = analyzeOptionsJson(options);
  const native = guarded(() => new wasm.Session(sourceBytes, labelBytes(s.label), targetBytes,
    labelBytes(t.label), optionsJson));
  return adoptSession(native);
}

/**
 * analyze() + analysisJson() + delete() in one call: the analysis JSON text,
 * byte for byte what `flagplan plan SOURCE TARGET --format json` prints.
 */
export function planJson(source, target, options) {
  requireModule('planJson');
  const session = analyze(source, target, options);
  try {
    return session.analysisJson();
  } finally {
    session.delete();
  }
}
