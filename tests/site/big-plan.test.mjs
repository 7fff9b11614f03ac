// A plan too big to read whole on the page's main thread: the page shows it
// from the engine's overview and step table, reads a step's changes (256 at a
// time) only when its row is expanded, and every feature still works on it.
// Also: the page itself loads no WebAssembly (the worker does), and it warms
// the engine up once it is ready.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { generatePair } from '../../bench/generate.mjs';
import { cliAnalysis, launch, loadFiles, open, readSteps, serve, stepRow } from './helpers.mjs';

// 1,500 flags per side: 591 steps, three pages of changes.
const dir = mkdtempSync(join(tmpdir(), 'flagplan-big-'));
const pair = generatePair(1500, 3);
const source = join(dir, 'staging-1500.json');
const target = join(dir, 'production-1500.json');
writeFileSync(source, pair.source);
writeFileSync(target, pair.target);
const cli = cliAnalysis([source, target]);

let server;
let browser;
let page;
let requests;
let errors;

before(async () => {
  server = await serve();
  browser = await launch();
  ({ page, requests, errors } = await open(browser.context, server.url));
  await page.waitForFunction(() => document.getElementById('app').dataset.engine === 'warm', null, { timeout: 60_000 });
  await loadFiles(page, source, target);
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the module is fetched once, by the worker; the page warmed the engine up', async () => {
  const wasm = requests.filter((url) => url.endsWith('/flagplan.wasm'));
  assert.equal(wasm.length, 1, `requests for the module: ${wasm.join(', ')}`);
  assert.equal(await page.evaluate(() => document.getElementById('app').dataset.engine), 'warm');
  assert.deepEqual(errors, []);
});

test('every step is listed as the CLI plans it', async () => {
  assert.equal(cli.steps.length, 591);
  const steps = await readSteps(page);
  assert.deepEqual(steps, cli.steps.map((s) => ({
    id: s.id, mode: s.mode, key: s.flagKey, indent: s.indent ?? 0, selected: s.selected,
  })));
  assert.equal(await page.textContent('#filter-count'), `${cli.steps.length} steps`);
});

test('expanding a step far down the plan reads its changes and shows each field', async () => {
  const step = cli.steps.slice(300).find((s) => s.changes.length >= 2 && s.changes.every((c) => typeof c.to !== 'object'));
  assert.ok(step, 'a step with two scalar changes past the first page');
  const row = await stepRow(page, step.id);
  await row.locator('button.expand').click();
  const detail = page.locator(`#step-detail-${step.id}`);
  await detail.waitFor();
  const fields = await detail.locator('.change .field').allTextContents();
  assert.deepEqual(fields, step.changes.map((c) => c.field));
  const to = await detail.locator('.change code.to').allTextContents();
  assert.equal(to.length, step.changes.length);
  await row.locator('button.expand').click();
  assert.equal(await page.locator(`#step-detail-${step.id}`).count(), 0);
});

test('a finding far down the plan reveals its step, expanded with its changes', async () => {
  const finding = cli.diagnostics.filter((d) => d.stepId > 300).at(-1);
  assert.ok(finding, 'a finding about a step past the first page');
  await page.evaluate(() => {
    for (;;) {
      const more = [...document.querySelectorAll('#findings-list button.link')].find((b) => /^Show/.test(b.textContent));
      if (!more) break;
      more.click();
    }
  });
  const button = page.locator('#findings-list button.finding')
    .filter({ has: page.locator('.step-ref', { hasText: new RegExp(`^#${finding.stepId}$`) }) })
    .filter({ has: page.locator('.code', { hasText: finding.code }) }).first();
  await button.click();
  const detail = page.locator(`#step-detail-${finding.stepId}`);
  await detail.waitFor();
  assert.equal(await detail.locator('.change').count(), cli.steps[finding.stepId - 1].changes.length);
  assert.match(await detail.textContent(), new RegExp(finding.code.replace('.', '\\.')));
});

test('select all and select none cover every step', async () => {
  await page.click('#select-all');
  await page.waitForFunction((n) => document.getElementById('selected-count').textContent === `${n.toLocaleString('en-US')} selected`,
    cli.steps.length);
  await page.click('#select-none');
  await page.waitForFunction(() => document.getElementById('selected-count').textContent === '0 selected');
});

test('the findings of unselected steps are drawn 50 at a time, with a button for the rest', async () => {
  // The page's own findings panel, given 120 findings of unselected steps.
  const shown = await page.evaluate(async () => {
    const { FindingsPanel } = await import('./js/findings.js');
    const box = document.createElement('div');
    document.body.append(box);
    const panel = new FindingsPanel(box, { stepFor: () => null, reveal: () => {} });
    const diagnostics = Array.from({ length: 120 }, (_, i) => ({
      severity: 'warning', code: 'risk.value_reset', message: `finding ${i}`, file: 'production.json', flagKey: `k/${i}`, stepId: i + 1,
    }));
    panel.set(diagnostics, { groups: [], unselectedFindingIndices: diagnostics.map((d, i) => i), errors: 0, warnings: 0, notes: 0 });
    const seen = () => [box.querySelectorAll('.unselected-findings li').length,
      [...box.querySelectorAll('.unselected-findings button.link')].map((b) => b.textContent)];
    const out = [seen()];
    box.querySelector('.unselected-findings button.link').click();
    out.push(seen());
    box.querySelector('.unselected-findings button.link').click();
    out.push(seen());
    box.remove();
    return out;
  });
  assert.deepEqual(shown, [
    [50, ['Show 50 more findings (70 hidden)']],
    [100, ['Show 20 more findings (20 hidden)']],
    [120, []],
  ]);
});
