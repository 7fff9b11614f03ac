#!/usr/bin/env node
// Benchmark (prints numbers; not a test): time from handing a generated
// export pair to the page's file inputs until the first steps are rendered,
// in headless Debian chromium; and, for big plans, how scrolling the step list
// behaves (frame times while scrolling through it).
//
//   node tests/site/bench-load.mjs [--flags 10000 | --pair NAME] [--dir DIR] [--runs 3] [--scroll] [--cold]
//
// Each run opens the page afresh and, unless --cold, waits until the page
// has warmed the engine up (as a person choosing files gives it time to).
//
// The pair comes from bench/generate.mjs (deterministic, seed 1), written to
// DIR (default build-f/bench/) when it is not there yet. The page is
// build-site/ (scripts/build-site.sh; FLAGPLAN_SITE_DIR=DIR another build).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch, open, repo, serve } from './helpers.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const flags = Number(opt('flags', '10000'));
const runs = Number(opt('runs', '3'));
const scroll = args.includes('--scroll');
const cold = args.includes('--cold');

// --pair NAME uses DIR/{staging,production}-NAME.json as they are.
const pair = opt('pair', String(flags));
const dir = resolve(repo, opt('dir', join('build-f', 'bench')));
const source = join(dir, `staging-${pair}.json`);
const target = join(dir, `production-${pair}.json`);
if (!existsSync(source) || !existsSync(target)) {
  mkdirSync(dir, { recursive: true });
  execFileSync('node', [join(repo, 'bench', 'generate.mjs'), '--flags', String(flags), '--seed', '1', '--out', dir], { stdio: 'inherit' });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await serve();
const { context, close } = await launch();
try {
  const wall = [];
  const inPage = [];
  const painted = [];
  const phases = [];
  const gaps = [];
  let stepCount = 0;
  for (let run = 0; run < runs; run++) {
    const { page } = await open(context, server.url);
    // The page warms the engine up once it is ready (PlanWorker.warmUp());
    // a person takes longer than that to pick two files. --cold skips the wait.
    if (!cold) await page.waitForFunction(() => document.getElementById('app').dataset.engine === 'warm', null, { timeout: 60_000 });
    await page.setInputFiles('#target-file', target);
    // The longest gap between two timer ticks on the page's main thread while it loads.
    await page.evaluate(() => {
      window.benchGap = 0;
      let last = performance.now();
      window.benchProbe = setInterval(() => {
        const now = performance.now();
        window.benchGap = Math.max(window.benchGap, now - last);
        last = now;
      }, 10);
    });
    const t0 = Date.now();
    await page.setInputFiles('#source-file', source);
    await page.waitForSelector('.step-row', { timeout: 600_000 });
    wall.push(Date.now() - t0);
    await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready');
    inPage.push(await page.evaluate(() => performance.getEntriesByName('flagplan:load-to-steps').at(-1).duration));
    painted.push(await page.evaluate(() => performance.getEntriesByName('flagplan:steps-painted').at(-1).startTime -
      performance.getEntriesByName('flagplan:analyze-start').at(-1).startTime));
    phases.push(await page.evaluate(() => {
      const at = (name) => performance.getEntriesByName(name).at(-1)?.startTime;
      const [start, reading, planning, rendering, overview, table, received, rendered] = ['flagplan:analyze-start',
        'flagplan:phase-reading', 'flagplan:phase-planning', 'flagplan:phase-rendering', 'flagplan:overview-parsed',
        'flagplan:table-received', 'flagplan:analysis-parsed', 'flagplan:steps-rendered'].map(at);
      return {
        'to the worker': reading - start,
        'reading the files (worker)': planning - reading,
        'engine analyze (worker)': rendering - planning,
        'overview JSON + transfer + parse': overview - rendering,
        'step table (worker + transfer)': table - overview,
        'page render': rendered - received,
      };
    }));
    stepCount = await page.evaluate(() => document.getElementById('filter-count').textContent);
    gaps.push(await page.evaluate(() => {
      clearInterval(window.benchProbe);
      return window.benchGap;
    }));
    if (scroll && run === runs - 1) {
      const frames = await page.evaluate(async () => {
        const viewport = document.getElementById('steps');
        const times = [];
        const stats = viewport.flagplanStats;
        const before = { renders: stats.renders, ms: stats.ms };
        stats.maxMs = 0;
        let last = performance.now();
        const step = Math.max(300, Math.floor(viewport.scrollHeight / 400));
        for (let i = 0; i < 400; i++) {
          viewport.scrollTop += step;
          await new Promise((r) => requestAnimationFrame(r));
          const now = performance.now();
          times.push(now - last);
          last = now;
        }
        return {
          times, rows: viewport.querySelectorAll('.row').length, height: viewport.scrollHeight,
          renders: stats.renders - before.renders, renderMs: stats.ms - before.ms, renderMax: stats.maxMs,
        };
      });
      const t = frames.times.sort((a, b) => a - b);
      console.log(`scroll: 400 frames through ${frames.height} px, ${frames.rows} rows in the DOM; frame time p50 ${t[200].toFixed(1)} ms, p95 ${t[380].toFixed(1)} ms, max ${t[399].toFixed(1)} ms; ` +
        `the list's own render(): ${frames.renders} calls, mean ${(frames.renderMs / Math.max(1, frames.renders)).toFixed(2)} ms, max ${frames.renderMax.toFixed(1)} ms`);
    }
    await page.close();
  }
  console.log(`pair: ${source.replace(repo + '/', '')} -> ${target.replace(repo + '/', '')} (${stepCount})`);
  console.log(`file inputs set -> first step rows rendered (wall, playwright): ${wall.join(', ')} ms; median ${median(wall)} ms`);
  console.log(`longest main-thread stall while loading (10 ms timer probe): ${gaps.map((g) => g.toFixed(0)).join(', ')} ms`);
  console.log(`last run by phase: ${Object.entries(phases.at(-1)).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}`);
  console.log(`analysis start (the file input's change event) -> steps rendered (performance.measure in the page): ${inPage.map((x) => x.toFixed(0)).join(', ')} ms; median ${median(inPage).toFixed(0)} ms`);
  console.log(`analysis start -> the frame after the steps were painted: ${painted.map((x) => x.toFixed(0)).join(', ')} ms; median ${median(painted).toFixed(0)} ms`);
} finally {
  await close();
  await server.close();
}
