// apply.sh and rollback.sh against the FlagFlow test server (node --test).
// Needs build/flagplan (or FLAGPLAN_BIN), bash, curl, jq and shellcheck.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';

import {
  bash, examples, flagplan, lines, login, makeScripts, PASSWORD, readJson, root, scriptEnv, sent, server, tempDir, USER,
} from './helpers.mjs';

const flagsOf = (exportData) => structuredClone(exportData.flags);

/** What FlagFlow's executor leaves for each key after the plan's selected steps (independent of the engine). */
function expectedAfterApply(plan, targetFlags) {
  const flags = structuredClone(targetFlags);
  for (const step of plan.steps) {
    const key = step.flagKey;
    switch (step.mode) {
      case 'CREATE_DEFAULTVALUE':
      case 'UPDATE_SCHEMA_DEFAULTVALUE':
        flags[key] = structuredClone(step.flag);
        if ('valueExists' in flags[key]) flags[key].valueExists = false;
        break;
      case 'SET_VALUE':
        flags[key].value = structuredClone(step.flag.value);
        flags[key].valueExists = step.flag.valueExists;
        break;
      case 'DELETE':
        delete flags[key];
        break;
    }
  }
  return flags;
}

function shellcheck(file) {
  const r = spawnSync('shellcheck', [file], { encoding: 'utf8' });
  assert.equal(r.error, undefined, 'shellcheck is installed');
  assert.equal(r.stdout + r.stderr, '', `shellcheck ${path.basename(file)}`);
  assert.equal(r.status, 0);
}

for (const [from, to] of [['production', 'staging'], ['staging', 'production']]) {
  test(`migrating ${from} -> ${to} with values makes the target equal the source; rollback restores it`, async (t) => {
    const dir = tempDir(t);
    const s = await server(t, examples[to]);
    const files = makeScripts(dir, examples[from], examples[to], ['--include-values']);
    const apply = await bash(files.sh, ['--yes'], { env: scriptEnv(login(s)) });
    assert.equal(apply.status, 0, apply.stderr);
    assert.deepEqual(s.flags(), flagsOf(examples[from]));
    const plan = readJson(files.plan);
    assert.equal(sent(s).length, plan.steps.length, 'one request per step');
    assert.match(apply.stdout, /^\[1\/\d+\] \S+ \S+ \.\.\. ok$/m);
    assert.match(apply.stdout, /Verified: all \d+ flag\(s\) the steps touch have the promised state\./);
    const backups = fs.readdirSync(dir).filter((f) => f.startsWith(`flagflow_migration_${to}_`) && !f.endsWith('.journal.jsonl'));
    assert.equal(backups.length, 1);
    assert.deepEqual(readJson(path.join(dir, backups[0])).flags, flagsOf(examples[to]), 'the backup is the target before');

    const rollback = await bash(files.rollback, ['--yes'], { env: scriptEnv(login(s)) });
    assert.equal(rollback.status, 0, rollback.stderr);
    assert.deepEqual(s.flags(), flagsOf(examples[to]));
    assert.deepEqual(s.sessions(), [], 'both scripts log out');
  });
}

test('a schema-only migration keeps the target values wherever no step touches them', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.staging);
  const files = makeScripts(dir, examples.production, examples.staging);
  const plan = readJson(files.plan);
  assert.ok(plan.steps.every((step) => step.mode !== 'SET_VALUE'));
  // Before the apply, the rollback's drift guard finds the server not where the apply leaves it.
  const early = await bash(files.rollback, ['--yes'], { env: scriptEnv(login(s)) });
  assert.equal(early.status, 3);
  assert.match(early.stderr, /^rollback\.sh: drift: \d+ flag\(s\) changed on the server since the plan was made; refusing to run:$/m);
  assert.equal(sent(s).length, 0);
  const apply = await bash(files.sh, ['--yes'], { env: scriptEnv(login(s)) });
  assert.equal(apply.status, 0, apply.stderr);
  const after = s.flags();
  assert.deepEqual(after, expectedAfterApply(plan, examples.staging.flags));
  // A value-only difference stays as the target had it.
  assert.deepEqual(after['infra/db_migration/stage'], examples.staging.flags['infra/db_migration/stage']);
  // A re-schemaed flag takes the source schema and its default value.
  assert.deepEqual(after['infra/db_migration/payments_ledger'].enumValues,
    examples.production.flags['infra/db_migration/payments_ledger'].enumValues);
  assert.equal(after['infra/db_migration/payments_ledger'].valueExists, false);
  const rollback = await bash(files.rollback, ['--yes'], { env: scriptEnv(login(s)) });
  assert.equal(rollback.status, 0, rollback.stderr);
  assert.deepEqual(s.flags(), flagsOf(examples.staging));
});

test('--dry-run prints every request and sends none, without settings', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.staging);
  const files = makeScripts(dir, examples.production, examples.staging, ['--include-values']);
  const plan = readJson(files.plan);
  for (const env of [scriptEnv(login(s)), scriptEnv()]) {
    const r = await bash(files.sh, ['--dry-run'], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const posts = r.stdout.match(/^POST \S+\/ui-rpc\/migration\.execute$/gm);
    assert.equal(posts.length, plan.steps.length);
    // Every request body is printed, and is exactly the step as plan.json has it.
    const bodies = r.stdout.split(/^POST \S+\n/m).slice(1).map((chunk) => JSON.parse(chunk.split(/\n\n/)[0]));
    assert.deepEqual(bodies.map((b) => b.json.steps[0]),
      plan.steps.map(({ dependentId, indent, ...step }) => step));
  }
  // With FLAGFLOW_URL set it also read the target (tests/apply/faults.test.mjs); it sent no write.
  assert.deepEqual(s.requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/log')), []);
  assert.deepEqual(s.flags(), flagsOf(examples.staging));
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('flagflow_migration')), []);
});

test('a failure at step k stops there with the server message; --from-step k completes', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.staging);
  const files = makeScripts(dir, examples.production, examples.staging, ['--include-values']);
  const plan = readJson(files.plan);
  const k = 7;
  await fetch(`${s.url}/__test/fail`, { method: 'POST', body: JSON.stringify({ nth: k, message: 'etcd is on fire' }) });
  const r = await bash(files.sh, ['--yes'], { env: scriptEnv(login(s)) });
  assert.equal(r.status, 1);
  assert.equal(sent(s).length, k, 'nothing is sent after the failed step');
  const step = plan.steps[k - 1];
  assert.match(r.stdout, new RegExp(`^\\[${k}/${plan.steps.length}\\] ${step.mode} ${step.flagKey} \\.\\.\\. FAILED$`, 'm'));
  const err = lines(r.stderr);
  assert.equal(err[0], `apply.sh: step ${k}/${plan.steps.length} (${step.mode} ${step.flagKey}) failed: HTTP 500: etcd is on fire`);
  assert.match(r.stderr, new RegExp(`Applied in this run: steps 1 to ${k - 1} of ${plan.steps.length}\\.`));
  assert.match(r.stderr, new RegExp(`^  bash \\S*apply\\.sh --from-step ${k}$`, 'm'));
  assert.match(r.stderr, /flagplan plan \S+flagflow_migration_staging_\S+\.json current\.json --mode restore/);

  const resumed = await bash(files.sh, ['--yes', '--from-step', String(k)], { env: scriptEnv(login(s)) });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`^\\[${k}/`, 'm'));
  assert.doesNotMatch(resumed.stdout, new RegExp(`^\\[${k - 1}/`, 'm'));
  assert.deepEqual(s.flags(), flagsOf(examples.production));
});

test('restoring the backup undoes a partial apply', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.staging);
  const files = makeScripts(dir, examples.production, examples.staging, ['--include-values']);
  await fetch(`${s.url}/__test/fail`, { method: 'POST', body: JSON.stringify({ nth: 20 }) });
  const r = await bash(files.sh, ['--yes'], { env: scriptEnv(login(s)) });
  assert.equal(r.status, 1);
  assert.notDeepEqual(s.flags(), flagsOf(examples.staging));
  const backup = fs.readdirSync(dir).find((f) => f.startsWith('flagflow_migration_staging_') && !f.endsWith('.journal.jsonl'));
  await new Promise((resolve) => setTimeout(resolve, 400)); // the export lags writes
  fs.writeFileSync(path.join(dir, 'current.json'), await (await fetch(`${s.url}/api/migrations`)).text());
  const restore = path.join(dir, 'restore.sh');
  const p = flagplan(['plan', path.join(dir, backup), path.join(dir, 'current.json'), '--mode', 'restore',
    '--format', 'sh', '--out', restore]);
  assert.equal(p.status, 0, p.stderr);
  const done = await bash(restore, ['--yes'], { env: scriptEnv(login(s)) });
  assert.equal(done.status, 0, done.stderr);
  assert.deepEqual(s.flags(), flagsOf(examples.staging));
});

test('drift blocks the run and names the flags that moved; --force overrides loudly', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.staging);
  const files = makeScripts(dir, examples.production, examples.staging);
  const changed = structuredClone(examples.staging.flags['api/pagination/page_size']);
  changed.maxValue = 250;
  await fetch(`${s.url}/__test/set-flag`, {
    method: 'POST', body: JSON.stringify({ key: 'api/pagination/page_size', flag: changed }),
  });
  // A flag the plan creates already exists.
  await fetch(`${s.url}/__test/set-flag`, {
    method: 'POST', body: JSON.stringify({ key: 'maintenance_banner', flag: examples.production.flags.maintenance_banner }),
  });
  const before = s.flags();
  const r = await bash(files.sh, ['--yes'], { env: scriptEnv(login(s)) });
  assert.equal(r.status, 3);
  assert.equal(sent(s).length, 0);
  assert.deepEqual(s.flags(), before);
  const err = lines(r.stderr);
  assert.equal(err[0], 'apply.sh: drift: 2 flag(s) changed on the server since the plan was made; refusing to run:');
  assert.equal(err[1], '  api/pagination/page_size: maxValue is 250, expected 500');
  assert.equal(err[2], '  maintenance_banner: exists, but the plan expects no such flag');
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('flagflow_migration')), [], 'no backup either');

  // --force: the CREATE of an existing flag then fails the way FlagFlow fails it.
  const forced = await bash(files.sh, ['--yes', '--force'], { env: scriptEnv(login(s)) });
  assert.match(forced.stderr, /^apply\.sh: WARNING: --force: 2 flag\(s\) changed on the server/m);
  assert.equal(forced.status, 1);
  assert.match(forced.stderr, /failed: HTTP 500: Key already exists: flag:maintenance_banner$/m);
});

test('another environment at FLAGFLOW_URL is refused', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.staging, { environment: 'production' });
  const files = makeScripts(dir, examples.production, examples.staging);
  const r = await bash(files.sh, ['--yes'], { env: scriptEnv(login(s)) });
  assert.equal(r.status, 3);
  assert.deepEqual(lines(r.stderr), [
    `apply.sh: ${s.url} is environment "production", but the plan is for "staging"; refusing to run (check FLAGFLOW_URL)`,
  ]);
  assert.equal(sent(s).length, 0);
});

test('missing settings, an unreachable URL and a wrong password each give one line and a non-zero exit', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.staging);
  const files = makeScripts(dir, examples.production, examples.staging);
  const closed = await server(t, examples.staging);
  await closed.close();
  const cases = [
    [{}, 2, /^apply\.sh: FLAGFLOW_URL is not set/],
    [{ FLAGFLOW_URL: s.url }, 2, /^apply\.sh: no credentials: set FLAGFLOW_USERNAME and FLAGFLOW_PASSWORD, or FLAGFLOW_SESSION/],
    [{ FLAGFLOW_URL: s.url, FLAGFLOW_USERNAME: USER }, 2, /^apply\.sh: FLAGFLOW_PASSWORD is not set/],
    [{ FLAGFLOW_URL: 'ftp://example.com', FLAGFLOW_SESSION: 'x' }, 2, /must start with http:\/\/ or https:\/\//],
    [{ FLAGFLOW_URL: `http://admin:pw@127.0.0.1:1`, FLAGFLOW_SESSION: 'x' }, 2, /must not hold credentials/],
    [login(closed), 2, new RegExp(`^apply\\.sh: cannot reach ${closed.url}: .*(Failed to connect|Connection refused)`)],
    [{ ...login(s), FLAGFLOW_PASSWORD: 'wrong' }, 2,
      new RegExp(`^apply\\.sh: login at ${s.url} failed: HTTP 403: Login error$`)],
    [{ FLAGFLOW_URL: s.url, FLAGFLOW_SESSION: 'not-a-session' }, 1,
      /^apply\.sh: step 1\/\d+ \(.*\) failed: HTTP 401: not logged in \(the session is invalid or expired\): Authentication error$/],
  ];
  for (const [env, status, pattern] of cases) {
    const r = await bash(files.sh, ['--yes'], { env: scriptEnv(env) });
    assert.equal(r.status, status, `${JSON.stringify(env)}: ${r.stderr}`);
    const err = lines(r.stderr);
    if (status === 2) assert.equal(err.length, 1, r.stderr);
    assert.match(err[0], pattern);
  }
  assert.deepEqual(s.flags(), flagsOf(examples.staging));
  assert.equal(sent(s).length, 1, 'only the step refused for the bad session');
  // Without --yes and without a terminal there is nobody to confirm.
  const r = await bash(files.sh, [], { env: scriptEnv(login(s)) });
  assert.equal(r.status, 3);
  assert.match(r.stderr, /nobody to confirm \(standard input is not a terminal\); run with --yes/);
  assert.equal(sent(s).length, 1);
  // Usage errors.
  for (const args of [['--from-step', '0'], ['--from-step', '999'], ['--from-step', 'x'], ['--bogus']]) {
    const u = await bash(files.sh, args, { env: scriptEnv(login(s)) });
    assert.equal(u.status, 2, args.join(' '));
    assert.equal(lines(u.stderr).length, 1);
  }
});

test('the confirmation prompt names the target and its environment; only yes proceeds', async (t) => {
  const hasScript = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).stdout.trim();
  if (!hasScript) return t.skip('needs script(1) from util-linux for a terminal');
  const dir = tempDir(t);
  const s = await server(t, examples.staging);
  const files = makeScripts(dir, examples.production, examples.staging);
  const plan = readJson(files.plan);
  // script(1) gives the run a terminal and forwards our input to it.
  const run = (answer) => new Promise((resolve) => {
    const child = spawn('script', ['-qec', `bash ${files.sh}`, '/dev/null'], { env: scriptEnv(login(s)), cwd: dir });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Type yes to continue: ') && answer !== undefined) {
        child.stdin.write(`${answer}\n`);
        answer = undefined;
      }
    });
    child.on('close', (status) => resolve({ status, out }));
  });
  const no = await run('no');
  assert.match(no.out, new RegExp(`Apply ${plan.steps.length} step\\(s\\) from step 1 on ${s.url}, environment "staging"\\? Type yes to continue: `));
  assert.match(no.out, /apply\.sh: not confirmed; nothing was changed/);
  assert.equal(no.status, 3);
  assert.equal(sent(s).length, 0);
  const yes = await run('yes');
  assert.equal(yes.status, 0, yes.out);
  assert.deepEqual(s.flags(), expectedAfterApply(plan, examples.staging.flags));
});

test('missing curl or jq is named before anything runs', async (t) => {
  const dir = tempDir(t);
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const tool of ['curl', 'mktemp', 'rm', 'sed', 'head', 'tr', 'cut', 'wc', 'date', 'cp', 'mv', 'sleep', 'cat']) {
    const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (found) fs.symlinkSync(found, path.join(bin, tool));
  }
  const files = makeScripts(dir, examples.production, examples.staging);
  const r = await bash(files.sh, ['--yes'], {
    env: { ...scriptEnv({ FLAGFLOW_URL: 'http://127.0.0.1:1', FLAGFLOW_SESSION: 'x' }), PATH: bin },
  });
  assert.equal(r.status, 2);
  assert.deepEqual(lines(r.stderr), [
    'apply.sh: needs jq: install it (apt-get install curl jq, or brew install curl jq) and run again',
  ]);
});

test('the final verification fails when the server loses a write', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.staging);
  const files = makeScripts(dir, examples.production, examples.staging);
  await fetch(`${s.url}/__test/ignore`, { method: 'POST', body: JSON.stringify({ nth: 2 }) });
  const plan = readJson(files.plan);
  const r = await bash(files.sh, ['--yes'], { env: scriptEnv({ ...login(s), FLAGPLAN_VERIFY_SECONDS: '1' }) });
  assert.equal(r.status, 4);
  const err = lines(r.stderr);
  assert.equal(err[0], 'apply.sh: verification failed: after 1 seconds the target still differs from what the plan promised:');
  assert.match(err[1], new RegExp(`^  ${plan.steps[1].flagKey}: `));
  assert.equal(err.length, 2);
});

test('secrets never appear in output, files or any command line', async (t) => {
  const dir = tempDir(t);
  const s = await server(t, examples.staging);
  const files = makeScripts(dir, examples.production, examples.staging);
  // Shims that record the command line of every curl and jq the script runs.
  const bin = path.join(dir, 'shims');
  fs.mkdirSync(bin);
  const argvLog = path.join(dir, 'argv.log');
  for (const tool of ['curl', 'jq']) {
    const real = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    fs.writeFileSync(path.join(bin, tool),
      `#!/bin/bash\nprintf '%s\\0' "$0" "$@" >> ${JSON.stringify(argvLog)}\nexec ${JSON.stringify(real)} "$@"\n`,
      { mode: 0o755 });
  }
  const env = scriptEnv({ ...login(s), PATH: `${bin}:${process.env.PATH}` });
  const r = await bash(files.sh, ['--yes'], { env });
  assert.equal(r.status, 0, r.stderr);
  const sessions = s.issuedSessions();
  assert.equal(sessions.length, 1);
  const argv = fs.readFileSync(argvLog, 'utf8');
  assert.ok(argv.includes('/ui-rpc/migration.execute'), 'the shims saw the requests');
  const everything = [r.stdout, r.stderr, argv, ...fs.readdirSync(dir).filter((f) => f.endsWith('.json') || f.endsWith('.sh'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))].join('\n');
  for (const secret of [PASSWORD, sessions[0]]) assert.ok(!everything.includes(secret), 'a secret leaked');
  // An existing session works too, and is not logged out (it is not ours).
  const login2 = await (await fetch(`${s.url}/api/login`, {
    method: 'POST', body: JSON.stringify({ username: USER, password: PASSWORD }),
  })).json();
  const rollback = await bash(files.rollback, ['--yes'], {
    env: scriptEnv({ FLAGFLOW_URL: s.url, FLAGFLOW_SESSION: login2.session, PATH: `${bin}:${process.env.PATH}` }),
  });
  assert.equal(rollback.status, 0, rollback.stderr);
  assert.deepEqual(s.flags(), flagsOf(examples.staging));
  assert.ok(!fs.readFileSync(argvLog, 'utf8').includes(login2.session));
  assert.ok(s.sessions().includes(login2.session));
});

// ---------------------------------------------------------------------------
// Hostile data: every string below must arrive byte-exact and run nothing.

function adversarial(canary) {
  const nasty = [
    `$(touch ${canary})`,
    `\`touch ${canary}\``,
    `'; touch ${canary}; echo '`,
    `"; touch ${canary}; echo "`,
    'back\\slash \\n \\\\ \\\' \\" \\$(x)',
    `line one\nEOF\nFLAGPLAN_STEP_1_0000\nFLAGPLAN_STATES_0000\n'EOF'\n)\n}\nline eight`,
    'unicode: héllo wörld ✓ 🚀 日本語 \u202eevil\u202c zero\u200bwidth \u2028sep',
    '${IFS}$HOME!!*?[a-z]~ %s %n \t tab \r cr',
    `}]}}\n"json": {"steps": []} --data-binary @/etc/passwd -o ${canary}`,
    '\u0001\u001b[31mred\u001b[0m\u007f',
  ];
  const str = (description, defaultValue, value) => ({
    description, type: 'STRING', defaultValue, maxLength: 0, regExp: '', valueExists: true, value,
  });
  const source = {
    environment: `production'; touch ${canary}; '`,
    version: '1.7.1',
    createdAt: '2026-11-21T10:33:09.001Z',
    flags: {
      'text/a': str(nasty[0], nasty[2], nasty[5]),
      'text/b': str(nasty[1], nasty[3], nasty[6]),
      'obj/c': {
        description: nasty[4], type: 'OBJECT', schema: '{ note: string }',
        defaultValue: `{ note: '$(touch ${canary})' }`, valueExists: true, value: `{ note: "it's \`x\` EOF" }`,
      },
      'enum/d': {
        description: nasty[7], type: 'ENUM', defaultValue: "a'b", enumValues: [nasty[0], "a'b", 'c"d', nasty[5]],
        allowEmpty: false, valueExists: true, value: nasty[5],
      },
      'tag/e': {
        description: nasty[8], type: 'TAG', defaultValue: [], tagValues: [nasty[0], nasty[1], nasty[9]],
        minCount: 0, maxCount: 0, valueExists: true, value: [nasty[9], nasty[0]],
      },
      'bool/f': { description: nasty[9], type: 'BOOLEAN', defaultValue: false, isKillSwitch: true, valueExists: true, value: true },
      'int/g': { description: nasty[2], type: 'INTEGER', defaultValue: 1, minValue: -5, maxValue: 9007199254740991, valueExists: true, value: 9007199254740991 },
      'ab/h': { description: nasty[6], type: 'AB-TEST', chanceBPercent: 12.5 },
      'retype/i': str(nasty[3], nasty[1], nasty[0]),
      constructor: str(nasty[9], 'a', 'b'), // a JavaScript prototype name is just a key
    },
  };
  const target = {
    environment: `staging $(touch ${canary}) \`x\``,
    version: '1.7.1',
    createdAt: '2026-11-21T10:33:08.799Z',
    flags: {
      'text/a': str(nasty[0], nasty[2], 'plain'),
      'text/b': str(nasty[1], nasty[3], 'x'),
      'enum/d': { ...source.flags['enum/d'], enumValues: [nasty[0], "a'b", 'c"d'], value: "a'b" },
      'bool/f': { ...source.flags['bool/f'], valueExists: false, value: false },
      'ab/h': { description: nasty[8], type: 'AB-TEST', chanceBPercent: 50 },
      'retype/i': { description: nasty[5], type: 'BOOLEAN', defaultValue: true, isKillSwitch: false, valueExists: false, value: false },
      'gone/j': str(nasty[5], nasty[6], nasty[8]),
    },
  };
  target.flags['text/b'].maxLength = 5000;
  return { source, target };
}

test('hostile strings round-trip byte-exact through apply and rollback, and nothing runs', async (t) => {
  const dir = tempDir(t);
  const canary = path.join(dir, 'canary');
  const { source, target } = adversarial(canary);
  const s = await server(t, target);
  const files = makeScripts(dir, source, target, ['--include-values'], {
    source: "src $(touch canary) 'q'.json", target: 'target `touch canary`.json',
  });
  const plan = readJson(files.plan);
  assert.deepEqual(plan.steps.map((st) => `${st.mode} ${st.flagKey}`), [
    'SET_VALUE text/a',
    'UPDATE_SCHEMA_DEFAULTVALUE text/b', 'SET_VALUE text/b',
    'CREATE_DEFAULTVALUE obj/c', 'SET_VALUE obj/c',
    'UPDATE_SCHEMA_DEFAULTVALUE enum/d', 'SET_VALUE enum/d',
    'CREATE_DEFAULTVALUE tag/e', 'SET_VALUE tag/e',
    'SET_VALUE bool/f',
    'CREATE_DEFAULTVALUE int/g', 'SET_VALUE int/g',
    'UPDATE_SCHEMA_DEFAULTVALUE ab/h',
    'DELETE retype/i', 'CREATE_DEFAULTVALUE retype/i', 'SET_VALUE retype/i',
    'CREATE_DEFAULTVALUE constructor', 'SET_VALUE constructor',
    'DELETE gone/j',
  ]);
  for (const file of [files.sh, files.rollback]) shellcheck(file);
  const env = scriptEnv(login(s));
  const dry = await bash(files.sh, ['--dry-run'], { env });
  assert.equal(dry.status, 0, dry.stderr);
  const apply = await bash(files.sh, ['--yes'], { env });
  assert.equal(apply.status, 0, apply.stderr);
  assert.deepEqual(s.flags(), source.flags);
  const rollback = await bash(files.rollback, ['--yes'], { env });
  assert.equal(rollback.status, 0, rollback.stderr);
  assert.deepEqual(s.flags(), target.flags);
  // Re-rendering the saved plan gives the same texts (up to the second they were made in).
  const time = (text) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'TIME');
  for (const [format, file] of [['sh', files.sh], ['rollback', files.rollback], ['md', files.md]]) {
    const r = flagplan(['render', files.plan, '--format', format]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(time(r.stdout), time(fs.readFileSync(file, 'utf8')), format);
  }
  assert.equal(fs.existsSync(canary), false, 'a command in the data ran');
  assert.equal(fs.existsSync(path.join(dir, 'canary')), false);
});

test('scripts for the bundled examples pass shellcheck', (t) => {
  const dir = tempDir(t);
  for (const args of [[], ['--include-values'], ['--select', '1']]) {
    const files = makeScripts(dir, examples.production, examples.staging, args);
    shellcheck(files.sh);
    shellcheck(files.rollback);
  }
  // A restore of a backup (one value changed since), so there is a step to run.
  const changed = structuredClone(examples.staging);
  changed.flags['ui/banner/text'].value = 'changed since the backup';
  const files = makeScripts(dir, examples.staging, changed, ['--mode', 'restore']);
  shellcheck(files.sh);
  shellcheck(files.rollback);
  // A plan with no step renders no script (plan.nothing_selected).
  const same = path.join(root, 'examples/staging.json');
  const none = flagplan(['plan', same, same, '--mode', 'restore', '--format', 'sh']);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no step is selected, so there is nothing to run/);
});
