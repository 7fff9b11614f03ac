// The page against the CLI on the bundled examples: loading through the real
// file inputs, the rendered steps, selection by clicking, "Add value steps",
// mode switch, filters, change intelligence toggles, findings, downloads.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  cliAnalysis, downloadedText, examples, launch, loadFiles, open, outputDir, readSteps, runCli, serve, siteDir, stepRow, waitReady, withoutTime,
} from './helpers.mjs';

const staging = join(examples, 'staging.json');
const production = join(examples, 'production.json');
const files = ['staging.json', 'production.json'];

/** The CLI's steps in the shape readSteps() returns. */
function expectedSteps(analysis) {
  return analysis.steps.map((s) => ({ id: s.id, mode: s.mode, key: s.flagKey, indent: s.indent ?? 0, selected: s.selected }));
}

function selectedIds(steps) {
  return steps.filter((s) => s.selected).map((s) => s.id);
}

let server;
let browser;
let page;
let dialogs;
let errors;

before(async () => {
  mkdirSync(outputDir, { recursive: true });
  server = await serve();
  browser = await launch();
  ({ page, dialogs, errors } = await open(browser.context, server.url));
  await loadFiles(page, staging, production);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Clicks step `id`'s checkbox and waits for the page to say what it did. */
async function clickStep(id) {
  const row = await stepRow(page, id);
  const before = await page.textContent('#selection-status');
  await row.locator('input[type=checkbox]').click();
  await page.waitForFunction((old) => {
    const text = document.getElementById('selection-status').textContent;
    return text !== old && text !== '';
  }, before);
  return page.textContent('#selection-status');
}

async function setMode(mode) {
  await page.check(`input[name=mode][value=${mode}]`);
  await page.waitForFunction((m) => document.getElementById('app').dataset.state === 'ready' &&
    document.querySelector('.mode-pill').textContent === m, mode === 'auto' ? 'migration' : mode);
}

describe('the bundled examples through the file inputs', () => {
  test('the environment flow shows both exports as the CLI reads them', async () => {
    const cli = cliAnalysis(files);
    const flow = await page.textContent('#flow');
    for (const info of [cli.source, cli.target]) {
      for (const fact of [info.environment, info.version, info.createdAt, info.label, String(info.flagCount)]) {
        assert.ok(flow.includes(fact), `flow indicator lacks ${fact}: ${flow}`);
      }
    }
    assert.equal(await page.textContent('.mode-pill'), 'migration');
    assert.match(await page.textContent('#mode-auto-note'), /migration: environments differ/);
    await page.screenshot({ path: join(outputDir, 'site-loaded.png'), fullPage: true });
  });

  test('the rendered steps equal the CLI plan: ids, modes, keys, indentation, selection', async () => {
    const cli = cliAnalysis(files);
    assert.ok(cli.steps.length > 20);
    assert.deepEqual(await readSteps(page), expectedSteps(cli));
    const summary = await page.textContent('#summary');
    assert.ok(summary.includes(`${cli.steps.length} steps`), summary);
    assert.ok(summary.includes(`${cli.summary.selected} selected`), summary);
  });

  test('value steps start unselected in migration mode, and the page says why', async () => {
    const steps = await readSteps(page);
    assert.ok(steps.filter((s) => s.mode === 'SET_VALUE').every((s) => !s.selected));
    assert.match(await page.textContent('#values-note'), /Value steps \(SET_VALUE\) start unselected: a migration moves flag schemas while each environment keeps its own values/);
  });

  test('every step row has findings badges where the CLI reports a finding for it', async () => {
    const cli = cliAnalysis(files);
    const withFindings = [...new Set(cli.diagnostics.filter((d) => d.stepId !== undefined).map((d) => d.stepId))];
    assert.ok(withFindings.length > 0, 'the examples have per-step findings');
    for (const id of withFindings.slice(0, 4)) {
      const row = await stepRow(page, id);
      const badges = await row.locator('.badge').allTextContents();
      assert.ok(badges.length > 0, `step #${id} has no badge`);
      const codes = cli.diagnostics.filter((d) => d.stepId === id).map((d) => d.code);
      assert.equal(await row.locator('.badges').getAttribute('aria-label'),
        `${codes.length} finding${codes.length === 1 ? '' : 's'}: ${[...new Set(codes)].join(', ')}`.replace(/^(\d+) finding(s?): (.*)$/, (m) => m));
    }
  });

  test('an expanded step shows each changed field from → to, side by side for OBJECT schemas', async () => {
    const cli = cliAnalysis(files);
    const objectStep = cli.steps.find((s) => s.changes.some((c) => c.field === 'schema'));
    assert.ok(objectStep, 'the examples re-schema an OBJECT flag');
    const row = await stepRow(page, objectStep.id);
    await row.locator('button.expand').click();
    const detail = page.locator(`#step-detail-${objectStep.id}`);
    await detail.waitFor();
    assert.equal(await row.locator('button.expand').getAttribute('aria-expanded'), 'true');
    const schema = objectStep.changes.find((c) => c.field === 'schema');
    const sides = detail.locator('.change.wide').first().locator('pre');
    assert.equal(await sides.nth(0).textContent(), schema.from);
    assert.equal(await sides.nth(1).textContent(), schema.to);
    // Each finding of the step, with the engine's "why it matters" for its rule.
    const web = await import(pathToFileURL(join(siteDir, 'web', 'index.js')).href);
    await web.init();
    const rules = new Map(web.changeRules().map((r) => [r.code, r]));
    assert.deepEqual(await detail.locator('.step-finding').allTextContents(),
      cli.diagnostics.filter((d) => d.stepId === objectStep.id).map((d) => `${d.severity} ${d.code} ${d.message}Why it matters: ${rules.get(d.code).why}`));
    const findingStep = cli.steps.find((s) => cli.diagnostics.some((d) => d.stepId === s.id && rules.has(d.code)));
    const findingRow = await stepRow(page, findingStep.id);
    await findingRow.locator('button.expand').click();
    const findingDetail = page.locator(`#step-detail-${findingStep.id}`);
    await findingDetail.waitFor();
    const stepFindings = cli.diagnostics.filter((d) => d.stepId === findingStep.id);
    const items = await findingDetail.locator('.step-finding').allTextContents();
    assert.deepEqual(items, stepFindings.map((d) => `${d.severity} ${d.code} ${d.message}Why it matters: ${rules.get(d.code).why}`));
    await findingRow.locator('button.expand').click();
    await row.scrollIntoViewIfNeeded();
    await page.locator('.steps-panel').screenshot({ path: join(outputDir, 'site-expanded-step.png') });
    // A short field renders inline: field, from, to as the CLI's JSON.
    const inline = cli.steps.find((s) => s.mode === 'SET_VALUE' && s.changes.every((c) => JSON.stringify(c.to).length < 40));
    const inlineRow = await stepRow(page, inline.id);
    await inlineRow.locator('button.expand').click();
    const change = page.locator(`#step-detail-${inline.id} .change`).first();
    assert.equal(await change.locator('.field').textContent(), inline.changes[0].field);
    assert.equal(await change.locator('.from').textContent(), JSON.stringify(inline.changes[0].from));
    assert.equal(await change.locator('.to').textContent(), JSON.stringify(inline.changes[0].to));
    await inlineRow.locator('button.expand').click();
    await (await stepRow(page, objectStep.id)).locator('button.expand').click();
    assert.equal(await page.locator(`#step-detail-${objectStep.id}`).count(), 0);
  });
});

describe('selection by clicking', () => {
  test('unticking a step unticks its dependents, ticking one ticks its prerequisites, and the page says so', async () => {
    await setMode('auto');
    const cli = cliAnalysis(files);
    // A chain of three: DELETE -> CREATE_DEFAULTVALUE -> SET_VALUE (a type change).
    const leaf = cli.steps.find((s) => s.indent === 2);
    assert.ok(leaf, 'the examples hold a type change');
    const middle = cli.steps.find((s) => s.id === leaf.dependentId);
    const root = cli.steps.find((s) => s.id === middle.dependentId);
    assert.equal(root.mode, 'DELETE');
    assert.ok(root.selected && middle.selected && !leaf.selected);

    let said = await clickStep(root.id);
    assert.equal(said, `Unselected #${root.id} DELETE ${root.flagKey}; also unselected #${middle.id} ${middle.mode} ${middle.flagKey} (it depends on it).`);
    let steps = await readSteps(page);
    assert.ok(!steps.find((s) => s.id === root.id).selected);
    assert.ok(!steps.find((s) => s.id === middle.id).selected);

    said = await clickStep(leaf.id);
    assert.equal(said, `Selected #${leaf.id} SET_VALUE ${leaf.flagKey}; also selected #${root.id} DELETE ${root.flagKey}, #${middle.id} ${middle.mode} ${middle.flagKey} (its prerequisites).`);
    steps = await readSteps(page);
    for (const id of [root.id, middle.id, leaf.id]) assert.ok(steps.find((s) => s.id === id).selected, `#${id} selected`);
    const expected = new Set(selectedIds(expectedSteps(cli)));
    expected.add(leaf.id);
    assert.deepEqual(selectedIds(steps), [...expected].sort((a, b) => a - b));
    assert.ok((await page.textContent('#summary')).includes(`${expected.size} selected`));
  });

  test('findings that follow the selection are re-read: risk.value_reset says whether its SET_VALUE is selected', async () => {
    const cli = cliAnalysis(files);
    const reset = cli.diagnostics.find((d) => d.code === 'risk.value_reset');
    const setValue = cli.steps.find((s) => s.dependentId === reset.stepId && s.mode === 'SET_VALUE');
    const panel = () => page.textContent('#findings-list');
    assert.ok((await panel()).includes(reset.message), 'the unselected wording first');
    await clickStep(setValue.id);
    const selected = cliAnalysis([...files, '--select', [...new Set([...selectedIds(await readSteps(page))])].join(',')]);
    const now = selected.diagnostics.find((d) => d.code === 'risk.value_reset' && d.stepId === reset.stepId).message;
    assert.notEqual(now, reset.message);
    await page.waitForFunction((text) => document.getElementById('findings-list').textContent.includes(text), now);
    await clickStep(setValue.id);
    await page.waitForFunction((text) => document.getElementById('findings-list').textContent.includes(text), reset.message);
  });

  test('the plan downloaded after those clicks equals the CLI for the same selection, byte for byte', async () => {
    const ids = selectedIds(await readSteps(page));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format=plan]')]);
    assert.match(download.suggestedFilename(), /^flagplan_staging_to_production_\d{8}-\d{6}\.plan\.json$/);
    const got = await downloadedText(download, 'plan');
    const want = runCli(['plan', ...files, '--select', ids.join(','), '--format', 'plan']);
    assert.ok(got.includes('"generatedAt"'), 'the plan carries its time');
    assert.equal(withoutTime(got), withoutTime(want));
    assert.deepEqual(JSON.parse(got).steps.map((s) => s.id), ids);
  });

  test('every renderer the engine offers downloads, each equal to the CLI output for the same selection', async () => {
    const ids = selectedIds(await readSteps(page));
    const formats = await page.$$eval('#download-list button[data-format]', (buttons) => buttons.map((b) => b.dataset.format));
    assert.deepEqual(formats, ['text', 'json', 'plan', 'sh', 'rollback', 'md', 'github']);
    const names = new Set();
    for (const format of formats) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`button[data-format=${format}]`)]);
      names.add(download.suggestedFilename().replace(/_\d{8}-\d{6}/, '_T'));
      const got = await downloadedText(download, format);
      // The page's mode is Auto: its downloads are the CLI's --mode auto.
      const want = runCli(['plan', ...files, '--mode', 'auto', '--select', ids.join(','), '--format', format]);
      assert.equal(withoutTime(got), withoutTime(want), `${format} differs from the CLI`);
    }
    assert.deepEqual([...names], [
      'flagplan_staging_to_production_T.txt', 'flagplan_staging_to_production_T.json',
      'flagplan_staging_to_production_T.plan.json', 'flagplan_staging_to_production_T.sh',
      'flagplan_staging_to_production_T.rollback.sh', 'flagplan_staging_to_production_T.md',
      'flagplan_staging_to_production_T.github.txt',
    ]);
  });

  test('"Add value steps" selects every SET_VALUE with its prerequisites, as the CLI --include-values', async () => {
    await page.click('#add-values');
    await page.waitForFunction(() => /^Added value steps|^Every value step/.test(document.getElementById('selection-status').textContent));
    const steps = await readSteps(page);
    assert.ok(steps.filter((s) => s.mode === 'SET_VALUE').every((s) => s.selected));
    const cli = cliAnalysis([...files, '--include-values']);
    const want = new Set(selectedIds(expectedSteps(cli)));
    // The earlier clicks unselected nothing that --include-values selects (they re-selected it).
    assert.deepEqual(selectedIds(steps), [...want].sort((a, b) => a - b));
  });

  test('select none and select all', async () => {
    await page.click('#select-none');
    await page.waitForFunction(() => document.getElementById('selection-status').textContent === 'Selected no step.');
    assert.deepEqual(selectedIds(await readSteps(page)), []);
    await page.click('#select-all');
    await page.waitForFunction(() => /^Selected all/.test(document.getElementById('selection-status').textContent));
    const steps = await readSteps(page);
    assert.equal(selectedIds(steps).length, steps.length);
  });

  test('keyboard: Space on a focused checkbox selects, arrow keys move between rows', async () => {
    const cli = cliAnalysis(files);
    await page.click('#select-none');
    await page.waitForFunction(() => document.getElementById('selection-status').textContent === 'Selected no step.');
    const first = cli.steps[0];
    const row = await stepRow(page, first.id);
    await row.locator('input[type=checkbox]').focus();
    await page.keyboard.press('Space');
    await page.waitForFunction((id) => document.getElementById('selection-status').textContent.startsWith(`Selected #${id} `), first.id);
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement.closest('.step-row').dataset.id);
    assert.equal(Number(focused), cli.steps[1].id);
    assert.equal(await page.evaluate(() => document.activeElement.type), 'checkbox');
    await page.keyboard.press('Space');
    await page.waitForFunction((id) => document.getElementById('selection-status').textContent.startsWith(`Selected #${id} `), cli.steps[1].id);
  });
});

describe('mode, filters and change intelligence', () => {
  // The selection made by hand above would be kept across the mode switches
  // (and in this browser and the link): start again from the defaults.
  before(async () => {
    await page.evaluate(() => localStorage.clear());
    await page.goto(server.url);
    await page.waitForFunction(() => /ready/.test(document.getElementById('engine-status').textContent));
    await loadFiles(page, staging, production);
  });

  test('restore mode: every step selected, environment.different blocks the executable downloads with the reason', async () => {
    await setMode('restore');
    const cli = cliAnalysis([...files, '--mode', 'restore']);
    assert.equal(cli.blocked, true);
    assert.deepEqual(await readSteps(page), expectedSteps(cli));
    assert.ok(cli.steps.every((s) => s.selected));
    assert.match(await page.textContent('#values-note'), /Restore mode: every step starts selected/);
    for (const format of ['plan', 'sh', 'rollback']) {
      assert.equal(await page.isDisabled(`button[data-format=${format}]`), true, `${format} disabled`);
      const reason = await page.textContent(`#download-${format}-reason .reason`);
      assert.equal(reason, `the plan has errors, so no ${format} output is rendered; fix the errors listed first`);
    }
    assert.equal(await page.textContent('#downloads-note'),
      `The plan is blocked: ${cli.diagnostics.find((d) => d.severity === 'error').message}.`);
    for (const format of ['text', 'json', 'md']) assert.equal(await page.isDisabled(`button[data-format=${format}]`), false);
    // Errors come first in the findings panel.
    const first = await page.locator('.finding').first().getAttribute('class');
    assert.match(first, /finding-error/);
    await setMode('auto');
    assert.deepEqual(await readSteps(page), expectedSteps(cliAnalysis(files)));
  });

  test('filters: by mode, by key text, selected only; grouping by the key hierarchy', async () => {
    const cli = cliAnalysis(files);
    for (const mode of ['create', 'update', 'value', 'rename']) await page.uncheck(`#filter-${mode}`);
    let steps = await readSteps(page);
    assert.deepEqual(steps.map((s) => s.id), cli.steps.filter((s) => s.mode === 'DELETE').map((s) => s.id));
    assert.match(await page.textContent('#filter-count'), new RegExp(`^${steps.length} of ${cli.steps.length} steps shown$`));
    for (const mode of ['create', 'update', 'value', 'rename']) await page.check(`#filter-${mode}`);

    await page.fill('#key-filter', 'BILLING/');
    steps = await readSteps(page);
    assert.deepEqual(steps.map((s) => s.id), cli.steps.filter((s) => s.flagKey.includes('billing/')).map((s) => s.id));
    await page.fill('#key-filter', '');

    await page.check('#selected-only');
    steps = await readSteps(page);
    assert.deepEqual(steps.map((s) => s.id), cli.steps.filter((s) => s.selected).map((s) => s.id));
    await page.uncheck('#selected-only');

    await page.check('#group-keys');
    const groups = await page.$$eval('.group-row', (rows) => rows.map((r) => r.dataset.group));
    assert.ok(groups.includes('billing'), `groups: ${groups}`);
    steps = await readSteps(page);
    assert.equal(steps.length, cli.steps.length);
    // Under "billing/": the billing steps, together.
    await page.click('.group-row[data-group="billing"] button');
    const collapsed = await readSteps(page);
    assert.deepEqual(collapsed.filter((s) => s.key.startsWith('billing/')), []);
    await page.click('.group-row[data-group="billing"] button');
    await page.uncheck('#group-keys');
    assert.deepEqual(await readSteps(page), expectedSteps(cli));
  });

  test('clicking a finding scrolls to its step and expands it', async () => {
    const cli = cliAnalysis(files);
    const finding = cli.diagnostics.filter((d) => d.stepId !== undefined).at(-1);
    const button = page.locator('button.finding', { hasText: finding.message }).first();
    await button.click();
    const row = page.locator(`.step-row[data-id="${finding.stepId}"]`);
    await row.waitFor();
    assert.match(await row.getAttribute('class'), /is-highlighted/);
    assert.equal(await row.locator('button.expand').getAttribute('aria-expanded'), 'true');
    assert.ok(await row.isVisible());
    const inView = await row.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const view = document.getElementById('steps').getBoundingClientRect();
      return box.top >= view.top - 1 && box.top < view.bottom;
    });
    assert.ok(inView, 'the step is scrolled into the list viewport');
  });

  test('rename suggestions: a toggle each; accepting both gives the CLI --renames plan', async () => {
    const cli = cliAnalysis(files);
    assert.equal(cli.renames.length, 2);
    const toggles = page.locator('#renames input[type=checkbox]');
    assert.equal(await toggles.count(), 2);
    await toggles.nth(0).check();
    await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready' &&
      document.querySelectorAll('#renames input:checked').length === 1);
    let steps = await readSteps(page);
    assert.equal(steps.filter((s) => s.mode === 'RENAME').length, 1);
    await page.locator('#renames input[type=checkbox]').nth(1).check();
    await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready' &&
      document.querySelectorAll('#renames input:checked').length === 2);
    steps = await readSteps(page);
    assert.deepEqual(steps, expectedSteps(cliAnalysis([...files, '--renames'])));
    assert.match(await page.textContent('#selection-status'), /Analyzed again \(accepted the rename/);
    for (let i = 0; i < 2; i++) {
      await page.locator('#renames input[type=checkbox]').nth(i).uncheck();
      await waitReady(page);
      await page.waitForFunction((n) => document.querySelectorAll('#renames input:checked').length === n, 1 - i);
    }
    assert.deepEqual(await readSteps(page), expectedSteps(cli));
  });

  test('stage walk toggle gives the CLI --walk-stages plan', async () => {
    await page.check('#walk-stages');
    await waitReady(page);
    // The examples' stage flag is one stage from its source stage in the target (measured from the
    // target's real stage), so the walk adds no link here; each link the CLI plans is labelled.
    const cli = cliAnalysis([...files, '--walk-stages']);
    assert.deepEqual(await readSteps(page), expectedSteps(cli));
    for (const walked of cli.steps.filter((s) => s.stage)) {
      const row = await stepRow(page, walked.id);
      assert.equal(await row.locator('.stage').textContent(),
        `stage ${walked.stage.link}/${walked.stage.links}: ${walked.stage.from} → ${walked.stage.to}`);
    }
    await page.uncheck('#walk-stages');
    await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready' && document.querySelectorAll('.stage').length === 0);
    assert.deepEqual(await readSteps(page), expectedSteps(cliAnalysis(files)));
  });

  test('a step clicked while the plan is made again is not selected: its id belongs to the old plan', async () => {
    const before = await readSteps(page);
    const step = before.find((s) => !s.selected);
    await stepRow(page, step.id);
    // Both clicks in one turn: the re-plan is sent before the checkbox's change is handled.
    const said = await page.evaluate(async (id) => {
      const status = document.getElementById('selection-status');
      const texts = [];
      const observer = new MutationObserver(() => texts.push(status.textContent));
      observer.observe(status, { childList: true, characterData: true, subtree: true });
      document.getElementById('walk-stages').click();
      document.querySelector(`.step-row[data-id="${id}"] input[type=checkbox]`).click();
      const app = document.getElementById('app');
      while (app.dataset.state !== 'ready') await new Promise((r) => setTimeout(r, 20));
      observer.disconnect();
      return texts;
    }, step.id);
    assert.ok(said.includes('The selection cannot change while the plan is made again; try once it is shown.'), said.join(' | '));
    await waitReady(page);
    assert.deepEqual(await readSteps(page), expectedSteps(cliAnalysis([...files, '--walk-stages'])));
    await page.uncheck('#walk-stages');
    await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready' && !document.getElementById('walk-stages').checked);
    await waitReady(page);
    assert.deepEqual(await readSteps(page), before);
  });

  test('no dialog opened and no script error happened during the session', () => {
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
  });
});
