// Single-file build: the worker's entry. Modules evaluate in import order,
// so the module is being loaded before web/worker.js listens.
import './worker-init.js';
import '../web/worker.js';
