// The promotion pipeline: 2 to 8 exports seen at once (the engine's
// analyze_pipeline(), src/flagplan/pipeline/).
import { ErrorCode, FlagplanError } from './errors.js';
import { labelBytes, splitInput, toBytes } from './input.js';
import { guarded, requireModule } from './runtime.js';

/** The fewest and most exports a pipeline takes (the engine's kPipelineMinExports / kPipelineMaxExports). */
export const PIPELINE_EXPORTS = { min: 2, max: 8 };

/**
 * Checks pipeline()'s arguments: an array of 2 to 8 ExportInputs and
 * options {order?: 'given' | 'environment'}.
 * @returns {{inputs: {text: unknown, label: string}[], byEnvironmentName: boolean}}
 */
export function pipelineArguments(exports, options, { allowBlob = false } = {}) {
  if (!Array.isArray(exports) || exports.length < PIPELINE_EXPORTS.min || exports.length > PIPELINE_EXPORTS.max) {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT,
      `pipeline(exports) takes an array of ${PIPELINE_EXPORTS.min} to ${PIPELINE_EXPORTS.max} exports in promotion order, not ${Array.isArray(exports) ? exports.length : typeof exports}`);
  }
  const inputs = exports.map((input, i) => splitInput(input, `export ${i + 1}`, `exports[${i}]`, { allowBlob }));
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, 'pipeline options must be an object');
    }
    for (const key of Object.keys(options)) {
      if (key !== 'order') throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `unknown pipeline option \`${key}\` (known: order)`);
    }
    if (options.order !== undefined && options.order !== 'given' && options.order !== 'environment') {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `options.order is "given" or "environment", not ${JSON.stringify(options.order)}`);
    }
  }
  return { inputs, byEnvironmentName: options?.order === 'environment' };
}

/**
 * The pipeline JSON text, byte for byte what `flagplan pipeline EXPORT...
 * --format json` prints for the same exports, labels and order. Problems in
 * the exports are its diagnostics; a failure of the module itself (out of
 * memory, a bug: the engine's answer is then only {diagnostics}) is a
 * FlagplanError INTERNAL with the engine's message.
 */
export function pipelineJson(exports, options) {
  const wasm = requireModule('pipelineJson');
  const { inputs, byEnvironmentName } = pipelineArguments(exports, options);
  const wire = inputs.map((input, i) => ({ text: toBytes(input.text, `exports[${i}]`), label: labelBytes(input.label) }));
  const json = guarded(() => wasm.pipelineJson(wire, byEnvironmentName));
  if (json.startsWith('{"diagnostics":')) {
    const [why] = JSON.parse(json).diagnostics;
    throw new FlagplanError(why && why.code === 'plan.invalid_argument' ? ErrorCode.INVALID_ARGUMENT : ErrorCode.INTERNAL,
      `pipeline: ${why ? why.message : 'the module failed'}`);
  }
  return json;
}

/** pipelineJson(), parsed. */
export function pipeline(exports, options) {
  return JSON.parse(pipelineJson(exports, options));
}
