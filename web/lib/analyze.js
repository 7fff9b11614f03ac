// Analyzing two exports: the entry point of a plan.
import { analyzeOptionsJson, checkAnalyzeOptions, labelBytes, splitInput, toBytes } from './input.js';
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
  checkAnalyzeOptions(guarded(() => wasm.analyzeOptionsProblem(optionsJson)));
  const native = guarded(() => {
    // Each export's bytes go straight into module memory (one copy); the
    // Session frees them as soon as it has analyzed them.
    const sourceInput = moduleBytes(wasm, sourceBytes);
    try {
      const targetInput = moduleBytes(wasm, targetBytes);
      try {
        return new wasm.Session(sourceInput, labelBytes(s.label), targetInput, labelBytes(t.label), optionsJson);
      } finally {
        targetInput.delete();
      }
    } finally {
      sourceInput.delete();
    }
  });
  return adoptSession(native);
}

/**
 * An InputBytes handle holding a copy of `bytes` in module memory. When the
 * heap cannot grow the handle is empty and the Session reports
 * plan.out_of_memory.
 */
function moduleBytes(wasm, bytes) {
  const input = new wasm.InputBytes(bytes.byteLength);
  const view = input.view();
  if (view !== null) view.set(bytes);
  return input;
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
