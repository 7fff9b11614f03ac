// scripts/serve-site.sh: the README's command serves the built page on
// 127.0.0.1, prints the address, sends .wasm as application/wasm, and the
// page works under a sub-path of any static host.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { launch, open, readSteps, repo, serve, siteDir } from './helpers.mjs';

function freePort() {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

test('serve-site.sh prints the address and serves the page, the module as application/wasm and the examples', async (t) => {
  const port = await freePort();
  const child = spawn('bash', [join(repo, 'scripts', 'serve-site.sh'), String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGTERM'));
  const address = await new Promise((done, fail) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) done(m[0]);
    });
    child.on('exit', (code) => fail(new Error(`serve-site.sh exited (${code}): ${out}`)));
  });
  assert.equal(address, `http://127.0.0.1:${port}/`);
  const get = async (path) => {
    for (let i = 0; i < 50; i++) {
      try {
        return await fetch(address + path);
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`no answer from ${address}`);
  };
  const index = await get('');
  assert.equal(index.status, 200);
  assert.match(await index.text(), /<title>flagplan/);
  const wasm = await get('web/dist/flagplan.wasm');
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.equal((await get('examples/staging.json')).status, 200);
  assert.equal((await get('flagplan-offline.html')).status, 200);
});

test('the page works under a sub-path (relative URLs only): "Try the examples" shows staging → production', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'flagplan-subpath-'));
  cpSync(siteDir, join(root, 'tools', 'flagplan'), { recursive: true });
  const server = await serve(root);
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  const { page, requests, errors } = await open(browser.context, `${server.url}tools/flagplan/`);
  await page.click('#try-examples');
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'ready');
  assert.match(await page.textContent('#flow'), /staging[\s\S]*production/);
  assert.ok((await readSteps(page)).length > 20);
  for (const url of requests) assert.ok(url.startsWith(`${server.url}tools/flagplan/`), url);
  assert.deepEqual(errors, []);
});
