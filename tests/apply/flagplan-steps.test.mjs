// flagplan's own steps against the FlagFlow test server: RENAME (FlagFlow's
// flag.rename) and stage walks (one SET_VALUE per stage, pauses between).
// Needs build/flagplan (or FLAGPLAN_BIN), bash, curl, jq; script(1) for the
// tests that need a terminal.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';

import {
  bash, examples, flagplan, lines, login, makeScripts, readJson, scriptEnv, sent, server, tempDir,
} from './helpers.mjs';

const OWN = ['--renames', '--walk-stages', '--include-values'];
const flagsOf = (exportData) => structuredClone(exportData.flags);
const time = (text) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'TIME');

/** The values the scripts wrote to `key`, in request order (SET_VALUE steps only). */
const valuesSent = (s, key) => sent(s)
  .map((r) => r.input?.steps?.[0])
  .filter((step) => step?.mode === 'SET_VALUE' && step.flagKey === key)
  .map((step) => (step.flag.valueExists ? step.flag.value : `(default, value ${step.flag.value})`));

const stageFlag = (value, description = 'Migration stage of the orders table') => ({
  description,
  type: 'ENUM',
  defaultValue: 'off',
  enumValues: ['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete'],
  allowEmpty: false,
  valueExists: true,
  value,
});

/** A stage flag that jumps `from` -> `to` (walked), and nothing else. */
function walkPair(from, to) {
  const base = { version: '1.7.1', createdAt: '2026-11-21T10:33:09.001Z' };
  return {
    source: { ...base, environment: 'staging', flags: { 'infra/orders/stage': stageFlag(to) } },
    target: { ...base, environment: 'production', flags: { 'infra/orders/stage': stageFlag(from) } },
  };
}

for (const [from, to] of [['staging', 'production'], ['production', 'staging']]) {
  test(`renames and stage walks accepted, ${from} -> ${to}: apply makes the target the source, rollback restores it`, async (t) => {
    const dir = tempDir(t);
    const s = await server(t, examples[to]);
    const files = makeScripts(dir, examples[from], examples[to], OWN);
    const plan = readJson(files.plan);
    assert.equal(plan.formatVersion, 2);
    assert.equal(plan.renames.length, 2);
    // payments_ledger moves one stage from production's real stage (live ->
    // rampdown): its schema update keeps `live` (issue 13), nothing to walk.
    assert.equal(plan.steps.filter((step) => step.stage?.link === 1).length, 0);
    assert.deepEqual(plan.steps.filter((step) => step.keepStage).map((step) => [step.flagKey, step.keepStage]),
      from === 'staging' ? [['infra/db_migration/payments_ledger', 'live']] : []);
    // The scripts re-rendered from plan.json are the same texts.
    for (const [format, file] of [['sh', files.sh], ['rollback', files.rollback], ['md', files.md]]) {
      const r = flagplan(['render', files.plan, '--format', format]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(time(r.stdout), time(fs.readFileSync(file, 'utf8')), format);
    }

    // Unattended: --yes with a pause policy, standard input closed.
    const env = scriptEnv(login(s));
    const apply = await bash(files.sh, ['--yes', '--stage-pause', '0'], { env });
    assert.equal(apply.status, 0, apply.stderr);
    assert.deepEqual(s.flags(), flagsOf(examples[from]));
    const renames = sent(s, '/ui-rpc/flag.rename');
    assert.deepEqual(renames.map((r) => r.input), plan.renames.map((r) => ({
      oldKey: r.oldKey, recentKey: r.newKey, description: examples[from].flags[r.newKey].description,
    })));
    assert.equal(sent(s).length + renames.length, plan.steps.length, 'one request per step');
    const kept = sent(s).map((r) => r.input.steps).filter((steps) => steps.length === 2);
    assert.match(apply.stdout, /^\[\d+\/\d+\] RENAME notifications\/push\/\S+ -> notifications\/push\/\S+ \.\.\. ok$/m);
    assert.equal((apply.stdout.match(/^ {2}Stage reached: /gm) ?? []).length, 0);
    if (from === 'staging') {
      // The schema update and the write-back of `live` in one request; never `off`.
      assert.deepEqual(kept.map((steps) => steps.map((step) => `${step.mode} ${step.flagKey} ${step.flag.valueExists} ${step.flag.value}`)),
        [['UPDATE_SCHEMA_DEFAULTVALUE infra/db_migration/payments_ledger true rampdown',
          'SET_VALUE infra/db_migration/payments_ledger true live']]);
      assert.deepEqual(valuesSent(s, 'infra/db_migration/payments_ledger'), ['rampdown']);
    } else {
      assert.deepEqual(kept, []);
    }
    assert.match(apply.stdout, /Verified: all \d+ flag\(s\) the steps touch have the promised state\./);

    const before = sent(s).length;
    const rollback = await bash(files.rollback, ['--yes', '--stage-pause', '0'], { env });
    assert.equal(rollback.status, 0, rollback.stderr);
    assert.deepEqual(s.flags(), flagsOf(examples[to]));
    assert.deepEqual(sent(s, '/ui-rpc/flag.rename').slice(2).map((r) => r.input).sort((a, b) => a.oldKey < b.oldKey ? -1 : 1),
      plan.renames.map((r) => ({
        oldKey: r.newKey, recentKey: r.oldKey, description: examples[to].flags[r.oldKey].description,
      })).sort((a, b) => a.oldKey < b.oldKey ? -1 : 1));
    if (from === 'staging') {
      // Back to production's `live`: rampdown -> live under staging's schema is
      // not needed, production's schema (four values, no known stage sequence)
      // is restored, then its own value.
      const ledger = sent(s).slice(before).map((r) => r.input.steps[0])
        .filter((step) => step.flagKey === 'infra/db_migration/payments_ledger')
        .map((step) => `${step.mode} ${step.mode === 'SET_VALUE' ? step.flag.value : ''}`.trim());
      assert.deepEqual(ledger, ['UPDATE_SCHEMA_DEFAULTVALUE', 'SET_VALUE live']);
    }
    assert.deepEqual(s.sessions(), [], 'both scripts log out');
  });
}

test('--yes without --stage-pause and without a terminal refuses before any request, naming --stage-pause', async (t) => {
  const dir = tempDir(t);
  const { source, target } = walkPair('off', 'live');
  const s = await server(t, target);
  const files = makeScripts(dir, source, target, OWN);
  for (const [script, args] of [[files.sh, ['--yes']], [files.sh, []], [files.rollback, ['--yes']]]) {
    const started = Date.now();
    const r = await bash(script, args, { env: scriptEnv(login(s)) }); // standard input: closed at once
    assert.equal(r.status, 2, `${path.basename(script)} ${args.join(' ')}: ${r.stderr}`);
    assert.deepEqual(lines(r.stderr), [
      `${path.basename(script)}: this run walks migration-stage flags one stage at a time and pauses 2 time(s) ` +
      'between stages to let you verify each stage; standard input is not a terminal, so nobody can press Enter: ' +
      'give --stage-pause SECONDS to wait that long at each pause instead (0 goes on at once)',
    ]);
    assert.ok(Date.now() - started < 30000, 'it does not wait for anything');
  }
  assert.equal(s.requests.length, 0, 'not even a login');
  // Resuming after the last pause needs no policy: no pause is ahead.
  const r = await bash(files.sh, ['--yes', '--from-step', '3'], { env: scriptEnv(login(s)) });
  assert.equal(r.status, 3, 'the drift guard (the flag is not at the second stage), not the pause policy');
  assert.match(r.stderr, /^apply\.sh: drift: 1 flag\(s\) changed/m);
  // Bad values.
  for (const value of ['x', '-1', '1.5', '']) {
    const u = await bash(files.sh, ['--yes', '--stage-pause', value], { env: scriptEnv(login(s)) });
    assert.equal(u.status, 2, value);
    assert.match(u.stderr, /--stage-pause/);
  }
});

test('--stage-pause SECONDS waits at each pause with a countdown line, then goes on', async (t) => {
  const dir = tempDir(t);
  const { source, target } = walkPair('off', 'shadow'); // two links, one pause
  const s = await server(t, target);
  const files = makeScripts(dir, source, target, OWN);
  const started = Date.now();
  const r = await bash(files.sh, ['--yes', '--stage-pause', '1'], { env: scriptEnv(login(s)) });
  const elapsed = Date.now() - started;
  assert.equal(r.status, 0, r.stderr);
  assert.ok(elapsed >= 1000, `waited ${elapsed} ms`);
  const out = lines(r.stdout);
  const at = out.indexOf('[1/2] SET_VALUE infra/orders/stage (stage 1/2: off -> dualwrite) ... ok');
  assert.ok(at >= 0, r.stdout);
  assert.deepEqual(out.slice(at + 1, at + 8), [
    '',
    '  Stage reached: infra/orders/stage is now `dualwrite` (link 1 of 2 of its walk `off` -> `shadow`).',
    '    dualwrite: reads the old system, writes both; the old one is authoritative.',
    '  Verify before continuing: every write reaches both systems and the new system keeps up with the old one ' +
      '(compare counts or checksums); reads still come from the old system.',
    '  Next: step 2/2 moves it to `shadow` (reads both and writes both; the old system is authoritative).',
    'Continuing with step 2/2 in 1 s (--stage-pause; Ctrl-C stops here) ...',
    '',
  ]);
  assert.match(r.stdout, /^\[2\/2\] SET_VALUE infra\/orders\/stage \(stage 2\/2: dualwrite -> shadow\) \.\.\. ok$/m);
  assert.deepEqual(valuesSent(s, 'infra/orders/stage'), ['dualwrite', 'shadow']);
  assert.deepEqual(s.flags(), source.flags);
});

test('--dry-run prints the rename requests and the pauses, waits for nothing and sends nothing', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.production);
  // payments_ledger two stages past production's `live`: a walk with one pause.
  const far = structuredClone(examples.staging);
  far.flags['infra/db_migration/payments_ledger'].value = 'complete';
  const files = makeScripts(dir, far, examples.production, OWN);
  const plan = readJson(files.plan);
  for (const [args, waits] of [[['--dry-run'], 'waits here for Enter at the terminal'],
    [['--dry-run', '--stage-pause', '600'], 'waits 600 second(s) here']]) {
    const started = Date.now();
    const r = await bash(files.sh, args, { env: scriptEnv() });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(Date.now() - started < 60000, 'the dry run does not wait');
    assert.equal((r.stdout.match(/^POST \S+\/ui-rpc\/flag\.rename$/gm) ?? []).length, 2);
    assert.equal((r.stdout.match(/^POST \S+\/ui-rpc\/migration\.execute$/gm) ?? []).length, plan.steps.length - 2);
    assert.equal((r.stdout.match(new RegExp(`\\(A real run ${waits.replace(/[()]/g, '\\$&')}`, 'g')) ?? []).length, 1);
    const rename = r.stdout.split(/^POST \S+\/ui-rpc\/flag\.rename\n/m)[1].split(/\n\n/)[0];
    assert.deepEqual(JSON.parse(rename), {
      json: { oldKey: 'notifications/push/dnd_window', recentKey: 'notifications/push/quiet_hours',
        description: 'Do-not-disturb window for push notifications' },
    });
  }
  assert.equal(s.requests.length, 0);
});

test('a rename needs FlagFlow\'s flag-create permission; a failed rename stops the run with resume guidance', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.production, {
    users: [{ username: 'admin', password: 'admin-password', permissions: ['migration'] }],
  });
  const files = makeScripts(dir, examples.staging, examples.production, ['--renames']);
  const plan = readJson(files.plan);
  const k = plan.steps.findIndex((step) => step.mode === 'RENAME') + 1;
  const env = scriptEnv({ FLAGFLOW_URL: s.url, FLAGFLOW_USERNAME: 'admin', FLAGFLOW_PASSWORD: 'admin-password' });
  const r = await bash(files.sh, ['--yes'], { env });
  assert.equal(r.status, 1, r.stderr);
  const err = lines(r.stderr);
  assert.equal(err[0], `apply.sh: step ${k}/${plan.steps.length} (RENAME notifications/push/dnd_window -> ` +
    `notifications/push/quiet_hours) failed: HTTP 403: the user lacks FlagFlow's flag-create permission ` +
    '(needed to rename a flag): Permission error (flag-create)');
  // --from-step takes the plan's number of the step (the plan lists only the selected steps).
  assert.match(r.stderr, new RegExp(`^  bash \\S*apply\\.sh --from-step ${plan.steps[k - 1].id}$`, 'm'));
  assert.ok(s.flags()['notifications/push/dnd_window'], 'nothing renamed');
});

test('a rename target that appeared on the server is drift; forced, FlagFlow\'s rename refuses it', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.production);
  const files = makeScripts(dir, examples.staging, examples.production, ['--renames']);
  await fetch(`${s.url}/__test/set-flag`, {
    method: 'POST',
    body: JSON.stringify({ key: 'ops/maintenance/banner', flag: examples.staging.flags['ops/maintenance/banner'] }),
  });
  const r = await bash(files.sh, ['--yes'], { env: scriptEnv(login(s)) });
  assert.equal(r.status, 3);
  assert.deepEqual(lines(r.stderr).slice(0, 2), [
    'apply.sh: drift: 1 flag(s) changed on the server since the plan was made; refusing to run:',
    '  ops/maintenance/banner: exists, but the plan expects no such flag',
  ]);
  assert.equal(s.requests.filter((x) => x.path.startsWith('/ui-rpc/')).length, 0);
  const forced = await bash(files.sh, ['--yes', '--force'], { env: scriptEnv(login(s)) });
  assert.equal(forced.status, 1);
  assert.match(forced.stderr, /\(RENAME maintenance_banner -> ops\/maintenance\/banner\) failed: HTTP 500: Key already exists: flag:ops\/maintenance\/banner$/m);
  assert.ok(s.flags().maintenance_banner, 'the old key is still there');
});

test('the test server\'s flag.rename behaves as FlagFlow\'s', async (t) => {
  const s = await server(t, examples.production);
  const session = (await (await fetch(`${s.url}/api/login`, {
    method: 'POST', body: JSON.stringify({ username: 'admin', password: login(s).FLAGFLOW_PASSWORD }),
  })).json()).session;
  const rename = async (input) => {
    const res = await fetch(`${s.url}/ui-rpc/flag.rename`, {
      method: 'POST', headers: { Cookie: `session=${session}` }, body: JSON.stringify({ json: input }),
    });
    const body = await res.json();
    return [res.status, body.error?.json?.message ?? 'ok'];
  };
  const banner = examples.production.flags.maintenance_banner;
  assert.deepEqual(await rename({ oldKey: 'no/such', recentKey: 'x', description: 'd' }),
    [500, 'Key not exists: flag:no/such']);
  assert.deepEqual(await rename({ oldKey: 'maintenance_banner', recentKey: 'checkout/legacy_cart', description: 'd' }),
    [500, 'Key already exists: flag:checkout/legacy_cart']);
  assert.deepEqual((await rename({ oldKey: 'maintenance_banner', recentKey: 'x' }))[0], 400, 'description is required');
  assert.deepEqual((await rename({ oldKey: 'maintenance_banner', recentKey: 'Bad Key', description: 'd' }))[0], 400);
  // The same key: only the description changes (not trimmed).
  assert.deepEqual(await rename({ oldKey: 'maintenance_banner', recentKey: ' maintenance_banner ', description: ' new ' }),
    [200, 'ok']);
  assert.deepEqual(s.flags().maintenance_banner, { ...banner, description: ' new ' });
  // A rename keeps schema and value, replaces the description, and removes the old key.
  assert.deepEqual(await rename({ oldKey: 'maintenance_banner', recentKey: 'ops/banner', description: 'moved' }), [200, 'ok']);
  assert.equal(s.flags().maintenance_banner, undefined);
  assert.deepEqual(s.flags()['ops/banner'], { ...banner, description: 'moved' });
  assert.equal(Object.keys(s.flags()).at(-1), 'ops/banner', 'written last, as a new key');
});

// ---------------------------------------------------------------------------
// At a terminal (script(1) gives the run one and forwards our input).

const hasScript = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).stdout.trim() !== '';

/**
 * Runs `bash FILE ARGS` in a terminal; `answers` is a list of [text to wait
 * for, what to type, optional action before typing].
 */
function atTerminal(file, args, env, answers) {
  return new Promise((resolve) => {
    const quoted = [file, ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', `bash ${quoted}`, '/dev/null'], { env, cwd: path.dirname(file) });
    let out = '';
    let seen = 0;
    let busy = false;
    child.stdout.on('data', async (d) => {
      out += d;
      if (busy || answers.length === 0) return;
      const [prompt, answer, before] = answers[0];
      const at = out.indexOf(prompt, seen);
      if (at < 0) return;
      seen = at + prompt.length;
      answers.shift();
      busy = true;
      if (before) await before();
      child.stdin.write(`${answer}\n`);
      busy = false;
    });
    child.on('close', (status) => resolve({ status, out: out.replace(/\r/g, '') }));
  });
}

test('at a terminal, --yes still stops at every stage: Enter goes on, stop stops; resuming completes', { skip: !hasScript && 'needs script(1)' }, async (t) => {
  const dir = tempDir(t);
  const { source, target } = walkPair('off', 'live'); // three links, two pauses
  const s = await server(t, target);
  const files = makeScripts(dir, source, target, OWN);
  const env = scriptEnv(login(s));
  const r = await atTerminal(files.sh, ['--yes'], env, [
    ['Press Enter to continue with step 2/3, or type stop to stop here: ', ''],
    ['Press Enter to continue with step 3/3, or type stop to stop here: ', 'stop'],
  ]);
  assert.equal(r.status, 3, r.out);
  assert.match(r.out, /apply\.sh: stopped at the stage pause, as asked/);
  assert.match(r.out, /apply\.sh: stopped after step 2\/3/);
  assert.match(r.out, /^ {2}bash \S*apply\.sh --from-step 3$/m);
  assert.deepEqual(valuesSent(s, 'infra/orders/stage'), ['dualwrite', 'shadow']);
  assert.equal(s.flags()['infra/orders/stage'].value, 'shadow');
  const resumed = await bash(files.sh, ['--yes', '--from-step', '3'], { env }); // no pause is ahead
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.deepEqual(s.flags(), source.flags);
});

test('a change made during a stage pause stops the walk (drift)', { skip: !hasScript && 'needs script(1)' }, async (t) => {
  const dir = tempDir(t);
  const { source, target } = walkPair('off', 'live');
  const s = await server(t, target);
  const files = makeScripts(dir, source, target, OWN);
  // Someone moves the flag back while the operator verifies the first stage.
  const r = await atTerminal(files.sh, ['--yes'], scriptEnv(login(s)), [
    ['Press Enter to continue with step 2/3, or type stop to stop here: ', '', () => fetch(`${s.url}/__test/set-flag`, {
      method: 'POST', body: JSON.stringify({ key: 'infra/orders/stage', flag: stageFlag('off') }),
    })],
  ]);
  assert.equal(r.status, 3, r.out);
  assert.match(r.out, /apply\.sh: drift: 1 flag\(s\) changed on the server during the stage pause; refusing to go on:/);
  assert.match(r.out, /^ {2}infra\/orders\/stage: value is "off", expected "dualwrite"$/m);
  assert.deepEqual(valuesSent(s, 'infra/orders/stage'), ['dualwrite'], 'nothing sent after the pause');
});
