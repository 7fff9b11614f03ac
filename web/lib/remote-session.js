// A PlanSession living in a PlanWorker (worker-client.js): the same
// operations as promises; the worker holds the analysis.
import { ErrorCode, FlagplanError } from './errors.js';
import { joinOverviewParts } from './overview-parts.js';
import {
  analyzeOptionsJson, checkFormat, checkProgress, checkRange, checkStepId, checkStepIds, keepSelectionOf, rejectWith, renderOptions,
  withPrerequisitesOf,
} from './input.js';

const constructing = Symbol('RemotePlanSession');

/**
 * A PlanSession living in a PlanWorker: the same operations, as promises.
 * Call delete() to free it in the worker.
 */
export class RemotePlanSession {
  #worker;
  #id;
  /** @type {string | null} */
  #json = null;
  #analysis = null;
  /** @type {string[] | null} the overview in parts (PlanSession.overviewParts()), as the worker sent it */
  #overviewParts;
  /** @type {Promise<object> | null} overview() of this selection state, parsed once */
  #overview = null;
  /** @type {string | null} */
  #overviewJson = null;
  #deleted = false;
  /** Counts selection changes sent: an answer asked for before one is not kept. */
  #generation = 0;

  /** @private made by PlanWorker.analyze() */
  constructor(worker, id, overviewParts, key) {
    if (key !== constructing) {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'a RemotePlanSession is made by PlanWorker.analyze()');
    }
    this.#worker = worker;
    this.#id = id;
    this.#overviewParts = overviewParts;
  }

  /** True after delete(). */
  get deleted() {
    return this.#deleted;
  }

  /** The analysis JSON text (as `flagplan plan --format json` prints it). */
  analysisJson() {
    return this.#call('analysisJson', {});
  }

  /** The analysis as an object (shared, do not modify). */
  analysis() {
    const generation = this.#generation;
    return this.analysisJson().then((json) => {
      if (generation !== this.#generation) return JSON.parse(json);
      if (this.#analysis === null) this.#analysis = JSON.parse(json);
      return this.#analysis;
    });
  }

  /** PlanSession.overviewJson(): the analysis without its steps, as JSON text. */
  overviewJson() {
    return this.#call('overviewJson', {});
  }

  /**
   * PlanSession.overview() (parsed once per selection state; shared, do not
   * modify). The worker sends it in parts, parsed one per task, so a large
   * overview never holds the page's thread for long.
   */
  overview() {
    if (this.#overview !== null) return this.#overview;
    const parsed = this.#call('overviewParts', {}).then((parts) => joinOverviewParts(parts));
    this.#overview = parsed;
    // A failed request is not kept: the next call asks again.
    parsed.catch(() => {
      if (this.#overview === parsed) this.#overview = null;
    });
    return parsed;
  }

  /** PlanSession.steps() in the worker. */
  steps(offset, limit) {
    try {
      checkRange(offset, limit, 'steps');
    } catch (error) {
      return rejectWith(error);
    }
    return this.#call('steps', { offset, limit });
  }

  /** PlanSession.stepTable() in the worker (its typed arrays are transferred, not copied). */
  stepTable() {
    return this.#call('stepTable', {});
  }

  /** PlanSession.select() in the worker. */
  select(id) {
    return this.#change('select', () => ({ step: checkStepId(id, 'select') }));
  }

  /** PlanSession.unselect() in the worker. */
  unselect(id) {
    return this.#change('unselect', () => ({ step: checkStepId(id, 'unselect') }));
  }

  /** PlanSession.addValueSteps() in the worker. */
  addValueSteps() {
    return this.#change('addValueSteps', () => ({}));
  }

  /** PlanSession.allowMassDelete() in the worker. */
  allowMassDelete(allow) {
    return this.#change('allowMassDelete', () => ({ allow }));
  }

  /** PlanSession.setSelection() in the worker. */
  setSelection(ids, how) {
    return this.#change('setSelection', () => ({ ids: checkStepIds(ids, 'setSelection'), withPrerequisites: withPrerequisitesOf(how) }));
  }

  /** PlanSession.comparison() in the worker. */
  comparison(options) {
    return this.#call('comparison', { options: options ?? {} });
  }

  /** PlanSession.replan() in the worker. */
  replan(options, how) {
    return this.#change('replan', () => {
      analyzeOptionsJson(options);
      return { options, keepSelection: keepSelectionOf(how) };
    }).then((kept) => kept ?? undefined);
  }

  /** PlanSession.render() in the worker; progress phase 'rendering' (0 and 100 %). */
  render(format, options, callbacks) {
    let args;
    let onProgress;
    try {
      checkFormat(format);
      args = { format, options: renderOptions(options) };
      onProgress = checkProgress(callbacks, 'RemotePlanSession.render');
    } catch (error) {
      return rejectWith(error);
    }
    return this.#call('render', args, onProgress);
  }

  /** PlanSession.refusals() in the worker. */
  refusals() {
    return this.#call('refusals', {});
  }

  /** Frees the session in the worker. Idempotent. */
  delete() {
    if (this.#deleted) return Promise.resolve();
    this.#deleted = true;
    this.#forget();
    return this.#worker.request('delete', { session: this.#id }).then(() => undefined);
  }

  #call(op, args, onProgress) {
    if (this.#deleted) {
      return rejectWith(new FlagplanError(ErrorCode.SESSION_DELETED,
        `RemotePlanSession.${op}() was called after delete()`));
    }
    if (op === 'analysisJson' && this.#json !== null) return Promise.resolve(this.#json);
    if (op === 'overviewParts' && this.#overviewParts !== null) return Promise.resolve(this.#overviewParts);
    if (op === 'overviewJson' && this.#overviewJson !== null) return Promise.resolve(this.#overviewJson);
    const generation = this.#generation;
    return this.#worker.request(op, { session: this.#id, ...args }, onProgress).then((value) => {
      if (generation === this.#generation) {
        if (op === 'analysisJson') this.#json = value;
        if (op === 'overviewParts') this.#overviewParts = value;
        if (op === 'overviewJson') this.#overviewJson = value;
      }
      return value;
    });
  }

  /** Drops what a selection change makes stale. */
  #forget() {
    this.#json = null;
    this.#analysis = null;
    this.#overviewParts = null;
    this.#overviewJson = null;
    this.#overview = null;
  }

  #change(op, makeArgs) {
    let args;
    try {
      args = makeArgs();
    } catch (error) {
      return rejectWith(error);
    }
    const answer = this.#call(op, args);
    // Later requests run after this change in the worker; cached answers from before it are stale.
    this.#generation++;
    this.#forget();
    return answer;
  }
}

/** @internal PlanWorker.analyze() makes its sessions through this. */
export function makeRemotePlanSession(worker, id, overviewParts) {
  return new RemotePlanSession(worker, id, overviewParts, constructing);
}
