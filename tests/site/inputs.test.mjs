// The other ways in: drag-and-drop, pasted JSON; and the same export on both
// sides (auto mode picks restore; "Nothing to migrate").
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cliAnalysis, dropFiles, examples, launch, open, readSteps, serve, waitReady } from './helpers.mjs';

const expected = (a) => a.steps.map((s) => ({ id: s.id, mode: s.mode, key: s.flagKey, indent: s.indent ?? 0, selected: s.selected }));
let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Drops a file (name, text) onto a card the way a browser does. */
const drop = (page, selector, name, text) => dropFiles(page, selector, [{ name, text }]);

test('dropping a file on each card loads it and plans, as the CLI does', async () => {
  const { page, errors } = await open(browser.context, server.url);
  await drop(page, '#target-card', 'production.json', readFileSync(join(examples, 'production.json'), 'utf8'));
  assert.match(await page.textContent('#target-status'), /production\.json.*dropped/);
  await drop(page, '#source-card', 'staging.json', readFileSync(join(examples, 'staging.json'), 'utf8'));
  await waitReady(page);
  assert.deepEqual(await readSteps(page), expected(cliAnalysis(['staging.json', 'production.json'])));
  assert.deepEqual(errors, []);
  await page.close();
});

test('pasted JSON on both sides: the same export twice is a restore with "Nothing to migrate"', async () => {
  const { page } = await open(browser.context, server.url);
  const text = readFileSync(join(examples, 'staging.json'), 'utf8');
  for (const side of ['source', 'target']) {
    await page.click(`#${side}-card summary`);
    await page.fill(`#${side}-paste`, text);
    await page.click(`#${side}-paste-use`);
  }
  await waitReady(page);
  assert.equal(await page.textContent('.mode-pill'), 'restore');
  assert.match(await page.textContent('#mode-auto-note'), /restore: same environment/);
  assert.equal(await page.isVisible('#nothing'), true);
  assert.match(await page.textContent('#nothing'), /^Nothing to migrate\. The target already matches the source: 43 flags compared\.$/);
  assert.match(await page.textContent('#summary'), /^0 steps/);
  // Forcing migration: the engine refuses two exports of one environment, and the page shows why.
  await page.check('input[name=mode][value=migration]');
  // The pill comes with the new analysis' steps; its findings follow after a paint ('ready').
  await page.waitForFunction(() => document.querySelector('.mode-pill')?.textContent === 'migration' &&
    document.getElementById('app').dataset.state === 'ready');
  assert.match(await page.textContent('#findings-list'), /environment\.same/);
  assert.match(await page.textContent('#summary'), /blocked/);
  await page.close();
});

test('pasted text that is not JSON: the error is at the top, naming the pasted export; no steps, no download', async () => {
  const { page } = await open(browser.context, server.url);
  await page.click('#source-card summary');
  await page.fill('#source-paste', '{"environment": "staging", "flags": ');
  await page.click('#source-paste-use');
  await page.setInputFiles('#target-file', join(examples, 'production.json'));
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'error');
  const problem = await page.textContent('#problem');
  assert.match(problem, /The source export could not be read/);
  assert.match(problem, /pasted-source\.json/);
  assert.match(problem, /line 1, column \d+: not valid JSON/);
  assert.equal(await page.isVisible('#review'), false);
  assert.equal(await page.locator('button[data-format]:visible').count(), 0);
  await page.close();
});

test('two 50 MB exports load with a progress indicator (bytes read, then planning)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flagplan-big-'));
  const filler = 'x'.repeat(25_000);
  const flags = {};
  for (let i = 0; i < 2000; i++) {
    flags[`big/flag_${i}`] = { description: `flag ${i} ${filler}`, type: 'BOOLEAN', defaultValue: false, isKillSwitch: false, valueExists: false, value: false };
  }
  const write = (name, environment) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify({ environment, version: '1.7.1', createdAt: '2026-11-21T10:33:08.799Z', flags }, null, 2));
    return path;
  };
  const source = write('staging-big.json', 'staging');
  flags['big/flag_7'].defaultValue = true;
  const target = write('production-big.json', 'production');
  assert.ok(statSync(source).size > 50e6);

  const { page, errors } = await open(browser.context, server.url);
  await page.evaluate(() => {
    window.progressSeen = [];
    new MutationObserver(() => {
      const text = document.getElementById('progress-text').textContent;
      if (text) window.progressSeen.push({ text, value: document.getElementById('progress-bar').value });
    }).observe(document.getElementById('progress-text'), { childList: true, characterData: true, subtree: true });
  });
  await page.setInputFiles('#target-file', target);
  await page.setInputFiles('#source-file', source);
  await waitReady(page);
  const seen = await page.evaluate(() => window.progressSeen);
  const reading = seen.filter((p) => p.text.startsWith('Reading the exports: '));
  assert.ok(reading.length >= 10, `reading progress shown in steps: ${JSON.stringify(seen.slice(0, 5))}`);
  // The target was read and checked as soon as it was loaded (alone): the analysis reads the source.
  assert.match(reading.at(-1).text, /of 50\.4 MB/);
  const values = reading.map((p) => p.value);
  assert.deepEqual(values, [...values].sort((a, b) => a - b), 'progress never goes back');
  assert.ok(seen.some((p) => p.text.startsWith('Validating and planning')));
  assert.equal(await page.isVisible('#progress'), false, 'the indicator goes away when done');
  assert.deepEqual(await readSteps(page), expected(cliAnalysis(['staging-big.json', 'production-big.json'], dir)));
  assert.deepEqual(errors, []);
  await page.close();
});
