// Security: export data reaches the DOM only as text, the CSP forbids inline
// scripts, and a session without URL fetch sends no request anywhere.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { examples, launch, loadFiles, open, repo, serve, siteDir, stepRow } from './helpers.mjs';

const XSS = '<img src=x onerror=alert(1)>';

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

/** A pair of exports whose source has a new flag with hostile text everywhere text can be. */
function hostilePair() {
  const dir = mkdtempSync(join(tmpdir(), 'flagplan-xss-'));
  const flag = (description, defaultValue) => ({
    description, type: 'STRING', defaultValue, maxLength: 0, regExp: '', valueExists: true, value: `${XSS}"'&`,
  });
  const source = {
    environment: `staging${XSS}`, version: '1.7.1', createdAt: '2026-11-21T10:33:08.799Z',
    flags: { 'ui/xss': flag(XSS, XSS), 'ui/other': flag('ok', 'a') },
  };
  const target = {
    environment: 'production', version: '1.7.1', createdAt: `2026-11-21T10:33:09.001Z${XSS}`,
    flags: { 'ui/other': flag(`changed ${XSS}`, 'b'), 'ui/gone': flag(XSS, '') },
  };
  writeFileSync(join(dir, `source${XSS.replace(/[<>/ ]/g, '_')}.json`), JSON.stringify(source, null, 2));
  writeFileSync(join(dir, 'target.json'), JSON.stringify(target, null, 2));
  return { dir, source: join(dir, readdirSync(dir).find((f) => f.startsWith('source'))), target: join(dir, 'target.json') };
}

test('a description holding <img src=x onerror=alert(1)> renders as text and no dialog opens', async () => {
  const files = hostilePair();
  const { page, dialogs, errors } = await open(browser.context, server.url);
  await loadFiles(page, files.source, files.target);
  const row = await stepRow(page, 1);
  await row.locator('button.expand').click();
  const detail = await page.textContent('#step-detail-1');
  assert.ok(detail.includes(XSS), `the description shows as text: ${detail}`);
  assert.ok((await page.textContent('#flow')).includes(`staging${XSS}`));
  // Every step expanded and every finding shown: still no element from the data.
  for (const id of [2, 3]) {
    const r = await stepRow(page, id);
    await r.locator('button.expand').click();
  }
  assert.equal(await page.locator('img').count(), 0, 'no <img> element exists');
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('no request leaves the page during a session that does not fetch a URL', async () => {
  const { page, requests, errors } = await open(browser.context, server.url);
  const atLoad = requests.length;
  // Everything the page loads comes from its own folder.
  for (const url of requests) assert.ok(url.startsWith(server.url), `request outside the site: ${url}`);
  await loadFiles(page, join(examples, 'staging.json'), join(examples, 'production.json'));
  // A full session: clicks, filters, mode switch, every download.
  await page.click('#add-values');
  await page.waitForFunction(() => /^Added value steps/.test(document.getElementById('selection-status').textContent));
  await page.fill('#key-filter', 'billing');
  await page.fill('#key-filter', '');
  await page.check('#group-keys');
  await page.uncheck('#group-keys');
  for (const format of ['plan', 'sh', 'md']) {
    await Promise.all([page.waitForEvent('download'), page.click(`button[data-format=${format}]`)]);
  }
  await page.check('input[name=mode][value=restore]');
  await page.waitForFunction(() => document.querySelector('.mode-pill')?.textContent === 'restore' &&
    document.getElementById('app').dataset.state === 'ready');
  assert.deepEqual(requests.slice(atLoad), [], 'requests after the page had loaded');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the page declares a CSP without unsafe-inline or unsafe-eval, and has no inline script or style', () => {
  const html = readFileSync(join(siteDir, 'index.html'), 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(csp, 'CSP meta tag');
  const directives = Object.fromEntries(csp[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['style-src'], ["'self'"]);
  assert.ok(!csp[1].includes('unsafe-inline') && !/'unsafe-eval'/.test(csp[1]));
  assert.equal([...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].filter((m) => m[1].trim() !== '').length, 0);
  assert.ok(!/\sstyle=|<style/i.test(html), 'no inline style');
  assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handler');
  // Only relative URLs (the page works under any sub-path).
  for (const [, url] of html.matchAll(/(?:src|href)="([^"]*)"/g)) assert.ok(!/^\/|^[a-z]+:\/\//i.test(url), url);
});

test('the page code never writes markup: no innerHTML, outerHTML, insertAdjacentHTML or document.write', () => {
  const dirs = [join(repo, 'site', 'js'), join(repo, 'site', 'offline')];
  for (const dir of dirs) {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(dir, name), 'utf8');
      assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|setAttribute\(\s*['"]style/.test(code), `${name} writes markup`);
    }
  }
});
