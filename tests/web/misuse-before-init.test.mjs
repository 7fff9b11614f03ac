// Misuse before the module is loaded: every API function throws a
// FlagplanError NOT_INITIALIZED; init() validates its options, memoizes, and
// can be retried after a failure. (Its own file: node --test runs each file
// in a fresh process, so the module really is not loaded yet.)
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as lib from '../../web/index.js';
import { debugBuild, readBytes } from './helpers.mjs';

const { FlagplanError } = lib;

function expectCode(code, pattern) {
  return (error) => {
    assert.ok(error instanceof FlagplanError, `a FlagplanError, got ${error}`);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'FlagplanError');
    assert.equal(error.code, code);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

test('every function throws NOT_INITIALIZED before init()', () => {
  assert.equal(lib.isInitialized(), false);
  const text = readBytes('examples/staging.json');
  const calls = {
    analyze: () => lib.analyze(text, text),
    planJson: () => lib.planJson(text, text),
    renderers: () => lib.renderers(),
    memoryStats: () => lib.memoryStats(),
    version: () => lib.version(),
  };
  for (const [name, call] of Object.entries(calls)) {
    assert.throws(call, expectCode('NOT_INITIALIZED', new RegExp(`${name}\\(\\) was called before init\\(\\) finished`)));
  }
  // Even with bad arguments, the first problem reported is the missing init().
  assert.throws(() => lib.analyze(42, null), expectCode('NOT_INITIALIZED'));
});

test('init() rejects malformed options without memoizing them', async () => {
  await assert.rejects(lib.init('debug'), expectCode('INVALID_ARGUMENT', /options must be an object/));
  await assert.rejects(lib.init({ debg: true }), expectCode('INVALID_ARGUMENT', /unknown option `debg`/));
  await assert.rejects(lib.init({ debug: 'yes' }), expectCode('INVALID_ARGUMENT', /debug must be a boolean/));
  await assert.rejects(lib.init({ wasmBinary: 'bytes' }), expectCode('INVALID_ARGUMENT', /wasmBinary/));
  assert.equal(lib.isInitialized(), false);
});

test('a module that cannot be instantiated rejects with INIT_FAILED, and init() can be retried', async () => {
  const printed = console.warn;
  console.warn = () => {}; // Emscripten reports the failed compile on stderr
  try {
    await assert.rejects(lib.init({ wasmBinary: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]) }),
      expectCode('INIT_FAILED', /could not load the flagplan WebAssembly module/));
  } finally {
    console.warn = printed;
  }
  assert.equal(lib.isInitialized(), false);
  assert.throws(() => lib.renderers(), expectCode('NOT_INITIALIZED'));
});

test('init() is memoized: one promise, one module', async () => {
  const first = lib.init({ debug: debugBuild });
  const second = lib.init({ debug: !debugBuild });
  assert.equal(first, second);
  assert.equal(await first, undefined);
  assert.equal(lib.isInitialized(), true);
  assert.equal(lib.init(), first);
  assert.match(lib.version(), /^\d+\.\d+\.\d+$/);
  assert.ok(lib.renderers().length >= 2);
});
