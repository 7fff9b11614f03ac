#!/usr/bin/env node
// The benchmark: generates export pairs (bench/generate.mjs), then for each
// size runs the native engine (flagplan_bench), and in a separate node
// process node's JSON.parse and the wasm engine (bench/node_bench.mjs), all on
// the same bytes, and prints Markdown tables (docs/performance.md holds the
// latest) plus the goals of issue 19, each PASS or FALLS SHORT.
//
//   node bench/run.mjs [--sizes 1000,10000,100000] [--runs 5] [--seed 1]
//                      [--native build/flagplan_bench] [--data build/bench-data]
//                      [--wasm-bench build/wasm-bench/flagplan_bench.js]
//                      [--no-wasm] [--json FILE]
//
// bench/run.sh builds what it needs and calls this; see docs/performance.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
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
  // The CLI as a whole process (reading, writing, exit), --format json to /dev/null: median of the runs.
  let cli = null;
  const cliBin = join(dirname(opts.native), 'flagplan');
  if (existsSync(cliBin)) {
    log(`${n} flags per side: CLI process`);
    const times = [];
    for (let i = 0; i < opts.runs; ++i) {
      const t0 = process.hrtime.bigint();
      try {
        execFileSync(cliBin, ['plan', source, target, '--format', 'json', '--out', '/dev/null'], { stdio: 'ignore' });
      } catch (e) {
        if (e.status !== 1) throw e;  // 1 = the generated pair has errors: still a full run
      }
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((x, y) => x - y);
    cli = { ms: times[Math.floor(times.length / 2)], peakRssKiB: {} };
    // Its peak RSS (GNU time's %M, KiB), for the JSON and the apply script, when /usr/bin/time is there.
    if (existsSync('/usr/bin/time')) {
      for (const format of ['json', 'sh']) {
        const out = spawnSync('/usr/bin/time', ['-f', '%M', cliBin, 'plan', source, target, '--format', format, '--out', '/dev/null'],
          { encoding: 'utf8' });
        const kib = Number(out.stderr.trim().split('\n').at(-1));
        if (Number.isFinite(kib) && kib > 0) cli.peakRssKiB[format] = kib;
      }
    }
  }
  results.push({ flags: n, native, node, phases, cli });
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
row(['flags per side', 'MB per file', 'steps', 'parse', 'validate', 'plan', 'render', 'end to end', 'CPU', 'µs per flag', 'peak RSS MB', 'replan']);
row(['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);
for (const { flags, native: r } of results)
  row([flags.toLocaleString('en-US'), mb((r.sourceBytes + r.targetBytes) / 2), r.steps, ms(r.ms.parse), ms(r.ms.validate),
    ms(r.ms.plan), ms(r.ms.render), ms(r.ms.endToEnd), ms(r.ms.cpuEndToEnd), us(r.ms.endToEnd, flags), (r.peakRssKiB / 1024).toFixed(0),
    ms(r.ms.replan)]);
lines.push('');
lines.push('replan = the engine\'s replan() of that analysis with walk-stages toggled (a re-planning click\'s engine part; nothing parsed again).');
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
    row(['flags per side', 'parse', 'validate', 'plan', 'render', 'end to end', 'µs per flag', 'heap MB', 'replan']);
    row(['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);
    for (const { flags, phases: p } of results)
      if (p) row([flags.toLocaleString('en-US'), ms(p.ms.parse), ms(p.ms.validate), ms(p.ms.plan), ms(p.ms.render),
        ms(p.ms.endToEnd), us(p.ms.endToEnd, flags), (p.peakRssKiB / 1024).toFixed(0), ms(p.ms.replan)]);
  }
} else {
  row(['flags per side', 'JSON.parse']);
  row(['---:', '---:']);
  for (const { flags, node } of results) row([flags.toLocaleString('en-US'), ms(node.jsonParse.ms)]);
}

// ---- goals (issue 19), judged on the largest size: PASS or FALLS SHORT ----
const big = results[results.length - 1];
const verdict = (ok) => (ok ? 'PASS' : 'FALLS SHORT');
const goal = (name, figure, ratio, ok) => lines.push(`- ${name}: ${figure}${ratio ? `, ${ratio}` : ''} — ${verdict(ok)}`);
lines.push('');
lines.push(`Goals at ${big.flags.toLocaleString('en-US')} flags per side (issue 19; figures of this run):`);
lines.push('');
const input = big.node.sourceBytes + big.node.targetBytes;
if (opts.wasm) {
  const w = big.node.wasm;
  const r = w.ms.endToEnd / big.node.jsonParse.ms;
  const cpu = big.node.jsonParse.cpuMs ? `; CPU ${ms(w.ms.cpuEndToEnd)} vs ${ms(big.node.jsonParse.cpuMs)} ms, ` +
    `${(w.ms.cpuEndToEnd / big.node.jsonParse.cpuMs).toFixed(2)} ×` : '';
  goal('wasm end to end ≤ 1.5 × node\'s JSON.parse of the same texts', `${ms(w.ms.endToEnd)} ms vs ${ms(big.node.jsonParse.ms)} ms`,
    `${r.toFixed(2)} × (wall time${cpu})`, r <= 1.5);
  goal('wasm end to end ≤ 530 ms (3 × faster than FlagFlow\'s pipeline on the reference machine)', `${ms(w.ms.endToEnd)} ms`,
    `${(w.ms.endToEnd / 530).toFixed(2)} × the goal`, w.ms.endToEnd <= 530);
  const peak = w.heapBytes;
  goal('peak wasm heap ≤ 3 × the two inputs', `${mb(peak)} MB for ${mb(input)} MB`, `${(peak / input).toFixed(2)} ×`, peak <= 3 * input);
}
{
  // The CLI process (reads each export, checks it and frees its text, writes the output in parts) per format;
  // the engine benchmark's process also holds both texts for its repeated runs.
  for (const [format, kib] of Object.entries(big.cli?.peakRssKiB || {})) {
    const rss = kib * 1024;
    goal(`native peak RSS ≤ 4 × the two inputs: the CLI process, \`plan --format ${format}\``, `${mb(rss)} MB`, `${(rss / input).toFixed(2)} ×`, rss <= 4 * input);
  }
  const rss = big.native.peakRssKiB * 1024;
  goal('native peak RSS ≤ 4 × the two inputs: the engine benchmark (both texts held, renders `sh`)', `${mb(rss)} MB`, `${(rss / input).toFixed(2)} ×`, rss <= 4 * input);
}
if (big.cli) {
  const r = big.cli.ms / big.native.ms.endToEnd;
  goal('CLI `plan --format json` as a whole process ≤ 2 × the engine end to end', `${ms(big.cli.ms)} ms vs ${ms(big.native.ms.endToEnd)} ms`,
    `${r.toFixed(2)} ×`, r <= 2);
}
{
  const dist = join(root, 'web', 'dist');
  if (existsSync(join(dist, 'flagplan.wasm'))) {
    const bytes = statSync(join(dist, 'flagplan.wasm')).size + statSync(join(dist, 'flagplan.js')).size;
    goal('wasm + js ≤ 500 KiB uncompressed', `${(bytes / 1024).toFixed(1)} KiB`, '', bytes <= 500 * 1024);
  }
}
// Linear growth: per-flag time at the largest size over the next smaller one
// (the smallest sizes carry fixed costs, so they are not compared).
if (results.length >= 2) {
  const [a, b] = results.slice(-2);
  const growth = (x, y) => (y / b.flags) / (x / a.flags);
  const g = growth(a.native.ms.endToEnd, b.native.ms.endToEnd);
  goal(`linear growth, native per-flag time ${a.flags.toLocaleString('en-US')} → ${b.flags.toLocaleString('en-US')} (≤ 1.3 ×)`,
    `${g.toFixed(2)} ×`, '', g <= 1.3);
  if (opts.wasm) {
    const w = growth(a.node.wasm.ms.endToEnd, b.node.wasm.ms.endToEnd);
    goal('linear growth, wasm per-flag time (≤ 1.3 ×)', `${w.toFixed(2)} ×`, '', w <= 1.3);
  }
}
lines.push('');
lines.push('The page\'s goals (click to paint, long tasks) are in the browser section (bench/browser.mjs; bench/run.sh runs it next).');
process.stdout.write(`${lines.join('\n')}\n`);
if (opts.json) writeFileSync(opts.json, `${JSON.stringify({ opts, results }, null, 2)}\n`);
