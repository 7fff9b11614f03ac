// Shared by the node tests of the wasm module and the JS library (web/).
// Environment:
//   FLAGPLAN_CLI         the native CLI to compare with (default build/flagplan)
//   FLAGPLAN_WASM_BUILD  "debug" to test web/dist/debug/ instead of web/dist/
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { FlagplanError } from '../../web/index.js';
import { assertValid, cliDocumentKind } from './schema.mjs';

export const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const webDir = path.join(root, 'web');
export const debugBuild = process.env.FLAGPLAN_WASM_BUILD === 'debug';
export const cliPath = process.env.FLAGPLAN_CLI
  ? path.resolve(root, process.env.FLAGPLAN_CLI)
  : path.join(root, 'build', 'flagplan');

/**
 * The library, initialized with the build under test. Every JSON document it
 * hands a test is checked against docs/schemas/ first (checkedLibrary()).
 */
export async function loadLibrary() {
  const lib = await import('../../web/index.js');
  await lib.init({ debug: debugBuild });
  return checkedLibrary(lib);
}

// What each method's answer is, for the schema check (schema.mjs kinds).
const validChange = (change) => (assertValid('diagnostics', change.diagnostics), change);
const SESSION_CHECKS = {
  analysisJson: (json) => assertValid('analysis', json),
  analysis: (value) => assertValid('analysis', value),
  overview: (value) => assertValid('overview', value),
  overviewJson: (json) => assertValid('overview', json),
  steps: (steps) => steps.map((step) => assertValid('step', step)) && steps,
  select: validChange,
  unselect: validChange,
  addValueSteps: validChange,
  allowMassDelete: validChange,
  setSelection: validChange,
  refusals: (refusals) => Object.values(refusals).map((list) => assertValid('diagnostics', list)) && refusals,
  render: (rendered, [format]) => {
    assertValid('diagnostics', rendered.diagnostics);
    if (rendered.ok && format === 'json') assertValid('analysis', rendered.text);
    if (rendered.ok && format === 'plan') assertValid('plan', rendered.text);
    return rendered;
  },
};

/**
 * `object` with the methods named in `checks` checking their answers (the
 * awaited value for promises) before the test sees them (a check that
 * returns something hands that out instead); everything else, throws and
 * rejections included, passes through unchanged (other methods bound to
 * `object` when `bindMethods`: a class's private fields need their own `this`).
 */
function checkedObject(object, checks, bindMethods = true) {
  return new Proxy(object, {
    get(target, property) {
      const member = Reflect.get(target, property, target);
      if (typeof member !== 'function') return member;
      if (!Object.hasOwn(checks, property)) return bindMethods ? member.bind(target) : member;
      const check = checks[property];
      return (...args) => {
        const answer = member.apply(target, args);
        const checked = (value) => check(value, args) ?? value;
        return answer instanceof Promise ? answer.then(checked) : checked(answer);
      };
    },
  });
}

/** The library with every JSON-returning call checked against the schemas. */
function checkedLibrary(lib) {
  class CheckedPlanWorker extends lib.PlanWorker {
    analyze(...args) {
      return super.analyze(...args).then((session) => checkedObject(session, SESSION_CHECKS));
    }

    checkPlanFile(...args) {
      return super.checkPlanFile(...args).then((diagnostics) => assertValid('diagnostics', diagnostics));
    }

    pipeline(...args) {
      return super.pipeline(...args).then((value) => assertValid('pipeline', value));
    }
  }
  return checkedObject({ ...lib, PlanWorker: CheckedPlanWorker }, {
    analyze: (session) => checkedObject(session, SESSION_CHECKS),
    planJson: (json) => assertValid('analysis', json),
    checkPlanFile: (diagnostics) => assertValid('diagnostics', diagnostics),
    pipelineJson: (json) => assertValid('pipeline', json),
    pipeline: (value) => assertValid('pipeline', value),
  }, false);
}

/** Bytes of a file given relative to the repository root. */
export function readBytes(relative) {
  return fs.readFileSync(path.join(root, relative));
}

/** Runs the native CLI from the repository root; stdout as bytes (a JSON document checked: cliDocumentKind()). */
export function runCli(args) {
  if (!fs.existsSync(cliPath)) {
    throw new Error(`native CLI not found at ${cliPath}: run scripts/setup.sh or set FLAGPLAN_CLI`);
  }
  const result = spawnSync(cliPath, args, { cwd: root, maxBuffer: 256 << 20 });
  if (result.error) throw result.error;
  const kind = cliDocumentKind(args);
  if (kind) {
    const out = args.indexOf('--out');
    if (out >= 0 && fs.existsSync(path.resolve(root, args[out + 1]))) assertValid(kind, fs.readFileSync(path.resolve(root, args[out + 1])));
    else if (result.stdout.length > 0) assertValid(kind, result.stdout);
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

/** An export input labelled with its path, as the CLI labels files. */
export function input(relative) {
  return { text: readBytes(relative), label: relative };
}

/** The first index where two buffers differ, with context, for failure messages. */
export function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) ++i;
  if (i === n && a.length === b.length) return null;
  const show = (buf) => JSON.stringify(buf.subarray(Math.max(0, i - 60), i + 60).toString('utf8'));
  return `byte ${i} (lengths ${a.length} / ${b.length}):\n  wasm: ${show(a)}\n  cli:  ${show(b)}`;
}

/** An assert.throws/rejects validator: a FlagplanError with this code (and a message matching `pattern`). */
export function expectCode(code, pattern) {
  return (error) => {
    assert.ok(error instanceof FlagplanError, `a FlagplanError, got ${error}`);
    assert.equal(error.code, code);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}
