// The engine's fixed tables (its output formats, change rules and step
// modes), read once from the module and frozen.
import { guarded, requireModule } from './runtime.js';

const cache = new Map();

/** The table `name` (module function `<name>Json`), parsed and frozen once. */
function table(name) {
  const wasm = requireModule(name);
  if (!cache.has(name)) {
    cache.set(name, Object.freeze(JSON.parse(guarded(() => wasm[`${name}Json`]())).map((r) => Object.freeze(r))));
  }
  return cache.get(name);
}

/**
 * Every format, in the CLI's order: [{format, extension, mediaType,
 * executable, needsSteps, description}]. Read from the engine, so a new
 * renderer appears here without any change to the library.
 */
export function renderers() {
  return table('renderers');
}

/**
 * Every change rule, in the order summaries list them: [{code, severity,
 * trigger, why}] (docs/change-rules.md). Read from the engine's table.
 */
export function changeRules() {
  return table('changeRules');
}

/**
 * Every step mode, FlagFlow's four then RENAME: [{mode, marker, legend,
 * label, description, flagflow}] — the CLI's markers and legend, a label and
 * what the step does to the target. Read from the engine's table.
 */
export function stepModes() {
  return table('stepModes');
}
