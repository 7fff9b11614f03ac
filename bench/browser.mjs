#!/usr/bin/env node
// The browser section of the benchmark (issue 19): the built page
// (build-site/, scripts/build-site.sh) in headless Debian chromium through
// playwright-core (tests/site/helpers.mjs: never a downloaded browser). Prints
// Markdown and each goal with PASS or FALLS SHORT; numbers only, it fails on
// errors, never on slowness.
//
//   node bench/browser.mjs [--data build/bench-data] [--seed 1] [--sizes 10000,100000]
//                          [--big-flags 171000] [--runs 3] [--no-big] [--json FILE]
//
// What it measures, in the page (performance.now(), the page's own clock;
// each click once unmeasured first, then --runs times):
//   * click to paint, at each size: select and unselect a step, "Add value
//     steps", accept (and decline) a rename, toggle walk-stages, switch the
//     mode; from the click's event to the first frame painted after the
//     page shows the engine's answer (the status line for selection changes,
//     the page's flagplan:steps-painted mark for the others); the longest
//     main-thread task (PerformanceObserver 'longtask') during each;
//   * first rows after the drop: a 10k pair, the target loaded, the source
//     dropped on its card: from the drop event to the first painted frame
//     with step rows;
//   * the big pair (52 MB per side, --big-flags): from the file input's
//     change event to the first painted rows, every long task on the way, and
//     whether progress was shown while parsing (the page's #progress).
// The pairs come from bench/generate.mjs (seed 1, the files bench/run.mjs
// writes) with bench/generate.mjs's decorate(): some flags of the target
// renamed and some ENUM flags turned into migration stages, so the page has
// rename suggestions and stage walks to toggle.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decorate, generatePair } from './generate.mjs';
import { launch, open, repo, serve, siteDir } from '../tests/site/helpers.mjs';

const opts = {
  data: join(repo, 'build', 'bench-data'), seed: 1, sizes: [10000, 100000], bigFlags: 171000, runs: 3, big: true, json: '',
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; ++i) {
  const a = argv[i];
  if (a === '--data') opts.data = argv[++i];
  else if (a === '--seed') opts.seed = Number(argv[++i]);
  else if (a === '--sizes') opts.sizes = argv[++i].split(',').map(Number);
  else if (a === '--big-flags') opts.bigFlags = Number(argv[++i]);
  else if (a === '--runs') opts.runs = Number(argv[++i]);
  else if (a === '--no-big') opts.big = false;
  else if (a === '--json') opts.json = argv[++i];
  else {
    process.stderr.write(`bench browser: unknown argument ${a}\n`);
    process.exit(2);
  }
}
if (!existsSync(join(siteDir, 'index.html'))) {
  process.stderr.write(`bench browser: ${siteDir} is missing (bash scripts/build-site.sh)\n`);
  process.exit(2);
}
const log = (m) => process.stderr.write(`bench browser: ${m}\n`);

/** The decorated pair of `n` flags per side: {source, target} paths (written once). */
function pairFiles(n) {
  mkdirSync(opts.data, { recursive: true });
  const source = join(opts.data, `page-staging-${n}-seed${opts.seed}.json`);
  const target = join(opts.data, `page-production-${n}-seed${opts.seed}.json`);
  if (!existsSync(source) || !existsSync(target)) {
    log(`generating the page's pair of ${n} flags per side`);
    const pair = decorate(generatePair(n, opts.seed), opts.seed);
    writeFileSync(source, pair.source);
    writeFileSync(target, pair.target);
  }
  return { source, target, bytes: readFileSync(source).length };
}

// Installed in every page before its scripts: long tasks and what #progress showed.
const probe = () => {
  window.benchLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.benchLongTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* no long-task timing: reported as such */ }
  window.benchProgress = [];
  // The first frame after the frame painted next; and when the step list first has rows.
  window.benchFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  window.benchFirstRows = () => new Promise((resolve) => {
    const check = () => document.querySelector('#steps .step-row') && (observer.disconnect(), resolve(), true);
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true });
    check();
  });
  document.addEventListener('DOMContentLoaded', () => {
    const box = document.getElementById('progress');
    const text = document.getElementById('progress-text');
    const seen = () => {
      if (!box.hidden && text.textContent) window.benchProgress.push({ at: performance.now(), text: text.textContent });
    };
    new MutationObserver(seen).observe(box, { attributes: true, childList: true, subtree: true, characterData: true });
  });
};

/**
 * In the page: clicks `selector` and resolves with the time from the click
 * to the first frame painted after `kind`'s answer is shown, and the longest
 * task meanwhile. kind 'selection': the status line (#selection-status) is
 * written; 'analysis': a new flagplan:steps-painted mark (the page's own
 * "after the steps were painted").
 */
async function clickToPaint(page, selector, kind) {
  return page.evaluate(async ({ selector, kind }) => {
    const status = document.getElementById('selection-status');
    const painted = () => performance.getEntriesByName('flagplan:steps-painted');
    const marks = painted().length;
    status.textContent = '';
    const el = document.querySelector(selector);
    if (!el) throw new Error(`bench: no ${selector} on the page`);
    const frame = window.benchFrame;
    await frame();
    const longBefore = window.benchLongTasks.length;
    const t0 = performance.now();
    el.click();
    const shown = () => (kind === 'selection' ? status.textContent !== ''
      : painted().length > marks && document.getElementById('app').dataset.state === 'ready');
    // When the answer was in the DOM, before any frame: a selection's status
    // line written (seen by the observer's microtask), an analysis's
    // flagplan:steps-rendered mark.
    let inDom = 0;
    await new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`bench: ${selector} showed no answer in 120 s`)), 120_000);
      const check = () => {
        if (!shown()) return false;
        inDom = performance.now();
        clearTimeout(timeout);
        observer.disconnect();
        resolve();
        return true;
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      check();
    });
    let ms;
    if (kind === 'selection') {
      await frame();
      ms = performance.now() - t0;
    } else {
      ms = painted().at(-1).startTime - t0;
      inDom = performance.getEntriesByName('flagplan:steps-rendered').at(-1).startTime;
    }
    await frame();
    const longest = window.benchLongTasks.slice(longBefore).filter((t) => t.start >= t0)
      .reduce((m, t) => Math.max(m, t.ms), 0);
    return { ms, longest, domMs: inDom - t0 };
  }, { selector, kind });
}

/** The first step row whose checkbox is (un)checked, as a selector (scrolled into the list's top). */
async function stepBox(page, checked) {
  return page.evaluate((checked) => {
    const rows = [...document.querySelectorAll('#steps .step-row')]
      .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    const row = rows.find((r) => r.querySelector('input[type=checkbox]').checked === checked);
    if (!row) throw new Error(`bench: no ${checked ? 'selected' : 'unselected'} step row in view`);
    return `#steps .step-row[data-id="${row.dataset.id}"] input[type=checkbox]`;
  }, checked);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);
const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

const server = await serve();
const { context, close } = await launch();
await context.addInitScript(probe);
const results = { clicks: {}, drop: null, big: null };
try {
  // ---- click to paint at each size ----
  for (const n of opts.sizes) {
    const files = pairFiles(n);
    log(`${n} flags per side: loading the pair`);
    const { page } = await open(context, server.url);
    await page.setInputFiles('#target-file', files.target);
    await page.setInputFiles('#source-file', files.source);
    await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready', null, { timeout: 600_000 });
    await page.click('input[name=mode][value=migration]');
    await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready', null, { timeout: 600_000 });
    const hasRename = await page.$('#rename-0') !== null;
    const actions = [
      ['select a step', async () => clickToPaint(page, await stepBox(page, false), 'selection')],
      ['unselect a step', async () => clickToPaint(page, await stepBox(page, true), 'selection')],
      ['add value steps', async () => {
        const r = await clickToPaint(page, '#add-values', 'selection');
        await clickToPaint(page, '#undo', 'selection');
        return r;
      }],
      ['accept a rename', hasRename ? async () => {
        const r = await clickToPaint(page, '#rename-0', 'analysis');
        await clickToPaint(page, '#rename-0', 'analysis');  // declined again
        return r;
      } : null],
      ['toggle walk-stages', async () => clickToPaint(page, '#walk-stages', 'analysis')],
      ['switch mode', async () => {
        const r = await clickToPaint(page, 'input[name=mode][value=restore]', 'analysis');
        await clickToPaint(page, 'input[name=mode][value=migration]', 'analysis');
        return r;
      }],
    ];
    const sizeResults = {};
    for (const [name, run] of actions) {
      if (!run) {
        sizeResults[name] = null;
        continue;
      }
      log(`${n} flags per side: ${name}`);
      await run();  // once unmeasured: the code paths compiled and optimized, as after a few clicks
      await page.waitForTimeout(300);  // the page's own follow-up work (findings, summary refresh) done
      const times = [];
      for (let i = 0; i < opts.runs; ++i) times.push(await run());
      sizeResults[name] = { ms: median(times.map((t) => t.ms)), all: times.map((t) => t.ms), longest: max(times.map((t) => t.longest)),
        domMs: median(times.map((t) => t.domMs)) };
    }
    results.clicks[n] = sizeResults;
    // The page's frame interval (requestAnimationFrame to requestAnimationFrame): a painted answer comes at the earliest one frame after the click.
    results.frameMs ??= await page.evaluate(async () => {
      const stamps = [];
      await new Promise((resolve) => {
        const tick = (t) => (stamps.push(t), stamps.length < 31 ? requestAnimationFrame(tick) : resolve());
        requestAnimationFrame(tick);
      });
      const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
      return gaps[Math.floor(gaps.length / 2)];
    });
    await page.close();
  }

  // ---- first rows after the drop, 10k ----
  {
    const n = 10000;
    const files = pairFiles(n);
    const sourceText = readFileSync(files.source, 'utf8');
    const times = [];
    for (let i = 0; i < opts.runs; ++i) {
      log(`${n} flags per side: drop ${i + 1} of ${opts.runs}`);
      const { page } = await open(context, server.url);
      await page.waitForFunction(() => document.getElementById('app').dataset.engine === 'warm', null, { timeout: 60_000 });
      await page.setInputFiles('#target-file', files.target);
      await page.waitForFunction(() => /loaded|production/i.test(document.getElementById('target-status').textContent));
      times.push(await page.evaluate(async (text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], 'staging.json', { type: 'application/json' }));
        const card = document.getElementById('source-card');
        await window.benchFrame();
        const t0 = performance.now();
        for (const type of ['dragenter', 'dragover', 'drop']) {
          card.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
        }
        await window.benchFirstRows();
        await window.benchFrame();
        return performance.now() - t0;
      }, sourceText));
      await page.close();
    }
    results.drop = { flags: n, ms: median(times), all: times };
  }

  // ---- the big pair ----
  if (opts.big) {
    const files = pairFiles(opts.bigFlags);
    log(`${opts.bigFlags} flags per side (${(files.bytes / 1e6).toFixed(1)} MB): loading`);
    const runs = [];
    for (let i = 0; i < Math.max(1, Math.min(opts.runs, 2)); ++i) {
      const { page } = await open(context, server.url);
      await page.waitForFunction(() => document.getElementById('app').dataset.engine === 'warm', null, { timeout: 60_000 });
      await page.setInputFiles('#target-file', files.target);
      await page.waitForFunction(() => /loaded|production/i.test(document.getElementById('target-status').textContent), null, { timeout: 120_000 });
      await page.evaluate(() => {
        window.benchChange = null;
        document.getElementById('source-file').addEventListener('change', () => { window.benchChange = performance.now(); }, { capture: true, once: true });
        window.benchProgress.length = 0;
      });
      await page.setInputFiles('#source-file', files.source);
      const run = await page.evaluate(async () => {
        await window.benchFirstRows();
        await window.benchFrame();
        const rows = performance.now();
        await new Promise((resolve) => {
          const check = () => document.getElementById('app').dataset.state === 'ready' && (clearInterval(timer), resolve(), true);
          const timer = setInterval(check, 20);
        });
        await window.benchFrame();
        const t0 = window.benchChange;
        const tasks = window.benchLongTasks.filter((t) => t.start >= t0);
        const parsing = window.benchProgress.filter((p) => p.at >= t0 && p.at <= rows);
        return {
          rowsMs: rows - t0, readyMs: performance.now() - t0,
          longTasks: tasks.map((t) => t.ms), progress: [...new Set(parsing.map((p) => p.text.replace(/[\d.,]+ ?(%|[kMG]?B)/g, '#')))],
          progressUpdates: parsing.length,
        };
      });
      runs.push(run);
      await page.close();
    }
    results.big = { flags: opts.bigFlags, bytes: files.bytes, runs };
  }
} finally {
  await close();
  await server.close();
}

// ---- report ----
const lines = [];
const row = (cells) => lines.push(`| ${cells.join(' | ')} |`);
const verdict = (ok) => (ok ? 'PASS' : 'FALLS SHORT');
const goal = (name, figure, ok) => lines.push(`- ${name}: ${figure} — ${verdict(ok)}`);
lines.push(`Browser: the built page (${siteDir.replace(`${repo}/`, '')}) in headless chromium, through the worker; ` +
  `median of ${opts.runs} runs, ms from the event to the first frame painted after the page shows the answer; ` +
  'longest = the longest main-thread task meanwhile (PerformanceObserver longtask, 0 = none over 50 ms); ' +
  'in the DOM = when the page had written the answer, before the frame that paints it' +
  `${results.frameMs ? ` (frames come every ${ms(results.frameMs)} ms here, so a click painted in the next frame takes between one frame and one frame plus its paint)` : ''}.`);
lines.push('');
const sized = (label) => opts.sizes.map((n) => `${label} ${n.toLocaleString('en-US')}`);
row(['click', ...opts.sizes.map((n) => `${n.toLocaleString('en-US')} flags per side`), ...sized('in the DOM'), ...sized('longest task')]);
row(['---', ...opts.sizes.map(() => '---:'), ...opts.sizes.map(() => '---:'), ...opts.sizes.map(() => '---:')]);
const names = Object.keys(results.clicks[opts.sizes[0]] || {});
for (const name of names) {
  const cells = opts.sizes.map((n) => results.clicks[n][name]);
  row([name, ...cells.map((c) => (c ? ms(c.ms) : 'no rename suggestion')), ...cells.map((c) => (c ? ms(c.domMs) : '—')),
    ...cells.map((c) => (c ? ms(c.longest) : '—'))]);
}
lines.push('');
lines.push('Browser goals (issue 19):');
lines.push('');
const limits = { 10000: 16, 100000: 150 };
for (const n of opts.sizes) {
  const limit = limits[n];
  if (!limit) continue;
  for (const name of names) {
    const c = results.clicks[n][name];
    if (!c) {
      goal(`click to paint ≤ ${limit} ms at ${n.toLocaleString('en-US')}: ${name}`, 'not measured (the pair has no rename suggestion)', false);
      continue;
    }
    goal(`click to paint ≤ ${limit} ms at ${n.toLocaleString('en-US')}: ${name}`, `${ms(c.ms)} ms (runs ${c.all.map(ms).join(', ')})`, c.ms <= limit);
  }
}
if (results.drop) {
  goal('first rows ≤ 200 ms after the drop (10,000 flags per side)', `${ms(results.drop.ms)} ms (runs ${results.drop.all.map(ms).join(', ')})`,
    results.drop.ms <= 200);
}
if (results.big) {
  const b = results.big;
  const rows = median(b.runs.map((r) => r.rowsMs));
  const longest = max(b.runs.map((r) => max([0, ...r.longTasks])));
  const count = max(b.runs.map((r) => r.longTasks.length));
  const mb = (b.bytes / 1e6).toFixed(1);
  goal(`a ${mb} MB-per-side pair (${b.flags.toLocaleString('en-US')} flags) paints ≤ 2.5 s`,
    `${ms(rows)} ms to the first rows (runs ${b.runs.map((r) => ms(r.rowsMs)).join(', ')}; ready ${b.runs.map((r) => ms(r.readyMs)).join(', ')})`, rows <= 2500);
  goal('no main-thread task over 50 ms while it loads', `${count} long tasks, the longest ${ms(longest)} ms`, count === 0);
  const shown = b.runs.every((r) => r.progress.some((t) => /Reading|Validating|planning/i.test(t)));
  goal('progress shown while parsing', `${b.runs.map((r) => `${r.progressUpdates} updates: ${r.progress.slice(0, 4).join(' / ')}`).join('; ')}`, shown);
}
process.stdout.write(`${lines.join('\n')}\n`);
if (opts.json) writeFileSync(opts.json, `${JSON.stringify({ opts, results }, null, 2)}\n`);
