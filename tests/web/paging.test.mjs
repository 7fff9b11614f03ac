// The analysis in parts, for pages that list 100,000 steps: overview()
// (everything but the steps, plus stepCount), steps(offset, limit) (pages of
// the analysis's own step objects) and stepTable() (every step in columns).
// Each part must say exactly what the whole analysis JSON says; the exports'
// bytes are freed in the module once analyzed; the engine warm-up plans a
// valid synthetic pair and leaves nothing behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { expectCode, input, loadLibrary } from './helpers.mjs';
import { requireModule } from '../../web/lib/runtime.js';
import { warmUp, warmUpPair } from '../../web/lib/warm-up.js';

const lib = await loadLibrary();

const staging = input('examples/staging.json');
const production = input('examples/production.json');
const mixedSource = input('tests/web/fixtures/mixed-source.json');
const mixedTarget = input('tests/web/fixtures/mixed-target.json');

// Pairs and options that together give every member the parts carry:
// RENAME steps (oldKey), stage walks (stage), blocked analyses, syntax errors.
const CASES = [
  [staging, production, {}],
  [production, staging, { includeValues: true }],
  [staging, staging, { mode: 'restore' }],
  [mixedSource, mixedTarget, { renames: true, walkStages: true }],
  [mixedTarget, mixedSource, { renames: true, walkStages: true, select: [1, 3] }],
  [input('tests/web/fixtures/invalid.json'), mixedTarget, {}],
  [input('tests/web/fixtures/syntax-error.json'), mixedTarget, {}],
];

/** The overview the whole analysis implies: its members in order, steps replaced by stepCount after blocked. */
function overviewOf(analysis) {
  const { source, target, mode, modeChoice, blocked, steps, ...rest } = analysis;
  return { source, target, mode, modeChoice, blocked, stepCount: steps.length, ...rest };
}

/** The step table the whole analysis implies, as plain arrays. */
function tableOf(analysis) {
  const modes = ['CREATE_DEFAULTVALUE', 'UPDATE_SCHEMA_DEFAULTVALUE', 'SET_VALUE', 'DELETE', 'RENAME'];
  const { steps } = analysis;
  return {
    length: steps.length,
    modes,
    mode: steps.map((s) => modes.indexOf(s.mode)),
    flagKey: steps.map((s) => s.flagKey),
    dependentId: steps.map((s) => s.dependentId ?? 0),
    indent: steps.map((s) => s.indent ?? 0),
    selected: steps.map((s) => (s.selected ? 1 : 0)),
    changeCount: steps.map((s) => s.changes.length),
    oldKeys: new Map(steps.filter((s) => s.oldKey !== undefined).map((s) => [s.id, s.oldKey])),
    stages: new Map(steps.filter((s) => s.stage !== undefined).map((s) => [s.id, s.stage])),
  };
}

/** A StepTable with its typed arrays as plain arrays, for deepEqual. */
function plain(table) {
  return {
    ...table,
    modes: [...table.modes],
    mode: [...table.mode],
    dependentId: [...table.dependentId],
    indent: [...table.indent],
    selected: [...table.selected],
    changeCount: [...table.changeCount],
  };
}

test('overview() is the analysis without its steps, plus stepCount, in the JSON\'s member order', () => {
  for (const [source, target, options] of CASES) {
    const session = lib.analyze(source, target, options);
    try {
      const expected = overviewOf(session.analysis());
      assert.equal(session.overviewJson(), JSON.stringify(expected), `${source.label} ${JSON.stringify(options)}`);
      assert.deepEqual(session.overview(), expected);
      assert.equal(session.overview(), session.overview(), 'parsed once per selection state');
    } finally {
      session.delete();
    }
  }
});

test('steps(offset, limit) pages are the analysis\'s own steps, changes included', () => {
  for (const [source, target, options] of CASES) {
    const session = lib.analyze(source, target, options);
    try {
      const { steps } = session.analysis();
      const label = `${source.label} ${JSON.stringify(options)}`;
      for (const size of [1, 7, 256]) {
        const pages = [];
        for (let offset = 0; offset < steps.length; offset += size) pages.push(...session.steps(offset, size));
        assert.deepEqual(pages, steps, `${label}, pages of ${size}`);
      }
      assert.deepEqual(session.steps(0, steps.length + 1000), steps, label);
      assert.deepEqual(session.steps(steps.length, 5), [], 'past the end');
      assert.deepEqual(session.steps(steps.length + 1e9, 5), [], 'far past the end');
      assert.deepEqual(session.steps(0, 0), [], 'limit 0');
      if (steps.length > 3) assert.deepEqual(session.steps(steps.length - 2, 10), steps.slice(-2), 'the last page is short');
      assert.notEqual(session.steps(0, 1), session.steps(0, 1), 'a new array on every call');
    } finally {
      session.delete();
    }
  }
});

test('stepTable() holds every step in columns, typed arrays for the numbers', () => {
  let renames = 0;
  let stages = 0;
  for (const [source, target, options] of CASES) {
    const session = lib.analyze(source, target, options);
    try {
      const table = session.stepTable();
      assert.ok(table.mode instanceof Uint8Array && table.selected instanceof Uint8Array);
      assert.ok(table.dependentId instanceof Int32Array && table.indent instanceof Int32Array &&
        table.changeCount instanceof Int32Array);
      assert.ok(table.oldKeys instanceof Map && table.stages instanceof Map);
      const expected = tableOf(session.analysis());
      assert.deepEqual(plain(table), expected, `${source.label} ${JSON.stringify(options)}`);
      renames += table.oldKeys.size;
      stages += table.stages.size;
    } finally {
      session.delete();
    }
  }
  assert.ok(renames > 0 && stages > 0, `the cases include RENAME steps (${renames}) and stage walks (${stages})`);
});

test('the parts follow selection changes', () => {
  const session = lib.analyze(staging, production);
  try {
    const before = session.overview();
    const table = session.stepTable();
    const value = session.analysis().steps.find((s) => s.mode === 'SET_VALUE' && s.dependentId);
    assert.equal(table.selected[value.id - 1], 0, 'value steps start unselected in migration mode');
    const change = session.select(value.id);
    const after = session.overview();
    assert.notEqual(after, before, 'a new overview after a change');
    assert.equal(after.summary.selected, change.selected.length);
    assert.deepEqual(after, overviewOf(session.analysis()));
    assert.equal(session.stepTable().selected[value.id - 1], 1);
    assert.equal(table.selected[value.id - 1], 0, 'an earlier table is a snapshot');
    assert.equal(session.steps(value.id - 1, 1)[0].selected, true);
  } finally {
    session.delete();
  }
});

test('bad ranges are INVALID_ARGUMENT; a deleted session is SESSION_DELETED', () => {
  const session = lib.analyze(staging, production);
  for (const [offset, limit, pattern] of [
    [-1, 5, /^steps\(offset, limit\): offset must be a non-negative integer, not -1$/],
    [0, 1.5, /^steps\(offset, limit\): limit must be a non-negative integer, not 1.5$/],
    ['0', 5, /^steps\(offset, limit\): offset must be a non-negative integer, not a string$/],
    [0, undefined, /limit must be a non-negative integer, not a undefined/],
    [0, Number.NaN, /limit must be a non-negative integer, not NaN/],
    [2 ** 53, 1, /offset must be a non-negative integer/],
  ]) {
    assert.throws(() => session.steps(offset, limit), expectCode('INVALID_ARGUMENT', pattern), String(pattern));
  }
  session.delete();
  assert.throws(() => session.overview(), expectCode('SESSION_DELETED', /PlanSession.overview\(\) was called after delete\(\)/));
  assert.throws(() => session.overviewJson(), expectCode('SESSION_DELETED'));
  assert.throws(() => session.steps(0, 1), expectCode('SESSION_DELETED', /PlanSession.steps\(\)/));
  assert.throws(() => session.stepTable(), expectCode('SESSION_DELETED', /PlanSession.stepTable\(\)/));
});

test('the module frees an export\'s bytes as soon as it has checked them', () => {
  const wasm = requireModule('test');
  const bytes = (text) => {
    const held = new wasm.InputBytes(text.length);
    held.view().set(text);
    return held;
  };
  const source = bytes(staging.text);
  const checkedSource = new wasm.CheckedExport(source, 'staging.json', false);
  assert.equal(source.view(), null, 'the source bytes are freed');
  const target = bytes(production.text);
  const checkedTarget = new wasm.CheckedExport(target, 'production.json', true);
  assert.equal(target.view(), null, 'the target bytes are freed');
  const session = new wasm.Session(checkedSource, checkedTarget, '{}');
  try {
    assert.equal(checkedSource.used(), true, 'the Session took the check');
    assert.equal(checkedTarget.used(), true);
    session.analysisJson();
    const json = new TextDecoder().decode(session.textView(0));
    session.freeText();
    assert.equal(json, lib.planJson({ text: staging.text, label: 'staging.json' },
      { text: production.text, label: 'production.json' }));
    assert.equal(session.textPartCount(), 0, 'freeText() drops the text');
    assert.equal(session.textView(0).length, 0);
  } finally {
    source.delete();
    target.delete();
    checkedSource.delete();
    checkedTarget.delete();
    session.delete();
  }
});

test('an export that does not fit in the heap is a plan.out_of_memory diagnostic', () => {
  const wasm = requireModule('test');
  const huge = new wasm.InputBytes(0xffffffff);
  const small = new wasm.InputBytes(production.text.length);
  small.view().set(production.text);
  assert.equal(huge.view(), null, '4 GiB cannot be allocated in a wasm32 heap');
  const source = new wasm.CheckedExport(huge, 'huge.json', false);
  const target = new wasm.CheckedExport(small, 'production.json', true);
  const session = new wasm.Session(source, target, '{}');
  try {
    session.overviewJson();
    const overview = JSON.parse(new TextDecoder().decode(session.textView(0)));
    session.freeText();
    assert.equal(overview.blocked, true);
    assert.equal(overview.stepCount, 0);
    assert.deepEqual(overview.diagnostics, [{
      severity: 'error', code: 'plan.out_of_memory',
      message: 'the source export (4294967295 bytes) does not fit in the WebAssembly heap', file: '',
    }]);
    assert.deepEqual(overview.source, { label: 'huge.json', environment: '', version: '', createdAt: '', flagCount: 0, readable: false });
  } finally {
    huge.delete();
    small.delete();
    source.delete();
    target.delete();
    session.delete();
  }
  assert.equal(lib.memoryStats().liveSessions, 0);
});

test('the parts leave the heap where it started', () => {
  const round = () => {
    const session = lib.analyze(mixedSource, mixedTarget, { renames: true, walkStages: true });
    try {
      session.overview();
      session.stepTable();
      session.steps(0, 10);
      session.select(2);
      session.overviewJson();
      session.render('md');
    } finally {
      session.delete();
    }
  };
  for (let i = 0; i < 5; ++i) round();
  const before = lib.memoryStats();
  for (let i = 0; i < 200; ++i) round();
  const after = lib.memoryStats();
  assert.ok(Math.abs(after.allocated - before.allocated) <= 1024, `allocated ${before.allocated} -> ${after.allocated}`);
  assert.equal(after.liveSessions, 0);
});

test('the warm-up pair is valid and plans every FlagFlow step mode; warmUp() leaves nothing behind', () => {
  const { source, target } = warmUpPair();
  assert.equal(warmUpPair().source, source, 'deterministic');
  const session = lib.analyze(source, target);
  try {
    const overview = session.overview();
    assert.equal(overview.blocked, false);
    assert.deepEqual(overview.diagnostics.filter((d) => d.severity === 'error'), []);
    // 7 types x 200 flags; a sixth of them only in the source, a sixth only in the target.
    assert.equal(overview.source.flagCount, 1169);
    assert.equal(overview.target.flagCount, 1169);
    const { findingIndices, unselectedFindingIndices, groups, ...summary } = overview.summary;
    assert.deepEqual(summary, {
      CREATE_DEFAULTVALUE: 462, UPDATE_SCHEMA_DEFAULTVALUE: 134, SET_VALUE: 632, DELETE: 462, RENAME: 0,
      selected: 1058,
      selection: { CREATE_DEFAULTVALUE: 462, UPDATE_SCHEMA_DEFAULTVALUE: 134, SET_VALUE: 0, DELETE: 462, RENAME: 0 },
      findings: { 'risk.value_reset': 66, 'risk.type_change': 231, 'risk.delete_with_value': 132 },
      unselectedFindings: {}, errors: 0, warnings: 429, notes: 0, executable: true,
      planLine: 'Plan: 462 to create, 134 to update, 0 values to set, 462 to delete (1058 of 1690 steps selected).',
    });
    assert.equal(findingIndices.length, 429);
    assert.deepEqual(unselectedFindingIndices, []);
    // Every diagnostic in one group of its file and flag key.
    assert.deepEqual(groups.flat().sort((a, b) => a - b), overview.diagnostics.map((d, i) => i));
    assert.equal(groups.length, new Set(overview.diagnostics.map((d) => `${d.file}\u0000${d.flagKey}`)).size);
    const rank = { error: 0, warning: 1, note: 2 };
    for (const g of groups) {
      const [first] = g.map((i) => overview.diagnostics[i]);
      assert.ok(g.every((i) => overview.diagnostics[i].flagKey === first.flagKey && overview.diagnostics[i].file === first.file));
      assert.ok(g.every((i) => rank[overview.diagnostics[i].severity] >= rank[first.severity]), 'the first is the worst');
    }
  } finally {
    session.delete();
  }
  warmUp();
  const before = lib.memoryStats();
  warmUp();
  const after = lib.memoryStats();
  assert.equal(after.liveSessions, 0);
  assert.ok(Math.abs(after.allocated - before.allocated) <= 1024, `allocated ${before.allocated} -> ${after.allocated}`);
});
