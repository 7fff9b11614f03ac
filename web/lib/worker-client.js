// Running the engine in a Web Worker (node: worker_threads) behind promises,
// with progress events, so large exports never block the page.
import { ErrorCode, FlagplanError } from './errors.js';
import { analyzeOptionsJson, checkFormat, checkStepId, checkStepIds, renderGeneratedAt, splitInput } from './input.js';

const isNode = typeof process === 'object' && typeof process.versions === 'object' &&
  typeof process.versions.node === 'string';

function rejectWith(error) {
  return Promise.reject(error);
}

function checkProgress(callbacks, caller) {
  if (callbacks === undefined || callbacks === null) return undefined;
  if (typeof callbacks !== 'object') {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `${caller}: the last argument is { onProgress }`);
  }
  for (const key of Object.keys(callbacks)) {
    if (key !== 'onProgress') {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `${caller}: unknown member \`${key}\` (known: onProgress)`);
    }
  }
  if (callbacks.onProgress !== undefined && typeof callbacks.onProgress !== 'function') {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `${caller}: onProgress must be a function`);
  }
  return callbacks.onProgress;
}

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
   * (the analysis JSON, 90-100 %).
   */
  analyze(source, target, options, callbacks) {
    let onProgress;
    try {
      splitInput(source, 'source', 'source', { allowBlob: true });
      splitInput(target, 'target', 'target', { allowBlob: true });
      analyzeOptionsJson(options);
      onProgress = checkProgress(callbacks, 'PlanWorker.analyze');
    } catch (error) {
      return rejectWith(error);
    }
    return this.#request('analyze', { source, target, options }, onProgress)
      .then(({ session, analysisJson }) => new RemotePlanSession(this, session, analysisJson, constructing));
  }

  /** memoryStats() of the worker's module. */
  memoryStats() {
    return this.#request('memoryStats', {});
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

const constructing = Symbol('RemotePlanSession');

/**
 * A PlanSession living in a PlanWorker: the same operations, as promises.
 * Call delete() to free it in the worker.
 */
export class RemotePlanSession {
  #worker;
  #id;
  #json;
  #analysis = null;
  #deleted = false;

  /** @private made by PlanWorker.analyze() */
  constructor(worker, id, analysisJson, key) {
    if (key !== constructing) {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'a RemotePlanSession is made by PlanWorker.analyze()');
    }
    this.#worker = worker;
    this.#id = id;
    this.#json = analysisJson;
  }

  /** True after delete(). */
  get deleted() {
    return this.#deleted;
  }

  /** The analysis JSON text (as `flagplan plan --format json` prints it). */
  analysisJson() {
    return this.#call('analysisJson', {}).then(() => this.#json);
  }

  /** The analysis as an object (shared, do not modify). */
  analysis() {
    return this.analysisJson().then((json) => {
      if (this.#analysis === null) this.#analysis = JSON.parse(json);
      return this.#analysis;
    });
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

  /** PlanSession.setSelection() in the worker. */
  setSelection(ids) {
    return this.#change('setSelection', () => ({ ids: checkStepIds(ids, 'setSelection') }));
  }

  /** PlanSession.render() in the worker; progress phase 'rendering' (0 and 100 %). */
  render(format, options, callbacks) {
    let args;
    let onProgress;
    try {
      checkFormat(format);
      args = { format, options: { generatedAt: renderGeneratedAt(options) } };
      onProgress = checkProgress(callbacks, 'RemotePlanSession.render');
    } catch (error) {
      return rejectWith(error);
    }
    return this.#call('render', args, onProgress);
  }

  /** Frees the session in the worker. Idempotent. */
  delete() {
    if (this.#deleted) return Promise.resolve();
    this.#deleted = true;
    this.#json = null;
    this.#analysis = null;
    return this.#worker.request('delete', { session: this.#id }).then(() => undefined);
  }

  #call(op, args, onProgress) {
    if (this.#deleted) {
      return rejectWith(new FlagplanError(ErrorCode.SESSION_DELETED,
        `RemotePlanSession.${op}() was called after delete()`));
    }
    if (op === 'analysisJson' && this.#json !== null) return Promise.resolve(this.#json);
    return this.#worker.request(op, { session: this.#id, ...args }, onProgress).then((value) => {
      if (op === 'analysisJson') this.#json = value;
      return value;
    });
  }

  #change(op, makeArgs) {
    let args;
    try {
      args = makeArgs();
    } catch (error) {
      return rejectWith(error);
    }
    return this.#call(op, args).then((result) => {
      this.#json = null;
      this.#analysis = null;
      return result;
    });
  }
}
