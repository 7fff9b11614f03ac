// flagplan for JavaScript: the C++ engine compiled to WebAssembly, behind a
// small API. Types and documentation: index.d.ts. Usage: README.md.
export { init, isInitialized, version } from './lib/runtime.js';
export { PreparedExport, analyze, planJson, prepareExport } from './lib/analyze.js';
export { PlanSession } from './lib/session.js';
export { changeRules, renderers, stepModes } from './lib/tables.js';
export { checkDrift, checkPlanFile, promotionOrder } from './lib/environments.js';
export { pipeline, pipelineJson } from './lib/pipeline.js';
export { memoryStats } from './lib/memory.js';
export { ErrorCode, FlagplanError } from './lib/errors.js';
export { PlanWorker, RemotePreparedExport } from './lib/worker-client.js';
export { RemotePlanSession } from './lib/remote-session.js';
