// Issue 18: the promotion pipeline through the JS library and the worker is
// the CLI's `flagplan pipeline --format json`, byte for byte, on three
// exports built from the bundled ones (a stage flag ahead in production).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { expectCode, loadLibrary, readBytes, runCli } from './helpers.mjs';

const lib = await loadLibrary();

/** dev (staging renamed), staging, production with infra/db_migration/stage at `live` (staging: `shadow`). */
function threeExports() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flagplan-pipeline-'));
  const dev = JSON.parse(readBytes('examples/staging.json').toString('utf8'));
  dev.environment = 'dev';
  const production = JSON.parse(readBytes('examples/production.json').toString('utf8'));
  Object.assign(production.flags['infra/db_migration/stage'], { valueExists: true, value: 'live' });
  const files = [path.join(dir, 'dev.json'), 'examples/staging.json', path.join(dir, 'production.json')];
  fs.writeFileSync(files[0], JSON.stringify(dev, null, 2));
  fs.writeFileSync(files[2], JSON.stringify(production, null, 2));
  const text = (file) => (path.isAbsolute(file) ? fs.readFileSync(file) : readBytes(file));
  return { dir, files, inputs: files.map((file) => ({ text: text(file), label: file })) };
}

test('pipelineJson() is `flagplan pipeline --format json`, byte for byte, with the stage.ahead finding', () => {
  const { dir, files, inputs } = threeExports();
  try {
    const cli = runCli(['pipeline', ...files, '--format', 'json']);
    assert.equal(cli.status, 0, cli.stderr);
    const json = lib.pipelineJson(inputs);
    assert.equal(json, cli.stdout.toString('utf8'));
    const p = lib.pipeline(inputs);
    assert.deepEqual(p.environments.map((e) => e.environment), ['dev', 'staging', 'production']);
    assert.deepEqual(p.diagnostics.map((d) => `${d.severity} ${d.code} ${d.flagKey}`), ['warning stage.ahead infra/db_migration/stage']);
    const stage = p.flags.find((f) => f.flagKey === 'infra/db_migration/stage');
    assert.deepEqual(stage.cells.map((c) => [c.stage, c.changes]), [['shadow', []], ['shadow', []], ['live', ['value']]]);
    assert.equal(p.hops.length, 2);
    assert.equal(p.hops[0].plan, 'Plan: 0 to create, 0 to update, 0 values to set, 0 to delete (0 of 0 steps selected).');
    assert.equal(p.hops[1].plan, JSON.parse(runCli(['plan', files[1], files[2], '--format', 'json']).stdout).summary.planLine);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("order 'environment' takes dropped exports in the promotion order of their environment names", () => {
  const { dir, files, inputs } = threeExports();
  try {
    const dropped = [inputs[2], inputs[0], inputs[1]];
    assert.deepEqual(lib.pipeline(dropped).environments.map((e) => e.environment), ['production', 'dev', 'staging']);
    assert.equal(lib.pipelineJson(dropped, { order: 'environment' }), runCli(['pipeline', ...files, '--format', 'json']).stdout.toString('utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the worker answers pipeline() the same, Blobs included', async () => {
  const { dir, inputs } = threeExports();
  const worker = new lib.PlanWorker();
  try {
    const blobs = inputs.map((input) => ({ text: new Blob([input.text]), label: input.label }));
    assert.deepEqual(await worker.pipeline(blobs), lib.pipeline(inputs));
    await assert.rejects(worker.pipeline([inputs[0]]), expectCode('INVALID_ARGUMENT', /2 to 8 exports/));
  } finally {
    worker.terminate();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('pipeline() refuses what is not 2 to 8 exports, and unknown options', () => {
  const one = { text: readBytes('examples/staging.json'), label: 'staging.json' };
  assert.throws(() => lib.pipeline([one]), expectCode('INVALID_ARGUMENT', /^pipeline\(exports\) takes an array of 2 to 8 exports in promotion order, not 1$/));
  assert.throws(() => lib.pipeline(Array(9).fill(one)), expectCode('INVALID_ARGUMENT', /not 9$/));
  assert.throws(() => lib.pipeline('x'), expectCode('INVALID_ARGUMENT', /not string$/));
  assert.throws(() => lib.pipeline([one, 3]), expectCode('INVALID_ARGUMENT', /^exports\[1\] must be/));
  assert.throws(() => lib.pipeline([one, one], { order: 'name' }), expectCode('INVALID_ARGUMENT', /options.order/));
  assert.throws(() => lib.pipeline([one, one], { sort: true }), expectCode('INVALID_ARGUMENT', /unknown pipeline option `sort`/));
});
