// Web Worker entry: runs the engine off the main thread for PlanWorker
// (lib/worker-client.js). Start it as a module worker (browsers:
// `new Worker(url, { type: 'module' })`; node: worker_threads). Requests are
// handled one at a time, in order.
//
// Protocol: requests {id, op, args}; replies {id, type: 'progress', phase,
// percent, loaded?, total?}, {id, type: 'result', value} or {id, type:
// 'error', error: {code, message}}. A result's typed arrays (stepTable) are
// transferred, not copied.
import { analyze, prepareExport } from './lib/analyze.js';
import { ErrorCode, FlagplanError } from './lib/errors.js';
import { isBlob, splitInput } from './lib/input.js';
import { checkDrift, checkPlanFile, promotionOrder } from './lib/environments.js';
import { memoryStats } from './lib/memory.js';
import { pipelineArguments, pipelineJson } from './lib/pipeline.js';
import { changeRules, renderers, stepModes } from './lib/tables.js';
import { init, isInitialized, version } from './lib/runtime.js';
import { OVERVIEW_PART } from './lib/overview-parts.js';
import { stepTableBuffers } from './lib/step-table.js';
import { warmUp } from './lib/warm-up.js';

/** @type {Map<number, import('./lib/session.js').PlanSession>} */
const sessions = new Map();
let nextSession = 1;
/** Exports read and checked ahead (prepare), until analyze takes them or they are deleted. */
/** @type {Map<number, import('./lib/analyze.js').PreparedExport>} */
const prepared = new Map();
let nextPrepared = 1;

// Overall percentages per phase of an analyze request. Reading moves with the
// bytes read; planning is one engine call (parse, validate, plan, select), so
// it reports only its start and its end; rendering covers the overview (the
// analysis without its steps, which are read afterwards in pages or columns).
const READING = [0, 40];
const PLANNING = [40, 90];
const RENDERING = [90, 100];

async function connect() {
  if (typeof WorkerGlobalScope === 'function' && typeof self === 'object') {
    return {
      post: (message, transfer = []) => self.postMessage(message, transfer),
      listen: (handler) => self.addEventListener('message', (event) => handler(event.data)),
    };
  }
  const { parentPort } = await import('node:worker_threads');
  if (!parentPort) throw new Error('flagplan/worker.js must be started as a Worker');
  return {
    post: (message, transfer = []) => parentPort.postMessage(message, transfer),
    listen: (handler) => parentPort.on('message', handler),
  };
}

function chunkOf(range, fraction) {
  return Math.round(range[0] + (range[1] - range[0]) * Math.min(1, Math.max(0, fraction)));
}

function sizeOf(text) {
  if (isBlob(text)) return text.size;
  if (typeof text === 'string') return text.length;
  return text.byteLength;
}

const CHUNK_BYTES = 4 << 20;

/** Reads a Blob 4 MiB at a time (one read per small file), reporting the bytes as they arrive. */
async function readBlob(blob, onBytes) {
  const out = new Uint8Array(blob.size);
  for (let offset = 0; offset < blob.size; offset += CHUNK_BYTES) {
    const chunk = new Uint8Array(await blob.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    out.set(chunk, offset);
    onBytes(chunk.byteLength);
  }
  return out;
}

/**
 * Reads the Blobs among `inputs` ({text, label}; the others are counted as
 * they are), all at once (the browser reads them in parallel), reporting
 * 'reading' as the bytes arrive; each Blob's text becomes its bytes.
 */
async function readInputs(inputs, progress) {
  const total = inputs.reduce((sum, input) => sum + sizeOf(input.text), 0);
  let loaded = 0;
  let lastPercent = -1;
  const reading = (bytes) => {
    loaded += bytes;
    const percent = chunkOf(READING, total === 0 ? 1 : loaded / total);
    if (percent !== lastPercent) {
      lastPercent = percent;
      progress('reading', percent, { loaded, total });
    }
  };
  reading(0);
  await Promise.all(inputs.map(async (input) => {
    if (isBlob(input.text)) input.text = await readBlob(input.text, reading);
    else reading(sizeOf(input.text));
  }));
}

/** Keeps a new analysis as a session; its id and overview. */
function openSession(plan, progress) {
  progress('planning', PLANNING[1]);
  progress('rendering', RENDERING[0]);
  const id = nextSession++;
  sessions.set(id, plan);
  const overviewParts = plan.overviewParts(OVERVIEW_PART);
  progress('rendering', RENDERING[1]);
  return { session: id, overviewParts };
}

function session(id) {
  const found = sessions.get(id);
  if (!found) throw new FlagplanError(ErrorCode.SESSION_DELETED, `session ${id} was deleted (or never existed)`);
  return found;
}

const operations = {
  async init({ debug }) {
    await init({ debug });
    return null;
  },

  async prepare({ input, side }) {
    const { text, label } = splitInput(input, side, side, { allowBlob: true });
    const bytes = isBlob(text) ? await readBlob(text, () => {}) : text;
    const id = nextPrepared++;
    prepared.set(id, prepareExport({ text: bytes, label }, side));
    return id;
  },

  deletePrepared({ prepared: id }) {
    const found = prepared.get(id);
    if (found) {
      prepared.delete(id);
      found.delete();
    }
    return null;
  },

  async analyze({ source, target, options }, progress) {
    // An export prepared ahead ({prepared: id}) is taken from the map and
    // not read again; the others are read here.
    const sides = ['source', 'target'];
    const named = [source, target].map((input) => input !== null && typeof input === 'object' && 'prepared' in input);
    try {
      const inputs = [source, target].map((input, i) => {
        if (!named[i]) return splitInput(input, sides[i], sides[i], { allowBlob: true });
        const found = prepared.get(input.prepared);
        if (!found) {
          throw new FlagplanError(ErrorCode.INVALID_ARGUMENT,
            `${sides[i]} was already analyzed or deleted (each prepared export is analyzed once)`);
        }
        return found;
      });
      await readInputs(inputs.filter((input, i) => !named[i]), progress);
      progress('planning', PLANNING[0]);
      return openSession(analyze(inputs[0], inputs[1], options), progress);
    } finally {
      // Given to analyze: taken, whatever the outcome (the client will not ask for it again).
      for (const [i, input] of [source, target].entries()) {
        if (!named[i]) continue;
        prepared.get(input.prepared)?.delete();
        prepared.delete(input.prepared);
      }
    }
  },

  analysisJson: ({ session: id }) => session(id).analysisJson(),
  overviewJson: ({ session: id }) => session(id).overviewJson(),
  overviewParts: ({ session: id }) => session(id).overviewParts(OVERVIEW_PART),
  steps: ({ session: id, offset, limit }) => session(id).steps(offset, limit),
  stepTable: ({ session: id }) => session(id).stepTable(),
  select: ({ session: id, step }) => session(id).select(step),
  unselect: ({ session: id, step }) => session(id).unselect(step),
  addValueSteps: ({ session: id }) => session(id).addValueSteps(),
  setSelection: ({ session: id, ids, withPrerequisites }) => session(id).setSelection(ids, { withPrerequisites }),
  refusals: ({ session: id }) => session(id).refusals(),
  allowMassDelete: ({ session: id, allow }) => session(id).allowMassDelete(allow),
  comparison: ({ session: id, options }) => session(id).comparison(options),
  replan: ({ session: id, options, keepSelection }) => session(id).replan(options, { keepSelection }) ?? null,

  render({ session: id, format, options }, progress) {
    const plan = session(id);
    progress('rendering', 0);
    const rendered = plan.render(format, options);
    progress('rendering', 100);
    return rendered;
  },

  delete({ session: id }) {
    const found = sessions.get(id);
    if (found) {
      sessions.delete(id);
      found.delete();
    }
    return null;
  },

  memoryStats: () => memoryStats(),
  renderers: () => renderers(),
  changeRules: () => changeRules(),
  stepModes: () => stepModes(),
  promotionOrder: ({ a, b }) => promotionOrder(a, b),
  async checkPlanFile({ text, label }) {
    return checkPlanFile(isBlob(text) ? await text.text() : text, label);
  },
  async checkDrift({ plan, target, planLabel, targetLabel }) {
    const text = async (value) => (isBlob(value) ? value.text() : value);
    return checkDrift(await text(plan), await text(target), { planLabel, targetLabel });
  },
  async pipeline({ exports, options }) {
    const { inputs } = pipelineArguments(exports, options, { allowBlob: true });
    const read = await Promise.all(inputs.map(async (input) => ({
      text: isBlob(input.text) ? new Uint8Array(await input.text.arrayBuffer()) : input.text, label: input.label })));
    return JSON.parse(pipelineJson(read, options));
  },
  version: () => version(),
  warmUp: () => {
    warmUp();
    return null;
  },
};

/** What a result can hand over instead of copying. */
function transferables(op, value) {
  return op === 'stepTable' ? stepTableBuffers(value) : [];
}

function serializeError(error) {
  if (error instanceof FlagplanError) return { code: error.code, message: error.message };
  return { code: ErrorCode.INTERNAL, message: `flagplan worker: ${error && error.message ? error.message : error}` };
}

const port = await connect();
let queue = Promise.resolve();
port.listen((request) => {
  queue = queue.then(async () => {
    const { id, op, args } = request || {};
    const progress = (phase, percent, extra) => port.post({ id, type: 'progress', phase, percent, ...extra });
    try {
      const run = Object.prototype.hasOwnProperty.call(operations, op) ? operations[op] : null;
      if (!run) throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `unknown worker operation \`${op}\``);
      if (op !== 'init' && !isInitialized()) {
        throw new FlagplanError(ErrorCode.NOT_INITIALIZED, 'the worker has not loaded the module');
      }
      const value = await run(args || {}, progress);
      port.post({ id, type: 'result', value }, transferables(op, value));
    } catch (error) {
      port.post({ id, type: 'error', error: serializeError(error) });
    }
  });
});
