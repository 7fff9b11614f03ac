// The Web Worker entry behind PlanWorker (node runs it in worker_threads):
// same answers as the main-thread API, progress with phase and percentage,
// sessions that can be deleted, and clear errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { debugBuild, expectCode, input, loadLibrary } from './helpers.mjs';

const lib = await loadLibrary();
const { PlanWorker } = lib;
const staging = input('examples/staging.json');
const production = input('examples/production.json');

/** A synthetic export with `count` flags (about 260 bytes each). */
function bigExport(environment, count, seed) {
  const flags = {};
  for (let i = 0; i < count; ++i) {
    flags[`load/group_${i % 97}/flag_${i}`] = i % 2
      ? { description: `flag ${i}`, type: 'INTEGER', defaultValue: 5, minValue: 0, maxValue: 10 + (i % seed), valueExists: true, value: (i * seed) % 10 }
      : { description: `flag ${i}`, type: 'STRING', defaultValue: 'abc', maxLength: 0, regExp: '^[a-z]+$', valueExists: i % seed === 0, value: 'xyz' };
  }
  return JSON.stringify({ environment, version: '1.7.1', createdAt: '2026-11-21T10:33:08.799Z', flags }, null, 2);
}

let worker;
before(async () => {
  worker = new PlanWorker({ debug: debugBuild });
  await worker.ready();
});
after(() => worker.terminate());

test('the worker plans exactly what the main thread plans', async () => {
  for (const options of [{}, { includeValues: true }, { mode: 'restore' }, { select: [1, 5, 99] }]) {
    const session = await worker.analyze(staging, production, options);
    assert.equal(await session.analysisJson(), lib.planJson(staging, production, options), JSON.stringify(options));
    await session.delete();
  }
});

test('remote sessions select, render and delete like local ones', async () => {
  const remote = await worker.analyze(staging, production);
  const local = lib.analyze(staging, production);
  try {
    const steps = (await remote.analysis()).steps;
    const withPrerequisite = steps.find((s) => s.mode === 'SET_VALUE' && s.dependentId);
    assert.deepEqual(await remote.unselect(withPrerequisite.dependentId), local.unselect(withPrerequisite.dependentId));
    assert.deepEqual(await remote.select(withPrerequisite.id), local.select(withPrerequisite.id));
    assert.deepEqual(await remote.addValueSteps(), local.addValueSteps());
    assert.deepEqual(await remote.setSelection([2, 2, 1000]), local.setSelection([2, 2, 1000]));
    assert.equal(await remote.analysisJson(), local.analysisJson());
    assert.deepEqual((await remote.analysis()).summary, local.analysis().summary);
    for (const r of lib.renderers()) {
      const events = [];
      const rendered = await remote.render(r.format, { generatedAt: '' }, { onProgress: (e) => events.push(e) });
      assert.deepEqual(rendered, local.render(r.format, { generatedAt: '' }), r.format);
      assert.deepEqual(events, [{ phase: 'rendering', percent: 0 }, { phase: 'rendering', percent: 100 }]);
    }
    assert.equal((await worker.memoryStats()).liveSessions, 1);
  } finally {
    local.delete();
    await remote.delete();
  }
  assert.equal(remote.deleted, true);
  assert.equal((await worker.memoryStats()).liveSessions, 0);
  await assert.rejects(remote.select(1), expectCode('SESSION_DELETED', /RemotePlanSession.select\(\) was called after delete\(\)/));
  await assert.rejects(remote.analysisJson(), expectCode('SESSION_DELETED'));
  await remote.delete(); // idempotent
});

test('a large export read from Blobs reports reading, planning and rendering progress', async (t) => {
  // The debug build (-O0, heap checks) is about 50x slower: a smaller pair.
  const flags = debugBuild ? 5000 : 20000;
  const sourceText = bigExport('staging', flags, 7);
  const targetText = bigExport('production', flags, 5);
  const source = new Blob([sourceText]);
  const target = { text: new Blob([targetText]), label: 'production.json' };
  const events = [];
  const started = performance.now();
  const session = await worker.analyze(source, target, { includeValues: true }, {
    onProgress: (event) => events.push(event),
  });
  t.diagnostic(`${((source.size + target.text.size) / 1e6).toFixed(1)} MB planned in the worker in ` +
    `${((performance.now() - started) / 1000).toFixed(2)} s; ${events.length} progress events`);
  try {
    const analysis = await session.analysis();
    assert.equal(analysis.target.label, 'production.json');
    assert.equal(analysis.source.flagCount, flags);
    assert.equal(await session.analysisJson(), lib.planJson(sourceText, { text: targetText, label: 'production.json' },
      { includeValues: true }));

    const phases = events.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1]);
    assert.deepEqual(phases, ['reading', 'planning', 'rendering']);
    for (let i = 1; i < events.length; ++i) assert.ok(events[i].percent >= events[i - 1].percent, 'never decreasing');
    const reading = events.filter((e) => e.phase === 'reading');
    // 0 %, then one event per 4 MiB chunk (both files are read at once).
    const chunks = Math.ceil(source.size / (4 << 20)) + Math.ceil(target.text.size / (4 << 20));
    assert.equal(reading.length, 1 + chunks, `reading reported as bytes arrive (${reading.length} events)`);
    assert.deepEqual(reading[0], { phase: 'reading', percent: 0, loaded: 0, total: source.size + target.text.size });
    assert.deepEqual(reading.at(-1), { phase: 'reading', percent: 40, loaded: source.size + target.text.size,
      total: source.size + target.text.size });
    assert.deepEqual(events.filter((e) => e.phase !== 'reading'), [
      { phase: 'planning', percent: 40 },
      { phase: 'planning', percent: 90 },
      { phase: 'rendering', percent: 90 },
      { phase: 'rendering', percent: 100 },
    ]);
  } finally {
    await session.delete();
  }
});

test('remote overview, steps and step table equal the local ones, also after a selection change', async () => {
  const mixedSource = input('tests/web/fixtures/mixed-source.json');
  const mixedTarget = input('tests/web/fixtures/mixed-target.json');
  const options = { renames: true, walkStages: true };
  const remote = await worker.analyze(mixedSource, mixedTarget, options);
  const local = lib.analyze(mixedSource, mixedTarget, options);
  try {
    for (let round = 0; round < 2; ++round) {
      assert.equal(await remote.overviewJson(), local.overviewJson());
      assert.deepEqual(await remote.overview(), local.overview());
      const table = await remote.stepTable();
      assert.ok(table.mode instanceof Uint8Array && table.dependentId instanceof Int32Array);
      assert.deepEqual(table, local.stepTable());
      assert.ok(table.oldKeys.size > 0 && table.stages.size > 0);
      assert.deepEqual(await remote.steps(3, 4), local.steps(3, 4));
      assert.deepEqual(await remote.steps(0, 1e6), local.analysis().steps);
      // A change sent before an overview request is seen by it.
      const changed = remote.addValueSteps();
      const overview = remote.overview();
      assert.deepEqual(await changed, local.addValueSteps());
      assert.deepEqual((await overview).summary, local.overview().summary);
    }
    await assert.rejects(remote.steps(-1, 2), expectCode('INVALID_ARGUMENT', /offset must be a non-negative integer/));
  } finally {
    local.delete();
    await remote.delete();
  }
  await assert.rejects(remote.overview(), expectCode('SESSION_DELETED', /overviewParts\(\)/));
  await assert.rejects(remote.stepTable(), expectCode('SESSION_DELETED', /stepTable\(\)/));
});

test('an overview of thousands of findings comes in parts of 2,000 that join to the overview', async () => {
  const source = bigExport('staging', 12000, 7);
  const target = bigExport('production', 12000, 11);
  const local = lib.analyze(source, target);
  const remote = await worker.analyze(source, target);
  try {
    const whole = local.overview();
    assert.ok(whole.diagnostics.length > 4000, `${whole.diagnostics.length} findings: the pair must need three parts`);
    const parts = local.overviewParts(2000);
    assert.equal(parts.length, 1 + Math.ceil(whole.diagnostics.length / 2000));
    assert.deepEqual(JSON.parse(parts[0]), { ...whole, diagnostics: [] });
    assert.deepEqual(parts.slice(1).flatMap((p) => JSON.parse(p)), whole.diagnostics);
    assert.deepEqual(local.overviewParts(1e9).length, 2);
    const [first, again] = await Promise.all([remote.overview(), remote.overview()]);
    assert.equal(again, first, 'asked twice at once: one parse');
    assert.deepEqual(first, whole);
    assert.equal(await remote.overview(), first, 'parsed once per selection state');
    assert.equal(await remote.overviewJson(), local.overviewJson());
    await remote.addValueSteps();
    assert.notEqual(await remote.overview(), first, 'a selection change makes it stale');
    for (const bad of [0, -1, 1.5, '2000', undefined]) {
      assert.throws(() => local.overviewParts(bad), expectCode('INVALID_ARGUMENT', /overviewParts\(perPart\): perPart must be a positive integer/));
    }
  } finally {
    local.delete();
    await remote.delete();
  }
});

test('the worker answers renderers(), changeRules() and version() of its module, and warms up', async () => {
  assert.deepEqual(await worker.renderers(), lib.renderers());
  assert.equal(worker.renderers(), worker.renderers(), 'asked once');
  assert.deepEqual(await worker.changeRules(), lib.changeRules());
  assert.equal(await worker.version(), lib.version());
  assert.equal(await worker.warmUp(), undefined);
  assert.equal((await worker.memoryStats()).liveSessions, 0);
});

test('bad arguments reject with INVALID_ARGUMENT, in the client or in the worker', async () => {
  await assert.rejects(worker.analyze(42, production), expectCode('INVALID_ARGUMENT', /source must be/));
  await assert.rejects(worker.analyze(staging, production, { mode: 'sideways' }), expectCode('INVALID_ARGUMENT', /options.mode/));
  await assert.rejects(worker.analyze(staging, production, {}, { onProgress: 'yes' }),
    expectCode('INVALID_ARGUMENT', /onProgress must be a function/));
  await assert.rejects(worker.analyze({ text: () => '{}' }, production), expectCode('INVALID_ARGUMENT'));
  const session = await worker.analyze(staging, production);
  try {
    await assert.rejects(session.select('3'), expectCode('INVALID_ARGUMENT', /select\(id\)/));
    await assert.rejects(session.render(3), expectCode('INVALID_ARGUMENT', /format must be a string/));
  } finally {
    await session.delete();
  }
  assert.throws(() => new PlanWorker({ debugg: true }), expectCode('INVALID_ARGUMENT', /unknown option `debugg`/));
});

test('terminate() rejects pending and later requests with WORKER_TERMINATED', async () => {
  const doomed = new PlanWorker({ debug: debugBuild });
  await doomed.ready();
  const pending = doomed.analyze(bigExport('a', 5000, 3), bigExport('b', 5000, 4));
  doomed.terminate();
  await assert.rejects(pending, expectCode('WORKER_TERMINATED'));
  await assert.rejects(doomed.memoryStats(), expectCode('WORKER_TERMINATED', /terminated/));
  doomed.terminate();
});

test('a worker that cannot start rejects with WORKER_FAILED', async () => {
  const broken = new PlanWorker({ url: new URL('./fixtures/not-a-worker.js', import.meta.url) });
  await assert.rejects(broken.ready(), expectCode('WORKER_FAILED'));
  await assert.rejects(broken.analyze(staging, production), expectCode('WORKER_FAILED'));
  broken.terminate();
});
