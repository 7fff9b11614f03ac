// Analyzing two exports: the entry point of a plan.
import { ErrorCode, FlagplanError } from './errors.js';
import { analyzeOptionsJson, checkAnalyzeOptions, labelBytes, splitInput, toBytes } from './input.js';
import { guarded, requireModule } from './runtime.js';
import { adoptSession } from './session.js';

const SIDES = ['source', 'target'];

/**
 * One export read and checked ahead of its analysis (prepareExport()): when
 * the other export arrives, analyze() reads only that one. Holds the parsed
 * export in module memory until analyze() takes it or delete() is called.
 */
export class PreparedExport {
  #native;
  /** 'source' or 'target': the side it was prepared for. */
  side;
  /** The label diagnostics name it by. */
  label;

  constructor(native, side, label, key) {
    if (key !== constructing) throw new TypeError('PreparedExport is made by prepareExport()');
    this.#native = native;
    this.side = side;
    this.label = label;
  }

  /** True once analyze() took it (it frees it then: each is analyzed once) or after delete(). */
  get used() {
    return this.#native === null || this.#native.used();
  }

  /** Frees it (analyze() has no further use for it either). Safe to call twice. */
  delete() {
    if (this.#native !== null) this.#native.delete();
    this.#native = null;
  }

  /** For analyze(): the module handle, checked unused and on `side`. */
  take(side, what) {
    if (this.side !== side) {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `${what} was prepared as the ${this.side}, not the ${side}`);
    }
    if (this.used) throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `${what} was already analyzed (each prepared export is analyzed once)`);
    return this.#native;
  }
}

const constructing = Symbol('constructing');

/**
 * Reads and checks one export ahead of its analysis, as analyze() reads it
 * as `side`: parsed and validated (the engine's check_export() for a source,
 * check_target() for a target). Problems in the export are diagnostics of
 * the later analysis, never exceptions.
 *
 * @param {import('../index.js').ExportInput} input
 * @param {'source'|'target'} side
 * @returns {PreparedExport} pass it to analyze() as that side; delete() it if it is never analyzed
 * @throws FlagplanError INVALID_ARGUMENT for a side other than 'source' or 'target', or input that is no export text
 */
export function prepareExport(input, side) {
  const wasm = requireModule('prepareExport');
  if (!SIDES.includes(side)) {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `prepareExport(input, side): side must be "source" or "target", not ${JSON.stringify(side)}`);
  }
  const { bytes, label } = exportBytes(input, side);
  return prepareBytes(wasm, bytes, label, side);
}

/** An export input's bytes and label, checked (INVALID_ARGUMENT). */
function exportBytes(input, side) {
  const { text, label } = splitInput(input, side, side);
  return { bytes: toBytes(text, side), label };
}

/** A PreparedExport of `bytes` (copied into module memory, freed there once checked). */
function prepareBytes(wasm, bytes, label, side) {
  const native = guarded(() => {
    const held = moduleBytes(wasm, bytes);
    try {
      return new wasm.CheckedExport(held, labelBytes(label), side === 'target');
    } finally {
      held.delete();
    }
  });
  return new PreparedExport(native, side, label, constructing);
}

/**
 * Parses, validates, plans and selects (the engine's analyze()). Problems in
 * the exports are diagnostics in the analysis, never exceptions.
 *
 * @param {import('../index.js').ExportInput|PreparedExport} source the export to apply
 * @param {import('../index.js').ExportInput|PreparedExport} target the environment's current export
 * @param {import('../index.js').AnalyzeOptions} [options]
 * @returns {import('./session.js').PlanSession} call delete() when done
 * @throws FlagplanError INVALID_ARGUMENT for options the engine refuses, or a
 *   PreparedExport already analyzed or prepared for the other side
 */
export function analyze(source, target, options) {
  const wasm = requireModule('analyze');
  // Each export not prepared yet is prepared now, one after the other, so
  // the heap holds one export's text at a time (each is freed once
  // checked) next to the snapshots; then the Session plans from both checks.
  const optionsJson = analyzeOptionsJson(options);
  checkAnalyzeOptions(guarded(() => wasm.analyzeOptionsProblem(optionsJson)));
  // Every input checked (prepared ones: unused, on their side) before anything is read.
  const inputs = [source, target].map((input, i) => {
    if (!(input instanceof PreparedExport)) return exportBytes(input, SIDES[i]);
    input.take(SIDES[i], SIDES[i]);
    return input;
  });
  const prepared = [null, null];
  try {
    // The larger text first: the smaller one then fits where it was freed, so the heap does not grow for it.
    const order = [0, 1].sort((a, b) => (inputs[b].bytes?.byteLength ?? 0) - (inputs[a].bytes?.byteLength ?? 0));
    for (const i of order) {
      const input = inputs[i];
      prepared[i] = input instanceof PreparedExport ? input : prepareBytes(wasm, input.bytes, input.label, SIDES[i]);
    }
    const [s, t] = prepared.map((p, i) => p.take(SIDES[i], SIDES[i]));
    return adoptSession(guarded(() => new wasm.Session(s, t, optionsJson)));
  } finally {
    // Taken by the Session (or made here): nothing is left in them.
    for (const p of prepared) p?.delete();
  }
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
