// Issue 17 on the page: swapping source and target, a hand-made selection
// kept across reloads (this browser, by the exports' content) and in the
// link (step ids only), undo (button and Ctrl+Z), and never a silent reset
// of a hand-made selection when the mode changes.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliAnalysis, downloadedText, examples, launch, loadFiles, open, readSteps, repo, runCli, stepRow, useSite, waitReady } from './helpers.mjs';

const staging = join(examples, 'staging.json');
const production = join(examples, 'production.json');
const files = ['staging.json', 'production.json'];
/** Screenshots for the documentation (1280×800), made here so they stay current. */
const shots = join(repo, 'docs', 'screenshots');
const expected = (a) => a.steps.map((s) => ({ id: s.id, mode: s.mode, key: s.flagKey, indent: s.indent ?? 0, selected: s.selected }));
const selectedIds = (steps) => steps.filter((s) => s.selected).map((s) => s.id);
const site = useSite();

/**
 * A new page with nothing kept from earlier tests, the examples loaded: the
 * CLI's analysis, its default selection, and a SET_VALUE that starts unselected.
 */
async function freshReview() {
  const { page } = await open(site.browser.context, site.server.url);
  await page.evaluate(() => localStorage.clear());
  await loadFiles(page, staging, production);
  const cli = cliAnalysis(files);
  const defaults = selectedIds(expected(cli));
  const value = cli.steps.find((s) => s.mode === 'SET_VALUE' && !s.dependentId && !s.selected).id;
  return { page, cli, defaults, value };
}

/** Clicks step `id`'s checkbox and waits until the page has taken the change. */
async function toggle(page, id) {
  const before = await page.textContent('#selection-status');
  const row = await stepRow(page, id);
  await row.locator('input[type=checkbox]').click();
  await page.waitForFunction((old) => document.getElementById('selection-status').textContent !== old, before);
  // The page saves the selection (link, storage) in a task of its own after the answer.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

async function waitStatus(page, pattern) {
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('selection-status').textContent), pattern.source);
}

test('swap source and target: one click plans the other direction', async () => {
  const { page } = await open(site.browser.context, site.server.url);
  assert.equal(await page.isDisabled('#swap-sides'), true);
  await loadFiles(page, staging, production);
  await page.click('#swap-sides');
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready' &&
    /production\.json/.test(document.getElementById('source-status').textContent));
  assert.match(await page.textContent('#target-status'), /staging\.json/);
  assert.match(await page.textContent('#flow'), /production[\s\S]*→[\s\S]*staging/);
  assert.deepEqual(await readSteps(page), expected(cliAnalysis(['production.json', 'staging.json'])));
  await page.close();
});

test('undo: the button and Ctrl+Z go back one change at a time; a mode switch keeps the hand-made selection', async () => {
  const { page, cli, defaults, value } = await freshReview();
  // A DELETE nothing depends on (unselecting a type change's DELETE would unselect its CREATE too).
  const deletion = cli.steps.find((s) => s.mode === 'DELETE' && s.selected && !cli.steps.some((t) => t.dependentId === s.id)).id;
  assert.equal(await page.isDisabled('#undo'), true);
  await toggle(page, value);
  await toggle(page, deletion);
  let now = selectedIds(await readSteps(page));
  assert.deepEqual(now, [...defaults, value].filter((id) => id !== deletion).sort((a, b) => a - b));
  assert.equal(await page.getAttribute('#undo', 'aria-label'), `Undo: unselect #${deletion} DELETE ${cli.steps[deletion - 1].flagKey}`);

  // Switching to restore keeps what was chosen (no silent reset), and says so.
  await page.check('input[name=mode][value=restore]');
  await page.waitForFunction(() => document.querySelector('.mode-pill')?.textContent === 'restore' &&
    document.getElementById('app').dataset.state === 'ready');
  await waitStatus(page, /Kept your selection/);
  assert.deepEqual(selectedIds(await readSteps(page)), now);
  assert.match(await page.textContent('#selection-status'), /Undo \(Ctrl\+Z\) goes to the restore default selection/);
  // Ctrl+Z: restore's own default (every step).
  await page.locator('#steps').focus();
  await page.keyboard.press('Control+z');
  await waitStatus(page, /^Undid/);
  assert.deepEqual(selectedIds(await readSteps(page)), cli.steps.map((s) => s.id));
  await page.check('input[name=mode][value=auto]');
  await page.waitForFunction(() => document.querySelector('.mode-pill')?.textContent === 'migration' &&
    document.getElementById('app').dataset.state === 'ready');
  await waitStatus(page, /Kept your selection/);
  assert.deepEqual(selectedIds(await readSteps(page)), cli.steps.map((s) => s.id));
  // The button: back to the migration default, then back through both clicks.
  await page.click('#undo');
  await waitStatus(page, /^Undid "restore your selection"/);
  assert.deepEqual(selectedIds(await readSteps(page)), defaults);
  await page.close();
});

test('accepting the renames keeps the hand-made selection where its steps still exist, and says what was lost', async () => {
  const { page, cli, value } = await freshReview();
  await toggle(page, value);
  const renamed = cliAnalysis([...files, '--renames']);
  // The page's selection: the value step still selected, each RENAME as the engine selects it,
  // the DELETE and the CREATE each replaces (all selected) gone.
  const valueKey = cli.steps.find((s) => s.id === value).flagKey;
  const lost = cli.steps.filter((s) => s.selected && !renamed.steps.some((t) => t.mode === s.mode && t.flagKey === s.flagKey)).length;
  assert.equal(lost, 2 * cli.renames.length);
  await page.click('#renames-accept-all');
  await waitStatus(page, /Kept your selection/);
  const expectedIds = renamed.steps.filter((s) => s.selected || (s.mode === 'SET_VALUE' && s.flagKey === valueKey)).map((s) => s.id);
  assert.equal(await page.textContent('#selection-status'),
    `Analyzed again (accepted all ${cli.renames.length} renames). Kept your selection where it still applies ` +
    `(${lost} selected steps no longer in the plan): ${expectedIds.length} steps selected. ` +
    'Undo (Ctrl+Z) goes to the migration default selection.');
  assert.deepEqual(selectedIds(await readSteps(page)), expectedIds);
  await page.close();
});

test('a hand-made selection survives a reload (same exports, by content) and travels in the link as step ids', async () => {
  const { page, cli, defaults, value } = await freshReview();
  await toggle(page, value);
  const chosen = [...defaults, value].sort((a, b) => a - b);
  const url = page.url();
  const fragment = new URL(url).hash;
  assert.match(fragment, new RegExp(`^#select=${chosen.join(',')}&pair=[0-9a-f]{32}$`), 'step ids only, and which pair');
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  for (const s of cli.steps) assert.ok(!stored.includes(s.flagKey), 'no flag data is stored');

  // Reload (the link without its fragment): the same files get the same selection back.
  await page.goto(site.server.url);
  await page.waitForFunction(() => /ready/.test(document.getElementById('engine-status').textContent));
  await loadFiles(page, staging, production);
  await waitStatus(page, /Kept the selection you left for these exports/);
  assert.deepEqual(selectedIds(await readSteps(page)), chosen);
  // Other exports are not given that selection.
  await page.setInputFiles('#source-file', production);
  await page.setInputFiles('#target-file', staging);
  await waitReady(page);
  assert.deepEqual(await readSteps(page), expected(cliAnalysis(['production.json', 'staging.json'])));
  await page.close();

  // Another browser profile opening the link: the selection comes from the fragment.
  const other = await launch();
  try {
    const { page: shared } = await open(other.context, url);
    await loadFiles(shared, staging, production);
    await waitStatus(shared, /Kept the selection from the link/);
    assert.deepEqual(selectedIds(await readSteps(shared)), chosen);
  } finally {
    await other.close();
  }
});

test('exports over 4 MiB: a hand-made selection survives a reload, and an export that differs past the first 4 MiB does not get it', async () => {
  // Hashed 4 MiB at a time (no long task): every slice counts, not only the first.
  const dir = mkdtempSync(join(tmpdir(), 'flagplan-hash-'));
  const filler = 'y'.repeat(20_000);
  const exportOf = (environment, last) => {
    const flags = {};
    for (let i = 0; i < 300; i++) flags[`big/flag_${i}`] = { description: `${i} ${filler}`, type: 'BOOLEAN', defaultValue: false, isKillSwitch: false, valueExists: true, value: i % 2 === 0 };
    flags['big/flag_299'].description = last;
    return JSON.stringify({ environment, version: '1.7.1', createdAt: '2026-11-21T10:33:08.799Z', flags }, null, 2);
  };
  const write = (name, text) => (writeFileSync(join(dir, name), text), join(dir, name));
  const target = write('production.json', exportOf('production', 'last'));
  const source = write('staging.json', exportOf('staging', 'last').replace(/"defaultValue": false/g, '"defaultValue": true'));
  const other = write('staging-other.json', exportOf('staging', 'tail').replace(/"defaultValue": false/g, '"defaultValue": true'));
  assert.ok(readFileSync(source).length > 5 * 2 ** 20);
  const cli = expected(cliAnalysis(['staging.json', 'production.json'], dir));
  const chosen = cli.filter((s) => s.selected).map((s) => s.id).slice(1);

  const { page } = await open(site.browser.context, site.server.url);
  await page.evaluate(() => localStorage.clear());
  await loadFiles(page, source, target);
  await toggle(page, cli.find((s) => s.selected).id);
  assert.deepEqual(selectedIds(await readSteps(page)), chosen);
  await page.goto(site.server.url);
  await page.waitForFunction(() => /ready/.test(document.getElementById('engine-status').textContent));
  await loadFiles(page, source, target);
  await waitStatus(page, /Kept the selection you left for these exports/);
  assert.deepEqual(selectedIds(await readSteps(page)), chosen);
  // The same size and the same first 4 MiB, one description differs at the end.
  await page.goto(site.server.url);
  await page.waitForFunction(() => /ready/.test(document.getElementById('engine-status').textContent));
  await loadFiles(page, other, target);
  assert.deepEqual(await readSteps(page), expected(cliAnalysis(['staging-other.json', 'production.json'], dir)));
  await page.close();
});

test('a downloaded plan.json reopens read-only: its steps, selection, findings and comment (which every download carries, with one time stamp); a broken one says what is wrong', async () => {
  const { page, cli, value } = await freshReview();
  await toggle(page, value);
  await page.waitForFunction(() => !document.querySelector('button[data-format=plan]').disabled);
  const comment = 'CHG-1234: promote the ledger flags (reviewed with Ana)';
  await page.fill('#review-comment', comment);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format=plan]')]);
  const path = await download.path();
  const saved = JSON.parse(await downloadedText(download, 'plan'));
  assert.equal(saved.comment, comment);
  // The comment and one time stamp in every download of this review.
  for (const format of ['md', 'sh', 'rollback']) {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(`button[data-format=${format}]`)]);
    const text = readFileSync(await file.path(), 'utf8');
    assert.ok(text.includes(comment), `${format} carries the comment`);
    assert.ok(text.includes(saved.generatedAt), `${format} carries the review's time stamp ${saved.generatedAt}`);
    assert.equal(file.suggestedFilename().match(/\d{8}-\d{6}/)[0], download.suggestedFilename().match(/\d{8}-\d{6}/)[0]);
  }
  const chosen = new Set(saved.steps.map((s) => s.id));
  assert.ok(chosen.has(value));

  const fresh = (await open(site.browser.context, site.server.url)).page;
  await fresh.setViewportSize({ width: 1280, height: 800 });
  // The plan as saved, with a fixed time stamp so the screenshot below is the same every run.
  const reopened = Buffer.from(readFileSync(path, 'utf8').replaceAll(saved.generatedAt, '2026-11-21T12:00:00Z'));
  await fresh.setInputFiles('#plan-file', { name: 'review.plan.json', mimeType: 'application/json', buffer: reopened });
  await fresh.waitForSelector('#reopened:not([hidden])');
  assert.equal(await fresh.textContent('#reopened-heading'), 'Saved plan (read-only): review.plan.json');
  const rows = await fresh.$$eval('#reopened-steps .step-row', (els) => els.map((el) => ({
    id: Number(el.dataset.id), mode: el.dataset.mode, key: el.dataset.key,
    selected: el.querySelector('input').checked, disabled: el.querySelector('input').disabled,
  })));
  assert.deepEqual(rows, cli.steps.map((s) => ({ id: s.id, mode: s.mode, key: s.flagKey, selected: chosen.has(s.id), disabled: true })));
  const findings = await fresh.textContent('#reopened-findings');
  for (const d of saved.diagnostics) assert.ok(findings.includes(d.message), d.code);
  assert.match(await fresh.textContent('#reopened-facts'), /staging[\s\S]*production/);
  assert.equal(await fresh.textContent('#reopened-comment'), `Comment: ${comment}`);
  if (saved.summary?.planLine) assert.equal(await fresh.textContent('#reopened-summary'), saved.summary.planLine);
  assert.equal(await fresh.isVisible('#review'), false, 'nothing to tick or download: read-only');
  mkdirSync(shots, { recursive: true });
  await fresh.screenshot({ path: join(shots, 'reopened-plan.png') });

  // A cut plan: the engine's check names the file and where.
  const text = readFileSync(path, 'utf8');
  await fresh.setInputFiles('#plan-file', { name: 'cut.plan.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, 200)) });
  await fresh.waitForSelector('#problem:not([hidden])');
  const problem = await fresh.textContent('#problem');
  assert.match(problem, /The saved plan could not be opened: cut\.plan\.json[\s\S]*not valid JSON[\s\S]*plan\.syntax/);
  assert.match(problem, /A saved plan is the plan\.json/);
  await fresh.close();
  await page.close();
});

test('an absent value has the one marker the CLI prints, "(none)"', async () => {
  const { page } = await open(site.browser.context, site.server.url);
  await loadFiles(page, staging, production);
  const cli = cliAnalysis(files);
  const step = cli.steps.find((s) => (s.changes || []).some((c) => c.from === null && c.field === 'description'));
  const row = await stepRow(page, step.id);
  await row.locator('button.expand').click();
  await page.waitForSelector(`.step-row[data-id="${step.id}"] .change`);
  const change = cli.steps[step.id - 1].changes.find((c) => c.field === 'description');
  const text = await page.textContent(`.step-row[data-id="${step.id}"] .detail`);
  assert.ok(text.includes(`description(none)→${JSON.stringify(change.to)}`), text);
  assert.match(runCli(['plan', ...files]), new RegExp(`description: \\(none\\) → ${JSON.stringify(change.to).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await page.close();
});

test('rename suggestions: accept all, then none, each in one analysis, as the CLI plans them', async () => {
  const { page } = await freshReview();
  await page.click('#renames-accept-all');
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready' &&
    document.querySelectorAll('#renames input:checked').length === 2);
  assert.deepEqual(await readSteps(page), expected(cliAnalysis([...files, '--renames'])));
  assert.match(await page.textContent('#selection-status'), /^Analyzed again \(accepted all 2 renames\)/);
  await page.click('#renames-decline-all');
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready' &&
    document.querySelectorAll('#renames input:checked').length === 0);
  assert.deepEqual(await readSteps(page), expected(cliAnalysis(files)));
  await page.close();
});
