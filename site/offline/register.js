// Single-file build, on the page: hands the engine code inlined in the HTML
// to js/engine.js before js/main.js starts (imported first by page-entry.js).
// Nothing is fetched: the worker is a data: URL made from the inlined worker
// bundle, with the .wasm (inlined once, as base64) put into it.
import createFlagplanModule from '../web/dist/flagplan.js';
import { configureOffline } from '../js/engine.js';

const wasmBase64 = document.getElementById('flagplan-wasm').textContent.trim();
const workerSource = atob(document.getElementById('flagplan-worker').textContent.trim())
  .replace('__FLAGPLAN_WASM_BASE64__', wasmBase64);

function decode(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

configureOffline({
  // Browsers refuse module workers from blob: URLs on file:// pages; data: URLs work.
  workerUrl: `data:text/javascript;base64,${btoa(workerSource)}`,
  moduleFactory: (settings) => createFlagplanModule({ ...settings, locateFile: (path) => path }),
  wasmBinary: decode(wasmBase64),
});
