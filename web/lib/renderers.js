// The output formats the engine offers (its renderer registry).
import { guarded, requireModule } from './runtime.js';

let cached = null;

/**
 * Every format, in the CLI's order: [{format, extension, mediaType,
 * executable, description}]. Read from the engine, so a new renderer
 * appears here without any change to the library.
 */
export function renderers() {
  const wasm = requireModule('renderers');
  if (cached === null) {
    cached = Object.freeze(JSON.parse(guarded(() => wasm.renderersJson())).map((r) => Object.freeze(r)));
  }
  return cached;
}
