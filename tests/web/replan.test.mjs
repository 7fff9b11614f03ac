// PlanSession.replan(): the same exports planned again with other options,
// in place (nothing parsed again), equal byte for byte to a fresh analyze()
// with those options, on the main thread and through PlanWorker; options it
// refuses are INVALID_ARGUMENT and leave the session as it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { debugBuild, expectCode, input, loadLibrary } from './helpers.mjs';

const lib = await loadLibrary();
const { PlanWorker } = lib;
const source = input('tests/web/fixtures/mixed-source.json');
const target = input('tests/web/fixtures/mixed-target.json');
// Every option the page toggles, and a selection of its own.
const CHOICES = [{}, { mode: 'restore' }, { renames: true }, { walkStages: true },
  { renameKeys: ['search/ranking_v2'], includeValues: true }, { select: [3, 4] }];

test('replan() equals a fresh analysis for every option change, and drops what it cached', () => {
  for (const from of CHOICES) {
    const session = lib.analyze(source, target, from);
    try {
      for (const to of CHOICES) {
        const before = session.overview();
        session.replan(to);
        assert.equal(session.analysisJson(), lib.planJson(source, target, to), `${JSON.stringify(from)} -> ${JSON.stringify(to)}`);
        assert.notEqual(session.overview(), before, 'overview() is read again after replan()');
      }
    } finally {
      session.delete();
    }
  }
});

test('replan() refuses unknown options and leaves the analysis as it was', () => {
  const session = lib.analyze(source, target, { renames: true });
  try {
    const json = session.analysisJson();
    assert.throws(() => session.replan({ mode: 'sideways' }), expectCode('INVALID_ARGUMENT', /options\.mode/));
    assert.throws(() => session.replan({ walkStage: true }), expectCode('INVALID_ARGUMENT', /unknown analyze option `walkStage`/));
    assert.equal(session.analysisJson(), json);
  } finally {
    session.delete();
  }
  assert.throws(() => session.replan({}), expectCode('SESSION_DELETED'));
});

let worker;
before(async () => {
  worker = new PlanWorker({ debug: debugBuild });
  await worker.ready();
});
after(() => worker.terminate());

test('RemotePlanSession.replan() in the worker: the same session, the new plan', async () => {
  const session = await worker.analyze(source, target, {});
  try {
    const first = await session.overview();
    await session.replan({ renames: true, walkStages: true });
    assert.equal(await session.analysisJson(), lib.planJson(source, target, { renames: true, walkStages: true }));
    assert.notEqual(await session.overview(), first);
    const table = await session.stepTable();
    assert.deepEqual([...table.flagKey], JSON.parse(lib.planJson(source, target, { renames: true, walkStages: true })).steps.map((s) => s.flagKey));
    await assert.rejects(session.replan({ select: 'all' }), expectCode('INVALID_ARGUMENT', /options\.select/));
  } finally {
    await session.delete();
  }
});
