// A PlanSession that is never delete()d is freed once it is garbage-collected
// (web/lib/session.js's FinalizationRegistry): the module's live-session
// count and malloc'd bytes come back. Runs in a child node with --expose-gc.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const helpers = new URL('./helpers.mjs', import.meta.url).href;

test('a session dropped without delete() is freed by the garbage collector', () => {
  const script = `
    const { input, loadLibrary } = await import(${JSON.stringify(helpers)});
    const lib = await loadLibrary();
    const staging = input('examples/staging.json'), production = input('examples/production.json');
    const before = lib.memoryStats();
    (() => { for (let i = 0; i < 20; i++) lib.analyze(staging, production).overview(); })();
    const held = lib.memoryStats();
    for (let i = 0; i < 20 && lib.memoryStats().liveSessions > before.liveSessions; i++) {
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const after = lib.memoryStats();
    console.log(JSON.stringify({ before, held, after }));`;
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
  });
  const { before, held, after } = JSON.parse(out.trim().split('\n').pop());
  assert.equal(held.liveSessions, before.liveSessions + 20, 'the 20 sessions were alive before collection');
  assert.equal(after.liveSessions, before.liveSessions, 'every dropped session was freed');
  assert.ok(after.allocated - before.allocated < 4096, `allocated back to ${before.allocated} (is ${after.allocated})`);
});
