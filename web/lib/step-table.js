// The step table: every step of a plan in columns (typed arrays where the
// values are numbers), so a list of 100,000 steps costs a few megabytes and
// no per-step objects until a caller makes them.

/**
 * The module's step table JSON, parsed, -> a StepTable (index.d.ts).
 * @param {{length: number, modes: string[], mode: number[], flagKey: string[], dependentId: number[],
 *   indent: number[], selected: number[], changeCount: number[], oldKeys: [number, string][],
 *   stages: [number, object][]}} json
 */
export function parseStepTable(json) {
  return {
    length: json.length,
    modes: Object.freeze(json.modes),
    mode: Uint8Array.from(json.mode),
    flagKey: json.flagKey,
    dependentId: Int32Array.from(json.dependentId),
    indent: Int32Array.from(json.indent),
    selected: Uint8Array.from(json.selected),
    changeCount: Int32Array.from(json.changeCount),
    oldKeys: new Map(json.oldKeys),
    stages: new Map(json.stages),
  };
}

/** The buffers of a StepTable's typed arrays, to transfer it between threads without copying. */
export function stepTableBuffers(table) {
  return [table.mode, table.dependentId, table.indent, table.selected, table.changeCount].map((a) => a.buffer);
}
