// Misuse of an initialized library: wrong argument types and deleted
// sessions are FlagplanErrors with codes; problems in the exports are never
// thrown but come back as diagnostics.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { expectCode, input, loadLibrary } from './helpers.mjs';
import { requireModule } from '../../web/lib/runtime.js';

const lib = await loadLibrary();
const { PlanSession } = lib;
const staging = input('examples/staging.json');
const production = input('examples/production.json');

test('exports that are not text or bytes are INVALID_ARGUMENT', () => {
  const bad = [
    [42, /source must be the export's JSON text .* not a number/],
    [null, /source must be the export's JSON text .* not null/],
    [undefined, /not a undefined/],
    [['{}'], /not an array/],
    [{ label: 'x.json' }, /without `text`/],
    [{ text: 5, label: 'x.json' }, /not a number/],
    [{ text: '{}', label: 7 }, /source.label must be a string/],
    [{ text: '{}', name: 'x' }, /unknown member `name`/],
    [new Blob(['{}']), /a Blob or File needs PlanWorker/],
  ];
  for (const [value, pattern] of bad) {
    assert.throws(() => lib.analyze(value, production), expectCode('INVALID_ARGUMENT', pattern), String(pattern));
  }
  assert.throws(() => lib.planJson(staging, 3.5), expectCode('INVALID_ARGUMENT', /^target must be/));
  assert.equal(lib.memoryStats().liveSessions, 0, 'no session was created by a rejected call');
});

test('malformed options are INVALID_ARGUMENT', () => {
  const bad = [
    ['fast', /analyze options must be an object/],
    [{ mode: 'sideways' }, /^options.mode is "migration", "restore" or "auto", not "sideways"$/],
    [{ mode: 1 }, /options.mode/],
    [{ includeValues: 'yes' }, /options.includeValues must be a boolean/],
    [{ select: '1,2' }, /^options.select\(ids\): ids must be an array of step ids, not a string$/],
    [{ renameKeys: ['a', 1] }, /^options.renameKeys must be an array of flag keys \(strings\), not an array$/],
    [{ walkStages: 1 }, /^options.walkStages must be a boolean, not a number$/],
    [[1], /^analyze options must be an object, not an array$/],
    [{ select: [1, 2.5] }, /id must be an integer step id, not 2.5/],
    [{ select: [2 ** 31] }, /not 2147483648/],
    [{ include_values: true }, /^unknown analyze option `include_values` \(known: mode, includeValues, select, renames, renameKeys, walkStages, keepStages, allowMassDelete\)$/],
    [{ select: [1n] }, /^analyze options cannot be written as JSON/],
  ];
  for (const [options, pattern] of bad) {
    assert.throws(() => lib.analyze(staging, production, options), expectCode('INVALID_ARGUMENT', pattern),
      String(pattern));
  }
});

test('wrong arguments to session methods are INVALID_ARGUMENT', () => {
  const session = lib.analyze(staging, production);
  try {
    assert.throws(() => session.select('1'), expectCode('INVALID_ARGUMENT', /select\(id\): id must be an integer/));
    assert.throws(() => session.unselect(1.5), expectCode('INVALID_ARGUMENT', /unselect\(id\)/));
    assert.throws(() => session.select(NaN), expectCode('INVALID_ARGUMENT'));
    assert.throws(() => session.setSelection('1,2'), expectCode('INVALID_ARGUMENT', /setSelection\(ids\)/));
    assert.throws(() => session.setSelection([1, '2']), expectCode('INVALID_ARGUMENT'));
    assert.throws(() => session.render(5), expectCode('INVALID_ARGUMENT', /format must be a string/));
    assert.throws(() => session.render('json', { generatedAt: 5 }), expectCode('INVALID_ARGUMENT', /generatedAt/));
    assert.throws(() => session.render('json', { when: 'now' }), expectCode('INVALID_ARGUMENT', /unknown render option/));
    // None of that changed the session.
    assert.equal(session.analysis().summary.selected, 31);
  } finally {
    session.delete();
  }
});

test('a deleted session throws SESSION_DELETED; delete() itself is idempotent', () => {
  const session = lib.analyze(staging, production);
  assert.equal(session.deleted, false);
  assert.equal(lib.memoryStats().liveSessions, 1);
  session.delete();
  assert.equal(session.deleted, true);
  assert.equal(lib.memoryStats().liveSessions, 0);
  const calls = {
    analysisJson: () => session.analysisJson(),
    analysis: () => session.analysis(),
    select: () => session.select(1),
    unselect: () => session.unselect(1),
    addValueSteps: () => session.addValueSteps(),
    setSelection: () => session.setSelection([1]),
    render: () => session.render('json'),
  };
  for (const [name, call] of Object.entries(calls)) {
    assert.throws(call, expectCode('SESSION_DELETED', new RegExp(`PlanSession.${name}\\(\\) was called after delete\\(\\)`)));
  }
  session.delete();
  assert.equal(lib.memoryStats().liveSessions, 0);
});

test('PlanSession is made by analyze(), not with new', () => {
  assert.throws(() => new PlanSession({}), expectCode('INVALID_ARGUMENT', /made by analyze\(\)/));
});

test('bad exports are diagnostics, never exceptions', () => {
  const cases = [
    ['', 'file.syntax'],
    ['{', 'file.syntax'],
    ['[]', 'file.not_object'],
    [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'file.syntax'],
    [new Uint8Array(0), 'file.syntax'],
    ['{"environment": "x"}', 'file.missing_field'],
    ['\u0000', 'file.syntax'],
    ['{"a": "\uD800"}', 'file.missing_field'],
  ];
  for (const [text, code] of cases) {
    const analysis = JSON.parse(lib.planJson({ text, label: 'bad.json' }, production));
    assert.equal(analysis.blocked, true, JSON.stringify(text));
    const first = analysis.diagnostics.find((d) => d.severity === 'error');
    assert.equal(first.file, 'bad.json');
    assert.equal(first.code, code, JSON.stringify(text));
    assert.deepEqual(analysis.steps, []);
  }
});

test('the raw module reports unreadable options as a diagnostic, not an exception', () => {
  const wasm = requireModule('test');
  for (const [options, message] of [
    ['not json', /^analyze options are not valid JSON$/],
    ['{"mode": "sideways"}', /^options.mode is "migration", "restore" or "auto", not "sideways"$/],
    ['{"select": [1, "2"]}', /^options.select\(id\): id must be an integer step id, not a string$/],
    ['{"extra": 1}', /^unknown analyze option `extra`/],
  ]) {
    const checked = (text, label, asTarget) => {
      const bytes = new wasm.InputBytes(text.length);
      bytes.view().set(text);
      const check = new wasm.CheckedExport(bytes, label, asTarget);
      bytes.delete();
      return check;
    };
    const source = checked(staging.text, 'a', false);
    const target = checked(production.text, 'b', true);
    const session = new wasm.Session(source, target, options);
    source.delete();
    target.delete();
    try {
      session.analysisJson();
      const analysis = JSON.parse(new TextDecoder().decode(session.textView(0)));
      session.freeText();
      assert.equal(analysis.blocked, true);
      assert.deepEqual(analysis.diagnostics.map((d) => d.code), ['plan.invalid_argument']);
      assert.match(analysis.diagnostics[0].message, message);
      const change = JSON.parse(session.setSelection('[1, 2.5]', false));
      assert.deepEqual(change.diagnostics.map((d) => d.code), ['plan.invalid_argument']);
    } finally {
      session.delete();
    }
  }
  assert.equal(lib.memoryStats().liveSessions, 0);
});
