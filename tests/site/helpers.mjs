// Shared by the browser tests: a static server for build-site/ on
// 127.0.0.1, Debian's chromium through playwright-core, the CLI, and
// reading the virtualised step list.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

import { assertValid, cliDocumentKind } from '../web/schema.mjs';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const siteDir = resolve(repo, process.env.FLAGPLAN_SITE_DIR || 'build-site');
export const outputDir = join(repo, 'tests', 'output');
export const cli = resolve(repo, process.env.FLAGPLAN_CLI || 'build/flagplan');
export const examples = join(repo, 'examples');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Serves `root` on 127.0.0.1 (a free port), as any static host would.
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export function serve(root = siteDir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      done({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => new Promise((closed) => server.close(() => closed())),
      });
    });
  });
}

/** Debian's chromium, headless, with a fresh profile (never a downloaded browser). */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'flagplan-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps'],
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/**
 * Opens the page and records every request and every dialog.
 * @returns {Promise<{page, requests: string[], dialogs: string[], errors: string[]}>}
 */
export async function open(context, url) {
  const page = await context.newPage();
  const requests = [];
  const dialogs = [];
  const errors = [];
  context.on('request', (request) => requests.push(request.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  await page.waitForFunction(() => /ready/.test(document.getElementById('engine-status').textContent), null, { timeout: 30_000 });
  return { page, requests, dialogs, errors };
}

/** Loads two exports through the page's real file inputs and waits for the steps. */
export async function loadFiles(page, sourcePath, targetPath) {
  await page.setInputFiles('#target-file', targetPath);
  await page.setInputFiles('#source-file', sourcePath);
  await waitReady(page);
}

/** Waits until the page has shown an analysis. */
export async function waitReady(page) {
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready', null, { timeout: 60_000 });
}

/**
 * Every step row of the virtualised list, read by scrolling it from top to
 * bottom: [{id, mode, key, indent, selected}] in display order.
 */
export async function readSteps(page) {
  return page.evaluate(async () => {
    const viewport = document.getElementById('steps');
    const seen = new Map();
    const order = [];
    const collect = () => {
      const rows = [...viewport.querySelectorAll('.step-row')]
        .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
      for (const row of rows) {
        const id = Number(row.dataset.id);
        const entry = {
          id, mode: row.dataset.mode, key: row.dataset.key, indent: Number(row.dataset.indent),
          selected: row.querySelector('input[type=checkbox]').checked, index: Number(row.dataset.index),
        };
        if (!seen.has(id)) order.push(id);
        seen.set(id, entry);
      }
    };
    viewport.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (;;) {
      collect();
      const before = viewport.scrollTop;
      viewport.scrollTop = before + viewport.clientHeight * 0.8;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      if (viewport.scrollTop === before) break;
    }
    collect();
    // Back to the top, and wait until the list has re-rendered there: the rows
    // of the bottom stay in the DOM until the next frame (a stale row).
    viewport.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return [...seen.values()].sort((a, b) => a.index - b.index).map(({ index, ...rest }) => rest);
  });
}

/**
 * Scrolls the list until step `id`'s row exists and is in view; returns its
 * locator. Each look at the DOM comes after the list has rendered its frame,
 * so a row left over from an earlier scroll position never counts.
 */
export async function stepRow(page, id) {
  const found = await page.evaluate(async (stepId) => {
    const viewport = document.getElementById('steps');
    const row = () => viewport.querySelector(`.step-row[data-id="${stepId}"]`);
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const settled = async () => {
      row().scrollIntoView({ block: 'nearest' });
      await frame();
      return Boolean(row());
    };
    await frame();
    if (row() && await settled()) return true;
    viewport.scrollTop = 0;
    await frame();
    for (;;) {
      if (row() && await settled()) return true;
      const before = viewport.scrollTop;
      viewport.scrollTop = before + viewport.clientHeight * 0.8;
      await frame();
      if (viewport.scrollTop === before) return Boolean(row()) && settled();
    }
  }, id);
  if (!found) throw new Error(`step #${id} is not in the list`);
  return page.locator(`.step-row[data-id="${id}"]`);
}

/**
 * `flagplan ARGS...` run in `cwd`; stdout as text (exit status 1 = blocked is
 * fine). A JSON document is checked against docs/schemas/ first.
 */
export function runCli(args, cwd = examples) {
  const kind = cliDocumentKind(args);
  const checked = (stdout) => (kind && stdout ? assertValid(kind, stdout) : stdout);
  try {
    return checked(execFileSync(cli, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 }));
  } catch (error) {
    if (error.status === 1 && typeof error.stdout === 'string') return checked(error.stdout);
    throw error;
  }
}

/** A download's text; a JSON format (`json`, `plan`) checked against docs/schemas/ first. */
export async function downloadedText(download, format) {
  const text = readFileSync(await download.path(), 'utf8');
  const kind = { json: 'analysis', plan: 'plan' }[format];
  return kind ? assertValid(kind, text) : text;
}

/** The analysis JSON the CLI prints for these files (labels = the paths as given). */
export function cliAnalysis(args, cwd = examples) {
  return JSON.parse(runCli(['plan', ...args, '--format', 'json'], cwd));
}

/** Replaces the time stamps written into outputs (generatedAt) so two renderings compare. */
export function withoutTime(text) {
  return text.replace(/"generatedAt": "[^"]*"/g, '"generatedAt": "T"')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g, 'T');
}

export function readText(path) {
  return readFileSync(path, 'utf8');
}

/** Drops files [{name, text}] on the element `selector` (a card, or the page) the way a browser does. */
export async function dropFiles(page, selector, files) {
  await page.evaluate(({ selector, files }) => {
    const data = new DataTransfer();
    for (const f of files) data.items.add(new File([f.text], f.name, { type: 'application/json' }));
    const el = document.querySelector(selector);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      el.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  }, { selector, files });
}

/**
 * The static server and a browser for one test file: filled in by a
 * before() hook (which then runs `setup(site)`, if given), closed by an
 * after() hook. `site.server.url`, `site.browser.context`.
 * @returns {{server: {url: string}, browser: {context: object}}}
 */
export function useSite(setup) {
  const site = {};
  before(async () => {
    site.server = await serve();
    site.browser = await launch();
    if (setup) await setup(site);
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
