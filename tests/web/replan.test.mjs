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

/** [mode, flagKey, oldKey] of each step of an analysis, by id. */
function identities(analysis) {
  return new Map(analysis.steps.map((s) => [s.id, `${s.mode} ${s.flagKey} ${s.oldKey ?? ''}`]));
}

test('replan(options, {keepSelection}) keeps the hand-made selection where its steps still exist, locally and in the worker', async () => {
  const worker = new PlanWorker({ debug: debugBuild });
  const local = lib.analyze(source, target);
  const remote = await worker.analyze(source, target);
  try {
    const first = local.analysis();
    // By hand: a value step added, a DELETE left out (one nothing depends on).
    const value = first.steps.find((s) => s.mode === 'SET_VALUE' && !s.selected && !s.dependentId);
    const deletion = first.steps.find((s) => s.mode === 'DELETE' && s.selected && !first.steps.some((t) => t.dependentId === s.id));
    for (const session of [local, remote]) {
      await session.select(value.id);
      await session.unselect(deletion.id);
    }
    const chosen = new Map(local.analysis().steps.map((s) => [identities(local.analysis()).get(s.id), s.selected]));
    const before = identities(local.analysis());
    const options = { renameKeys: ['search/ranking_v2'] };
    const kept = local.replan(options, { keepSelection: true });
    assert.deepEqual(await remote.replan(options, { keepSelection: true }), kept);
    const fresh = lib.analyze(source, target, options);
    const defaults = fresh.analysis().steps.filter((s) => s.selected).map((s) => s.id);
    const now = local.analysis();
    // The RENAME replaces a DELETE and a CREATE the default had selected: they are lost.
    const renamed = new Set(identities(now).values());
    const lost = [...before].filter(([id, identity]) => !renamed.has(identity) && chosen.get(identity)).length;
    assert.ok(lost > 0, 'the rename takes selected steps away');
    assert.deepEqual(kept, { isDefault: false, lost, defaultIds: defaults });
    for (const step of now.steps) {
      const identity = identities(now).get(step.id);
      const expected = chosen.has(identity) ? chosen.get(identity) : defaults.includes(step.id);
      assert.equal(step.selected, expected, `#${step.id} ${identity}`);
    }
    assert.deepEqual((await remote.analysis()).steps.map((s) => s.selected), now.steps.map((s) => s.selected));
    // Without a hand-made choice: the new plan's own selection (the DELETE
    // and the CREATE the RENAME replaces were selected, and are gone).
    const plain = lib.analyze(source, target);
    assert.deepEqual(plain.replan(options, { keepSelection: true }), { isDefault: true, lost: 2, defaultIds: defaults });
    assert.equal(plain.analysisJson(), fresh.analysisJson());
    assert.equal(plain.replan({}), undefined);
    assert.throws(() => plain.replan({}, { keep: true }), expectCode('INVALID_ARGUMENT', /how is \{keepSelection\?: boolean\}/));
    assert.throws(() => plain.replan({}, { keepSelection: 1 }), expectCode('INVALID_ARGUMENT', /how is/));
    plain.delete();
    fresh.delete();
  } finally {
    local.delete();
    await remote.delete();
    worker.terminate();
  }
});
