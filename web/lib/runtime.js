// Loading the WebAssembly module: the memoized init() every other function
// waits for, and the accessor they use once it has finished.
import { ErrorCode, FlagplanError } from './errors.js';

const isNode = typeof process === 'object' && typeof process.versions === 'object' &&
  typeof process.versions.node === 'string';

/** @type {Promise<void> | null} */
let loading = null;
/** The Emscripten module once init() has resolved. */
let wasm = null;

/**
 * Loads and instantiates the module (web/dist/flagplan.js + flagplan.wasm,
 * found relative to this file). Memoized: every call returns the same
 * promise; the options of the first call win. A failed load rejects with
 * FlagplanError INIT_FAILED and the next call tries again.
 *
 * @param {{debug?: boolean, wasmBinary?: ArrayBuffer | Uint8Array, moduleFactory?: Function}} [options]
 *   debug: load web/dist/debug/ (assertions; source checkouts only);
 *   wasmBinary: the .wasm bytes, when the caller has them already;
 *   moduleFactory: dist/flagplan.js's default export (createFlagplanModule),
 *   for bundles that inline it (e.g. a single-file page opened from file://,
 *   where nothing can be imported by URL); it is called with
 *   { wasmBinary } and must resolve to the module. Default: imported from
 *   next to this library. debug is ignored when it is given.
 * @returns {Promise<void>}
 */
export function init(options = {}) {
  if (loading) return loading;
  let checked;
  try {
    checked = initOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  loading = load(checked).then(
    (module) => {
      wasm = module;
    },
    (error) => {
      loading = null;
      throw new FlagplanError(ErrorCode.INIT_FAILED,
        `could not load the flagplan WebAssembly module: ${error && error.message ? error.message : error}`,
        { cause: error });
    });
  return loading;
}

/** True once init() has resolved. */
export function isInitialized() {
  return wasm !== null;
}

/** The engine's version ("0.1.0"), as `flagplan --version` prints it. */
export function version() {
  return requireModule('version').version();
}

/**
 * The loaded module, for the library's own files (not re-exported).
 * @param {string} caller the public function's name, for the message
 */
export function requireModule(caller) {
  if (wasm === null) {
    throw new FlagplanError(ErrorCode.NOT_INITIALIZED,
      `flagplan: ${caller}() was called before init() finished; call \`await init()\` first`);
  }
  return wasm;
}

/**
 * Runs a call into the module; anything it throws that is not already a
 * FlagplanError is a bug, reported as INTERNAL.
 * @template T
 * @param {() => T} call
 * @returns {T}
 */
export function guarded(call) {
  try {
    return call();
  } catch (error) {
    if (error instanceof FlagplanError) throw error;
    throw new FlagplanError(ErrorCode.INTERNAL,
      `the flagplan module failed: ${error && error.message ? error.message : error}`, { cause: error });
  }
}

const decoder = new TextDecoder();

/**
 * The text a Session call has just made and holds (its JSON, a rendering):
 * decoded from views of module memory at once (UTF-8), part by part (a
 * script comes in parts of about 1 MB, never joined in the module's heap; a
 * character may straddle two parts, hence one stream), then freed in the
 * module. Call right after the call that made it, with nothing in between.
 * @param {object} native the module Session
 * @returns {string}
 */
export function takeText(native) {
  return takeTextParts(native, true)[0];
}

/**
 * takeText(), each part its own string (for texts made in parts that are
 * whole JSON documents each: PlanSession.overviewParts()); `joined` gives
 * one string of them all instead.
 * @param {object} native the module Session
 * @param {boolean} [joined]
 * @returns {string[]}
 */
export function takeTextParts(native, joined = false) {
  try {
    const count = native.textPartCount();
    if (count === 1) return [decoder.decode(native.textView(0))];
    if (!joined) {
      const parts = new Array(count);
      for (let i = 0; i < count; ++i) parts[i] = decoder.decode(native.textView(i));
      return parts;
    }
    let text = '';
    for (let i = 0; i < count; ++i) text += decoder.decode(native.textView(i), { stream: i + 1 < count });
    return [text];
  } finally {
    native.freeText();
  }
}

function initOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'init(options): options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (key !== 'debug' && key !== 'wasmBinary' && key !== 'moduleFactory') {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT,
        `init(options): unknown option \`${key}\` (known: debug, wasmBinary, moduleFactory)`);
    }
  }
  if (options.debug !== undefined && typeof options.debug !== 'boolean') {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'init(options): debug must be a boolean');
  }
  const binary = options.wasmBinary;
  if (binary !== undefined && !(binary instanceof ArrayBuffer) && !(binary instanceof Uint8Array)) {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT,
      'init(options): wasmBinary must be an ArrayBuffer or a Uint8Array');
  }
  if (options.moduleFactory !== undefined && typeof options.moduleFactory !== 'function') {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT,
      'init(options): moduleFactory must be a function (dist/flagplan.js\'s default export)');
  }
  return { debug: options.debug === true, wasmBinary: binary, moduleFactory: options.moduleFactory };
}

async function load({ debug, wasmBinary, moduleFactory }) {
  if (moduleFactory !== undefined) {
    // A bundle that inlines dist/flagplan.js (the page's single-file build)
    // hands over its factory: no URL is resolved or fetched.
    return moduleFactory(wasmBinary !== undefined ? { wasmBinary } : {});
  }
  const directory = debug ? '../dist/debug/' : '../dist/';
  const glue = new URL(`${directory}flagplan.js`, import.meta.url);
  const binaryUrl = new URL(`${directory}flagplan.wasm`, import.meta.url);
  const { default: createFlagplanModule } = await import(glue.href);
  const settings = {};
  if (wasmBinary !== undefined) {
    settings.wasmBinary = wasmBinary;
  } else if (isNode) {
    // Emscripten 3.1.6 cannot fetch a file: URL under node; hand it the bytes.
    const { readFile } = await import('node:fs/promises');
    settings.wasmBinary = await readFile(binaryUrl);
  }
  // In browsers and workers the glue fetches flagplan.wasm next to
  // flagplan.js (streaming compilation when served as application/wasm).
  return createFlagplanModule(settings);
}
