// Loading an export from a URL the user typed: works when the server allows
// it (CORS), and the page explains the refusal when it does not.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { examples, launch, open, serve } from './helpers.mjs';

let site;
let api;
let apiUrl;
let browser;

before(async () => {
  site = await serve();
  // A stand-in FlagFlow on another origin: /cors answers with
  // Access-Control-Allow-Origin, /migration/export (like FlagFlow) without.
  api = createServer((req, res) => {
    const body = readFileSync(join(examples, req.url.includes('production') ? 'production.json' : 'staging.json'));
    const headers = { 'content-type': 'application/json', 'content-length': body.length };
    if (req.url.startsWith('/cors')) headers['access-control-allow-origin'] = '*';
    res.writeHead(200, headers).end(body);
  });
  await new Promise((r) => api.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${api.address().port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await new Promise((r) => api.close(r));
});

test('fetching both exports from URLs that allow it plans them', async () => {
  const { page, requests } = await open(browser.context, site.url);
  await page.fill('#source-url', `${apiUrl}/cors/staging`);
  await page.click('#source-fetch-form button');
  await page.waitForFunction(() => /fetched/.test(document.getElementById('source-status').textContent));
  await page.fill('#target-url', `${apiUrl}/cors/production`);
  await page.press('#target-url', 'Enter');
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready');
  assert.match(await page.textContent('#flow'), /staging[\s\S]*production/);
  // The only requests off the site are the two URLs typed.
  assert.deepEqual(requests.filter((u) => !u.startsWith(site.url)), [`${apiUrl}/cors/staging`, `${apiUrl}/cors/production`]);
  await page.close();
});

test('a URL without CORS headers: the page explains why the browser refused it and what to do', async () => {
  const { page } = await open(browser.context, site.url);
  await page.fill('#source-url', `${apiUrl}/migration/export`);
  await page.click('#source-fetch-form button');
  await page.waitForSelector('#source-error:not([hidden])');
  const text = await page.textContent('#source-error');
  assert.match(text, /^The server at http:\/\/127\.0\.0\.1:\d+\/migration\/export answered, but the browser withheld the answer from this page \(CORS\)/);
  assert.match(text, /Access-Control-Allow-Origin/);
  assert.match(text, /curl -O/);
  assert.match(await page.textContent('#source-status'), /No export loaded/);
  await page.close();
});

test('a refused connection says "could not connect" first, and does not talk about CORS', async () => {
  // A port nothing listens on: a server that was there and has stopped.
  const gone = createServer(() => {});
  await new Promise((r) => gone.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${gone.address().port}/migration/export`;
  await new Promise((r) => gone.close(r));
  const { page } = await open(browser.context, site.url);
  await page.fill('#source-url', url);
  await page.click('#source-fetch-form button');
  await page.waitForSelector('#source-error:not([hidden])');
  const text = await page.textContent('#source-error');
  assert.ok(text.startsWith(`Could not connect to ${url}.`), text);
  assert.doesNotMatch(text, /CORS|Access-Control/);
  await page.close();
});

test('a relative URL (FlagFlow behind the same origin) is fetched; the last URL typed is remembered, never credentials', async () => {
  const { page } = await open(browser.context, site.url);
  await page.fill('#source-url', 'examples/staging.json');
  await page.click('#source-fetch-form button');
  await page.waitForFunction(() => /fetched/.test(document.getElementById('source-status').textContent));
  assert.match(await page.textContent('#source-status'), /examples\/staging\.json/);
  await page.fill('#target-url', `http://operator:secret@127.0.0.1:${new URL(apiUrl).port}/cors/production`);
  await page.press('#target-url', 'Enter');
  await page.waitForSelector('#target-error:not([hidden])');
  assert.match(await page.textContent('#target-error'), /never sends or keeps credentials/);
  await page.reload();
  await page.waitForFunction(() => /ready/.test(document.getElementById('engine-status').textContent));
  assert.equal(await page.inputValue('#source-url'), 'examples/staging.json');
  assert.equal(await page.inputValue('#target-url'), `${apiUrl}/cors/production`);
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  assert.doesNotMatch(stored, /secret|operator/);
  await page.close();
});
