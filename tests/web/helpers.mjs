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

export const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const webDir = path.join(root, 'web');
export const debugBuild = process.env.FLAGPLAN_WASM_BUILD === 'debug';
export const cliPath = process.env.FLAGPLAN_CLI
  ? path.resolve(root, process.env.FLAGPLAN_CLI)
  : path.join(root, 'build', 'flagplan');

/** The library, initialized with the build under test. */
export async function loadLibrary() {
  const lib = await import('../../web/index.js');
  await lib.init({ debug: debugBuild });
  return lib;
}

/** Bytes of a file given relative to the repository root. */
export function readBytes(relative) {
  return fs.readFileSync(path.join(root, relative));
}

/** Runs the native CLI from the repository root; stdout as bytes. */
export function runCli(args) {
  if (!fs.existsSync(cliPath)) {
    throw new Error(`native CLI not found at ${cliPath}: run scripts/setup.sh or set FLAGPLAN_CLI`);
  }
  const result = spawnSync(cliPath, args, { cwd: root, maxBuffer: 256 << 20 });
  if (result.error) throw result.error;
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
