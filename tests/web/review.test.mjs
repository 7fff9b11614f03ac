// The review API of web/ (issue 17): both exports side by side
// (comparison()), planning again without re-reading the exports (replan()),
// and the drift check of a saved plan (checkDrift()), each the engine's
// answer: the same as the CLI's where the CLI has one.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { PlanWorker } from '../../web/index.js';
import { debugBuild, input, loadLibrary, readBytes, runCli } from './helpers.mjs';
import { assertValid } from './schema.mjs';

const lib = await loadLibrary();
const staging = 'examples/staging.json';
const production = 'examples/production.json';
const worker = new PlanWorker({ debug: debugBuild });
after(() => worker.terminate());

test('comparison(): all 48 distinct keys of the examples, in key order, with the differences inside values marked', () => {
  const session = lib.analyze(input(staging), input(production));
  try {
    const c = session.comparison();
    assert.deepEqual(c.summary, { flags: 48, source: 43, target: 38, unchanged: 12, changed: 18, added: 10, removed: 5, retyped: 3 });
    const keys = c.flags.map((f) => f.flagKey);
    assert.deepEqual(keys, [...keys].sort());
    const source = JSON.parse(readBytes(staging));
    const target = JSON.parse(readBytes(production));
    assert.deepEqual(new Set(keys), new Set([...Object.keys(source.flags), ...Object.keys(target.flags)]));
    const promo = c.flags.find((f) => f.flagKey === 'checkout/promo_code_pattern');
    assert.equal(promo.status, 'changed');
    const def = promo.fields.find((f) => f.field === 'defaultValue');
    assert.deepEqual(def, {
      field: 'defaultValue', source: 'WELCOME10', target: 'WELCOME', differs: true,
      sourceParts: [['WELCOME', 0], ['10', 1]], targetParts: [['WELCOME', 0]],
      stepId: session.analysis().steps.find((s) => s.flagKey === promo.flagKey && s.mode === 'UPDATE_SCHEMA_DEFAULTVALUE').id,
    });
    // Without the unchanged flags: the same list less those, the same summary.
    const changed = session.comparison({ unchanged: false });
    assert.deepEqual(changed.summary, c.summary);
    assert.deepEqual(changed.flags, c.flags.filter((f) => f.status !== 'unchanged'));
    assert.equal(changed.flags.length, 36);
    assert.throws(() => session.comparison({ unchanged: 'no' }), { code: 'INVALID_ARGUMENT' });
    // Every part list joins to its text.
    for (const f of c.flags) {
      for (const x of f.fields) {
        if (x.sourceParts) assert.equal(x.sourceParts.map(([t]) => t).join(''), x.source, `${f.flagKey} ${x.field}`);
        if (x.targetParts) assert.equal(x.targetParts.map(([t]) => t).join(''), x.target, `${f.flagKey} ${x.field}`);
      }
    }
  } finally {
    session.delete();
  }
});

test('replan(): the same analysis as analyze() with the new options, from the exports already read', () => {
  const session = lib.analyze(input(staging), input(production));
  try {
    for (const options of [{ renames: true }, { walkStages: true, renames: true }, { mode: 'restore' }, {}]) {
      assert.equal(session.replan(options), undefined);
      assert.equal(session.analysisJson(), lib.planJson(input(staging), input(production), options), JSON.stringify(options));
    }
    assert.throws(() => session.replan({ renamez: true }), { code: 'INVALID_ARGUMENT' });
  } finally {
    session.delete();
  }
  // A session whose analysis failed holds no exports to plan again from.
  const failed = lib.analyze('{', '{');
  try {
    assert.equal(failed.overview().source.readable, false);
    failed.replan({ renames: true });  // unreadable exports are still exports: they plan again (to nothing)
    assert.equal(failed.analysisJson(), lib.planJson('{', '{', { renames: true }));
  } finally {
    failed.delete();
  }
});

test('RemotePlanSession.replan(): the worker plans again; overview, steps and comparison follow', async () => {
  const session = await worker.analyze(input(staging), input(production));
  try {
    const before = await session.overview();
    assert.equal(before.renames.filter((r) => r.accepted).length, 0);
    assert.equal(await session.replan({ renames: true }), undefined);
    const after = await session.overview();
    assert.equal(after.renames.filter((r) => r.accepted).length, before.renames.length);
    assert.equal(await session.analysisJson(), lib.planJson(input(staging), input(production), { renames: true }));
    assert.equal(after.stepCount, (await session.stepTable()).length);
    assertValid('overview', after);
    assert.equal((await session.comparison()).flags.length, 48);
  } finally {
    await session.delete();
  }
});

test('checkDrift(): the answer of `flagplan check`, in the worker too', async () => {
  const plan = runCli(['plan', staging, production, '--format', 'plan', '--generated-at', '2026-11-21T12:00:00Z']).stdout.toString('utf8');
  const live = readBytes(production).toString('utf8');
  const clean = lib.checkDrift(plan, live, { planLabel: 'plan.json', targetLabel: 'production.json' });
  assert.deepEqual(clean.check.drifted, []);
  assert.equal(clean.check.environmentMatches, true);
  // A touched flag changed on the server since the plan.
  const key = JSON.parse(plan).steps[0].flagKey;
  const changed = JSON.parse(live);
  if (changed.flags[key]) changed.flags[key].description += ' (edited)';
  else changed.flags[key] = { description: 'made by hand', type: 'BOOLEAN', defaultValue: false, isKillSwitch: false, valueExists: false, value: false };
  const changedText = JSON.stringify(changed, null, 2);
  const drift = lib.checkDrift(plan, changedText, { targetLabel: 'live.json' });
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flagplan-drift-'));
  fs.writeFileSync(path.join(dir, 'plan.json'), plan);
  fs.writeFileSync(path.join(dir, 'live.json'), changedText);
  const cli = JSON.parse(runCli(['check', path.join(dir, 'plan.json'), path.join(dir, 'live.json'), '--format', 'json']).stdout.toString('utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(drift.check.drifted, cli.drifted);
  // The check is `flagplan check --format json`'s document (docs/schemas/check.schema.json).
  assertValid('check', drift.check);
  assertValid('check', clean.check);
  assertValid('diagnostics', drift.diagnostics);
  assert.equal(drift.check.drifted[0].flagKey, key);
  assert.deepEqual(await worker.checkDrift(new Blob([plan]), new Blob([changedText]), { targetLabel: 'live.json' }), drift);
  // Another environment's export, a broken plan, a broken export.
  assert.equal(lib.checkDrift(plan, readBytes(staging).toString('utf8')).check.environmentMatches, false);
  const broken = lib.checkDrift(plan.slice(0, 100), live);
  assert.equal(broken.check, undefined);
  assert.equal(broken.diagnostics[0].code, 'plan.syntax');
  const unreadable = lib.checkDrift(plan, '{');
  assert.equal(unreadable.check, undefined);
  assert.ok(unreadable.diagnostics.some((d) => d.severity === 'error'));
  assert.throws(() => lib.checkDrift(plan, 42), { code: 'INVALID_ARGUMENT' });
});
