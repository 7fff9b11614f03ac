// Benchmark (not a test): sizes of the built module and how fast it plans,
// next to the native CLI. Prints numbers; asserts nothing.
//   node tests/web/bench.mjs [dist directory, default web/dist]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { cliPath, root } from './helpers.mjs';

const dist = path.resolve(process.argv[2] ?? path.join(root, 'web', 'dist'));
const { default: createFlagplanModule } = await import(path.join(dist, 'flagplan.js'));
const wasm = await createFlagplanModule({ wasmBinary: fs.readFileSync(path.join(dist, 'flagplan.wasm')) });

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
let total = 0;
for (const name of ['flagplan.js', 'flagplan.wasm']) {
  const bytes = fs.readFileSync(path.join(dist, name));
  total += bytes.length;
  console.log(`${name.padEnd(14)} ${String(bytes.length).padStart(8)} B  ${kib(bytes.length).padStart(10)}` +
    `   gzip -9 ${kib(zlib.gzipSync(bytes, { level: 9 }).length)}`);
}
console.log(`${'together'.padEnd(14)} ${String(total).padStart(8)} B  ${kib(total).padStart(10)}`);

function time(label, runs, body) {
  body(); // warm-up
  const started = performance.now();
  for (let i = 0; i < runs; ++i) body();
  const ms = (performance.now() - started) / runs;
  console.log(`${label}: ${ms.toFixed(2)} ms`);
  return ms;
}

const staging = fs.readFileSync(path.join(root, 'examples', 'staging.json'));
const production = fs.readFileSync(path.join(root, 'examples', 'production.json'));
time('wasm: analyze the examples + analysis JSON (mean of 200)', 200, () => {
  const s = new wasm.Session(staging, 's', production, 't', '{"includeValues":true}');
  s.analysisJson();
  s.delete();
});

/** A synthetic export with `count` flags of all kinds but OBJECT. */
function synthetic(environment, count, seed) {
  const flags = {};
  for (let i = 0; i < count; ++i) {
    const key = `bench/group_${i % 97}/flag_${i}`;
    switch (i % 4) {
      case 0: flags[key] = { description: `flag ${i}`, type: 'BOOLEAN', defaultValue: false, isKillSwitch: false, valueExists: i % seed === 0, value: true }; break;
      case 1: flags[key] = { description: `flag ${i}`, type: 'INTEGER', defaultValue: 5, minValue: 0, maxValue: 10 + (i % seed), valueExists: true, value: (i * seed) % 10 }; break;
      case 2: flags[key] = { description: `flag ${i}`, type: 'STRING', defaultValue: 'abc', maxLength: 0, regExp: '^[a-z]+$', valueExists: i % seed === 0, value: 'xyz' }; break;
      default: flags[key] = { description: `flag ${i}`, type: 'ENUM', defaultValue: 'off', enumValues: ['off', 'on', i % seed ? 'x' : 'y'], allowEmpty: false, valueExists: true, value: 'on' };
    }
  }
  return JSON.stringify({ environment, version: '1.7.1', createdAt: '2026-11-21T10:33:08.799Z', flags }, null, 2);
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'flagplan-bench-'));
try {
  const source = path.join(scratch, 'source.json');
  const target = path.join(scratch, 'target.json');
  fs.writeFileSync(source, synthetic('staging', 20000, 7));
  fs.writeFileSync(target, synthetic('production', 20000, 5));
  const bytes = [fs.readFileSync(source), fs.readFileSync(target)];
  const mb = ((bytes[0].length + bytes[1].length) / 1e6).toFixed(1);
  time(`wasm: analyze two 20,000-flag exports (${mb} MB) + analysis JSON (mean of 3)`, 3, () => {
    const s = new wasm.Session(bytes[0], 's', bytes[1], 't', '{"includeValues":true}');
    s.analysisJson();
    s.delete();
  });
  if (fs.existsSync(cliPath)) {
    time('native CLI: the same, as a process, --format json (mean of 3)', 3, () => {
      spawnSync(cliPath, ['plan', source, target, '--include-values', '--format', 'json'], { maxBuffer: 1 << 28 });
    });
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
