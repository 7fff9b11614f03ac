import { launch, open, serve, loadFiles, examples, stepRow } from './helpers.mjs';
import { join } from 'node:path';
const server = await serve();
const { context, close } = await launch();
try {
  const { page } = await open(context, server.url);
  await page.screenshot({ path: '/tmp/shot-empty.png' });
  await loadFiles(page, join(examples, 'staging.json'), join(examples, 'production.json'));
  await page.check('#walk-stages');
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready' && document.querySelectorAll('.stage').length > 0);
  await page.locator('#renames input').nth(0).check();
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready' && document.querySelectorAll('#renames input:checked').length === 1);
  await page.check('#group-keys');
  await page.locator('#steps').screenshot({ path: '/tmp/shot-group.png' });
  await page.uncheck('#group-keys');
  const row = await stepRow(page, 10);
  await row.locator('button.expand').click();
  await page.locator('#steps').screenshot({ path: '/tmp/shot-walk.png' });
  await page.check('input[name=mode][value=restore]');
  await page.waitForFunction(() => document.querySelector('.mode-pill')?.textContent === 'restore');
  await page.screenshot({ path: '/tmp/shot-restore.png', fullPage: true });
  await page.setViewportSize({ width: 760, height: 1000 });
  await page.screenshot({ path: '/tmp/shot-narrow.png' });
} finally { await close(); await server.close(); }
