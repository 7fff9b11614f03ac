// Issue 17 on the page, the review tools: both exports side by side (every
// flag key, unchanged ones behind a toggle, grouped by key prefix, the
// difference marked inside values, filters, select all / none of what is
// shown, expand / collapse all), the per-field choice (a field's checkbox is
// the step that writes it), the drift check of a reopened plan, and renames
// applied without reading the exports again.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cli as cliPath, cliAnalysis, examples, loadFiles, open, readSteps, repo, runCli, useSite } from './helpers.mjs';

const staging = join(examples, 'staging.json');
const production = join(examples, 'production.json');
const files = ['staging.json', 'production.json'];
const shots = join(repo, 'docs', 'screenshots');
const site = useSite();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function review() {
  const { page } = await open(site.browser.context, site.server.url);
  await page.evaluate(() => localStorage.clear());
  await page.setViewportSize({ width: 1280, height: 800 });
  await loadFiles(page, staging, production);
  await page.click('#compare-show');
  await page.waitForSelector('#compare:not([hidden]) .cmp-flag');
  return page;
}

/** The flags the side by side shows now: [{key, status}]. */
const shownFlags = (page) => page.$$eval('#compare-list .cmp-flag', (els) => els.map((el) => ({ key: el.dataset.key, status: el.dataset.status })));
const selectedIds = async (page) => (await readSteps(page)).filter((s) => s.selected).map((s) => s.id);

test('side by side: all 48 distinct flag keys of the examples, unchanged ones behind the toggle, grouped by prefix, the difference marked inside values', async () => {
  const page = await review();
  const source = JSON.parse(readFileSync(staging, 'utf8')).flags;
  const target = JSON.parse(readFileSync(production, 'utf8')).flags;
  const all = [...new Set([...Object.keys(source), ...Object.keys(target)])].sort();
  const unchanged = all.filter((k) => JSON.stringify(source[k]) === JSON.stringify(target[k]));
  assert.equal(all.length, 48);
  assert.equal(await page.textContent('#compare-summary'),
    '48 distinct flag keys (43 in the source, 38 in the target): 18 changed, 10 only in the source, 5 only in the target, 3 with another type, 12 unchanged.');
  // Changed only by default.
  assert.deepEqual((await shownFlags(page)).map((f) => f.key), all.filter((k) => !unchanged.includes(k)));
  assert.match(await page.textContent('#cmp-count'), /^36 flags shown, 12 hidden by the filters$/);
  await page.check('#cmp-unchanged');
  await page.waitForFunction(() => document.querySelectorAll('#compare-list .cmp-flag').length === 48);
  const shown = await shownFlags(page);
  assert.deepEqual(shown.map((f) => f.key), all);
  assert.deepEqual(shown.filter((f) => f.status === 'unchanged').map((f) => f.key), unchanged);
  // Grouped by key prefix, one checkbox per group.
  const groups = await page.$$eval('#compare-list .cmp-group', (els) => els.map((el) => el.dataset.prefix));
  assert.deepEqual(groups, [...new Set(all.map((k) => (k.includes('/') ? `${k.split('/')[0]}/` : '(top level)')))]);
  assert.equal(await page.locator('#compare-list input.cmp-group-box').count(), groups.length);

  // Inside a string: the characters that differ; a list: the elements; an OBJECT literal: pretty-printed, by line.
  const flag = (key) => page.locator(`#compare-list .cmp-flag[data-key="${key}"]`);
  await flag('checkout/promo_code_pattern').locator('summary').click();
  const promo = flag('checkout/promo_code_pattern').locator('tr[data-field="defaultValue"]');
  assert.equal(await promo.locator('td').nth(0).textContent(), 'WELCOME10');
  assert.deepEqual(await promo.locator('ins.cmp-diff').allTextContents(), ['10']);
  assert.equal(await promo.locator('td').nth(1).textContent(), 'WELCOME');
  await flag('catalog/allowed_currencies').locator('summary').click();
  const tags = flag('catalog/allowed_currencies').locator('tr[data-field="tagValues"]');
  await tags.waitFor();  // a flag's fields are drawn when it opens (its toggle event)
  assert.deepEqual(await tags.locator('ins.cmp-diff').allTextContents(), ['"CHF"', '"PLN"']);
  await flag('infra/search/cluster').locator('summary').click();
  const cluster = flag('infra/search/cluster').locator('tr[data-field="value"]');
  await cluster.waitFor();
  assert.equal(await cluster.locator('td').nth(0).textContent(), '{\n  "nodes": [\n    "search-stg-1"\n  ],\n  "replicas": 1,\n  "shardCount": 2\n}');
  assert.deepEqual(await cluster.locator('del.cmp-diff').allTextContents(),
    ['    "search-1",\n    "search-2",\n    "search-3"\n', '  "replicas": 2,\n  "shardCount": 6\n']);
  // An absent side has the page's one absent marker.
  const removed = shown.find((f) => f.status === 'removed').key;
  await flag(removed).locator('summary').click();
  assert.equal(await flag(removed).locator('tr[data-field="type"] td').nth(0).textContent(), '(none)');

  // axe-core on the open side by side (flags expanded, every control in it), light and dark.
  await page.evaluate(axeSource);
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const violations = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const result = await axe.run(document.getElementById('compare'), { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, [], `${scheme}: ${violations.join('\n')}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // Screenshot for the documentation (1280×800): the side by side with a few flags open.
  await page.uncheck('#cmp-unchanged');
  await page.locator('#compare-heading').scrollIntoViewIfNeeded();
  await page.evaluate(() => document.getElementById('compare').scrollIntoView({ block: 'start' }));
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, 'side-by-side.png') });
  await page.close();
});

test('side by side: filters by findings, type, step and text; select all / none of what is shown; expand / collapse all', async () => {
  const page = await review();
  const cli = cliAnalysis(files);
  const stepsOf = (key) => cli.steps.filter((s) => s.flagKey === key || s.oldKey === key).map((s) => s.id);
  await page.check('#cmp-unchanged');
  await page.waitForFunction(() => document.querySelectorAll('#compare-list .cmp-flag').length === 48);
  await page.selectOption('#cmp-type', 'OBJECT');
  const objects = await shownFlags(page);
  assert.ok(objects.length > 0);
  const source = JSON.parse(readFileSync(staging, 'utf8')).flags;
  const target = JSON.parse(readFileSync(production, 'utf8')).flags;
  for (const f of objects) assert.ok(source[f.key]?.type === 'OBJECT' || target[f.key]?.type === 'OBJECT', f.key);
  await page.selectOption('#cmp-type', '');
  await page.selectOption('#cmp-mode', 'DELETE');
  assert.deepEqual((await shownFlags(page)).map((f) => f.key),
    [...new Set(cli.steps.filter((s) => s.mode === 'DELETE').map((s) => s.flagKey))].sort());
  await page.selectOption('#cmp-mode', '');
  await page.check('#cmp-findings');
  const keysWithFindings = new Set(cli.diagnostics.filter((d) => d.flagKey).map((d) => d.flagKey));
  assert.deepEqual((await shownFlags(page)).map((f) => f.key), [...keysWithFindings].sort());
  await page.uncheck('#cmp-findings');

  // Text filter, then "select all shown": only those flags' steps are added.
  await page.fill('#cmp-text', 'ops/kill');
  const kill = (await shownFlags(page)).map((f) => f.key);
  assert.deepEqual(kill, Object.keys({ ...source, ...target }).filter((k) => k.includes('ops/kill')).sort());
  const before = await selectedIds(page);
  await page.click('#cmp-select-all');
  const wanted = [...new Set([...before, ...kill.flatMap(stepsOf)])].sort((a, b) => a - b);
  await page.waitForFunction((n) => document.getElementById('selected-count').textContent.startsWith(`${n} selected`), wanted.length);
  assert.deepEqual(await selectedIds(page), wanted);
  await page.click('#cmp-select-none');
  const without = wanted.filter((id) => !kill.flatMap(stepsOf).includes(id));
  await page.waitForFunction((n) => document.getElementById('selected-count').textContent.startsWith(`${n} selected`), without.length);
  assert.deepEqual(await selectedIds(page), without);
  // Undo brings the last change back.
  await page.click('#undo');
  await page.waitForFunction((n) => document.getElementById('selected-count').textContent.startsWith(`${n} selected`), wanted.length);

  // A group's checkbox: every step of the shown flags under the prefix.
  await page.fill('#cmp-text', '');
  const group = page.locator('#compare-list .cmp-group-wrap').filter({ has: page.locator('.cmp-group[data-prefix="search/"]') });
  await group.locator('input.cmp-group-box').check();
  const search = cli.steps.filter((s) => s.flagKey.startsWith('search/')).map((s) => s.id);
  await page.waitForFunction((ids) => ids.every((id) => document.querySelector(`#compare-list input[data-step="${id}"]`)?.checked ?? true) &&
    document.querySelector('.cmp-group[data-prefix="search/"]').parentElement.querySelector('input.cmp-group-box').checked, search);
  const now = new Set(await selectedIds(page));
  for (const id of search) assert.ok(now.has(id), `#${id} selected by the group`);

  // Expand all / collapse all act on what is shown.
  await page.fill('#cmp-text', 'checkout/');
  const count = (await shownFlags(page)).length;
  await page.click('#cmp-expand');
  assert.equal(await page.locator('#compare-list .cmp-flag[open]').count(), count);
  assert.equal(await page.locator('#compare-list .cmp-flag[open] table').count(), count);
  await page.click('#cmp-collapse');
  assert.equal(await page.locator('#compare-list .cmp-flag[open]').count(), 0);
  await page.close();
});

test('per-field choice: take the schema, keep the target\'s value (leave its SET_VALUE unticked); the steps, the summary and every download follow', async () => {
  const page = await review();
  const cli = cliAnalysis(files);
  const key = 'api/pagination/page_size';
  const update = cli.steps.find((s) => s.flagKey === key && s.mode === 'UPDATE_SCHEMA_DEFAULTVALUE').id;
  const value = cli.steps.find((s) => s.flagKey === key && s.mode === 'SET_VALUE').id;
  const flag = page.locator(`#compare-list .cmp-flag[data-key="${key}"]`);
  await flag.locator('summary').click();
  const schemaBox = flag.locator('tr[data-field="maxValue"] input[type=checkbox]');
  const valueBox = flag.locator('tr[data-field="value"] input[type=checkbox]');
  assert.equal(await schemaBox.getAttribute('aria-label'), `Take the source's maxValue of ${key}: step #${update} UPDATE_SCHEMA_DEFAULTVALUE`);
  assert.equal(await valueBox.getAttribute('aria-label'), `Take the source's value of ${key}: step #${value} SET_VALUE`);
  // Migration's default: the schema is taken, the target keeps its value.
  assert.equal(await schemaBox.isChecked(), true);
  assert.equal(await valueBox.isChecked(), false);
  assert.equal(await flag.locator('tr[data-field="minValue"] input').count(), 0, 'an equal field has nothing to choose');
  const selectedBefore = (await readSteps(page)).filter((s) => s.selected).length;
  // Take the value too: its SET_VALUE is selected; the list, the summary and plan.json follow.
  await valueBox.check();
  await page.waitForFunction((n) => document.getElementById('selected-count').textContent.startsWith(`${n} selected`), selectedBefore + 1);
  assert.equal((await readSteps(page)).find((s) => s.id === value).selected, true);
  assert.match(await page.textContent('#selection-status'), new RegExp(`^Selected #${value} SET_VALUE ${key}`));
  const planIds = async () => {
    await page.waitForFunction(() => !document.querySelector('button[data-format=plan]').disabled);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format=plan]')]);
    return JSON.parse(readFileSync(await download.path(), 'utf8')).steps.map((s) => s.id);
  };
  assert.ok((await planIds()).includes(value));
  // Untick the schema: its value step depends on it and goes too, in every view.
  await schemaBox.uncheck();
  await page.waitForFunction((n) => document.getElementById('selected-count').textContent.startsWith(`${n} selected`), selectedBefore - 1);
  assert.equal(await valueBox.isChecked(), false);
  assert.match(await page.textContent('#selection-status'), new RegExp(`^Unselected #${update} UPDATE_SCHEMA_DEFAULTVALUE ${key}; also unselected #${value}`));
  const ids = await planIds();
  assert.ok(!ids.includes(update) && !ids.includes(value));
  const [report] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format=md]')]);
  assert.match(readFileSync(await report.path(), 'utf8'), new RegExp(`- \\[ \\] \\*\\*#${update} UPDATE_SCHEMA_DEFAULTVALUE\\*\\*`));
  await page.close();
});

test('a reopened plan and the live target export: the page says whether the target drifted, as `flagplan check` does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flagplan-drift-'));
  try {
    const plan = runCli(['plan', ...files, '--format', 'plan', '--generated-at', '2026-11-21T12:00:00Z', '--comment', 'CHG-1234: promote the ledger flags']);
    writeFileSync(join(dir, 'plan.json'), plan);
    const { page } = await open(site.browser.context, site.server.url);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.setInputFiles('#plan-file', join(dir, 'plan.json'));
    await page.waitForSelector('#reopened:not([hidden])');
    // The saved steps are a list one can read: each row below the one before (not stacked on one another).
    const tops = await page.$$eval('#reopened-steps .step-row', (els) => els.slice(0, 10).map((el) => el.getBoundingClientRect().top));
    assert.equal(tops.length, 10);
    for (let i = 1; i < tops.length; i++) assert.ok(tops[i] > tops[i - 1], `row ${i + 1} below row ${i}`);
    await page.setInputFiles('#drift-target', production);
    await page.waitForSelector('#drift-result[data-state="none"]');
    assert.equal(await page.textContent('#drift-result'), 'No drift: every flag the plan touches is in production.json as the plan found it. The plan still applies.');

    // Someone changed a touched flag on the server since.
    const live = JSON.parse(readFileSync(production, 'utf8'));
    const key = JSON.parse(plan).steps.find((s) => live.flags[s.flagKey]).flagKey;
    live.flags[key].description = 'edited by hand after the plan';
    writeFileSync(join(dir, 'live.json'), JSON.stringify(live, null, 2));
    // `check` exits 2 on drift (detailed exit codes).
    const checked = spawnSync(cliPath, ['check', join(dir, 'plan.json'), join(dir, 'live.json'), '--format', 'json'], { encoding: 'utf8' });
    assert.equal(checked.status, 2);
    const cli = JSON.parse(checked.stdout);
    assert.ok(cli.drifted.length > 0);
    await page.setInputFiles('#drift-target', join(dir, 'live.json'));
    await page.waitForSelector('#drift-result[data-state="drifted"]');
    assert.match(await page.textContent('#drift-result .drift-verdict'), /^The target drifted since the plan: 1 flag the plan touches changed/);
    assert.deepEqual(await page.$$eval('#drift-result li', (els) => els.map((el) => el.textContent)),
      cli.drifted.map((d) => `${d.flagKey}: ${d.difference}`));
    await page.evaluate(() => document.querySelector('#reopened .drift').scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(shots, 'reopened-plan-drift.png') });

    // Another environment's export.
    await page.setInputFiles('#drift-target', staging);
    await page.waitForSelector('#drift-result[data-state="environment"]');
    assert.match(await page.textContent('#drift-result'), /^Wrong environment: staging\.json is an export of "staging", but the plan is for "production"/);
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('renames: accepting them plans again from the exports the engine already read (no reading, no parsing), as the CLI plans them', async () => {
  const page = await review();
  const marks = () => page.evaluate(() => performance.getEntriesByName('flagplan:overview-parsed').length);
  const analyses = await marks();
  await page.click('#renames-accept-all');
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready' &&
    document.querySelectorAll('#renames input:checked').length === 2);
  const expected = (a) => a.steps.map((s) => ({ id: s.id, mode: s.mode, key: s.flagKey, indent: s.indent ?? 0, selected: s.selected }));
  assert.deepEqual(await readSteps(page), expected(cliAnalysis([...files, '--renames'])));
  assert.equal(await marks(), analyses, 'no new analysis of the files');
  // The side by side follows: a renamed flag's old and new keys name the RENAME step.
  const rename = cliAnalysis([...files, '--renames']).steps.find((s) => s.mode === 'RENAME');
  await page.waitForFunction((id) => document.querySelector(`#compare-list .cmp-flag[data-key] .cmp-steps`) &&
    [...document.querySelectorAll('#compare-list .cmp-flag .cmp-steps')].some((el) => el.textContent.includes(`#${id} `)), rename.id);
  // One suggestion declined.
  await page.locator('#renames input[type=checkbox]').first().uncheck();
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready' &&
    document.querySelectorAll('#renames input:checked').length === 1);
  const oneKey = await page.locator('#renames input[type=checkbox]').nth(1).getAttribute('data-new-key');
  assert.equal(await marks(), analyses);
  const steps = await readSteps(page);
  assert.equal(steps.filter((s) => s.mode === 'RENAME').length, 1);
  assert.equal(steps.find((s) => s.mode === 'RENAME').key, oneKey);
  await page.close();
});
