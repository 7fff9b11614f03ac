#!/usr/bin/env node
// Builds build-site/flagplan-offline.html: the whole page in one file that
// works opened from disk (file://) with no network. Called by
// scripts/build-site.sh after it has assembled the hosted site:
//
//   node site/offline/build.mjs BUILD_SITE_DIR STAGE_DIR
//
// Bundles (Debian's esbuild; no library is added to the page):
//   - the worker: offline/worker-entry.js = web/worker.js + the inlined glue,
//     with the .wasm left as a placeholder the page fills in;
//   - the page: offline/page-entry.js = offline/register.js + js/main.js +
//     web/ (the page runs no WebAssembly itself: no glue).
// The HTML inlines the CSS and the page bundle (allowed by SHA-256 hashes in
// the Content-Security-Policy, no 'unsafe-inline'), and carries the .wasm, the
// worker bundle and the two example exports as base64 data blocks
// (<script type="text/plain">, never executed).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [siteDir, stageDir] = process.argv.slice(2);
if (!siteDir || !stageDir) {
  console.error('usage: node site/offline/build.mjs BUILD_SITE_DIR STAGE_DIR');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const esbuild = process.env.ESBUILD || 'esbuild';

function fail(message) {
  console.error(`build-site (offline): ${message}`);
  process.exit(1);
}

// 1. A staging tree with the hosted site's js/ and web/ plus the offline entries.
rmSync(stageDir, { recursive: true, force: true });
mkdirSync(stageDir, { recursive: true });
cpSync(join(siteDir, 'js'), join(stageDir, 'js'), { recursive: true });
cpSync(join(siteDir, 'web'), join(stageDir, 'web'), { recursive: true });
mkdirSync(join(stageDir, 'offline'));
for (const name of ['worker-init.js', 'worker-entry.js', 'register.js', 'page-entry.js']) {
  cpSync(join(here, name), join(stageDir, 'offline', name));
}

// 2. Bundles. node:* imports sit in the library's node-only branches.
function bundle(entry, out) {
  try {
    execFileSync(esbuild, [join(stageDir, entry), '--bundle', '--format=esm', '--platform=browser',
      '--external:node:*', '--minify', '--charset=ascii', '--log-level=warning', `--outfile=${join(stageDir, out)}`],
    { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    fail(error.code === 'ENOENT'
      ? "esbuild not found: install Debian's esbuild (apt-get install esbuild) or set ESBUILD"
      : `esbuild failed on ${entry}`);
  }
  return readFileSync(join(stageDir, out), 'utf8');
}
const workerJs = bundle('offline/worker-entry.js', 'worker.bundle.js');
const pageJs = bundle('offline/page-entry.js', 'page.bundle.js');
if (!workerJs.includes('__FLAGPLAN_WASM_BASE64__')) fail('the worker bundle lost the .wasm placeholder');

// 3. Pieces inlined as text must not end their element early.
function checkInline(text, what, tag) {
  const bad = new RegExp(`</${tag}|<!--|<script`, 'i').exec(text);
  if (bad) fail(`${what} contains "${bad[0]}", which would break the inline <${tag}>`);
}
checkInline(pageJs, 'the page bundle', 'script');
const css = readFileSync(join(siteDir, 'style.css'), 'utf8');
checkInline(css, 'style.css', 'style');

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const base64 = (bytes) => Buffer.from(bytes).toString('base64');
const wasm = readFileSync(join(siteDir, 'web', 'dist', 'flagplan.wasm'));

const csp = [
  "default-src 'none'",
  `script-src ${sha256(pageJs)} 'wasm-unsafe-eval'`,
  // The worker is a data: URL (browsers refuse module workers from blob: URLs on file:// pages).
  'worker-src data:',
  // Only the URL the user types to fetch an export.
  'connect-src *',
  `style-src ${sha256(css)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

let html = readFileSync(join(siteDir, 'index.html'), 'utf8');
function replaceOnce(pattern, replacement, what) {
  const before = html;
  html = html.replace(pattern, () => replacement);
  if (html === before) fail(`index.html has no ${what}`);
}
replaceOnce(/<!-- No inline scripts[^>]*-->\n/, '<!-- Single-file build: scripts and styles are inline, allowed by their hashes; the engine, its worker and the examples are base64 data blocks. -->\n', 'CSP comment');
replaceOnce(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`, 'CSP meta tag');
replaceOnce('<link rel="stylesheet" href="style.css">', `<style>${css}</style>`, 'stylesheet link');
replaceOnce('<script type="module" src="js/main.js"></script>\n', '', 'main.js script tag');
const blocks = [
  `<script type="text/plain" id="flagplan-wasm">${base64(wasm)}</script>`,
  `<script type="text/plain" id="flagplan-worker">${base64(Buffer.from(workerJs, 'utf8'))}</script>`,
  `<script type="text/plain" id="example-staging">${base64(readFileSync(join(siteDir, 'examples', 'staging.json')))}</script>`,
  `<script type="text/plain" id="example-production">${base64(readFileSync(join(siteDir, 'examples', 'production.json')))}</script>`,
  `<script type="module">${pageJs}</script>`,
].join('\n');
replaceOnce('</body>', `${blocks}\n</body>`, '</body>');

const out = join(siteDir, 'flagplan-offline.html');
writeFileSync(out, html);
const workerUrlBytes = Math.ceil((workerJs.length - '__FLAGPLAN_WASM_BASE64__'.length + base64(wasm).length) * 4 / 3) + 30;
// Chromium refuses URLs longer than 2 MiB.
if (workerUrlBytes > 2 * 1024 * 1024) fail(`the worker's data: URL would be ${workerUrlBytes} bytes (over 2 MiB)`);
console.log(`build-site: ${out} ${Math.round(html.length / 1024)} KiB (worker data: URL ${Math.round(workerUrlBytes / 1024)} KiB)`);
