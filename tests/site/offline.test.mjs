// The single-file build (build-site/flagplan-offline.html) opened from disk.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { cliAnalysis, downloadedText, examples, launch, loadFiles, open, readSteps, runCli, siteDir, withoutTime } from './helpers.mjs';

const file = join(siteDir, 'flagplan-offline.html');
const files = ['staging.json', 'production.json'];
const expected = (a) => a.steps.map((s) => ({ id: s.id, mode: s.mode, key: s.flagKey, indent: s.indent ?? 0, selected: s.selected }));

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the single file works from file:// with no request but itself', async () => {
  const url = pathToFileURL(file).href;
  const { page, requests, errors } = await open(browser.context, url);
  assert.match(await page.textContent('#engine-status'), /ready \(offline single file\)/);
  await page.click('#try-examples');
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready');
  assert.deepEqual(await readSteps(page), expected(cliAnalysis(files)));
  await page.setInputFiles('#target-file', join(examples, 'production.json'));
  await page.setInputFiles('#source-file', join(examples, 'staging.json'));
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready');
  assert.deepEqual(await readSteps(page), expected(cliAnalysis(files)));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format=plan]')]);
  assert.equal(withoutTime(await downloadedText(download, 'plan')), withoutTime(runCli(['plan', ...files, '--format', 'plan'])));
  assert.deepEqual(requests.filter((r) => r !== url), []);
  assert.deepEqual(errors, []);
});

test('the single file carries its own CSP: hashes for its inline script and style, no unsafe-inline or unsafe-eval', () => {
  const html = readFileSync(file, 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)[1];
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
  assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/);
  assert.ok(!csp.includes('unsafe-inline') && !/'unsafe-eval'/.test(csp));
  assert.ok(!/<(link|script)\b[^>]*\s(src|href)="(?!data:)/i.test(html), 'nothing is loaded from a URL');
});
