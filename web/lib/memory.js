// What the module holds: heap figures and live sessions, for leak checks.
import { guarded, requireModule } from './runtime.js';

/**
 * { heapSize, allocated, peakFootprint, liveSessions }: the WebAssembly
 * memory's size in bytes (it only grows), the bytes malloc has handed out and
 * not got back, the most bytes malloc has ever used at once (dlmalloc's
 * max_footprint), and the PlanSessions created and not yet deleted.
 */
export function memoryStats() {
  const wasm = requireModule('memoryStats');
  const stats = guarded(() => wasm.heapStats());
  return {
    heapSize: stats.heapSize,
    allocated: stats.allocated,
    peakFootprint: stats.peakFootprint,
    liveSessions: stats.liveSessions,
  };
}
