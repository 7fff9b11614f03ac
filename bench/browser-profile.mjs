#!/usr/bin/env node
// Where the page's main thread spends a click or a load: a CPU profile of the
// page (Chromium's sampling profiler over CDP), summed by function, self
// time in ms ("(program)" is the browser's own work: layout, style, message
// decoding; layout forced by a script is counted to that script).
//
//   node bench/browser-profile.mjs --flags 100000 --load          # the load of the pair
//   node bench/browser-profile.mjs --flags 100000 --click '#walk-stages'
//   node bench/browser-profile.mjs --flags 10000 --click step     # an unselected step's checkbox
//   node bench/browser-profile.mjs --flags 100000 --hand --click '#rename-0'  # after a step selected by hand
//                                  (a re-plan then restores the hand-made selection, as in bench/browser.mjs)
//
// The pair is bench/browser.mjs's (build/bench-data/page-*-N-seed1.json:
// run bench/browser.mjs once first); the page is build-site/.
import { join } from 'node:path';
import { launch, open, repo, serve } from '../tests/site/helpers.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const flags = opt('flags', '10000');
const click = opt('click', null);
const hand = args.includes('--hand');
const dir = opt('data', join(repo, 'build', 'bench-data'));
const source = join(dir, `page-staging-${flags}-seed1.json`);
const target = join(dir, `page-production-${flags}-seed1.json`);
const ready = (page) => page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready', null, { timeout: 600_000 });

const server = await serve();
const { context, close } = await launch();
try {
  const { page } = await open(context, server.url);
  await page.waitForFunction(() => document.getElementById('app').dataset.engine === 'warm', null, { timeout: 60_000 });
  await page.setInputFiles('#target-file', target);
  if (click) {
    await page.setInputFiles('#source-file', source);
    await ready(page);
    await page.waitForTimeout(500);
  } else {
    await page.waitForTimeout(1000);
  }
  if (hand) {
    await page.evaluate(() => {
      const row = [...document.querySelectorAll('#steps .step-row')].find((r) => !r.querySelector('input').checked);
      document.getElementById('selection-status').textContent = '';
      row.querySelector('input').click();
    });
    await page.waitForFunction(() => document.getElementById('selection-status').textContent !== '');
    await page.waitForTimeout(500);
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const selector = click !== 'step' ? click : await page.evaluate(() => {
    const row = [...document.querySelectorAll('#steps .step-row')].find((r) => !r.querySelector('input').checked);
    return `#steps .step-row[data-id="${row.dataset.id}"] input[type=checkbox]`;
  });
  await cdp.send('Profiler.start');
  const started = Date.now();
  if (click) {
    await page.evaluate((sel) => {
      document.getElementById('selection-status').textContent = '';
      window.benchPainted = performance.getEntriesByName('flagplan:steps-painted').length;
      document.querySelector(sel).click();
    }, selector);
    await page.waitForFunction(() => document.getElementById('selection-status').textContent !== '' ||
      performance.getEntriesByName('flagplan:steps-painted').length > window.benchPainted, null, { timeout: 600_000 });
    await ready(page);
  } else {
    await page.setInputFiles('#source-file', source);
    await ready(page);
  }
  const wall = Date.now() - started;
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${url.split('/').pop()}:${lineNumber + 1}` : ''}`.trim();
    self.set(key, (self.get(key) || 0) + (profile.timeDeltas[i] || 0) / 1000);
  });
  console.log(`${click ? `click ${selector}` : 'load'} at ${flags} flags per side: ${wall} ms (wall, playwright); main-thread self time, ms:`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${ms.toFixed(1).padStart(9)}  ${key}`);
} finally {
  await close();
  await server.close();
}
