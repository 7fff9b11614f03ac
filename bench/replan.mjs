#!/usr/bin/env node
// Accepting rename suggestions: a full analysis of the exports again (what
// the page did before: read, parse, validate and plan both files) against
// PlanSession.replan() (the session keeps the parsed exports and plans again
// from them). On a generated pair with many rename suggestions: the bench
// pair of --flags flags per side (bench/generate.mjs), with --renames of the
// source's flags that are equal in both moved to a new key (`moved/<key>`),
// so each is a DELETE + CREATE_DEFAULTVALUE pair the engine suggests as a
// rename. Prints the medians in milliseconds: in this thread (analyze() of
// the texts vs replan()), and as the page does it, through a PlanWorker
// with the exports as Blobs (a new analysis reads them in the worker again)
// up to the step table the page lists.
//
//   node bench/replan.mjs [--flags 10000] [--renames 2000] [--runs 5]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlanWorker, analyze, init } from '../web/index.js';

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const flags = option('flags', 10000);
const renames = option('renames', 2000);
const runs = option('runs', 5);
const here = dirname(fileURLToPath(import.meta.url));
const dir = join(tmpdir(), 'flagplan-bench');
mkdirSync(dir, { recursive: true });
const sourcePath = join(dir, `staging-${flags}.json`);
if (!existsSync(sourcePath)) execFileSync('node', [join(here, 'generate.mjs'), '--flags', String(flags), '--seed', '1', '--out', dir]);
const source = JSON.parse(readFileSync(sourcePath, 'utf8'));
const target = JSON.parse(readFileSync(join(dir, `production-${flags}.json`), 'utf8'));
let moved = 0;
const renamed = {};
for (const [key, flag] of Object.entries(source.flags)) {
  if (moved < renames && JSON.stringify(flag) === JSON.stringify(target.flags[key])) {
    renamed[`moved/${key}`] = flag;
    moved++;
  } else renamed[key] = flag;
}
source.flags = renamed;
const sourceText = JSON.stringify(source, null, 2);
const targetText = JSON.stringify(target, null, 2);

await init();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => {
  const start = performance.now();
  f();
  return performance.now() - start;
};
const session = analyze(sourceText, targetText);
const suggestions = session.overview().renames.length;
const full = [];
const replan = [];
for (let i = 0; i < runs; i++) {
  full.push(time(() => {
    const s = analyze(sourceText, targetText, { renames: true });
    s.overview();
    s.delete();
  }));
  replan.push(time(() => {
    session.replan({ renames: true });
    session.overview();
  }));
  session.replan({});
}
// Through the worker, as the page: the exports are Blobs read in the worker.
const worker = new PlanWorker();
await worker.ready();
const blobs = [new Blob([sourceText]), new Blob([targetText])];
const remote = await worker.analyze(blobs[0], blobs[1]);
const workerFull = [];
const workerReplan = [];
for (let i = 0; i < runs; i++) {
  let start = performance.now();
  const s = await worker.analyze(blobs[0], blobs[1], { renames: true });
  await s.stepTable();
  workerFull.push(performance.now() - start);
  await s.delete();
  start = performance.now();
  await remote.replan({ renames: true });
  await remote.stepTable();
  workerReplan.push(performance.now() - start);
  await remote.replan({});
}
await remote.delete();
worker.terminate();

const check = analyze(sourceText, targetText, { renames: true });
const same = check.analysisJson() === (session.replan({ renames: true }), session.analysisJson());
check.delete();
session.delete();
console.log(JSON.stringify({
  flagsPerSide: flags, renameSuggestions: suggestions, runs,
  fullAnalysisMs: Number(median(full).toFixed(1)), replanMs: Number(median(replan).toFixed(1)),
  workerFullAnalysisMs: Number(median(workerFull).toFixed(1)), workerReplanMs: Number(median(workerReplan).toFixed(1)),
  sameAnalysis: same,
}));
