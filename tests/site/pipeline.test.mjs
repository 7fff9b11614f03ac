// Issue 18: three exports picked (or dropped) at once show the engine's
// pipeline matrix, as `flagplan pipeline --format json` has it: every flag
// key × environment, the marks where an environment differs from the one
// before, the stage flag's stage per environment, the stage.ahead finding,
// each hop's Plan: line; a hop's button opens the usual review of that hop.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { cliAnalysis, dropFiles, examples, open, outputDir, readSteps, runCli, useSite, waitReady } from './helpers.mjs';

const site = useSite();
const dir = mkdtempSync(join(tmpdir(), 'flagplan-site-pipeline-'));
const stageKey = 'infra/db_migration/stage';
let cli;

before(() => {
  // dev: staging a stage ahead (rampdown) with checkout/new_flow off;
  // staging as bundled (shadow); production ahead of staging (live).
  const dev = JSON.parse(readFileSync(join(examples, 'staging.json'), 'utf8'));
  dev.environment = 'dev';
  Object.assign(dev.flags[stageKey], { valueExists: true, value: 'rampdown' });
  Object.assign(dev.flags['checkout/new_flow'], { valueExists: true, value: false });
  const production = JSON.parse(readFileSync(join(examples, 'production.json'), 'utf8'));
  Object.assign(production.flags[stageKey], { valueExists: true, value: 'live' });
  writeFileSync(join(dir, 'dev.json'), JSON.stringify(dev, null, 2));
  writeFileSync(join(dir, 'staging.json'), readFileSync(join(examples, 'staging.json')));
  writeFileSync(join(dir, 'production.json'), JSON.stringify(production, null, 2));
  cli = JSON.parse(runCli(['pipeline', 'dev.json', 'staging.json', 'production.json', '--format', 'json'], dir));
  mkdirSync(outputDir, { recursive: true });
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** What the page shows of the matrix: header texts, row keys, each cell's text, the cells marked as differing. */
function readMatrix(page) {
  return page.evaluate(() => {
    const table = document.querySelector('#pipeline-matrix table');
    const rows = [...table.querySelectorAll('tbody tr')];
    return {
      head: [...table.querySelectorAll('thead th')].map((th) => th.textContent),
      keys: rows.map((tr) => tr.dataset.key),
      cells: Object.fromEntries(rows.map((tr) => [tr.dataset.key, [...tr.querySelectorAll('td')].map((td) => td.textContent)])),
      differs: rows.flatMap((tr) => [...tr.querySelectorAll('td.differs')].map((td) => `${tr.dataset.key} @ ${td.dataset.env}`)),
    };
  });
}

test('three exports picked at once: the matrix, the differing marks, the stage per environment, stage.ahead, each hop\'s Plan: line', async () => {
  assert.deepEqual(cli.diagnostics.map((d) => `${d.code} ${d.flagKey}`), [`stage.ahead ${stageKey}`]);
  const { page, errors } = await open(site.browser.context, site.server.url);
  // Picked in no particular order: the engine orders them by environment name.
  await page.setInputFiles('#pipeline-files', ['production.json', 'dev.json', 'staging.json'].map((f) => join(dir, f)));
  await page.waitForSelector('#pipeline:not([hidden]) table');
  assert.equal(await page.textContent('#pipeline-heading'), 'Pipeline: dev → staging → production');

  const m = await readMatrix(page);
  assert.deepEqual(m.head, ['Flag key', 'devdev.json', 'stagingstaging.json', 'productionproduction.json']);
  assert.deepEqual(m.keys, cli.flags.map((f) => f.flagKey), 'every flag key, in the engine\'s order');
  const fp = (key, i) => cli.flags.find((f) => f.flagKey === key).cells[i].schemaFingerprint;
  assert.deepEqual(m.cells[stageKey], [
    `ENUM #${fp(stageKey, 0)} "rampdown" stage rampdown`,
    `ENUM #${fp(stageKey, 1)} "shadow" stage shadow≠ value`,
    `ENUM #${fp(stageKey, 2)} "live" stage live≠ value`,
  ]);
  assert.deepEqual(m.cells['checkout/new_flow'], [
    `BOOLEAN #${fp('checkout/new_flow', 0)} false`,
    `BOOLEAN #${fp('checkout/new_flow', 1)} true≠ value`,
    `BOOLEAN #${fp('checkout/new_flow', 2)} true`,
  ]);
  assert.match(await page.textContent(`#pipeline-matrix tr[data-key="${stageKey}"] th`), /stage flag$/);
  const envs = ['dev', 'staging', 'production'];
  assert.deepEqual(m.differs, cli.flags.flatMap((f) => f.cells.flatMap((c, i) => (c.changes.length ? [`${f.flagKey} @ ${envs[i]}`] : []))),
    'a mark exactly where the engine says an environment differs from the one before');
  assert.ok(m.differs.length > 10);
  // An absent flag and a removed one.
  const removed = cli.flags.find((f) => f.cells[2].changes.includes('removed'));
  assert.equal(m.cells[removed.flagKey][2], 'absent≠ removed');

  const finding = await page.textContent('#pipeline-findings li[data-code="stage.ahead"]');
  assert.equal(finding, `warning stage.ahead ${cli.diagnostics[0].message} (production.json)`);
  assert.match(finding, /production is at stage `live` while staging, before it in the pipeline, is at `shadow`/);
  assert.deepEqual(await page.$$eval('#pipeline-hops .hop-plan', (spans) => spans.map((s) => s.textContent)), cli.hops.map((h) => h.plan));

  // Only the keys that differ somewhere.
  await page.check('#pipeline-differs');
  const differing = await readMatrix(page);
  assert.deepEqual(differing.keys, cli.flags.filter((f) => f.cells.some((c) => c.changes.length)).map((f) => f.flagKey));
  assert.equal(await page.textContent('#pipeline-count'), `${differing.keys.length} flag keys`);
  await page.uncheck('#pipeline-differs');
  await page.locator('#pipeline').screenshot({ path: join(outputDir, 'site-pipeline.png') });

  // A hop opens the two-export review of that hop, with its Plan: line.
  assert.equal(await page.isVisible('#review'), false);
  await page.click('#pipeline-hops .hop[data-hop="1"] button');
  await waitReady(page);
  assert.equal(await page.getAttribute('#pipeline-hops .hop[data-hop="1"] button', 'aria-pressed'), 'true');
  assert.match(await page.textContent('#source-status'), /^staging\.json/);
  assert.match(await page.textContent('#target-status'), /^production\.json/);
  assert.equal(await page.textContent('#plan-line'), cli.hops[1].plan);
  const review = cliAnalysis(['staging.json', 'production.json'], dir);
  assert.equal(review.summary.planLine, cli.hops[1].plan);
  assert.deepEqual(await readSteps(page),
    review.steps.map((s) => ({ id: s.id, mode: s.mode, key: s.flagKey, indent: s.indent ?? 0, selected: s.selected })));
  // The other hop replaces it.
  await page.click('#pipeline-hops .hop[data-hop="0"] button');
  await page.waitForFunction((line) => document.getElementById('plan-line').textContent === line, cli.hops[0].plan);
  assert.match(await page.textContent('#source-status'), /^dev\.json/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('three exports dropped anywhere on the page: the same pipeline, in promotion order', async () => {
  const { page, errors } = await open(site.browser.context, site.server.url);
  await dropFiles(page, 'main', ['staging.json', 'production.json', 'dev.json'].map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') })));
  await page.waitForSelector('#pipeline:not([hidden]) table');
  assert.equal(await page.textContent('#pipeline-heading'), 'Pipeline: dev → staging → production');
  assert.deepEqual(await page.$$eval('#pipeline-hops .hop-plan', (spans) => spans.map((s) => s.textContent)), cli.hops.map((h) => h.plan));
  assert.deepEqual(errors, []);
  await page.close();
});
