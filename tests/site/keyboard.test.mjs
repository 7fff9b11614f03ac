// Keyboard and screen readers (issue 17): a skip link to the steps, one tab
// stop for the step rows (arrow keys move and scroll the focused row into
// view, Space toggles, Enter expands), visible focus, and axe-core finds no
// serious or critical violation on the page with an analysis shown.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliAnalysis, examples, loadFiles, open, repo, useSite } from './helpers.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let page;
useSite(async (site) => {
  ({ page } = await open(site.browser.context, site.server.url));
  await page.setViewportSize({ width: 1280, height: 800 });
  await loadFiles(page, join(examples, 'staging.json'), join(examples, 'production.json'));
});

/** What has the focus: the step row's id and control, and whether the row is inside the list's viewport. */
function focused() {
  return page.evaluate(() => {
    const el = document.activeElement;
    const row = el.closest('.step-row');
    const view = document.getElementById('steps').getBoundingClientRect();
    const box = row ? row.getBoundingClientRect() : null;
    const style = getComputedStyle(el);
    return {
      id: row ? Number(row.dataset.id) : null, control: el.type || el.tagName.toLowerCase(),
      checked: el.checked, visible: box ? box.top >= view.top - 1 && box.bottom <= view.bottom + 1 : false,
      outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
    };
  });
}

test('skip link, one tab stop for the rows, arrows walk 10 steps with the focused row in view, Space toggles, Enter expands', async () => {
  const cli = cliAnalysis(['staging.json', 'production.json']);
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-to-steps');
  assert.equal(await page.evaluate(() => document.activeElement.getBoundingClientRect().top >= 0), true, 'the skip link shows when focused');
  await page.keyboard.press('Enter');
  let now = await focused();
  assert.deepEqual([now.id, now.control], [1, 'checkbox']);
  assert.ok(now.outline, 'visible focus');
  // One tab stop: Tab leaves the list instead of visiting every row and its details button.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.closest('#steps')), null);
  await page.keyboard.press('Shift+Tab');
  assert.equal((await focused()).id, 1);
  // A keyboard walk of 10 steps: the focused row is always scrolled into view.
  await page.setViewportSize({ width: 1280, height: 500 });
  for (let i = 2; i <= 11; i++) {
    await page.keyboard.press('ArrowDown');
    now = await focused();
    assert.deepEqual([now.id, now.control], [i, 'checkbox']);
    assert.ok(now.visible, `row #${i} in view`);
    assert.ok(now.outline, `row #${i} focus visible`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  const step = cli.steps[10];
  const before = (await focused()).checked;
  await page.keyboard.press('Space');
  await page.waitForFunction((text) => document.getElementById('selection-status').textContent.includes(text), `#${step.id} `);
  assert.equal((await focused()).checked, !before);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.step-row[data-id="${step.id}"] .detail`);
  assert.equal(await page.getAttribute(`.step-row[data-id="${step.id}"] button.expand`, 'aria-expanded'), 'true');
  assert.equal((await focused()).id, step.id, 'the focus stays on the row');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.step-row[data-id="${step.id}"] .detail`, { state: 'detached' });
  // Tab comes back to the row last focused.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await focused()).id, step.id);
});

test('axe-core: no serious or critical violations, light and dark', async () => {
  await page.evaluate(axeSource);
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const violations = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, [], `${scheme}: ${violations.join('\n')}`);
    if (scheme === 'dark') {
      // For the documentation (1280×800), made here so it stays current.
      mkdirSync(join(repo, 'docs', 'screenshots'), { recursive: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(repo, 'docs', 'screenshots', 'dark-theme.png') });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
});
