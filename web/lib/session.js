// A plan session: one analysis kept inside the module so the selection can
// change and outputs be rendered without re-reading the exports.
import { ErrorCode, FlagplanError } from './errors.js';
import {
  analyzeOptionsJson, checkAnalyzeOptions, checkFormat, checkRange, checkStepId, checkStepIds, keepSelectionOf, renderOptions,
  withPrerequisitesOf,
} from './input.js';
import { guarded, takeText, takeTextParts } from './runtime.js';
import { parseStepTable } from './step-table.js';

const constructing = Symbol('PlanSession');

// The safety net for a session that is never delete()d (as tree-sitter's web
// binding has one): once the PlanSession is garbage-collected, its analysis
// is freed inside the module. delete() stays the way to free it promptly;
// collection may come late or, at exit, not at all.
const unreleased = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((native) => {
    try {
      native.delete();
    } catch {
      // The module is gone or the handle already freed: nothing to release.
    }
  })
  : null;

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
  /** @type {object | null} */
  #overview = null;

  /** @private use analyze() */
  constructor(native, key) {
    if (key !== constructing) {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'a PlanSession is made by analyze(), not with `new`');
    }
    this.#native = native;
    unreleased?.register(this, native, this);
  }

  /** True after delete(). */
  get deleted() {
    return this.#native === null;
  }

  /** The analysis JSON text, byte for byte what `flagplan plan --format json` prints. */
  analysisJson() {
    const native = this.#live('analysisJson');
    if (this.#json === null) this.#json = guarded(() => textOf(native, () => native.analysisJson()));
    return this.#json;
  }

  /** The analysis as an object (JSON.parse of analysisJson(); shared, do not modify). */
  analysis() {
    this.#live('analysis');
    const json = this.analysisJson();
    if (this.#analysis === null) this.#analysis = JSON.parse(json);
    return this.#analysis;
  }

  /**
   * The analysis without its steps: every member of analysis() but `steps`,
   * plus `stepCount` (parsed once per selection state; shared, do not
   * modify). Cheap at any plan size: read the steps with steps() or
   * stepTable().
   */
  overview() {
    this.#live('overview');
    if (this.#overview === null) this.#overview = JSON.parse(this.overviewJson());
    return this.#overview;
  }

  /** overview() as JSON text (one line). */
  overviewJson() {
    const native = this.#live('overviewJson');
    return guarded(() => textOf(native, () => native.overviewJson()));
  }

  /**
   * overviewJson() in parts, for a reader that parses a large overview piece
   * by piece: [the overview with `diagnostics: []`, then the diagnostics as
   * JSON arrays of at most `perPart` each, in order]; appending each later
   * part's items to part 0's diagnostics gives overview().
   * @param {number} perPart findings per part, a positive integer
   * @returns {string[]}
   * @throws FlagplanError INVALID_ARGUMENT (perPart), SESSION_DELETED, INTERNAL
   */
  overviewParts(perPart) {
    if (!Number.isSafeInteger(perPart) || perPart < 1) {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT,
        `overviewParts(perPart): perPart must be a positive integer, not ${typeof perPart === 'number' ? perPart : typeof perPart}`);
    }
    const native = this.#live('overviewParts');
    return guarded(() => {
      native.overviewJsonParts(perPart);
      return takeTextParts(native);
    });
  }

  /**
   * Steps [offset, offset + limit) as analysis().steps holds them (fewer at
   * the end of the plan, none past it); a new array on every call.
   */
  steps(offset, limit) {
    checkRange(offset, limit, 'steps');
    const native = this.#live('steps');
    const steps = JSON.parse(guarded(() => textOf(native, () => native.stepsJson(offset, limit))));
    if (!Array.isArray(steps)) throw moduleFailure(steps, 'steps');
    return steps;
  }

  /** Every step in columns, without its changes (see StepTable); new on every call. */
  stepTable() {
    const native = this.#live('stepTable');
    const table = JSON.parse(guarded(() => textOf(native, () => native.stepTableJson())));
    if (!Array.isArray(table.flagKey)) throw moduleFailure(table, 'stepTable');
    return parseStepTable(table);
  }

  /**
   * Both exports side by side (the engine's comparison_json(),
   * src/flagplan/compare/compare.hpp): every flag key of either, field by
   * field, with the differences marked and the step that writes each;
   * `{ unchanged: false }` leaves the unchanged flags out of `flags` (the
   * summary still counts them). A new object on every call.
   */
  comparison(options = {}) {
    if (options === null || typeof options !== 'object' || (options.unchanged !== undefined && typeof options.unchanged !== 'boolean') ||
        Object.keys(options).some((k) => k !== 'unchanged')) {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'comparison(options): options is { unchanged?: boolean }');
    }
    const native = this.#live('comparison');
    const answer = JSON.parse(guarded(() => textOf(native, () => native.comparisonJson(options.unchanged !== false))));
    if (!Array.isArray(answer.flags)) throw moduleFailure(answer, 'comparison');
    return answer;
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

  /**
   * Acknowledges guard.mass_delete (true) or withdraws the acknowledgement
   * (false); the selection is unchanged. The engine then reports the guard
   * as a warning instead of an error.
   */
  allowMassDelete(allow) {
    if (typeof allow !== 'boolean') throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'allowMassDelete(allow): allow is a boolean');
    return this.#change('allowMassDelete', (native) => native.allowMassDelete(allow));
  }

  /** Exactly the steps `ids` (no closure), checked by the engine. */
  setSelection(ids, how) {
    checkStepIds(ids, 'setSelection');
    const withPrerequisites = withPrerequisitesOf(how);
    const json = JSON.stringify(ids);
    return this.#change('setSelection', (native) => native.setSelection(json, withPrerequisites));
  }

  /**
   * Plans the same exports again with other AnalyzeOptions, in place:
   * nothing is parsed or validated again (index.d.ts has the contract).
   */
  replan(options, how) {
    const json = analyzeOptionsJson(options);
    const keep = keepSelectionOf(how);
    const answer = this.#change('replan', (native) => native.replan(json, keep));
    const [problem] = answer.diagnostics;
    if (problem && problem.code === 'plan.invalid_argument') checkAnalyzeOptions(problem.message);  // as analyze() throws it
    if (problem) throw new FlagplanError(ErrorCode.INTERNAL, `PlanSession.replan(): ${problem.message}`);
    return keep ? answer.kept : undefined;
  }

  /** Renders the analysis as `format` (a renderers() name). */
  render(format, options) {
    checkFormat(format);
    const { generatedAt, comment } = renderOptions(options);
    const native = this.#live('render');
    return guarded(() => {
      // The module hands the text over part by part as it makes it (about
      // 1 MB each; a character may straddle two), never holding it whole.
      const decoder = new TextDecoder();
      let text = '';
      const result = native.render(format, generatedAt, comment,
        (view) => { text += decoder.decode(view, { stream: true }); });
      text += decoder.decode();
      return { ok: result.ok, text: result.ok ? text : '', diagnostics: JSON.parse(result.diagnostics) };
    });
  }

  /**
   * For every renderers() format, why render() would refuse it now: the
   * engine's refusal() (plan.blocked, plan.nothing_selected); an
   * empty array when it would render. A new object on every call.
   */
  refusals() {
    const native = this.#live('refusals');
    const answer = JSON.parse(guarded(() => native.refusalsJson()));
    if (Array.isArray(answer.diagnostics)) throw moduleFailure(answer, 'refusals');  // no renderer is named "diagnostics"
    return answer;
  }

  /** Frees the session's memory in the module. Idempotent. */
  delete() {
    if (this.#native === null) return;
    const native = this.#native;
    this.#native = null;
    unreleased?.unregister(this);
    this.#json = null;
    this.#analysis = null;
    this.#overview = null;
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
    this.#overview = null;
    return result;
  }
}

/** Runs `make` (a Session call that holds a text in the module) and returns that text. */
function textOf(native, make) {
  make();
  return takeText(native);
}

/** The module answered {"diagnostics": [...]} instead of the text (it ran out of memory, or a bug). */
function moduleFailure(answer, method) {
  const reason = answer && Array.isArray(answer.diagnostics) && answer.diagnostics[0]
    ? answer.diagnostics[0].message : 'the module gave no answer';
  return new FlagplanError(ErrorCode.INTERNAL, `PlanSession.${method}(): ${reason}`);
}

/** For analyze(): wraps a module Session. */
export function adoptSession(native) {
  return new PlanSession(native, constructing);
}
