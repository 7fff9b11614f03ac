// Running the engine in a Web Worker (node: worker_threads) behind promises,
// with progress events, so large exports never block the page. The sessions
// it makes are RemotePlanSessions (remote-session.js).
import { ErrorCode, FlagplanError } from './errors.js';
import { makeRemotePlanSession } from './remote-session.js';
import { analyzeOptionsJson, checkProgress, rejectWith, splitInput } from './input.js';
import { pipelineArguments } from './pipeline.js';

const isNode = typeof process === 'object' && typeof process.versions === 'object' &&
  typeof process.versions.node === 'string';

/**
 * The engine in a worker. Every method returns a promise; requests run one
 * at a time, in the order they were made.
 */
export class PlanWorker {
  #worker = null;
  #started;
  #ready;
  #pending = new Map();
  #nextRequest = 1;
  /** @type {FlagplanError | null} */
  #failure = null;
  /** Promises of the module's fixed tables (renderers, changeRules, stepModes, version), asked once. */
  #tables = new Map();

  /**
   * Starts the worker and loads the module in it.
   * @param {{debug?: boolean, url?: string | URL}} [options] debug: load the
   *   debug build; url: where worker.js is served (default: next to this library)
   */
  constructor(options = {}) {
    if (options === null || typeof options !== 'object') {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'new PlanWorker(options): options must be an object');
    }
    for (const key of Object.keys(options)) {
      if (key !== 'debug' && key !== 'url') {
        throw new FlagplanError(ErrorCode.INVALID_ARGUMENT,
          `new PlanWorker(options): unknown option \`${key}\` (known: debug, url)`);
      }
    }
    if (options.debug !== undefined && typeof options.debug !== 'boolean') {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'new PlanWorker(options): debug must be a boolean');
    }
    const url = new URL(options.url ?? '../worker.js', import.meta.url);
    this.#started = this.#spawn(url).catch((error) => {
      throw this.#fail(new FlagplanError(ErrorCode.WORKER_FAILED,
        `the flagplan worker could not be started: ${error && error.message ? error.message : error}`, { cause: error }));
    });
    this.#ready = this.#started.then(() => this.#send('init', { debug: options.debug === true }));
    // Callers see failures through ready() or their own requests.
    this.#ready.catch(() => {});
  }

  /** Resolves once the module is loaded in the worker; rejects with INIT_FAILED or WORKER_FAILED. */
  ready() {
    return this.#ready;
  }

  /**
   * analyze() in the worker. Exports may also be Blobs/Files (read in the
   * worker). Progress phases: 'reading' (0-40 %, with bytes), 'planning'
   * (40 % at the start of the engine call, 90 % at its end), 'rendering'
   * (the overview, 90-100 %). The session arrives with its overview; the
   * steps are read with steps() / stepTable() (or analysis()).
   */
  analyze(source, target, options, callbacks) {
    let onProgress;
    const sent = [source, target];
    const claimed = [];
    try {
      // Everything checked before a prepared export is claimed: a refusal here leaves it the caller's.
      for (const [i, side] of ['source', 'target'].entries()) {
        if (sent[i] instanceof RemotePreparedExport) sent[i].check(this, side);
        else splitInput(sent[i], side, side, { allowBlob: true });
      }
      analyzeOptionsJson(options);
      onProgress = checkProgress(callbacks, 'PlanWorker.analyze');
      for (const [i, side] of ['source', 'target'].entries()) {
        if (sent[i] instanceof RemotePreparedExport) {
          sent[i] = sent[i].claim(this, side);
          claimed.push(sent[i].prepared);
        }
      }
    } catch (error) {
      return rejectWith(error);
    }
    return this.#request('analyze', { source: sent[0], target: sent[1], options }, onProgress)
      .catch((error) => {
        // The worker takes a claimed export whatever the outcome; one that never reached it is freed here.
        if (error instanceof FlagplanError && error.code === ErrorCode.INVALID_ARGUMENT && /cannot be sent to the worker/.test(error.message)) {
          for (const id of claimed) this.#request('deletePrepared', { prepared: id }).catch(() => {});
        }
        throw error;
      })
      .then(({ session, overviewParts }) => makeRemotePlanSession(this, session, overviewParts));
  }

  /**
   * prepareExport() in the worker: reads (a Blob in the worker) and checks
   * one export as `side` before the other one arrives, so that analyze()
   * with it reads only the other export. Pass the handle to analyze() as that
   * side (it is analyzed once); delete() it if it never is.
   * @param {import('../index.js').ExportInput|Blob} input
   * @param {'source'|'target'} side
   * @returns {Promise<RemotePreparedExport>} rejects with INVALID_ARGUMENT for another side or no export text
   */
  prepare(input, side) {
    try {
      if (side !== 'source' && side !== 'target') {
        throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `PlanWorker.prepare(input, side): side must be "source" or "target", not ${JSON.stringify(side)}`);
      }
      splitInput(input, side, side, { allowBlob: true });
    } catch (error) {
      return rejectWith(error);
    }
    return this.#request('prepare', { input, side }).then((id) => new RemotePreparedExport(this, id, side, (p) => this.#request('deletePrepared', { prepared: p })));
  }

  /** memoryStats() of the worker's module. */
  memoryStats() {
    return this.#request('memoryStats', {});
  }

  /**
   * Runs one small synthetic analysis (about 1,400 flags per side) in the
   * worker and frees it, so the browser optimizes the engine's code before
   * the first real analysis: Chromium compiles WebAssembly with a baseline
   * compiler first and optimizes hot functions only after they ran for a
   * while. Call it once after ready(), before the user's exports arrive; it
   * takes tens of milliseconds in the worker and requests made meanwhile
   * wait for it. Asked once: later calls return the same promise.
   */
  warmUp() {
    return this.#table('warmUp').then(() => undefined);
  }

  /** renderers() of the worker's module (asked once). */
  renderers() {
    return this.#table('renderers');
  }

  /** changeRules() of the worker's module (asked once). */
  changeRules() {
    return this.#table('changeRules');
  }

  /** stepModes() of the worker's module (asked once). */
  stepModes() {
    return this.#table('stepModes');
  }

  /** promotionOrder(a, b) in the worker: 1 when environment `a` is promoted before `b`, -1 after, 0 unknown. */
  promotionOrder(a, b) {
    return this.#request('promotionOrder', { a, b });
  }

  /** checkPlanFile() in the worker; `text` may be a Blob (read in the worker). */
  checkPlanFile(text, label = 'plan.json') {
    return this.#request('checkPlanFile', { text, label });
  }

  /** checkDrift() in the worker; `plan` and `target` may be Blobs (read in the worker). */
  checkDrift(plan, target, { planLabel = 'plan.json', targetLabel = 'target' } = {}) {
    return this.#request('checkDrift', { plan, target, planLabel, targetLabel });
  }

  /** pipeline() in the worker; exports may also be Blobs/Files (read in the worker). */
  pipeline(exports, options) {
    try {
      pipelineArguments(exports, options, { allowBlob: true });
    } catch (error) {
      return rejectWith(error);
    }
    return this.#request('pipeline', { exports, options });
  }

  /** version() of the worker's module. */
  version() {
    return this.#table('version');
  }

  /** Stops the worker; pending and later requests reject with WORKER_TERMINATED. Idempotent. */
  terminate() {
    this.#fail(new FlagplanError(ErrorCode.WORKER_TERMINATED, 'the PlanWorker was terminated'));
    this.#started.then(() => this.#worker && this.#worker.terminate(), () => {});
  }

  /** @internal used by RemotePlanSession */
  request(op, args, onProgress) {
    return this.#request(op, args, onProgress);
  }

  #table(op) {
    if (!this.#tables.has(op)) {
      const asked = this.#request(op, {});
      // A failure is not kept: the next call asks again.
      asked.catch(() => this.#tables.delete(op));
      this.#tables.set(op, asked);
    }
    return this.#tables.get(op);
  }

  #request(op, args, onProgress) {
    if (this.#failure) return rejectWith(this.#failure);
    return this.#ready.then(() => this.#send(op, args, onProgress));
  }

  #send(op, args, onProgress) {
    if (this.#failure) return rejectWith(this.#failure);
    const id = this.#nextRequest++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      try {
        this.#worker.postMessage({ id, op, args });
      } catch (error) {
        this.#pending.delete(id);
        reject(new FlagplanError(ErrorCode.INVALID_ARGUMENT,
          `PlanWorker: the arguments cannot be sent to the worker: ${error.message}`, { cause: error }));
      }
    });
  }

  async #spawn(url) {
    if (isNode) {
      const { Worker } = await import('node:worker_threads');
      const worker = new Worker(url);
      worker.on('message', (message) => this.#receive(message));
      worker.on('error', (error) => this.#fail(new FlagplanError(ErrorCode.WORKER_FAILED,
        `the flagplan worker failed: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => this.#fail(new FlagplanError(ErrorCode.WORKER_FAILED,
        `the flagplan worker exited (code ${code})`)));
      this.#worker = worker;
    } else {
      const worker = new Worker(url, { type: 'module' });
      worker.addEventListener('message', (event) => this.#receive(event.data));
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.#fail(new FlagplanError(ErrorCode.WORKER_FAILED,
          `the flagplan worker failed: ${event.message || 'it could not be loaded'}`));
      });
      worker.addEventListener('messageerror', () => this.#fail(new FlagplanError(ErrorCode.WORKER_FAILED,
        'the flagplan worker sent a message that could not be read')));
      this.#worker = worker;
    }
    if (this.#failure) this.#worker.terminate();
  }

  #receive(message) {
    const pending = this.#pending.get(message && message.id);
    if (!pending) return;
    if (message.type === 'progress') {
      if (pending.onProgress) {
        const { phase, percent, loaded, total } = message;
        const event = { phase, percent };
        if (loaded !== undefined) Object.assign(event, { loaded, total });
        try {
          pending.onProgress(event);
        } catch {
          // A failing progress callback must not break the request.
        }
      }
      return;
    }
    this.#pending.delete(message.id);
    if (message.type === 'result') pending.resolve(message.value);
    else pending.reject(new FlagplanError(message.error.code, message.error.message));
  }

  /** Fails every pending and later request with `error` (the first failure wins); returns the failure. */
  #fail(error) {
    if (this.#failure) return this.#failure;
    this.#failure = error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    return error;
  }
}

/**
 * An export read and checked in the worker ahead of its analysis
 * (PlanWorker.prepare()). analyze() takes it once; delete() frees it if it
 * is never analyzed (after analyze() there is nothing left to free).
 */
export class RemotePreparedExport {
  #worker;
  #id;
  #release;
  #claimed = false;
  /** 'source' or 'target': the side it was prepared for. */
  side;

  constructor(worker, id, side, release) {
    this.#worker = worker;
    this.#id = id;
    this.side = side;
    this.#release = release;
  }

  /** True once analyze() was given it, or after delete(). */
  get used() {
    return this.#claimed;
  }

  /** Frees it in the worker (nothing to do once analyze() took it). Resolves when done. */
  delete() {
    if (this.#claimed) return Promise.resolve();
    this.#claimed = true;
    return this.#release(this.#id);
  }

  /** For PlanWorker.analyze(): throws INVALID_ARGUMENT unless it can be given to `worker` as `side` now. */
  check(worker, side) {
    if (worker !== this.#worker) throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `the ${side} was prepared by another PlanWorker`);
    if (side !== this.side) throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `the ${side} was prepared as the ${this.side}, not the ${side}`);
    if (this.#claimed) throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `the ${side} was already analyzed or deleted (each prepared export is analyzed once)`);
  }

  /** For PlanWorker.analyze(): the message naming it, once (check() first). */
  claim(worker, side) {
    this.check(worker, side);
    this.#claimed = true;
    return { prepared: this.#id };
  }
}
