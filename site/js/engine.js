// The page's one door to the engine: the web/ library's PlanWorker (the
// engine in a Web Worker, so 50 MB exports never block the page) and, on
// the main thread, the renderer registry and the version.
import { ErrorCode, FlagplanError, PlanWorker, changeRules, init, renderers, version } from '../web/index.js';

/**
 * Set by the single-file build (offline/register.js) before the page starts:
 * { workerUrl: string, moduleFactory: Function, wasmBinary: Uint8Array }.
 * The hosted page leaves it null and the library finds its files itself.
 */
let offline = null;

/** Called by the single-file build only. */
export function configureOffline(config) {
  offline = config;
}

/** Whether this page is the single-file build. */
export function isOffline() {
  return offline !== null;
}

/** A problem the page explains to the user (not a bug). */
export class PageError extends Error {}

export class Engine {
  #worker;
  #main;

  constructor() {
    this.#worker = new PlanWorker(offline ? { url: offline.workerUrl } : {});
    this.#main = init(offline ? { moduleFactory: offline.moduleFactory, wasmBinary: offline.wasmBinary } : {});
    // Both are awaited by their users; keep unhandled-rejection noise away.
    this.#main.catch(() => {});
  }

  /** Resolves when the worker has loaded the module. */
  ready() {
    return this.#worker.ready();
  }

  /** The engine's output formats (web/ renderers()), in the CLI's order. */
  async renderers() {
    await this.#main;
    return renderers();
  }

  /** The change rules (risk.*, stage.*, rename.*): [{code, severity, trigger, why}] (web/ changeRules()). */
  async changeRules() {
    await this.#main;
    return changeRules();
  }

  /** "0.1.0". */
  async version() {
    await this.#main;
    return version();
  }

  /**
   * Analyzes `source` against `target` in the worker.
   * @param {{label: string, blob: Blob}} source
   * @param {{label: string, blob: Blob}} target
   * @param {{mode: 'auto'|'migration'|'restore', walkStages: boolean, renameKeys: string[]}} choice
   * @param {(event: {phase: string, percent: number, loaded?: number, total?: number}) => void} onProgress
   * @returns {Promise<{session: import('../web/index.js').RemotePlanSession, analysis: object, mode: string}>}
   *   `mode` is what was analyzed; with 'auto' it is restore when both exports
   *   come from the same environment, else migration.
   * @throws PageError when the library refuses an option this page offers.
   */
  async analyze(source, target, choice, onProgress) {
    const run = async (mode) => {
      const options = { mode };
      // Sent only when asked for, so a library without them still plans.
      if (choice.walkStages) options.walkStages = true;
      if (choice.renameKeys.length > 0) options.renameKeys = [...choice.renameKeys];
      let session;
      try {
        session = await this.#worker.analyze({ text: source.blob, label: source.label },
          { text: target.blob, label: target.label }, options, { onProgress });
      } catch (error) {
        if (error instanceof FlagplanError && error.code === ErrorCode.INVALID_ARGUMENT &&
            /unknown analyze option/.test(error.message)) {
          throw new PageError(`This build of the flagplan library does not accept that option yet (${error.message}).`);
        }
        throw error;
      }
      return { session, analysis: await session.analysis(), mode };
    };
    const first = await run(choice.mode === 'restore' ? 'restore' : 'migration');
    if (choice.mode !== 'auto' || first.mode !== 'migration') return first;
    // The engine's own verdict on the environments: equal ones cannot migrate.
    if (first.analysis.diagnostics.some((d) => d.code === 'environment.same')) {
      await first.session.delete();
      return run('restore');
    }
    return first;
  }
}
