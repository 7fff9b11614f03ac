// Accessibility: every control is labelled, reachable by keyboard, and shows
// its focus; the page follows the system's light or dark preference.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { examples, launch, loadFiles, open, outputDir, serve } from './helpers.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await serve();
  browser = await launch();
  ({ page } = await open(browser.context, server.url));
  await loadFiles(page, join(examples, 'staging.json'), join(examples, 'production.json'));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('every control has an accessible name', async () => {
  const unnamed = await page.evaluate(() => {
    const nameOf = (el) => {
      if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
      if (el.getAttribute('aria-labelledby')) return document.getElementById(el.getAttribute('aria-labelledby'))?.textContent;
      if (el.labels && el.labels.length) return [...el.labels].map((l) => l.textContent).join(' ');
      if (el.tagName === 'BUTTON' || el.tagName === 'SUMMARY') return el.textContent;
      return '';
    };
    return [...document.querySelectorAll('input, button, textarea, select, summary')]
      .filter((el) => el.offsetParent !== null || el.type === 'file')
      .filter((el) => !nameOf(el).trim())
      .map((el) => el.outerHTML.slice(0, 120));
  });
  assert.deepEqual(unnamed, []);
});

test('the step checkboxes are real checkboxes', async () => {
  const types = await page.$$eval('.step-row input', (inputs) => [...new Set(inputs.map((i) => i.type))]);
  assert.deepEqual(types, ['checkbox']);
});

test('Tab reaches the controls in order and the focus is visible', async () => {
  await page.evaluate(() => document.activeElement.blur());
  await page.focus('#try-examples');
  const reached = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { id: el.id || el.dataset.format || el.className, outline: style.outlineStyle, width: style.outlineWidth };
    });
    reached.push(info);
  }
  const ids = reached.map((r) => r.id);
  for (const id of ['add-values', 'select-all', 'select-none', 'key-filter', 'group-keys']) assert.ok(ids.includes(id), `Tab reaches #${id}: ${ids}`);
  assert.ok(ids.some((id) => /^step-select-/.test(id)), 'Tab reaches the step checkboxes');
  for (const r of reached) assert.notEqual(r.outline, 'none', `no visible focus on ${r.id}`);
});

test('dark color scheme: the page switches its colors', async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.screenshot({ path: join(outputDir, 'site-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(dark, light);
});
