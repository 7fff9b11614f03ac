// The engine's promotion order of environment names, for a page that gets
// two exports at once and must suggest which one is the source.
import { FlagplanError, ErrorCode } from './errors.js';
import { guarded, requireModule } from './runtime.js';

/**
 * The engine's promotion_order(a, b) (src/flagplan/analyze/analyze.hpp):
 * 1 when environment `a` is promoted before `b` (dev -> test -> staging ->
 * production, by name), -1 when after, 0 when the names do not say.
 */
export function promotionOrder(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string') {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'promotionOrder(a, b) takes two environment names (strings)');
  }
  const wasm = requireModule('promotionOrder');
  return guarded(() => wasm.promotionOrder(a, b));
}
