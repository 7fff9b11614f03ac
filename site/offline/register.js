// Single-file build, on the page: hands the engine code inlined in the HTML
// to js/engine.js before js/main.js starts (imported first by page-entry.js).
// Nothing is fetched: the worker is a data: URL made from the inlined worker
// bundle, with the .wasm (inlined once, as base64) put into it. The page
// itself runs no WebAssembly (js/engine.js asks the worker for everything).
import { configureOffline } from '../js/engine.js';

const wasmBase64 = document.getElementById('flagplan-wasm').textContent.trim();
const workerSource = atob(document.getElementById('flagplan-worker').textContent.trim())
  .replace('__FLAGPLAN_WASM_BASE64__', wasmBase64);

configureOffline({
  // Browsers refuse module workers from blob: URLs on file:// pages; data: URLs work.
  workerUrl: `data:text/javascript;base64,${btoa(workerSource)}`,
});
