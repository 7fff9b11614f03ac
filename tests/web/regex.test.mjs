// Regular expressions in the wasm build go through the host's JavaScript
// RegExp (wasm/js_regex_engine.cpp); the native build keeps std::regex. Both
// run the shared cases of tests/fixtures/regex_cases.json ({pattern, subject,
// js: "match" | "nomatch" | "invalid"}, node 24's verdicts, FlagFlow's runtime): here the JS
// engine alone, then whole analyses through wasm and through the native CLI.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { loadLibrary, readBytes, runCli } from './helpers.mjs';
import { requireModule } from '../../web/lib/runtime.js';

const lib = await loadLibrary();
const wasm = requireModule('test');
const cases = JSON.parse(readBytes('tests/fixtures/regex_cases.json').toString('utf8'));
const encoder = new TextEncoder();

const check = (pattern) => JSON.parse(wasm.regexCheck(encoder.encode(pattern)));
const run = (pattern, subject) => JSON.parse(wasm.regexTest(
  typeof pattern === 'string' ? encoder.encode(pattern) : pattern,
  typeof subject === 'string' ? encoder.encode(subject) : subject));

/** V8's reason for rejecting a pattern, without its "Invalid regular expression: /p/: " prefix. */
function v8Reason(pattern) {
  try {
    new RegExp(pattern);
    return null;
  } catch (error) {
    return error.message.slice(`Invalid regular expression: /${pattern}/: `.length);
  }
}

test('the fixture is there and substantial', () => {
  assert.ok(cases.length >= 250);
  const verdicts = new Set(cases.map((c) => c.js));
  assert.deepEqual([...verdicts].sort(), ['invalid', 'match', 'nomatch']);
});

test('the JS RegExp engine gives node\'s verdict on every case, with V8\'s reason for invalid patterns', () => {
  const wrong = [];
  for (const c of cases) {
    const syntax = check(c.pattern);
    const result = run(c.pattern, c.subject);
    const expected = c.js === 'invalid' ? 'invalid_pattern' : c.js === 'match' ? 'match' : 'no_match';
    if (result.outcome !== expected) wrong.push(`${JSON.stringify(c)} -> ${JSON.stringify(result)}`);
    if (c.js === 'invalid') {
      assert.equal(syntax.outcome, 'invalid_pattern', c.pattern);
      assert.equal(syntax.detail, v8Reason(c.pattern), c.pattern);
      assert.equal(result.detail, syntax.detail);
    } else {
      assert.deepEqual(syntax, { outcome: 'match', detail: '' }, c.pattern);
      assert.equal(result.detail, '');
    }
  }
  assert.deepEqual(wrong, []);
});

test('patterns and subjects are decoded as the engine decodes UTF-8 (WTF-8 surrogates, U+FFFD)', () => {
  const loneHigh = new Uint8Array([0xed, 0xa0, 0x80]); // U+D800 kept as one unit
  const astral = encoder.encode('😀'); // two units
  assert.equal(run('^.$', loneHigh).outcome, 'match');
  assert.equal(run('^[\\uD800]$', loneHigh).outcome, 'match');
  assert.equal(run('^.$', astral).outcome, 'no_match');
  assert.equal(run('^..$', astral).outcome, 'match');
  assert.equal(run('^\\uFFFD\\uFFFD$', new Uint8Array([0xff, 0xc3])).outcome, 'match');
  assert.equal(run(new Uint8Array([0x5e, 0xed, 0xa0, 0x80, 0x24]), loneHigh).outcome, 'match');
  assert.equal(run('a', 'x'.repeat(100000) + 'a').outcome, 'match', 'long subjects cross the boundary whole');
  assert.equal(run('^\u0000$', '\u0000').outcome, 'match', 'NUL is an ordinary unit');
});

test('the host decides its own limits: a pattern V8 refuses is invalid, with V8\'s reason', () => {
  const captures = `${'('.repeat(50000)}a${')'.repeat(50000)}`;
  assert.deepEqual(run(captures, 'a'), { outcome: 'invalid_pattern', detail: v8Reason(captures) });
  assert.equal(v8Reason(captures), 'Too many captures');
  // Deep non-capturing nesting is fine for V8, and so for the module.
  const groups = `${'(?:'.repeat(50000)}a${')'.repeat(50000)}`;
  assert.deepEqual(run(groups, 'xa'), { outcome: 'match', detail: '' });
  assert.equal(run('^a+$', 'aaa').outcome, 'match');
});

// Whole analyses: one STRING flag per case, its default the subject (FlagFlow
// trims strings on read, so the verdict is on the trimmed subject).
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'flagplan-regex-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('whole analyses: wasm decides every case as node does; native agrees wherever std::regex can answer', (t) => {
  const flags = {};
  const expected = {};
  cases.forEach((c, i) => {
    const key = `re/case_${i}`;
    flags[key] = { description: '', type: 'STRING', defaultValue: c.subject, maxLength: 0, regExp: c.pattern, valueExists: false, value: '' };
    let verdict;
    try {
      verdict = new RegExp(c.pattern).test(c.subject.trim()) ? 'match' : 'nomatch';
    } catch {
      // The fixture's verdicts are node 24's (FlagFlow's runtime): a host
      // older than that rejects ES2025 syntax such as (?i:a) that it accepts.
      verdict = c.js === 'invalid' ? 'invalid' : c.js;
    }
    expected[key] = verdict;
  });
  const text = JSON.stringify({ environment: 'cases', version: '1.7.1', createdAt: '2026-11-21T10:33:08.799Z', flags }, null, 1);
  const file = path.join(scratch, 'cases.json');
  fs.writeFileSync(file, text);
  const target = path.join(scratch, 'empty.json');
  fs.writeFileSync(target, JSON.stringify({ environment: 'empty', version: '1.7.1', createdAt: '2026-11-21T10:33:08.799Z', flags: {} }));

  const byKey = (analysis) => {
    const out = {};
    for (const d of analysis.diagnostics) {
      if (d.flagKey && d.code.startsWith('schema.string.')) (out[d.flagKey] ??= []).push(d.code);
    }
    return out;
  };
  const verdictOf = (codes = []) => {
    if (codes.includes('schema.string.invalid_regexp')) return 'invalid';
    if (codes.includes('schema.string.regexp_unchecked')) return 'unchecked';
    if (codes.includes('schema.string.default_mismatch')) return 'nomatch';
    return 'match';
  };
  const fromWasm = byKey(JSON.parse(lib.planJson({ text, label: file }, { text: fs.readFileSync(target), label: target })));
  const cli = runCli(['plan', file, target, '--format', 'json']);
  const fromNative = byKey(JSON.parse(cli.stdout.toString('utf8')));

  let unchecked = 0;
  let risky = 0;
  for (const key of Object.keys(flags)) {
    const wasmVerdict = verdictOf(fromWasm[key]);
    const nativeVerdict = verdictOf(fromNative[key]);
    if (wasmVerdict === 'unchecked') {
      // The backtracking guard runs before either engine and flags the same patterns.
      assert.equal(nativeVerdict, 'unchecked', key);
      ++risky;
      continue;
    }
    assert.equal(wasmVerdict, expected[key], `${key} ${JSON.stringify(flags[key].regExp)} on ${JSON.stringify(flags[key].defaultValue)}`);
    if (nativeVerdict === 'unchecked') {
      ++unchecked;
      continue;
    }
    assert.equal(nativeVerdict, wasmVerdict, key);
  }
  t.diagnostic(`${cases.length} cases: ${risky} flagged by the backtracking guard in both builds, ${unchecked} left unchecked by std::regex, the rest decided alike`);
  assert.ok(unchecked <= 11, `std::regex left ${unchecked} cases unchecked`);
  assert.ok(risky <= 5, `${risky} patterns were flagged as risky`);
});
