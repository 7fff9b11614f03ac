// Issue 13 on the page: nothing misleading reaches an operator. An
// unreadable export is an error at the top (never "Nothing to migrate"),
// results being replaced are out of date and cannot be downloaded, an empty
// selection downloads no script, and two files dropped on one card are both
// used after the user says which is the source.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, cliAnalysis, dropFiles, examples, loadFiles, open, readSteps, runCli, stepRow, useSite, waitReady } from './helpers.mjs';

const expected = (a) => a.steps.map((s) => ({ id: s.id, mode: s.mode, key: s.flagKey, indent: s.indent ?? 0, selected: s.selected }));
const staging = readFileSync(join(examples, 'staging.json'), 'utf8');
const production = readFileSync(join(examples, 'production.json'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'flagplan-honest-'));
const site = useSite();

function write(name, text) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Download buttons a user could press now. */
function enabledDownloads(page) {
  return page.evaluate(() => [...document.querySelectorAll('button[data-format]')]
    .filter((b) => !b.disabled && b.offsetParent !== null).map((b) => b.dataset.format));
}

async function waitState(page, value) {
  await page.waitForFunction((v) => document.getElementById('app').dataset.state === v, value, { timeout: 60_000 });
}

for (const broken of [
  { what: 'a truncated source export (the first 40% of staging.json)', side: 'source', name: 'staging-cut.json',
    text: staging.slice(0, Math.floor(staging.length * 0.4)), message: /not valid JSON/ },
  { what: 'a JSON file that is not an export ({"foo":1}) as the target', side: 'target', name: 'foo.json',
    text: '{"foo":1}', message: /flags/ },
]) {
  test(`${broken.what}: an error at the top with file, line:column and what is wrong; no steps, no download`, async () => {
    const path = write(broken.name, broken.text);
    const other = broken.side === 'source' ? join(examples, 'production.json') : join(examples, 'staging.json');
    const args = broken.side === 'source' ? [path, other] : [other, path];
    const engineSays = cliAnalysis(args, dir);
    assert.equal(engineSays[broken.side].readable, false);
    const errors = engineSays.diagnostics.filter((d) => d.file === path && d.severity === 'error');
    assert.ok(errors.length > 0);

    const { page, errors: pageErrors } = await open(site.browser.context, site.server.url);
    await page.setInputFiles(`#${broken.side === 'source' ? 'target' : 'source'}-file`, other);
    await page.setInputFiles(`#${broken.side}-file`, path);
    await waitState(page, 'error');
    assert.equal(await page.isVisible('#problem'), true);
    const problem = await page.textContent('#problem');
    assert.match(problem, new RegExp(`The ${broken.side} export could not be read`));
    assert.match(problem, new RegExp(broken.name.replace('.', '\\.')));
    for (const d of errors) {
      assert.ok(problem.includes(d.message), `${d.code} shown: ${d.message}`);
      if (d.line) assert.ok(problem.includes(`line ${d.line}, column ${d.column}: ${d.message}`), problem);
    }
    assert.match(problem, broken.message);
    assert.match(problem, /GET \/migration\/export/, 'says how to get a real export');
    // At the top: above the export cards.
    const top = await page.evaluate(() => document.getElementById('problem').getBoundingClientRect().top -
      document.querySelector('.inputs').getBoundingClientRect().top);
    assert.ok(top < 0, 'the error comes before the inputs');
    assert.equal(await page.isVisible('#review'), false, 'no step list');
    assert.equal(await page.isVisible('#nothing'), false);
    assert.doesNotMatch(await page.textContent('body'), /Nothing to migrate/);
    assert.deepEqual(await enabledDownloads(page), []);
    // A real export on that side clears it.
    await page.setInputFiles(`#${broken.side}-file`, join(examples, broken.side === 'source' ? 'staging.json' : 'production.json'));
    await waitReady(page);
    assert.equal(await page.isVisible('#problem'), false);
    assert.deepEqual(await readSteps(page), expected(cliAnalysis(['staging.json', 'production.json'])));
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
}

test('while an analysis runs, the earlier results are marked out of date and nothing downloads', async () => {
  const { page } = await open(site.browser.context, site.server.url);
  await loadFiles(page, join(examples, 'staging.json'), join(examples, 'production.json'));
  assert.equal(await page.isVisible('#stale-note'), false);
  assert.ok((await enabledDownloads(page)).includes('sh'));
  // The page's state right after the user's change, before the worker answers.
  const during = await page.evaluate(() => {
    const radio = document.querySelector('input[name=mode][value=restore]');
    radio.checked = true;
    radio.dispatchEvent(new Event('change', { bubbles: true }));
    const note = document.getElementById('stale-note');
    return {
      note: note.hidden ? '' : note.textContent,
      stale: document.getElementById('review').classList.contains('stale'),
      enabled: [...document.querySelectorAll('button[data-format]')].filter((b) => !b.disabled).length,
      buttons: document.querySelectorAll('button[data-format]').length,
    };
  });
  assert.match(during.note, /^Out of date: analyzing again \(mode restore\)/);
  assert.equal(during.stale, true);
  assert.ok(during.buttons >= 6);
  assert.equal(during.enabled, 0, 'no download while the results are out of date');
  await page.waitForFunction(() => document.querySelector('.mode-pill')?.textContent === 'restore' &&
    document.getElementById('app').dataset.state === 'ready');
  assert.equal(await page.isVisible('#stale-note'), false);
  assert.equal(await page.evaluate(() => document.getElementById('review').classList.contains('stale')), false);
  await page.close();
});

test('no step selected: no apply or rollback download, with the message the CLI gives', async () => {
  // Only a value differs: a migration selects no step by default.
  const source = JSON.parse(staging);
  const target = JSON.parse(staging);
  target.environment = 'production';
  const key = Object.keys(target.flags).find((k) => target.flags[k].type === 'BOOLEAN');
  target.flags[key].valueExists = true;
  target.flags[key].value = !source.flags[key].value;
  const sourcePath = write('values-staging.json', JSON.stringify(source));
  const targetPath = write('values-production.json', JSON.stringify(target));
  const analysis = cliAnalysis([sourcePath, targetPath], dir);
  assert.deepEqual(analysis.steps.map((s) => [s.mode, s.selected]), [['SET_VALUE', false]]);
  const refused = {};
  for (const format of ['sh', 'rollback']) {
    let stderr = '';
    try {
      execFileSync(cli, ['plan', sourcePath, targetPath, '--format', format], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      assert.equal(error.status, 1);
      stderr = error.stderr;
    }
    refused[format] = stderr.trim().split('\n').at(-1).replace(/^flagplan: /, '');
    assert.match(refused[format], /^no step is selected/);
  }

  const { page } = await open(site.browser.context, site.server.url);
  await loadFiles(page, sourcePath, targetPath);
  for (const format of ['sh', 'rollback']) {
    assert.equal(await page.isDisabled(`button[data-format=${format}]`), true, `${format} disabled`);
    assert.equal(await page.textContent(`#download-${format}-reason .reason`), refused[format]);
  }
  for (const format of ['md', 'json', 'text']) assert.equal(await page.isDisabled(`button[data-format=${format}]`), false);
  // Selecting the step enables both; selecting none again disables them.
  await page.click('#select-all');
  await page.waitForFunction(() => !document.querySelector('button[data-format=sh]').disabled);
  await page.click('#select-none');
  await page.waitForFunction(() => document.querySelector('button[data-format=sh]').disabled);
  assert.equal(await page.textContent('#download-sh-reason .reason'), refused.sh);
  await page.close();
});

for (const where of ['#source-card', '#target-card', 'main']) {
  test(`two exports dropped together on ${where}: the page asks which is the source, pre-filled staging → production`, async () => {
    const { page } = await open(site.browser.context, site.server.url);
    // Dropped in the "wrong" order: production first.
    await dropFiles(page, where, [{ name: 'production.json', text: production }, { name: 'staging.json', text: staging }]);
    await page.waitForSelector('#assign:not([hidden])');
    const text = await page.textContent('#assign');
    assert.match(text, /production\.json \(environment: production\)/);
    assert.match(text, /staging\.json \(environment: staging\)/);
    assert.match(text, /Pre-filled from the environment names: staging is promoted to production/);
    const checked = await page.evaluate(() => document.querySelector('input[name=assign-source]:checked').closest('label').textContent);
    assert.match(checked, /^ Source: staging\.json/);
    assert.equal(await page.isVisible('#review'), false, 'nothing is loaded before the user says');
    await page.click('#assign-use');
    await waitReady(page);
    assert.match(await page.textContent('#source-status'), /staging\.json/);
    assert.match(await page.textContent('#target-status'), /production\.json/);
    assert.deepEqual(await readSteps(page), expected(cliAnalysis(['staging.json', 'production.json'])));
    await page.close();
  });
}

test('two exports dropped together: the user can make the other one the source; three files are a pipeline, nine are refused', async () => {
  const { page } = await open(site.browser.context, site.server.url);
  await dropFiles(page, '#source-card', [{ name: 'staging.json', text: staging }, { name: 'production.json', text: production }]);
  await page.waitForSelector('#assign:not([hidden])');
  await page.check('input[name=assign-source][value="1"]');
  await page.click('#assign-use');
  await waitReady(page);
  assert.deepEqual(await readSteps(page), expected(cliAnalysis(['production.json', 'staging.json'])));

  const fresh = (await open(site.browser.context, site.server.url)).page;
  await dropFiles(fresh, '#target-card', [{ name: 'a.json', text: staging }, { name: 'b.json', text: production }, { name: 'c.json', text: staging }]);
  await fresh.waitForSelector('#pipeline:not([hidden])');
  assert.equal(await fresh.isVisible('#assign'), false);
  assert.equal(await fresh.isVisible('#review'), false, 'nothing is reviewed before the user opens a hop');
  await dropFiles(fresh, '#target-card', Array.from({ length: 9 }, (_, i) => ({ name: `e${i}.json`, text: staging })));
  await fresh.waitForFunction(() => document.getElementById('analyze-error').textContent !== '');
  assert.equal(await fresh.textContent('#analyze-error'),
    'The pipeline could not be shown: pipeline(exports) takes an array of 2 to 8 exports in promotion order, not 9');
  await fresh.close();
  await page.close();
});

test('the selection summary is the engine\'s: the Plan: line and findings of selected steps follow each click, as the CLI prints them', async () => {
  const { page } = await open(site.browser.context, site.server.url);
  await page.evaluate(() => localStorage.clear());
  await loadFiles(page, join(examples, 'staging.json'), join(examples, 'production.json'));
  const planLine = (args) => runCli(['plan', 'staging.json', 'production.json', ...args]).split('\n').find((l) => l.startsWith('Plan: '));
  const cli = cliAnalysis(['staging.json', 'production.json']);
  assert.equal(await page.textContent('#plan-line'), cli.summary.planLine);
  assert.equal(await page.textContent('#plan-line'), planLine([]));
  // Findings of unselected steps (with every value step ticked off: the examples' SET_VALUE after #9) are listed apart, not counted.
  const unselected = cli.summary.unselectedFindingIndices.map((i) => cli.diagnostics[i]);
  const main = await page.textContent('#findings-list .finding-groups');
  for (const d of unselected) assert.ok(!main.includes(d.message), `${d.code} of an unselected step is not among the selection's findings`);
  if (unselected.length > 0) {
    assert.match(await page.textContent('.unselected-findings summary'), new RegExp(`^Findings of unselected steps \\(${unselected.length}\\)`));
  }
  assert.equal(await page.textContent('.findings-counts'),
    `${cli.summary.errors} error${cli.summary.errors === 1 ? '' : 's'} ${cli.summary.warnings} warning${cli.summary.warnings === 1 ? '' : 's'} ${cli.summary.notes} note${cli.summary.notes === 1 ? '' : 's'}`);
  // Ticking an unselected step (one with a finding when there is one): the summary follows, as `--select` prints it.
  const step = unselected.find((d) => d.stepId)?.stepId ?? cli.steps.find((s) => !s.selected).id;
  const row = await stepRow(page, step);
  await row.locator('input[type=checkbox]').click();
  await page.waitForFunction((old) => document.getElementById('plan-line').textContent !== old, cli.summary.planLine);
  const selected = new URL(page.url()).hash.match(/select=([0-9,]*)/)[1];
  const after = cliAnalysis(['staging.json', 'production.json', '--select', selected]);
  assert.equal(await page.textContent('#plan-line'), after.summary.planLine);
  assert.equal(await page.textContent('#plan-line'), planLine(['--select', selected]));
  await page.close();
});

test('the wrong file: a plan that deletes most of the target asks for a confirmation at the top, naming the count; nothing executable until confirmed', async () => {
  const source = JSON.parse(staging);
  source.flags = Object.fromEntries(Object.entries(source.flags).slice(0, 2));
  const sourcePath = write('two-flags-staging.json', JSON.stringify(source));
  const targetPath = join(examples, 'production.json');
  const analysis = cliAnalysis([sourcePath, targetPath], dir);
  const guard = analysis.diagnostics.find((d) => d.code === 'guard.mass_delete');
  assert.equal(guard.severity, 'error');
  assert.match(guard.message, /deletes \d+ of the target's 38 flags/);

  const { page } = await open(site.browser.context, site.server.url);
  await page.evaluate(() => localStorage.clear());
  await loadFiles(page, sourcePath, targetPath);
  assert.equal(await page.isVisible('#guard'), true);
  assert.equal(await page.textContent('#guard-message'), guard.message);
  const top = await page.evaluate(() => document.getElementById('guard').getBoundingClientRect().top -
    document.querySelector('.inputs').getBoundingClientRect().top);
  assert.ok(top < 0, 'the confirmation is at the top');
  for (const format of ['plan', 'sh', 'rollback']) assert.equal(await page.isDisabled(`button[data-format=${format}]`), true);
  await page.click('#guard-confirm');
  await page.waitForSelector('#guard', { state: 'hidden' });
  await page.waitForFunction(() => !document.querySelector('button[data-format=sh]').disabled);
  const acknowledged = cliAnalysis([sourcePath, targetPath, '--allow-mass-delete'], dir);
  assert.equal(await page.textContent('#plan-line'), acknowledged.summary.planLine);
  assert.match(await page.textContent('#findings-list'), /guard\.mass_delete[\s\S]*\(acknowledged\)/);
  await page.close();
});
