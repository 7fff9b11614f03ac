// A plan session: one analysis kept inside the module so the selection can
// change and outputs be rendered without re-reading the exports.
import { ErrorCode, FlagplanError } from './errors.js';
import { checkFormat, checkStepId, checkStepIds, renderGeneratedAt } from './input.js';
import { guarded } from './runtime.js';

const constructing = Symbol('PlanSession');

/**
 * The analysis of two exports, with its selection. Created by analyze();
 * holds memory inside the WebAssembly module until delete() is called.
 */
export class PlanSession {
  #native;
  /** @type {string | null} */
  #json = null;
  /** @type {object | null} */
  #analysis = null;

  /** @private use analyze() */
  constructor(native, key) {
    if (key !== constructing) {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'a PlanSession is made by analyze(), not with `new`');
    }
    this.#native = native;
  }

  /** True after delete(). */
  get deleted() {
    return this.#native === null;
  }

  /** The analysis JSON text, byte for byte what `flagplan plan --format json` prints. */
  analysisJson() {
    const native = this.#live('analysisJson');
    if (this.#json === null) this.#json = guarded(() => native.analysisJson());
    return this.#json;
  }

  /** The analysis as an object (JSON.parse of analysisJson(); shared, do not modify). */
  analysis() {
    this.#live('analysis');
    const json = this.analysisJson();
    if (this.#analysis === null) this.#analysis = JSON.parse(json);
    return this.#analysis;
  }

  /** Selects step `id` and, transitively, the steps it depends on. */
  select(id) {
    checkStepId(id, 'select');
    return this.#change('select', (native) => native.select(id));
  }

  /** Unselects step `id` and, transitively, every step that depends on it. */
  unselect(id) {
    checkStepId(id, 'unselect');
    return this.#change('unselect', (native) => native.unselect(id));
  }

  /** FlagFlow's "Add value steps": every SET_VALUE with its prerequisites. */
  addValueSteps() {
    return this.#change('addValueSteps', (native) => native.addValueSteps());
  }

  /** Exactly the steps `ids` (no closure), checked by the engine. */
  setSelection(ids) {
    checkStepIds(ids, 'setSelection');
    const json = JSON.stringify(ids);
    return this.#change('setSelection', (native) => native.setSelection(json));
  }

  /** Renders the analysis as `format` (a renderers() name). */
  render(format, options) {
    checkFormat(format);
    const generatedAt = renderGeneratedAt(options);
    const native = this.#live('render');
    const result = guarded(() => native.render(format, generatedAt));
    return { ok: result.ok, text: result.text, diagnostics: JSON.parse(result.diagnostics) };
  }

  /** Frees the session's memory in the module. Idempotent. */
  delete() {
    if (this.#native === null) return;
    const native = this.#native;
    this.#native = null;
    this.#json = null;
    this.#analysis = null;
    guarded(() => native.delete());
  }

  #live(method) {
    if (this.#native === null) {
      throw new FlagplanError(ErrorCode.SESSION_DELETED, `PlanSession.${method}() was called after delete()`);
    }
    return this.#native;
  }

  #change(method, apply) {
    const native = this.#live(method);
    const result = JSON.parse(guarded(() => apply(native)));
    this.#json = null;
    this.#analysis = null;
    return result;
  }
}

/** For analyze(): wraps a module Session. */
export function adoptSession(native) {
  return new PlanSession(native, constructing);
}
