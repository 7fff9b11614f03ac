// Shared by the apply tests: the flagplan CLI, the scripts it renders, a
// FlagFlow test server, and bash runs with a clean environment.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from '../server/flagflow-server.mjs';
import { assertValid, cliDocumentKind } from '../web/schema.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const flagplanBin = process.env.FLAGPLAN_BIN ?? path.join(root, 'build/flagplan');
export const USER = 'admin';
export const PASSWORD = 'pa$$ word "with" \'quotes\' $(touch /tmp/never)';

const bashPath = spawnSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim() || '/bin/bash';

export const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
export const examples = {
  production: readJson(path.join(root, 'examples/production.json')),
  staging: readJson(path.join(root, 'examples/staging.json')),
};

/** A fresh temporary directory, removed when the test ends. */
export function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flagplan-apply-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs the flagplan CLI (synchronously: no server runs in it). A JSON
 * document it writes (plan.json with --out, or stdout) is checked against
 * docs/schemas/ first (tests/web/schema.mjs).
 */
export function flagplan(args, options = {}) {
  const r = spawnSync(flagplanBin, args, { encoding: 'utf8', ...options });
  if (r.error) throw r.error;
  const kind = cliDocumentKind(args);
  const out = args.indexOf('--out');
  if (kind && r.status === 0) assertValid(kind, out >= 0 ? fs.readFileSync(path.resolve(options.cwd ?? '.', args[out + 1])) : r.stdout);
  return r;
}

/**
 * Writes source.json and target.json (objects or file paths) into `dir` and
 * renders plan.json, apply.sh, rollback.sh and report.md from them with the
 * extra `args` (e.g. ['--include-values']).
 */
export function makeScripts(dir, source, target, args = [], names = {}) {
  const sourceFile = path.join(dir, names.source ?? 'source.json');
  const targetFile = path.join(dir, names.target ?? 'target.json');
  fs.writeFileSync(sourceFile, typeof source === 'string' ? fs.readFileSync(source) : JSON.stringify(source, null, 2));
  fs.writeFileSync(targetFile, typeof target === 'string' ? fs.readFileSync(target) : JSON.stringify(target, null, 2));
  const out = {};
  for (const [format, file] of [['plan', 'plan.json'], ['sh', 'apply.sh'], ['rollback', 'rollback.sh'], ['md', 'report.md']]) {
    out[format] = path.join(dir, file);
    const r = flagplan(['plan', sourceFile, targetFile, ...args, '--format', format, '--out', out[format]]);
    if (r.status !== 0) throw new Error(`flagplan plan --format ${format} failed (${r.status}): ${r.stderr}`);
  }
  return out;
}

/** Starts a FlagFlow test server holding `exportData`; closed when the test ends. */
export async function server(t, exportData, options = {}) {
  const s = await startServer({
    exportData: structuredClone(exportData),
    lagMs: 300,
    users: [{ username: USER, password: PASSWORD, permissions: ['migration', 'flag-create'] }],
    ...options,
  });
  t.after(() => s.close());
  return s;
}

/** The environment a script sees: nothing of ours but what is given. */
export function scriptEnv(extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? os.tmpdir(),
    TMPDIR: os.tmpdir(),
    LANG: 'C.UTF-8',
    FLAGPLAN_VERIFY_SECONDS: '5',
    ...extra,
  };
}

/** Credentials for the server. */
export const login = (s) => ({ FLAGFLOW_URL: s.url, FLAGFLOW_USERNAME: USER, FLAGFLOW_PASSWORD: PASSWORD });

/**
 * Runs `bash script args` asynchronously (the server lives in this process)
 * and resolves {status, stdout, stderr}.
 */
export function bash(script, args = [], { env = scriptEnv(), cwd = path.dirname(script), input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bashPath, [script, ...args], { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => {}); // the script may exit before reading its input
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Lines of `text` without the empty last one. */
export const lines = (text) => text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);

/** Requests the scripts sent to the server (test control excluded), by path. */
export const sent = (s, p = '/ui-rpc/migration.execute') => s.requests.filter((r) => r.path === p);
