#!/usr/bin/env node
// The node side of the benchmark, for one export pair, in its own process
// (so the heap figures belong to this pair alone). Prints one JSON object.
//
//   node bench/node_bench.mjs SOURCE TARGET [--runs N] [--format FORMAT] [--no-wasm]
//
// On the same bytes, already in memory (reading the files is not timed):
//   jsonParse   JSON.parse of both texts (decoded to strings beforehand): the
//               floor no JSON-based planner can beat (cpuMs: its CPU time)
//   wasm        the shipped module (web/dist via web/index.js), as a page or
//               node program uses it: analyze() = parse + validate + plan +
//               select of both exports (bytes copied into the module
//               included), render(FORMAT) = the apply script (`sh`, or `json`
//               when the registry has no `sh`), endToEnd = both, plus
//               delete(); cpuEndToEnd = node's CPU time for it (all threads);
//               analysisJson = the analysis JSON a page reads (reported, not
//               part of endToEnd)
// Reported: the median of N runs (default 5) in milliseconds; the wasm heap
// size after the runs (it only grows, so it is the peak) and the bytes malloc
// held at the peak of one run, and node's peak RSS.
import { readFileSync } from 'node:fs';
import { resourceUsage } from 'node:process';

const args = process.argv.slice(2);
const [sourcePath, targetPath] = args;
let runs = 5;
let format = '';
let wasmWanted = true;
for (let i = 2; i < args.length; ++i) {
  if (args[i] === '--runs') runs = Math.max(1, Number(args[++i]));
  else if (args[i] === '--format') format = args[++i];
  else if (args[i] === '--no-wasm') wasmWanted = false;
  else throw new Error(`node_bench: unknown argument ${args[i]}`);
}
if (!sourcePath || !targetPath) {
  process.stderr.write('usage: node bench/node_bench.mjs SOURCE TARGET [--runs N] [--format FORMAT] [--no-wasm]\n');
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const now = () => performance.now();

const sourceBytes = new Uint8Array(readFileSync(sourcePath));
const targetBytes = new Uint8Array(readFileSync(targetPath));
const sourceText = new TextDecoder().decode(sourceBytes);
const targetText = new TextDecoder().decode(targetBytes);
const out = { sourceBytes: sourceBytes.length, targetBytes: targetBytes.length, runs };

// ---- JSON.parse ----
const tParse = [];
const cParse = [];
let flags = 0;
for (let r = 0; r < runs; ++r) {
  const c0 = process.cpuUsage();
  const t0 = now();
  const a = JSON.parse(sourceText);
  const b = JSON.parse(targetText);
  tParse.push(now() - t0);
  const cpu = process.cpuUsage(c0);
  cParse.push((cpu.user + cpu.system) / 1000);
  flags = Object.keys(a.flags).length + Object.keys(b.flags).length;
}
// cpuMs: node's CPU time for it (all threads, as the wasm's cpuEndToEnd).
out.jsonParse = { ms: median(tParse), cpuMs: median(cParse), flags };

// ---- wasm ----
if (wasmWanted) {
  const lib = await import(new URL('../web/index.js', import.meta.url));
  await lib.init();
  if (!format) format = lib.renderers().some((r) => r.format === 'sh') ? 'sh' : 'json';
  const tAnalyze = [];
  const tRender = [];
  const tTotal = [];
  const tJson = [];
  const tCpu = [];
  let steps = 0;
  let outputBytes = 0;
  let blocked = null;
  let peakAllocated = 0;
  const heapBefore = lib.memoryStats().heapSize;
  for (let r = 0; r < runs; ++r) {
    const c0 = process.cpuUsage();
    const t0 = now();
    const session = lib.analyze({ text: sourceBytes, label: sourcePath }, { text: targetBytes, label: targetPath });
    const t1 = now();
    const rendered = session.render(format, { generatedAt: '2026-11-21T10:33:08Z' });
    const t2 = now();
    peakAllocated = Math.max(peakAllocated, lib.memoryStats().allocated);
    session.delete();
    const t3 = now();
    const cpu = process.cpuUsage(c0);
    tCpu.push((cpu.user + cpu.system) / 1000);
    tAnalyze.push(t1 - t0);
    tRender.push(t2 - t1);
    tTotal.push(t3 - t0);
    outputBytes = rendered.text.length;
    // The analysis JSON (what the page parses to list the steps), timed apart.
    const again = lib.analyze({ text: sourceBytes, label: sourcePath }, { text: targetBytes, label: targetPath });
    const t4 = now();
    const analysis = again.analysis();
    tJson.push(now() - t4);
    steps = analysis.steps.length;
    blocked = analysis.blocked;
    again.delete();
  }
  const stats = lib.memoryStats();
  out.wasm = {
    format,
    steps,
    blocked,
    outputChars: outputBytes,
    ms: { analyze: median(tAnalyze), render: median(tRender), endToEnd: median(tTotal), cpuEndToEnd: median(tCpu), analysisJson: median(tJson) },
    heapBytes: stats.heapSize,
    peakFootprintBytes: stats.peakFootprint,
    heapBytesAtStart: heapBefore,
    peakAllocatedBytes: peakAllocated,
    liveSessions: stats.liveSessions,
  };
}
out.nodePeakRssKiB = resourceUsage().maxRSS;
process.stdout.write(`${JSON.stringify(out)}\n`);
