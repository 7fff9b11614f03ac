#!/usr/bin/env node
// The benchmark: generates export pairs (bench/generate.mjs), then for each
// size runs the native engine (flagplan_bench), and in a separate node
// process node's JSON.parse and the wasm engine (bench/node_bench.mjs), all on
// the same bytes, and prints Markdown tables (docs/performance.md holds the
// latest) plus the targets of issue 7 with their verdicts.
//
//   node bench/run.mjs [--sizes 1000,10000,100000] [--runs 5] [--seed 1]
//                      [--native build/flagplan_bench] [--data build/bench-data]
//                      [--wasm-bench build/wasm-bench/flagplan_bench.js]
//                      [--no-wasm] [--json FILE]
//
// bench/run.sh builds what it needs and calls this; see docs/performance.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePair } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const opts = {
  sizes: [1000, 10000, 100000],
  runs: 5,
  seed: 1,
  native: join(root, 'build', 'flagplan_bench'),
  wasmBench: join(root, 'build', 'wasm-bench', 'flagplan_bench.js'),
  data: join(root, 'build', 'bench-data'),
  wasm: true,
  json: '',
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; ++i) {
  const a = argv[i];
  if (a === '--sizes') opts.sizes = argv[++i].split(',').map(Number);
  else if (a === '--runs') opts.runs = Number(argv[++i]);
  else if (a === '--seed') opts.seed = Number(argv[++i]);
  else if (a === '--native') opts.native = argv[++i];
  else if (a === '--wasm-bench') opts.wasmBench = argv[++i];
  else if (a === '--data') opts.data = argv[++i];
  else if (a === '--no-wasm') opts.wasm = false;
  else if (a === '--json') opts.json = argv[++i];
  else {
    process.stderr.write(`bench: unknown argument ${a}\n`);
    process.exit(2);
  }
}
if (opts.wasm && !existsSync(join(root, 'web', 'dist', 'flagplan.wasm'))) {
  process.stderr.write('bench: web/dist/flagplan.wasm is missing (bash scripts/build-wasm.sh); measuring without wasm\n');
  opts.wasm = false;
}
if (!existsSync(opts.native)) {
  process.stderr.write(`bench: ${opts.native} is missing (bash scripts/setup.sh builds build/flagplan_bench)\n`);
  process.exit(2);
}

const log = (m) => process.stderr.write(`bench: ${m}\n`);
mkdirSync(opts.data, { recursive: true });
const results = [];
for (const n of opts.sizes) {
  const source = join(opts.data, `staging-${n}-seed${opts.seed}.json`);
  const target = join(opts.data, `production-${n}-seed${opts.seed}.json`);
  if (!existsSync(source) || !existsSync(target)) {
    log(`generating ${n} flags per side (seed ${opts.seed})`);
    const pair = generatePair(n, opts.seed);
    writeFileSync(source, pair.source);
    writeFileSync(target, pair.target);
  }
  log(`${n} flags per side: native`);
  const native = JSON.parse(execFileSync(opts.native, [source, target, '--runs', String(opts.runs)],
    { encoding: 'utf8', maxBuffer: 1 << 20 }));
  log(`${n} flags per side: node (JSON.parse${opts.wasm ? ', wasm' : ''})`);
  const nodeArgs = [join(here, 'node_bench.mjs'), source, target, '--runs', String(opts.runs), '--format', native.format];
  if (!opts.wasm) nodeArgs.push('--no-wasm');
  const node = JSON.parse(execFileSync(process.execPath, nodeArgs, { encoding: 'utf8', maxBuffer: 1 << 20 }));
  let phases = null;
  if (opts.wasm && existsSync(opts.wasmBench)) {
    log(`${n} flags per side: wasm per phase (${opts.wasmBench})`);
    phases = JSON.parse(execFileSync(process.execPath, [opts.wasmBench, source, target, '--runs', String(opts.runs),
      '--format', native.format], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  }
  results.push({ flags: n, native, node, phases });
}

// ---- tables ----
const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const mb = (bytes) => (bytes / 1e6).toFixed(1);
const us = (msTotal, flags) => ((msTotal * 1000) / flags).toFixed(2);
const lines = [];
const row = (cells) => lines.push(`| ${cells.join(' | ')} |`);
lines.push(`Pairs from \`bench/generate.mjs --seed ${opts.seed}\`; median of ${opts.runs} runs; ` +
  `${cpus().length} cores (${cpus()[0] ? cpus()[0].model.trim() : 'unknown CPU'}), node ${process.version}. ` +
  'Times in ms; per flag = end to end / flags per side.');
lines.push('');
lines.push(`Native engine (\`flagplan_bench\`, render format \`${results[0].native.format}\`):`);
lines.push('');
row(['flags per side', 'MB per file', 'steps', 'parse', 'validate', 'plan', 'render', 'end to end', 'CPU', 'µs per flag', 'peak RSS MB']);
row(['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);
for (const { flags, native: r } of results)
  row([flags.toLocaleString('en-US'), mb((r.sourceBytes + r.targetBytes) / 2), r.steps, ms(r.ms.parse), ms(r.ms.validate),
    ms(r.ms.plan), ms(r.ms.render), ms(r.ms.endToEnd), ms(r.ms.cpuEndToEnd), us(r.ms.endToEnd, flags), (r.peakRssKiB / 1024).toFixed(0)]);
lines.push('');
if (results.every((r) => r.native.cpuMs)) {
  lines.push('Native process CPU time per phase (what the wall times above cost without waiting for a core):');
  lines.push('');
  row(['flags per side', 'parse', 'validate', 'plan', 'render', 'end to end', 'µs per flag']);
  row(['---:', '---:', '---:', '---:', '---:', '---:', '---:']);
  for (const { flags, native: r } of results)
    row([flags.toLocaleString('en-US'), ms(r.cpuMs.parse), ms(r.cpuMs.validate), ms(r.cpuMs.plan), ms(r.cpuMs.render),
      ms(r.ms.cpuEndToEnd), us(r.ms.cpuEndToEnd, flags)]);
  lines.push('');
}
lines.push(`Node: JSON.parse of both files${opts.wasm ? `, and the wasm module (web/dist) under node: analyze() = parse + validate + plan + select, render(\`${results[0].node.wasm?.format}\`)` : ''}:`);
lines.push('');
if (opts.wasm) {
  row(['flags per side', 'JSON.parse', 'wasm analyze', 'wasm render', 'wasm end to end', 'CPU', 'µs per flag', 'wasm heap MB', 'heap / input', 'wasm / JSON.parse', 'wasm / native']);
  row(['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);
  for (const { flags, native, node } of results) {
    const w = node.wasm;
    const input = node.sourceBytes + node.targetBytes;
    row([flags.toLocaleString('en-US'), ms(node.jsonParse.ms), ms(w.ms.analyze), ms(w.ms.render), ms(w.ms.endToEnd),
      ms(w.ms.cpuEndToEnd), us(w.ms.endToEnd, flags), mb(w.heapBytes), (w.heapBytes / input).toFixed(2),
      (w.ms.endToEnd / node.jsonParse.ms).toFixed(2), (w.ms.endToEnd / native.ms.endToEnd).toFixed(2)]);
  }
  if (results.some((r) => r.phases)) {
    lines.push('');
    lines.push('The wasm engine per phase (`bench/bench_native.cpp` built with em++ and the release module\'s flags, ' +
      'host RegExp; `bench/build-wasm-bench.sh`):');
    lines.push('');
    row(['flags per side', 'parse', 'validate', 'plan', 'render', 'end to end', 'µs per flag', 'heap MB']);
    row(['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);
    for (const { flags, phases: p } of results)
      if (p) row([flags.toLocaleString('en-US'), ms(p.ms.parse), ms(p.ms.validate), ms(p.ms.plan), ms(p.ms.render),
        ms(p.ms.endToEnd), us(p.ms.endToEnd, flags), (p.peakRssKiB / 1024).toFixed(0)]);
  }
} else {
  row(['flags per side', 'JSON.parse']);
  row(['---:', '---:']);
  for (const { flags, node } of results) row([flags.toLocaleString('en-US'), ms(node.jsonParse.ms)]);
}

// ---- targets (issue 7), judged on the largest size ----
const big = results[results.length - 1];
const verdict = (ok) => (ok ? 'met' : 'NOT met');
lines.push('');
lines.push(`Targets at ${big.flags.toLocaleString('en-US')} flags per side:`);
lines.push('');
if (opts.wasm) {
  const w = big.node.wasm;
  const input = big.node.sourceBytes + big.node.targetBytes;
  lines.push(`- wasm end to end ≤ 700 ms: ${ms(w.ms.endToEnd)} ms, ${verdict(w.ms.endToEnd <= 700)}`);
  lines.push(`- wasm ≤ 2.5 × JSON.parse: ${(w.ms.endToEnd / big.node.jsonParse.ms).toFixed(2)} ×, ${verdict(w.ms.endToEnd <= 2.5 * big.node.jsonParse.ms)}`);
  lines.push(`- wasm heap ≤ 4 × input: ${(w.heapBytes / input).toFixed(2)} ×, ${verdict(w.heapBytes <= 4 * input)}`);
}
// Linear growth: per-flag time at the largest size over the next smaller one
// (the smallest sizes carry fixed costs, so they are not compared).
if (results.length >= 2) {
  const [a, b] = results.slice(-2);
  const growth = (x, y) => (y / b.flags) / (x / a.flags);
  const g = growth(a.native.ms.endToEnd, b.native.ms.endToEnd);
  lines.push(`- linear growth, native per-flag time ${a.flags.toLocaleString('en-US')} → ${b.flags.toLocaleString('en-US')}: ` +
    `${g.toFixed(2)} ×, ${verdict(g <= 1.3)} (≤ 1.3 × counts as linear)`);
  if (opts.wasm) {
    const w = growth(a.node.wasm.ms.endToEnd, b.node.wasm.ms.endToEnd);
    lines.push(`- linear growth, wasm per-flag time: ${w.toFixed(2)} ×, ${verdict(w <= 1.3)}`);
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
if (opts.json) writeFileSync(opts.json, `${JSON.stringify({ opts, results }, null, 2)}\n`);
