// Issue 18: with the same time, the wasm module renders every artifact
// byte-identical to the CLI's --generated-at (and SOURCE_DATE_EPOCH), and
// offers the CLI's `github` format from the one renderer registry.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { input, loadLibrary, runCli } from './helpers.mjs';

const lib = await loadLibrary();
const [source, target] = ['examples/staging.json', 'examples/production.json'];
const stamp = '2026-01-31T12:00:00Z';

test('artifacts are byte-identical across CLI (--generated-at, SOURCE_DATE_EPOCH) and wasm', () => {
  const session = lib.analyze(input(source), input(target), { includeValues: true });
  try {
    for (const format of ['plan', 'sh', 'rollback', 'md', 'json', 'text', 'github']) {
      const cli = runCli(['plan', source, target, '--include-values', '--format', format, '--generated-at', stamp]);
      assert.equal(cli.status, 0, cli.stderr);
      const wasm = session.render(format, { generatedAt: stamp });
      assert.equal(wasm.ok, true, format);
      assert.equal(Buffer.from(wasm.text, 'utf8').equals(cli.stdout), true, `${format} differs`);
    }
  } finally {
    session.delete();
  }
});
