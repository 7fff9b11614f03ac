// The one error type the library throws for misuse. Problems in the exports
// themselves are never thrown: they come back as diagnostics.

/**
 * Codes carried by FlagplanError#code.
 * @readonly
 */
export const ErrorCode = Object.freeze({
  /** An API function was called before `await init()` finished. */
  NOT_INITIALIZED: 'NOT_INITIALIZED',
  /** An argument has the wrong type or shape (message names it). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** A PlanSession (or RemotePlanSession) was used after delete(). */
  SESSION_DELETED: 'SESSION_DELETED',
  /** init() could not load or instantiate the WebAssembly module. */
  INIT_FAILED: 'INIT_FAILED',
  /** The worker could not start or crashed. */
  WORKER_FAILED: 'WORKER_FAILED',
  /** The PlanWorker was terminated while (or before) a request ran. */
  WORKER_TERMINATED: 'WORKER_TERMINATED',
  /** The module failed in a way the engine did not report (a bug). */
  INTERNAL: 'INTERNAL',
});

/** Misuse of the flagplan API: a JS Error with a stable `code`. */
export class FlagplanError extends Error {
  /**
   * @param {string} code one of ErrorCode
   * @param {string} message one sentence for humans
   * @param {{cause?: unknown}} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    this.name = 'FlagplanError';
    this.code = code;
  }
}
