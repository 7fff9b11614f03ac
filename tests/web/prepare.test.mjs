// Exports checked ahead of their analysis (prepareExport(),
// PlanWorker.prepare()): analyze() with a prepared export reads only the
// other one and gives the analysis it gives for the bytes, byte for byte,
// on the main thread and in the worker; each prepared export is analyzed
// once, on its own side.
import assert from 'node:assert/strict';
import { Blob } from 'node:buffer';
import { after, before, test } from 'node:test';

import { debugBuild, expectCode, input, loadLibrary } from './helpers.mjs';

const lib = await loadLibrary();
const { PlanWorker, prepareExport } = lib;
// A pair with rename suggestions and stage walks, an export with schema
// errors, one that is not JSON, and the examples.
const PAIRS = [
  ['tests/web/fixtures/mixed-source.json', 'tests/web/fixtures/mixed-target.json'],
  ['tests/web/fixtures/invalid.json', 'tests/web/fixtures/mixed-target.json'],
  ['tests/web/fixtures/mixed-source.json', 'tests/web/fixtures/syntax-error.json'],
  ['examples/staging.json', 'examples/production.json'],
];
const OPTIONS = [{}, { walkStages: true, renames: true }, { mode: 'restore' }];

test('analyze() with either export or both prepared equals analyze() of the bytes', () => {
  for (const [s, t] of PAIRS) {
    for (const options of OPTIONS) {
      const expected = lib.planJson(input(s), input(t), options);
      for (const which of ['source', 'target', 'both']) {
        const source = which !== 'target' ? prepareExport(input(s), 'source') : input(s);
        const target = which !== 'source' ? prepareExport(input(t), 'target') : input(t);
        const session = lib.analyze(source, target, options);
        try {
          assert.equal(session.analysisJson(), expected, `${s} / ${t}, ${which} prepared, ${JSON.stringify(options)}`);
        } finally {
          session.delete();
        }
        for (const p of [source, target]) if (p instanceof lib.PreparedExport) assert.equal(p.used, true, 'analyze() took it');
      }
    }
  }
});

test('a prepared export is analyzed once, as the side it was prepared for', () => {
  const source = input('tests/web/fixtures/mixed-source.json');
  const target = input('tests/web/fixtures/mixed-target.json');
  const prepared = prepareExport(target, 'target');
  assert.equal(prepared.side, 'target');
  assert.equal(prepared.label, 'tests/web/fixtures/mixed-target.json');
  assert.equal(prepared.used, false);
  assert.throws(() => lib.analyze(prepared, source), expectCode('INVALID_ARGUMENT', /^source was prepared as the target, not the source$/));
  assert.equal(prepared.used, false, 'a refused analysis takes nothing');
  assert.throws(() => lib.analyze(source, prepared, { mode: 'sideways' }), expectCode('INVALID_ARGUMENT', /options\.mode/));
  assert.equal(prepared.used, false);
  lib.analyze(source, prepared).delete();
  assert.throws(() => lib.analyze(source, prepared),
    expectCode('INVALID_ARGUMENT', /^target was already analyzed \(each prepared export is analyzed once\)$/));
  prepared.delete();
  prepared.delete();
  assert.throws(() => prepareExport(source, 'both'), expectCode('INVALID_ARGUMENT', /side must be "source" or "target", not "both"/));
  assert.throws(() => prepareExport(42, 'source'), expectCode('INVALID_ARGUMENT', /source must be the export's JSON text/));
  const unused = prepareExport(source, 'source');
  unused.delete();
  assert.equal(unused.used, true);
  assert.throws(() => lib.analyze(unused, target), expectCode('INVALID_ARGUMENT', /already analyzed/));
});

let worker;
before(async () => {
  worker = new PlanWorker({ debug: debugBuild });
  await worker.ready();
});
after(() => worker.terminate());

test('PlanWorker.prepare(): analyze() with a prepared Blob equals the plain analysis', async () => {
  const [s, t] = PAIRS[0];
  const blob = (path) => ({ text: new Blob([input(path).text]), label: path });
  for (const options of OPTIONS) {
    const expected = lib.planJson(input(s), input(t), options);
    const target = await worker.prepare(blob(t), 'target');
    assert.equal(target.side, 'target');
    const phases = [];
    const session = await worker.analyze(blob(s), target, options, { onProgress: (e) => phases.push(e.phase) });
    try {
      assert.equal(await session.analysisJson(), expected, JSON.stringify(options));
    } finally {
      await session.delete();
    }
    assert.deepEqual([...new Set(phases)], ['reading', 'planning', 'rendering']);
    assert.equal(target.used, true);
    await target.delete();  // nothing left to free
  }
});

test('PlanWorker.analyze() takes a prepared export once, on its side, from its own worker', async () => {
  const source = input('tests/web/fixtures/mixed-source.json');
  const target = input('tests/web/fixtures/mixed-target.json');
  const baseline = (await worker.memoryStats()).allocated;
  const prepared = await worker.prepare(source, 'source');
  assert.ok((await worker.memoryStats()).allocated > baseline, 'the worker holds the checked export');
  await assert.rejects(worker.analyze(target, prepared), expectCode('INVALID_ARGUMENT', /^the target was prepared as the source, not the target$/));
  // Refused before it is sent (the target, the callbacks): it stays the caller's.
  await assert.rejects(worker.analyze(prepared, { label: 'no text' }), expectCode('INVALID_ARGUMENT', /^target must be the export's text or \{ text, label \}/));
  await assert.rejects(worker.analyze(prepared, target, {}, { onProgress: 'x' }), expectCode('INVALID_ARGUMENT'));
  assert.equal(prepared.used, false);
  const other = new PlanWorker({ debug: debugBuild });
  try {
    await assert.rejects(other.analyze(prepared, target), expectCode('INVALID_ARGUMENT', /^the source was prepared by another PlanWorker$/));
  } finally {
    other.terminate();
  }
  // Options the engine refuses: the request fails, and the export was still taken.
  await assert.rejects(worker.analyze(prepared, target, { mode: 'sideways' }), expectCode('INVALID_ARGUMENT', /options\.mode/));
  await assert.rejects(worker.analyze(prepared, target),
    expectCode('INVALID_ARGUMENT', /^the source was already analyzed or deleted \(each prepared export is analyzed once\)$/));
  const unused = await worker.prepare(target, 'target');
  await unused.delete();
  await assert.rejects(worker.analyze(source, unused), expectCode('INVALID_ARGUMENT', /already analyzed or deleted/));
  await assert.rejects(worker.prepare(source, 'left'), expectCode('INVALID_ARGUMENT', /side must be "source" or "target", not "left"/));
  assert.equal((await worker.memoryStats()).allocated, baseline, 'nothing prepared is left in the worker');
});
