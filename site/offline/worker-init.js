// Single-file build, inside the worker: loads the module from the inlined
// Emscripten glue and the .wasm bytes the page put in place of the
// placeholder below, before web/worker.js handles its first request (init()
// is memoized, so the worker's own init request gets this module).
import createFlagplanModule from '../web/dist/flagplan.js';
import { init } from '../web/lib/runtime.js';

// Replaced by the page (offline/register.js) with the .wasm as base64.
const WASM_BASE64 = '__FLAGPLAN_WASM_BASE64__';

function decode(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

init({
  // locateFile keeps the glue from resolving "flagplan.wasm" against this
  // worker's data: URL (which has no directory); it never fetches it, since
  // it has the bytes.
  moduleFactory: (settings) => createFlagplanModule({ ...settings, locateFile: (path) => path }),
  wasmBinary: decode(WASM_BASE64),
}).catch(() => {
  // Reported through the worker's own init request.
});
