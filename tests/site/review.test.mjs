// Issue 17 on the page: swapping source and target, a hand-made selection
// kept across reloads (this browser, by the exports' content) and in the
// link (step ids only), undo (button and Ctrl+Z), and never a silent reset
// of a hand-made selection when the mode changes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cliAnalysis, examples, launch, loadFiles, open, readSteps, serve, stepRow, waitReady } from './helpers.mjs';

const staging = join(examples, 'staging.json');
const production = join(examples, 'production.json');
const files = ['staging.json', 'production.json'];
const expected = (a) => a.steps.map((s) => ({ id: s.id, mode: s.mode, key: s.flagKey, indent: s.indent ?? 0, selected: s.selected }));
const selectedIds = (steps) => steps.filter((s) => s.selected).map((s) => s.id);
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

/** Clicks step `id`'s checkbox and waits until the page has taken the change. */
async function toggle(page, id) {
  const before = await page.textContent('#selection-status');
  const row = await stepRow(page, id);
  await row.locator('input[type=checkbox]').click();
  await page.waitForFunction((old) => document.getElementById('selection-status').textContent !== old, before);
}

async function waitStatus(page, pattern) {
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('selection-status').textContent), pattern.source);
}

test('swap source and target: one click plans the other direction', async () => {
  const { page } = await open(browser.context, server.url);
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
  const { page } = await open(browser.context, server.url);
  await page.evaluate(() => localStorage.clear());
  await loadFiles(page, staging, production);
  const cli = cliAnalysis(files);
  const defaults = selectedIds(expected(cli));
  const value = cli.steps.find((s) => s.mode === 'SET_VALUE' && !s.dependentId && !s.selected).id;
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

test('a hand-made selection survives a reload (same exports, by content) and travels in the link as step ids', async () => {
  const { page } = await open(browser.context, server.url);
  await page.evaluate(() => localStorage.clear());
  await loadFiles(page, staging, production);
  const cli = cliAnalysis(files);
  const defaults = selectedIds(expected(cli));
  const value = cli.steps.find((s) => s.mode === 'SET_VALUE' && !s.dependentId && !s.selected).id;
  await toggle(page, value);
  const chosen = [...defaults, value].sort((a, b) => a - b);
  const url = page.url();
  const fragment = new URL(url).hash;
  assert.match(fragment, new RegExp(`^#select=${chosen.join(',')}&pair=[0-9a-f]{32}$`), 'step ids only, and which pair');
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  for (const s of cli.steps) assert.ok(!stored.includes(s.flagKey), 'no flag data is stored');

  // Reload (the link without its fragment): the same files get the same selection back.
  await page.goto(server.url);
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
