// The page's one door to the engine: the web/ library's PlanWorker (the
// engine in a Web Worker, so 50 MB exports never block the page). The main
// thread loads no WebAssembly: the renderer registry, the change rules and
// the version come from the worker too.
import { ErrorCode, FlagplanError, PlanWorker } from '../web/index.js';

/**
 * Set by the single-file build (offline/register.js) before the page starts:
 * { workerUrl: string } (a data: URL of the worker with the engine inlined).
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

  constructor() {
    this.#worker = new PlanWorker(offline ? { url: offline.workerUrl } : {});
  }

  /** Resolves when the worker has loaded the module. */
  ready() {
    return this.#worker.ready();
  }

  /** Gets the engine's code optimized before the first analysis (web/ PlanWorker.warmUp()). */
  warmUp() {
    return this.#worker.warmUp();
  }

  /** The engine's output formats (web/ renderers()), in the CLI's order. */
  renderers() {
    return this.#worker.renderers();
  }

  /** The change rules (risk.*, stage.*, rename.*): [{code, severity, trigger, why}] (web/ changeRules()). */
  changeRules() {
    return this.#worker.changeRules();
  }

  /** The step modes: [{mode, marker, legend, label, description, flagflow}] (web/ stepModes()). */
  stepModes() {
    return this.#worker.stepModes();
  }

  /**
   * The environments of two exports as the engine reads them, and which one
   * the engine's promotion order puts first (web/ promotionOrder()):
   * {a, b: {label, environment, readable}, order: 1 | 0 | -1}.
   * @param {{label: string, blob: Blob}} a
   * @param {{label: string, blob: Blob}} b
   */
  async environments(a, b) {
    const session = await this.#worker.analyze({ text: a.blob, label: a.label }, { text: b.blob, label: b.label }, { mode: 'migration' });
    try {
      const overview = await session.overview();
      const info = (side) => ({ label: side.label, environment: side.environment, readable: side.readable !== false });
      const order = await this.#worker.promotionOrder(overview.source.environment, overview.target.environment);
      return { a: info(overview.source), b: info(overview.target), order };
    } finally {
      session.delete();
    }
  }

  /**
   * The promotion pipeline of several exports (web/ PlanWorker.pipeline()),
   * taken in the promotion order of their environment names when the names
   * say it, else as given: the pipeline JSON of `flagplan pipeline --format
   * json` (docs/ci.md), whose environments carry the labels given here.
   * @param {{label: string, blob: Blob}[]} exports
   */
  pipeline(exports) {
    return this.#worker.pipeline(exports.map((e) => ({ text: e.blob, label: e.label })), { order: 'environment' });
  }

  /** The engine's checks of a saved plan.json (web/ checkPlanFile()): its diagnostics, [] when it can be rendered. */
  checkPlanFile(blob, label) {
    return this.#worker.checkPlanFile(blob, label);
  }

  /** Whether `target` drifted since the saved plan `plan` (web/ checkDrift(): the engine's check_drift()). */
  checkDrift(plan, target, planLabel, targetLabel) {
    return this.#worker.checkDrift(plan, target, { planLabel, targetLabel });
  }

  /** "0.1.0". */
  version() {
    return this.#worker.version();
  }

  /**
   * Reads and checks one loaded export in the worker while the other is
   * not there yet (web/ PlanWorker.prepare()), so the analysis then reads
   * only the other one. Resolves to a Prepared to give analyze() as that
   * side (once), or null when the worker could not prepare it (analyze()
   * the export itself then).
   * @param {{label: string, blob: Blob}} loaded
   * @param {'source'|'target'} side
   */
  async prepare(loaded, side) {
    try {
      return new Prepared(loaded, await this.#worker.prepare({ text: loaded.blob, label: loaded.label }, side));
    } catch {
      return null;
    }
  }

  /**
   * Analyzes `source` against `target` in the worker (either may be a
   * Prepared of that side, from prepare()).
   * @param {{label: string, blob: Blob}} source
   * @param {{label: string, blob: Blob}} target
   * @param {{mode: 'auto'|'migration'|'restore', walkStages: boolean, renameKeys: string[]}} choice
   * @param {(event: {phase: string, percent: number, loaded?: number, total?: number}) => void} onProgress
   * @returns {Promise<{session: import('../web/index.js').RemotePlanSession, overview: object,
   *   table: import('../web/index.js').StepTable, mode: string}>}
   *   the analysis without its steps (`overview`) and every step in columns
   *   (`table`; their changes are read page by page with session.steps());
   *   `mode` is what was analyzed: with 'auto' the engine chose it from the
   *   environments (overview.modeChoice says why).
   * @throws PageError when the library refuses an option this page offers.
   */
  async analyze(source, target, choice, onProgress) {
    const options = optionsFor(choice);
    const sent = (input) => (input instanceof Prepared ? input.handle : { text: input.blob, label: input.label });
    const session = await refusedOption(this.#worker.analyze(sent(source), sent(target), options, { onProgress }));
    const overview = await session.overview();
    performance.mark('flagplan:overview-parsed');  // for tests/site/bench-load.mjs
    const mode = overview.mode;
    const table = await session.stepTable();
    performance.mark('flagplan:table-received');
    return { session, overview, mode, table };
  }

  /**
   * Plans `session`'s exports again with another choice (renames, stage
   * walk, mode) without reading them again (web/ RemotePlanSession.replan():
   * the engine keeps the parsed exports). With `keepSelection`, the engine
   * keeps the session's selection where its steps still exist. Resolves like
   * analyze() plus `kept` (web/ KeptSelection, with keepSelection), or to
   * null when the session could not plan again (then analyze() anew).
   * @throws PageError when the library refuses an option this page offers.
   */
  async replan(session, choice, keepSelection = false) {
    let kept;
    try {
      kept = await refusedOption(session.replan(optionsFor(choice), { keepSelection }));
    } catch (error) {
      if (error instanceof PageError) throw error;
      return null;
    }
    performance.mark('flagplan:replanned');  // for bench/browser-profile.mjs
    // Both asked at once: the page parses the overview while the worker makes the step table.
    const [overview, table] = await Promise.all([
      session.overview().then((o) => (performance.mark('flagplan:replan-overview-parsed'), o)),
      session.stepTable().then((t) => (performance.mark('flagplan:replan-table-received'), t))]);
    return { session, overview, mode: overview.mode, table, kept };
  }
}

/** A loaded export the worker has read and checked ahead (Engine.prepare()). */
export class Prepared {
  constructor(loaded, handle) {
    /** The loaded export it was made from. */
    this.loaded = loaded;
    /** @type {import('../web/index.js').RemotePreparedExport} */
    this.handle = handle;
  }

  /** True once analyzed (or deleted). */
  get used() {
    return this.handle.used;
  }

  /** Frees it in the worker if it was never analyzed. */
  delete() {
    this.handle.delete().catch(() => {});
  }
}

/** `request`'s answer; an option the library refuses becomes a PageError that says so. */
async function refusedOption(request) {
  try {
    return await request;
  } catch (error) {
    if (error instanceof FlagplanError && error.code === ErrorCode.INVALID_ARGUMENT &&
        /unknown analyze option|options\.mode/.test(error.message)) {
      throw new PageError(`This build of the flagplan library does not accept that option yet (${error.message}).`);
    }
    throw error;
  }
}

/** The library's analyze options for the page's choice (its mode: auto, migration or restore). */
function optionsFor(choice) {
  const options = { mode: choice.mode };
  // Sent only when asked for, so a library without them still plans.
  if (choice.walkStages) options.walkStages = true;
  if (choice.renameKeys.length > 0) options.renameKeys = [...choice.renameKeys];
  if (choice.allowMassDelete) options.allowMassDelete = true;
  return options;
}
