// Issue 18: the JSON Schemas of docs/schemas/ hold every JSON document
// flagplan writes (each CLI format, the wasm answers), reject hand-broken
// ones (so the checks in helpers.mjs cannot pass silently), and list exactly
// the engine's diagnostic codes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { input, loadLibrary, readBytes, root, runCli } from './helpers.mjs';
import { assertValid, schemaDir, schemaErrors } from './schema.mjs';

const lib = await loadLibrary();
const pair = ['examples/staging.json', 'examples/production.json'];

test('the code enum is every code of codes.cpp and every change rule, no more', () => {
  const common = JSON.parse(fs.readFileSync(path.join(schemaDir, 'common.schema.json'), 'utf8'));
  const listed = common.$defs.code.enum;
  const table = [...fs.readFileSync(path.join(root, 'src/flagplan/core/codes.cpp'), 'utf8')
    .matchAll(/\{"([a-z_]+\.[a-z_.]+)", [EWN],/g)].map((m) => m[1]);
  assert.ok(table.length > 50, 'codes.cpp read');
  const engine = new Set([...table, ...lib.changeRules().map((rule) => rule.code)]);
  assert.deepEqual([...engine].filter((code) => !listed.includes(code)), [], 'codes missing from docs/schemas/common.schema.json');
  assert.deepEqual(listed.filter((code) => !engine.has(code)), [], 'codes in the schema the engine does not have');
});

test('every JSON format of the CLI is valid against its schema (runCli checks it; here each is asked for)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flagplan-schema-'));
  try {
    const v2 = path.join(dir, 'v2.plan.json');
    const v1 = path.join(dir, 'v1.plan.json');
    const walked = path.join(dir, 'walk.plan.json');
    // A stage walk: the source at `live`, the target at `off`.
    const ahead = JSON.parse(readBytes(pair[0]).toString('utf8'));
    Object.assign(ahead.flags['infra/db_migration/stage'], { valueExists: true, value: 'live' });
    const behind = JSON.parse(readBytes(pair[1]).toString('utf8'));
    Object.assign(behind.flags['infra/db_migration/stage'], { valueExists: true, value: 'off' });
    const walk = [path.join(dir, 'ahead.json'), path.join(dir, 'behind.json')];
    fs.writeFileSync(walk[0], JSON.stringify(ahead));
    fs.writeFileSync(walk[1], JSON.stringify(behind));
    const runs = [
      ['plan', ...walk, '--format', 'plan', '--walk-stages', '--include-values', '--out', walked],
      ['plan', ...walk, '--format', 'json', '--walk-stages'],
      ['plan', ...pair, '--format', 'json', '--renames', '--walk-stages', '--include-values'],
      ['plan', ...pair.toReversed(), '--format', 'json', '--keep-stages'],
      ['plan', 'tests/hostile/prototype_keys.source.json', 'tests/hostile/prototype_keys.target.json', '--format', 'json'],
      ['plan', ...pair, '--format', 'plan', '--renames', '--walk-stages', '--include-values', '--out', v2],
      ['plan', ...pair, '--format', 'plan', '--out', v1],
      ['render', v2, '--format', 'plan'],
      ['show', v2, '--format', 'json'],
      ['check', v1, 'examples/staging.json', '--format', 'json'],
      ['check', v1, 'examples/production.json', '--format', 'json'],
      ['validate', ...pair, 'tests/hostile/duplicate_keys.json', 'tests/hostile/numbers.json', '--format', 'json'],
      ['pipeline', ...pair, 'examples/staging.json', '--format', 'json'],
    ];
    for (const args of runs) {
      const r = runCli(args);
      assert.ok(r.status === 0 || r.status === 1 || (args[0] === 'check' && r.status === 2), `${args.join(' ')}: ${r.stderr}`);
    }
    const v2plan = JSON.parse(fs.readFileSync(v2, 'utf8'));
    assert.equal(v2plan.formatVersion, 2);
    assert.ok(v2plan.steps.some((s) => s.mode === 'RENAME') && v2plan.steps.some((s) => s.keepStage), 'version 2 steps checked');
    assert.equal(JSON.parse(fs.readFileSync(walked, 'utf8')).steps.filter((s) => s.stage).length, 3, 'stage-walk links checked');
    assert.equal(JSON.parse(fs.readFileSync(v1, 'utf8')).formatVersion, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the wasm module's answers are valid: analysis, overview, step pages, plan with a comment, refusals", () => {
  const session = lib.analyze(input(pair[0]), input(pair[1]), { renames: true, walkStages: true });
  try {
    assertValid('analysis', session.analysisJson());
    assertValid('overview', session.overview());
    session.steps(0, 20).forEach((step) => assertValid('step', step));
    const plan = session.render('plan', { generatedAt: '2026-01-31T12:00:00Z', comment: 'CHG-1: promote' });
    assert.equal(JSON.parse(plan.text).comment, 'CHG-1: promote');
    assertValid('plan', plan.text);
    assertValid('diagnostics', lib.checkPlanFile('{"format": 1}'));
  } finally {
    session.delete();
  }
});

/** [what, break(document)] per kind: each must be rejected. */
const breaks = {
  analysis: [
    ['an unknown member', (d) => { d.extra = 1; }],
    ['an unknown step mode', (d) => { d.steps[0].mode = 'UPSERT'; }],
    ['an unknown severity', (d) => { d.diagnostics[0].severity = 'info'; }],
    ['an unknown code', (d) => { d.diagnostics[0].code = 'risk.nope'; }],
    ['a diagnostic without a message', (d) => { delete d.diagnostics[0].message; }],
    ['a summary member missing', (d) => { delete d.summary.planLine; }],
    ['a planLine of another shape', (d) => { d.summary.planLine = 'Plan: everything'; }],
    ['oldKey on a step that is not a RENAME', (d) => { d.steps[0].oldKey = 'a'; }],
    ['stepCount next to steps', (d) => { d.stepCount = 1; }],
    ['mode auto', (d) => { d.mode = 'auto'; }],
  ],
  plan: [
    ['an unknown member', (d) => { d.reviewer = 'me'; }],
    ['a CREATE_DEFAULTVALUE without its flag', (d) => { delete d.steps.find((s) => s.mode === 'CREATE_DEFAULTVALUE').flag; }],
    ['a DELETE with a flag', (d) => { d.steps.find((s) => s.mode === 'DELETE').flag = d.steps[0].flag; }],
    ['a flag field FlagFlow does not know', (d) => { d.steps[0].flag.owner = 'web-team'; }],
    ['a flag field of another type', (d) => { d.steps.find((s) => s.flag?.type === 'BOOLEAN').flag.enumValues = []; }],
    ['an invalid flag key', (d) => { d.steps[0].flagKey = 'Billing/V2'; }],
    ['an error diagnostic', (d) => { d.diagnostics.push({ severity: 'error', code: 'plan.blocked', message: 'm', file: '' }); }],
    ['blocked true', (d) => { d.blocked = true; }],
    ['formatVersion 3', (d) => { d.formatVersion = 3; }],
    ['a version 1 plan with renames', (d) => { d.renames = []; }],
    ['a baseline flag that is a string', (d) => { d.baseline[Object.keys(d.baseline)[0]] = 'off'; }],
  ],
  pipeline: [
    ['one environment', (d) => { d.environments.pop(); }],
    ['an unknown change', (d) => { d.flags[0].cells[1].changes = ['moved']; }],
    ['an absent cell with a type', (d) => { d.flags[0].cells[0] = { present: false, type: 'BOOLEAN', changes: [] }; }],
    ['a fingerprint of 6 digits', (d) => { d.flags[0].cells[0].schemaFingerprint = 'abcdef'; }],
    ['a hop without its plan', (d) => { delete d.hops[0].plan; }],
  ],
};

test('hand-broken documents are rejected (validation cannot silently pass)', () => {
  const documents = {
    analysis: JSON.parse(runCli(['plan', ...pair, '--format', 'json']).stdout),
    plan: JSON.parse(runCli(['plan', ...pair, '--format', 'plan']).stdout),
    pipeline: JSON.parse(runCli(['pipeline', ...pair, '--format', 'json']).stdout),
  };
  for (const [kind, list] of Object.entries(breaks)) {
    assert.deepEqual(schemaErrors(kind, documents[kind]), [], `${kind} as written is valid`);
    for (const [what, mutate] of list) {
      const broken = structuredClone(documents[kind]);
      mutate(broken);
      assert.notDeepEqual(schemaErrors(kind, broken), [], `${kind} with ${what} must be rejected`);
      assert.throws(() => assertValid(kind, broken), /not a valid/, `${kind} with ${what}`);
    }
  }
  // The kinds are not interchangeable.
  assert.notDeepEqual(schemaErrors('plan', documents.analysis), []);
  assert.notDeepEqual(schemaErrors('overview', documents.analysis), []);
  assert.notDeepEqual(schemaErrors('validation', readBytes('examples/staging.json')), []);
});
