// The TypeScript definitions: they type-check a usage file (including the
// misuse they must reject), they declare every runtime export, and every
// exported declaration carries a doc comment.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { root, webDir } from './helpers.mjs';

const tsc = path.join(webDir, 'node_modules', 'typescript', 'bin', 'tsc');

test('tsc --noEmit accepts the usage file and rejects the marked misuse', { skip: !fs.existsSync(tsc) && 'run `npm ci` in web/' }, () => {
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', path.join(root, 'tests', 'web', 'tsconfig.json')],
    { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('index.d.ts declares every runtime export, each with a doc comment', async () => {
  const dts = fs.readFileSync(path.join(webDir, 'index.d.ts'), 'utf8');
  const declared = [...dts.matchAll(/^export (?:declare )?(?:const|function|class|interface|type) (\w+)/gm)];
  assert.ok(declared.length > 20);
  for (const match of declared) {
    const before = dts.slice(0, match.index).trimEnd();
    assert.ok(before.endsWith('*/'), `${match[1]} has a doc comment`);
  }
  const runtime = Object.keys(await import('../../web/index.js')).sort();
  const names = new Set(declared.map((m) => m[1]));
  for (const name of runtime) assert.ok(names.has(name), `${name} is declared in index.d.ts`);
  // Members of exported classes and interfaces are documented too.
  const members = [...dts.matchAll(/^ {2}(?:readonly )?(\w+)(?:\(|\?|:)/gm)];
  for (const match of members) {
    if (match[1] === 'constructor' && dts.slice(match.index).startsWith('  private constructor')) continue;
    const before = dts.slice(0, match.index).trimEnd();
    assert.ok(before.endsWith('*/'),
      `member ${match[1]} (offset ${match.index}) has a doc comment`);
  }
});
