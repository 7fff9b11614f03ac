// `npm pack` makes web/ an installable package: the tarball holds the
// library, its types, the worker and the release build (nothing else), and
// installed into an empty folder it imports, plans the bundled examples
// exactly as the CLI does, and runs its worker.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { root, runCli, webDir } from './helpers.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'flagplan-pack-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

test('npm pack, install into an empty folder, import, plan the examples', { timeout: 180_000 }, () => {
  const packed = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', scratch], webDir));
  const files = packed[0].files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'README.md', 'dist/flagplan.js', 'dist/flagplan.wasm', 'index.d.ts', 'index.js',
    'lib/analyze.js', 'lib/environments.js', 'lib/errors.js', 'lib/input.js', 'lib/memory.js', 'lib/overview-parts.js', 'lib/pipeline.js',
    'lib/remote-session.js', 'lib/runtime.js', 'lib/session.js', 'lib/step-table.js', 'lib/tables.js', 'lib/warm-up.js',
    'lib/worker-client.js', 'package.json',
    'worker.js',
  ]);
  const tarball = path.join(scratch, packed[0].filename);

  const app = path.join(scratch, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run(npm, ['install', '--offline', '--no-audit', '--no-fund', tarball], app);

  const staging = path.join(root, 'examples', 'staging.json');
  const production = path.join(root, 'examples', 'production.json');
  fs.writeFileSync(path.join(app, 'plan.mjs'), `
    import fs from 'node:fs';
    import { init, planJson, PlanWorker } from 'flagplan';
    await init();
    const [source, target] = process.argv.slice(2);
    const input = (file) => ({ text: fs.readFileSync(file), label: file });
    const json = planJson(input(source), input(target), { includeValues: true });
    const worker = new PlanWorker();
    const session = await worker.analyze(input(source), input(target), { includeValues: true });
    if ((await session.analysisJson()) !== json) throw new Error('the worker disagrees');
    await session.delete();
    worker.terminate();
    process.stdout.write(json);
  `);
  for (const [source, target] of [[staging, production], [production, staging]]) {
    const json = run(process.execPath, ['plan.mjs', source, target], app);
    const cli = runCli(['plan', source, target, '--include-values', '--format', 'json']);
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(json, cli.stdout.toString('utf8'));
  }
});
