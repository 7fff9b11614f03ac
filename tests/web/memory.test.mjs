// Memory: 1,000 analyses of the bundled examples in one module leave the
// wasm heap where it started, measured with the module's own malloc
// statistics (bytes allocated) and the size of its memory.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { input, loadLibrary } from './helpers.mjs';

const lib = await loadLibrary();
const staging = input('examples/staging.json');
const production = input('examples/production.json');

// What "where it started" allows: malloc bookkeeping may shift by a few
// bytes between runs; one leaked analysis of the examples costs far more
// (checked below), so the bound still catches a single leak per 1,000 runs.
const BOUND_BYTES = 1024;

function oneRound(i) {
  const [source, target] = i % 2 === 0 ? [staging, production] : [production, staging];
  const session = lib.analyze(source, target, { includeValues: i % 3 === 0 });
  try {
    session.analysisJson();
    session.overview();
    session.stepTable();
    session.steps(0, 20);
    session.select(1);
    session.unselect(1);
    session.addValueSteps();
    session.setSelection([1, 2, 99]);
    session.render('text');
    // Every format now and then (the scripts are long; rendering all 1,000 times adds nothing).
    if (i % 25 === 0) for (const r of lib.renderers()) session.render(r.format, { generatedAt: '2026-01-01T00:00:00Z' });
  } finally {
    session.delete();
  }
}

test('1,000 analyses leave the heap where it started', (t) => {
  for (let i = 0; i < 10; ++i) oneRound(i); // warm-up: first-use allocations (caches, statics)
  const before = lib.memoryStats();
  assert.equal(before.liveSessions, 0);
  const started = performance.now();
  for (let i = 0; i < 1000; ++i) oneRound(i);
  const seconds = (performance.now() - started) / 1000;
  const after = lib.memoryStats();
  t.diagnostic(`1,000 rounds in ${seconds.toFixed(2)} s; allocated ${before.allocated} -> ${after.allocated} bytes; ` +
    `heap ${before.heapSize} -> ${after.heapSize} bytes`);
  assert.equal(after.liveSessions, 0);
  assert.ok(Math.abs(after.allocated - before.allocated) <= BOUND_BYTES,
    `allocated bytes moved by ${after.allocated - before.allocated}`);
  assert.equal(after.heapSize, before.heapSize, 'the wasm memory did not grow');
});

test('the measurement sees a leaked session', (t) => {
  const before = lib.memoryStats();
  const leaked = [];
  for (let i = 0; i < 3; ++i) leaked.push(lib.analyze(staging, production));
  const during = lib.memoryStats();
  assert.equal(during.liveSessions, 3);
  const perSession = (during.allocated - before.allocated) / 3;
  t.diagnostic(`one live analysis of the examples holds ${Math.round(perSession)} bytes`);
  assert.ok(perSession > 10 * BOUND_BYTES, `a session holds ${perSession} bytes`);
  for (const session of leaked) session.delete();
  const after = lib.memoryStats();
  assert.equal(after.liveSessions, 0);
  assert.ok(Math.abs(after.allocated - before.allocated) <= BOUND_BYTES);
  // The peak stays at the most that was in use, within the memory.
  assert.ok(during.peakFootprint >= during.allocated, `peak ${during.peakFootprint} < allocated ${during.allocated}`);
  assert.equal(after.peakFootprint, during.peakFootprint, 'freeing does not lower the peak');
  assert.ok(after.peakFootprint <= after.heapSize);
});
