// apply.sh and rollback.sh under faults (issue 16): the FlagFlow test server
// answers a request with a 500, resets the connection before or after the
// write (a lost answer), or delays it past FLAGPLAN_REQUEST_TIMEOUT; with an
// outage the network then stays down, so the script cannot check the server.
// The plan is the examples' staging -> production with --include-values
// --renames --walk-stages: RENAME steps and a four-link stage walk.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';

import { bash, examples, login, makeScripts, readJson, scriptEnv, sent, server, tempDir } from './helpers.mjs';

const OPTIONS = ['--include-values', '--renames', '--walk-stages'];
// The examples' staging export with its stage flag at `complete`: production
// is at `dualwrite`, so the plan walks it four stages (three pauses).
const SOURCE = structuredClone(examples.staging);
SOURCE.flags['infra/db_migration/stage'].value = 'complete';
const RUN = ['--yes', '--stage-pause', '0'];

/** The script's step number of the nth request to migration.execute (RENAME steps go to flag.rename). */
function stepOfRequest(plan, nth) {
  const executes = plan.steps.map((s, i) => ({ ...s, n: i + 1 })).filter((s) => s.mode !== 'RENAME');
  return executes[nth - 1];
}

const fault = (s, body) =>
  fetch(`${s.url}/__test/fault`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
const heal = (s) => fetch(`${s.url}/__test/heal`, { method: 'POST' });

async function setup(t) {
  const dir = tempDir(t);
  const s = await server(t, examples.production);
  const files = makeScripts(dir, SOURCE, examples.production, OPTIONS);
  const plan = readJson(files.plan);
  assert.ok(plan.steps.some((step) => step.mode === 'RENAME'));
  assert.ok(plan.steps.some((step) => step.stage));
  return { dir, s, files, plan };
}

/** The resume command a stopped run printed, as arguments for bash(). */
function resumeArgs(stderr) {
  const m = stderr.match(/^ {2}bash (\S+) --from-step (\d+)$/m);
  assert.ok(m, `a resume command in:\n${stderr}`);
  return ['--from-step', m[2]];
}

const title = (step) => `${step.mode} ${step.flagKey}${step.stage ? ` (stage ${step.stage.link}/${step.stage.links}: ${step.stage.from} -> ${step.stage.to})` : ''}`;

// Each fault at a middle step: the run stops non-zero naming the step, the
// resume command it prints finishes with the server equal to the source (no
// --force), and the rollback then restores the original exactly.
const NTH = 18;
for (const [name, spec, env] of [
  ['a 500 (FlagFlow refused)', { kind: 'status', status: 500, message: 'etcd is on fire' }, {}],
  ['a reset before the request reaches FlagFlow', { kind: 'reset-before', outage: true }, {}],
  ['a reset after FlagFlow wrote the flag (a lost answer)', { kind: 'reset-after', outage: true }, {}],
  ['a delay past FLAGPLAN_REQUEST_TIMEOUT', { kind: 'delay', ms: 1500, outage: true }, { FLAGPLAN_REQUEST_TIMEOUT: '1' }],
]) {
  test(`${name} at a middle step stops there; the printed resume completes; rollback restores the original`, async (t) => {
    const { s, files, plan } = await setup(t);
    const step = stepOfRequest(plan, NTH);
    const total = plan.steps.length;
    await fault(s, { nth: NTH, ...spec });
    const r = await bash(files.sh, RUN, { env: scriptEnv({ ...login(s), ...env }) });
    assert.equal(r.status, 1, r.stderr);
    const named = `apply.sh: step ${step.n}/${total} (${title(step)})`;
    if (spec.kind === 'status') {
      assert.equal(r.stderr.split('\n')[0], `${named} failed: HTTP 500: etcd is on fire`);
      assert.equal(sent(s).length, NTH, 'a 500 is never retried');
    } else {
      assert.match(r.stdout, new RegExp(`^\\[${step.n}/${total}\\] .* \\.\\.\\. NO ANSWER$`, 'm'));
      assert.ok(r.stderr.includes(`${named} may or may not have landed: no answer from ${s.url}`), r.stderr);
      assert.match(r.stderr, /no --force is needed/);
      assert.equal(sent(s).length, NTH, 'nothing is sent after the step in doubt, and it is not resent blind');
    }
    assert.match(r.stderr, new RegExp(`Applied in this run: steps 1 to ${step.n - 1} of ${total}\\.`));
    await heal(s);

    const resumed = await bash(files.sh, [...RUN, ...resumeArgs(r.stderr)], { env: scriptEnv(login(s)) });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.doesNotMatch(resumed.stderr, /WARNING|drift/);
    if (spec.kind === 'reset-after' || spec.kind === 'delay') {
      assert.match(resumed.stdout, new RegExp(`^Step ${step.n}/${total} \\(.*\\) is already in effect on the server: counted as done; going on with step ${step.n + 1}\\.$`, 'm'));
      assert.doesNotMatch(resumed.stdout, new RegExp(`^\\[${step.n}/`, 'm'));
    } else {
      assert.match(resumed.stdout, new RegExp(`^\\[${step.n}/${total}\\] .* \\.\\.\\. ok$`, 'm'));
    }
    assert.deepEqual(s.flags(), SOURCE.flags, 'the server equals the source');

    const rollback = await bash(files.rollback, RUN, { env: scriptEnv(login(s)) });
    assert.equal(rollback.status, 0, rollback.stderr);
    assert.deepEqual(s.flags(), examples.production.flags, 'the rollback restores the original exactly');
  });
}

test('a lost answer the script can check is counted as done: the run goes on, nothing is resent', async (t) => {
  const { s, files, plan } = await setup(t);
  const step = stepOfRequest(plan, NTH);
  await fault(s, { nth: NTH, kind: 'reset-after' });
  const r = await bash(files.sh, RUN, { env: scriptEnv(login(s)) });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^ {2}\\(step ${step.n}/${plan.steps.length} had landed: its answer was lost; counted as done\\)$`, 'm'));
  assert.match(r.stderr, new RegExp(`step ${step.n}/\\d+ \\(.*\\): no answer from .*; it may or may not have landed: checking the server`));
  assert.equal(sent(s).length, plan.steps.filter((x) => x.mode !== 'RENAME').length, 'one request per step');
  assert.deepEqual(s.flags(), SOURCE.flags);
});

test('a request lost before FlagFlow saw it is checked, then sent again (at most FLAGPLAN_RETRIES times)', async (t) => {
  const { s, files, plan } = await setup(t);
  const step = stepOfRequest(plan, NTH);
  const executes = plan.steps.filter((x) => x.mode !== 'RENAME').length;
  await fault(s, { nth: NTH, kind: 'reset-before' });
  const r = await bash(files.sh, RUN, { env: scriptEnv(login(s)) });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ {2}\(it did not land; sending it again in 1 s, attempt 2 of 3\)$/m);
  assert.equal(sent(s).length, executes + 1, 'the step is sent twice');
  assert.deepEqual(s.flags(), SOURCE.flags);

  // FLAGPLAN_RETRIES=0: checked, not resent; the run stops and resumes.
  const again = await setup(t);
  await fault(again.s, { nth: NTH, kind: 'reset-before' });
  const stopped = await bash(again.files.sh, RUN, { env: scriptEnv({ ...login(again.s), FLAGPLAN_RETRIES: '0' }) });
  assert.equal(stopped.status, 1);
  assert.match(stopped.stderr, new RegExp(`step ${step.n}/\\d+ \\(.*\\) failed: no answer after 1 attempt\\(s\\) \\(FLAGPLAN_RETRIES=0\\); the server shows the step did not land`));
  assert.equal(sent(again.s).length, NTH);
  const resumed = await bash(again.files.sh, [...RUN, ...resumeArgs(stopped.stderr)], { env: scriptEnv(login(again.s)) });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.deepEqual(again.s.flags(), SOURCE.flags);
});

test('a CREATE is never sent again when it may have landed; a 500 is never retried', async (t) => {
  const { s, files, plan } = await setup(t);
  const creates = plan.steps.filter((x) => x.mode !== 'RENAME');
  const nth = creates.findIndex((x) => x.mode === 'CREATE_DEFAULTVALUE') + 1;
  // The CREATE lands and its answer is lost: the check finds the flag, so it is not resent.
  await fault(s, { nth, kind: 'reset-after' });
  const r = await bash(files.sh, RUN, { env: scriptEnv(login(s)) });
  assert.equal(r.status, 0, r.stderr);
  const key = creates[nth - 1].flagKey;
  const createsSent = sent(s).filter((q) => q.input?.steps?.[0]?.mode === 'CREATE_DEFAULTVALUE' && q.input.steps[0].flagKey === key);
  assert.equal(createsSent.length, 1);
  assert.doesNotMatch(r.stderr, /Key already exists/);
});

test('FLAGPLAN_REQUEST_TIMEOUT bounds the wait; a step that times out is in doubt and checked', async (t) => {
  const { s, files, plan } = await setup(t);
  const step = stepOfRequest(plan, NTH);
  await fault(s, { nth: NTH, kind: 'delay', ms: 1500 });
  const r = await bash(files.sh, RUN, { env: scriptEnv({ ...login(s), FLAGPLAN_REQUEST_TIMEOUT: '1' }) });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`step ${step.n}/\\d+ \\(.*\\): no answer from \\S+: Operation timed out after \\d+ milliseconds`));
  assert.match(r.stdout, /had landed: its answer was lost; counted as done/);
  assert.deepEqual(s.flags(), SOURCE.flags);
  for (const [name, value] of [['FLAGPLAN_REQUEST_TIMEOUT', 'soon'], ['FLAGPLAN_CONNECT_TIMEOUT', '0'], ['FLAGPLAN_RETRIES', '-1']]) {
    const bad = await bash(files.sh, RUN, { env: scriptEnv({ ...login(s), [name]: value }) });
    assert.equal(bad.status, 2, name);
    assert.equal(bad.stderr.split('\n').length, 2, bad.stderr);
    assert.match(bad.stderr, new RegExp(`^apply\\.sh: ${name} must be`));
  }
});

test('the journal next to the backup records the run; --resume-from JOURNAL resumes where it stopped', async (t) => {
  const { dir, s, files, plan } = await setup(t);
  const step = stepOfRequest(plan, NTH);
  await fault(s, { nth: NTH, kind: 'reset-after', outage: true });
  const r = await bash(files.sh, RUN, { env: scriptEnv(login(s)) });
  assert.equal(r.status, 1);
  const journals = fs.readdirSync(dir).filter((f) => f.endsWith('.journal.jsonl'));
  assert.equal(journals.length, 1);
  const backup = journals[0].replace('.journal.jsonl', '.json');
  assert.ok(fs.existsSync(path.join(dir, backup)), 'the journal sits next to the backup');
  assert.match(r.stdout, new RegExp(`^Journal of this run: \\./${journals[0].replace(/\./g, '\\.')}$`, 'm'));
  const events = fs.readFileSync(path.join(dir, journals[0]), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(events[0], {
    event: 'start', time: events[0].time, script: 'apply.sh', plan: events[0].plan, target: s.url,
    environment: 'production', steps: plan.steps.length, fromStep: 1, backup: `./${backup}`,
    retries: 2, connectTimeout: 10, requestTimeout: 60,
  });
  const requests = events.filter((e) => e.event === 'request');
  assert.equal(requests.length, step.n);
  assert.deepEqual(requests.map((e) => e.step), Array.from({ length: step.n }, (_, i) => i + 1));
  const last = requests.at(-1);
  assert.deepEqual({ ...last, ms: 0 }, {
    event: 'request', step: step.n, id: step.id, mode: step.mode, flagKey: step.flagKey, title: title(step),
    attempt: 1, status: null, ms: 0, outcome: 'in-doubt', error: 'Empty reply from server',
  });
  assert.ok(requests.slice(0, -1).every((e) => e.outcome === 'ok' && e.status === 200 && Number.isInteger(e.ms)));
  const rename = requests.find((e) => e.mode === 'RENAME');
  if (rename) assert.equal(typeof rename.oldKey, 'string');
  assert.deepEqual(events.at(-2), { event: 'check', step: step.n, result: 'unreadable' });
  assert.deepEqual(events.at(-1), { event: 'end', time: events.at(-1).time, status: 1, lastStepDone: step.n - 1 });
  assert.match(r.stderr, new RegExp(`^ {2}\\(or: bash \\S+ --resume-from \\./${journals[0].replace(/\./g, '\\.')}\\)$`, 'm'));

  await heal(s);
  const resumed = await bash(files.sh, [...RUN, '--resume-from', journals[0]], { env: scriptEnv(login(s)) });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`^Step ${step.n}/\\d+ .* is already in effect on the server`, 'm'));
  assert.deepEqual(s.flags(), SOURCE.flags);
  const second = fs.readdirSync(dir).filter((f) => f.endsWith('.journal.jsonl') && f !== journals[0]);
  assert.equal(second.length, 1);
  const lines2 = fs.readFileSync(path.join(dir, second[0]), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines2[0].fromStep, step.n + 1, "step n was found in effect, so the run starts after it");
  assert.deepEqual(lines2.at(-2), { event: 'verify', result: 'ok' });
  assert.equal(lines2.at(-1).status, 0);

  // A completed run, another plan's journal, or no journal at all: one line, exit 2.
  for (const [file, message] of [[second[0], 'that run completed'], ['nope.jsonl', 'cannot read the journal']]) {
    const bad = await bash(files.sh, [...RUN, '--resume-from', file], { env: scriptEnv(login(s)) });
    assert.equal(bad.status, 2);
    assert.ok(bad.stderr.includes(message), bad.stderr);
  }
  const other = await bash(files.rollback, [...RUN, '--resume-from', journals[0]], { env: scriptEnv(login(s)) });
  assert.equal(other.status, 2);
  assert.match(other.stderr, /it is the journal of another plan/);
});

test('--dry-run with FLAGFLOW_URL reads the target and runs the drift check; it sends no write', async (t) => {
  const { s, files } = await setup(t);
  const ok = await bash(files.sh, ['--dry-run'], { env: scriptEnv(login(s)) });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^Checked http:\S+ \(environment "production"\): the \d+ flag\(s\) the steps touch are as the plan expects before step 1; a real run would go ahead\./m);
  assert.match(ok.stdout, /^POST \S+\/ui-rpc\/migration\.execute$/m);
  await fetch(`${s.url}/__test/set-flag`, { method: 'POST', body: JSON.stringify({ key: 'maintenance_banner', flag: null }) });
  const drift = await bash(files.sh, ['--dry-run'], { env: scriptEnv(login(s)) });
  assert.equal(drift.status, 3);
  assert.match(drift.stderr, /^apply\.sh: drift: 1 flag\(s\) changed on the server since the plan was made; refusing to run:$/m);
  assert.deepEqual(s.requests.filter((q) => q.path.startsWith('/ui-rpc/')), [], 'no write');
  assert.deepEqual([...new Set(s.requests.map((q) => `${q.method} ${q.path}`))].sort(),
    ['GET /api/migrations', 'POST /api/login', 'POST /api/logout']);
  assert.deepEqual(s.sessions(), []);
});

test('a lost answer at a stage-walk link and a reset in the rollback: both resume without --force', async (t) => {
  const { s, files, plan } = await setup(t);
  const link = plan.steps.findIndex((x) => x.stage && x.stage.link === 2) + 1;
  const nth = plan.steps.slice(0, link).filter((x) => x.mode !== 'RENAME').length;
  await fault(s, { nth, kind: 'reset-after', outage: true });
  const r = await bash(files.sh, RUN, { env: scriptEnv(login(s)) });
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`^apply\\.sh: step ${link}/\\d+ \\(SET_VALUE \\S+ \\(stage 2/\\d+: .*\\)\\) may or may not have landed`, 'm'));
  await heal(s);
  const resumed = await bash(files.sh, [...RUN, ...resumeArgs(r.stderr)], { env: scriptEnv(login(s)) });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.deepEqual(s.flags(), SOURCE.flags);

  const before = sent(s).length;
  await fault(s, { nth: 10, kind: 'reset-before', outage: true });
  const rb = await bash(files.rollback, RUN, { env: scriptEnv(login(s)) });
  assert.equal(rb.status, 1);
  assert.match(rb.stderr, /^rollback\.sh: step \d+\/\d+ \(.*\) may or may not have landed/m);
  assert.equal(sent(s).length - before, 10);
  await heal(s);
  const rbResumed = await bash(files.rollback, [...RUN, ...resumeArgs(rb.stderr)], { env: scriptEnv(login(s)) });
  assert.equal(rbResumed.status, 0, rbResumed.stderr);
  assert.deepEqual(s.flags(), examples.production.flags);
});

test('--from-step takes the plan\'s step numbers, also when the selection skips steps', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.staging);
  const files = makeScripts(dir, examples.production, examples.staging); // value steps unselected
  const plan = readJson(files.plan);
  const k = 5;
  await fault(s, { nth: k, kind: 'status', message: 'etcd is on fire' });
  const r = await bash(files.sh, ['--yes'], { env: scriptEnv(login(s)) });
  assert.equal(r.status, 1);
  const sentStep = sent(s)[k - 1].input.steps[0];
  assert.notEqual(sentStep.id, k, 'the plan numbers this step differently from the script');
  assert.match(r.stderr, new RegExp(`^apply\\.sh: step ${k}/\\d+ \\(${sentStep.mode} ${sentStep.flagKey}\\) failed: HTTP 500: etcd is on fire$`, 'm'));
  assert.match(r.stderr, new RegExp(`^ {2}bash \\S+ --from-step ${sentStep.id}$`, 'm'));
  assert.match(r.stderr, new RegExp(`^ {2}\\(--from-step takes the plan's step number: #${sentStep.id} is step ${k}/\\d+ of this script\\)$`, 'm'));
  const resumed = await bash(files.sh, ['--yes', ...resumeArgs(r.stderr)], { env: scriptEnv(login(s)) });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`^\\[${k}/\\d+\\] ${sentStep.mode} ${sentStep.flagKey} \\.\\.\\. ok$`, 'm'));
  assert.doesNotMatch(resumed.stdout, new RegExp(`^\\[${k - 1}/`, 'm'));
  assert.equal(sent(s).at(-1).input.steps[0].id, plan.steps.filter((x) => x.mode !== 'RENAME').at(-1).id);
  // A number the plan has but this script does not send is refused, naming the numbers it sends.
  const bad = await bash(files.sh, ['--yes', '--from-step', '1'], { env: scriptEnv(login(s)) });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^apply\.sh: --from-step 1 is not one of the plan's steps this script sends \(\d[\d,-]*\) \(see --help\)$/m);
});
