// Checking and converting what callers pass in: exports, labels, options,
// step ids. Every problem is a FlagplanError INVALID_ARGUMENT naming the
// argument.
import { ErrorCode, FlagplanError } from './errors.js';

const encoder = new TextEncoder();
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${value.constructor ? value.constructor.name : 'no prototype'})`;
  return `a ${typeof value}`;
}

function invalid(message) {
  return new FlagplanError(ErrorCode.INVALID_ARGUMENT, message);
}

/** True for what an export's text may be besides a string. */
export function isBinary(value) {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/** True for a Blob or File (accepted by PlanWorker only). */
export function isBlob(value) {
  return typeof Blob === 'function' && value instanceof Blob;
}

/**
 * The export's bytes. Strings are encoded as UTF-8 (lone surrogates become
 * U+FFFD, as when a page saves text); binary input is used as is, so the
 * engine sees exactly the file's bytes.
 */
export function toBytes(value, what) {
  if (typeof value === 'string') return encoder.encode(value);
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw invalid(`${what} must be the export's JSON text (a string, Uint8Array or ArrayBuffer), not ${describe(value)}`);
}

/**
 * Splits an ExportInput into its text and label.
 * @returns {{text: unknown, label: string}}
 */
export function splitInput(input, defaultLabel, what, { allowBlob = false } = {}) {
  let text = input;
  let label = defaultLabel;
  if (input !== null && typeof input === 'object' && !isBinary(input) && !isBlob(input)) {
    if (!('text' in input)) {
      throw invalid(`${what} must be the export's text or { text, label }, not ${describe(input)} without \`text\``);
    }
    for (const key of Object.keys(input)) {
      if (key !== 'text' && key !== 'label') throw invalid(`${what}: unknown member \`${key}\` (known: text, label)`);
    }
    text = input.text;
    if (input.label !== undefined) {
      if (typeof input.label !== 'string') throw invalid(`${what}.label must be a string, not ${describe(input.label)}`);
      label = input.label;
    }
  }
  if (isBlob(text)) {
    if (!allowBlob) throw invalid(`${what}: a Blob or File needs PlanWorker (or read it first: await blob.text())`);
  } else if (typeof text !== 'string' && !isBinary(text)) {
    throw invalid(`${what} must be the export's JSON text (a string, Uint8Array or ArrayBuffer), not ${describe(text)}`);
  }
  return { text, label };
}

/** A label as UTF-8 bytes (exact, whatever the string holds). */
export function labelBytes(label) {
  return encoder.encode(label);
}

/** Checks one step id (an integer; ids not in the plan are the engine's to report). */
export function checkStepId(id, caller) {
  if (!Number.isInteger(id) || id < INT32_MIN || id > INT32_MAX) {
    throw invalid(`${caller}(id): id must be an integer step id, not ${typeof id === 'number' ? id : describe(id)}`);
  }
  return id;
}

/** Checks steps(offset, limit): both non-negative integers. */
export function checkRange(offset, limit, caller) {
  for (const [name, value] of [['offset', offset], ['limit', limit]]) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw invalid(`${caller}(offset, limit): ${name} must be a non-negative integer, not ${typeof value === 'number' ? value : describe(value)}`);
    }
  }
}

/** Checks a list of step ids. */
export function checkStepIds(ids, caller) {
  if (!Array.isArray(ids)) throw invalid(`${caller}(ids): ids must be an array of step ids, not ${describe(ids)}`);
  for (const id of ids) checkStepId(id, caller);
  return ids;
}

/**
 * AnalyzeOptions -> the JSON text the module reads. Only the conversion:
 * the engine checks the names, types and values (src/flagplan/analyze/
 * options.hpp, read_analyze_options) and analyze() throws its message.
 * @returns {string}
 */
export function analyzeOptionsJson(options) {
  if (options === undefined || options === null) return '{}';
  let text;
  try {
    text = JSON.stringify(options);
  } catch (error) {
    throw invalid(`analyze options cannot be written as JSON: ${error.message}`);
  }
  if (text === undefined) throw invalid(`analyze options must be an object, not ${describe(options)}`);
  return text;
}

/** Throws the engine's verdict on an options JSON text (analyzeOptionsJson()), if any. */
export function checkAnalyzeOptions(problem) {
  if (problem) throw invalid(problem);
}

/**
 * RenderOptions -> {generatedAt, comment} for the module. generatedAt
 * default: now, to the second, as the CLI writes it ("2026-11-21T10:33:08Z");
 * "" leaves it out. comment default: "" (none).
 */
export function renderOptions(options) {
  if (options === undefined || options === null) return { generatedAt: now(), comment: '' };
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw invalid(`render options must be an object, not ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'generatedAt' && key !== 'comment') throw invalid(`unknown render option \`${key}\` (known: generatedAt, comment)`);
  }
  if (options.generatedAt !== undefined && typeof options.generatedAt !== 'string') {
    throw invalid(`options.generatedAt must be a string (ISO 8601) or "", not ${describe(options.generatedAt)}`);
  }
  if (options.comment !== undefined && typeof options.comment !== 'string') {
    throw invalid(`options.comment must be a string, not ${describe(options.comment)}`);
  }
  return { generatedAt: options.generatedAt === undefined ? now() : options.generatedAt, comment: options.comment ?? '' };
}

/** Checks a format name's type (unknown names are the engine's to report). */
export function checkFormat(format) {
  if (typeof format !== 'string') throw invalid(`render(format): format must be a string, not ${describe(format)}`);
  return format;
}

function now() {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** A rejected promise (methods that return promises never throw). */
export function rejectWith(error) {
  return Promise.reject(error);
}

/** The `onProgress` callback of a `{ onProgress }` argument, checked. */
export function checkProgress(callbacks, caller) {
  if (callbacks === undefined || callbacks === null) return undefined;
  if (typeof callbacks !== 'object') {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `${caller}: the last argument is { onProgress }`);
  }
  for (const key of Object.keys(callbacks)) {
    if (key !== 'onProgress') {
      throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `${caller}: unknown member \`${key}\` (known: onProgress)`);
    }
  }
  if (callbacks.onProgress !== undefined && typeof callbacks.onProgress !== 'function') {
    throw new FlagplanError(ErrorCode.INVALID_ARGUMENT, `${caller}: onProgress must be a function`);
  }
  return callbacks.onProgress;
}

/** An options argument that is undefined or {name?: boolean} -> that boolean; `call` names it in the error. */
function flagOption(how, name, call) {
  if (how === undefined) return false;
  if (how === null || typeof how !== 'object' || Array.isArray(how) ||
      Object.keys(how).some((k) => k !== name) || (how[name] !== undefined && typeof how[name] !== 'boolean')) {
    throw invalid(`${call}: how is {${name}?: boolean}`);
  }
  return how[name] === true;
}

/** replan()'s second argument: {keepSelection?: boolean} -> whether to keep the selection. */
export function keepSelectionOf(how) {
  return flagOption(how, 'keepSelection', 'replan(options, how)');
}

/** setSelection()'s second argument: {withPrerequisites?: boolean} -> whether to add prerequisites. */
export function withPrerequisitesOf(how) {
  return flagOption(how, 'withPrerequisites', 'setSelection(ids, how)');
}
