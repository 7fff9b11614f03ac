// Selection through the JS API obeys DESIGN.md's closure rules: selecting a
// step selects its prerequisites, unselecting one unselects its dependents,
// "add value steps" selects every SET_VALUE with its prerequisites, and an
// explicit id list is checked, not closed.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { debugBuild, input, loadLibrary, runCli } from './helpers.mjs';

const lib = await loadLibrary();

const source = 'tests/web/fixtures/mixed-source.json';
const target = 'tests/web/fixtures/mixed-target.json';
// The plan of this pair (checked in the first test):
//  1-2, 5-9, 13 SET_VALUE without prerequisite; 3 UPDATE <- 4 SET_VALUE;
//  10 UPDATE <- 11 SET_VALUE; 12 UPDATE; 14 CREATE <- 15 SET_VALUE;
//  16 DELETE <- 17 CREATE <- 18 SET_VALUE (type change); 19 CREATE <- 20 SET_VALUE;
//  21 CREATE <- 22 SET_VALUE (a rename suggestion); 23-25 DELETE.
const SET_VALUES = [1, 2, 4, 5, 6, 7, 8, 9, 11, 13, 15, 18, 20, 22];
const OTHERS = [3, 10, 12, 14, 16, 17, 19, 21, 23, 24, 25];
const ALL = Array.from({ length: 25 }, (_, i) => i + 1);

function withSession(options, body) {
  const session = lib.analyze(input(source), input(target), options);
  try {
    return body(session);
  } finally {
    session.delete();
  }
}

/** body(a local session, the same analysis in a PlanWorker) on the mixed fixtures. */
async function withSessionAsync(body) {
  const worker = new lib.PlanWorker({ debug: debugBuild });
  const session = lib.analyze(input(source), input(target));
  const remote = await worker.analyze(input(source), input(target));
  try {
    await body(session, remote);
  } finally {
    session.delete();
    await remote.delete();
    worker.terminate();
  }
}

const selectedIn = (session) => session.analysis().steps.filter((s) => s.selected).map((s) => s.id);
const codes = (diagnostics) => diagnostics.map((d) => d.code);

test('the fixture plan and its default selections', () => {
  withSession({}, (session) => {
    const steps = session.analysis().steps;
    assert.deepEqual(steps.filter((s) => s.mode === 'SET_VALUE').map((s) => s.id), SET_VALUES);
    assert.deepEqual(steps.filter((s) => s.dependentId).map((s) => [s.id, s.dependentId]),
      [[4, 3], [11, 10], [15, 14], [17, 16], [18, 17], [20, 19], [22, 21]]);
    assert.deepEqual(selectedIn(session), OTHERS, 'migration: value steps start unselected');
  });
  withSession({ mode: 'restore' }, (session) => assert.deepEqual(selectedIn(session), ALL));
  withSession({ includeValues: true }, (session) => assert.deepEqual(selectedIn(session), ALL));
});

test('selecting a step selects its prerequisites transitively', () => {
  withSession({ select: [] }, (session) => {
    assert.deepEqual(selectedIn(session), []);
    assert.deepEqual(session.select(18), { also: [16, 17], selected: [16, 17, 18], blocked: false, diagnostics: [] });
    assert.deepEqual(session.select(4), { also: [3], selected: [3, 4, 16, 17, 18], blocked: false, diagnostics: [] });
    // Already selected: nothing else changes.
    assert.deepEqual(session.select(17).also, []);
    assert.deepEqual(session.select(1).also, []);
    assert.deepEqual(selectedIn(session), [1, 3, 4, 16, 17, 18]);
  });
});

test('unselecting a step unselects its dependents transitively', () => {
  withSession({ includeValues: true }, (session) => {
    assert.deepEqual(session.unselect(16), {
      also: [17, 18], selected: ALL.filter((id) => ![16, 17, 18].includes(id)), blocked: false, diagnostics: [],
    });
    // A dependent already unselected is not reported again.
    assert.deepEqual(session.unselect(19).also, [20]);
    assert.deepEqual(session.unselect(20).also, []);
    assert.deepEqual(session.unselect(2).also, []);
    assert.deepEqual(selectedIn(session), ALL.filter((id) => ![2, 16, 17, 18, 19, 20].includes(id)));
  });
});

test('add value steps selects every SET_VALUE with its prerequisites', () => {
  withSession({}, (session) => {
    const change = session.addValueSteps();
    assert.deepEqual(change, { also: SET_VALUES, selected: ALL, blocked: false, diagnostics: [] });
  });
  withSession({ select: [1, 23] }, (session) => {
    const change = session.addValueSteps();
    assert.deepEqual(change.also, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]);
    assert.deepEqual(change.selected, [...SET_VALUES, 3, 10, 14, 16, 17, 19, 21, 23].sort((a, b) => a - b));
  });
});

test('setSelection(ids, {withPrerequisites}) adds what the ids depend on, locally and in the worker', async () => {
  await withSessionAsync(async (session, remote) => {
    for (const s of [session, remote]) {
      const change = await s.setSelection([18, 2, 2, 99], { withPrerequisites: true });
      assert.deepEqual(change.also, [16, 17]);
      assert.deepEqual(change.selected, [2, 16, 17, 18]);
      assert.deepEqual(change.diagnostics.map((d) => d.code), ['selection.unknown_id']);
    }
    assert.throws(() => session.setSelection([1], { prerequisites: true }),
      (e) => e.code === 'INVALID_ARGUMENT' && /setSelection\(ids, how\): how is \{withPrerequisites\?: boolean\}/.test(e.message));
    await assert.rejects(remote.setSelection([1], { withPrerequisites: 'yes' }), (e) => e.code === 'INVALID_ARGUMENT');
  });
});

test('an explicit id list is checked, not closed; the next valid change clears its errors', () => {
  withSession({}, (session) => {
    const change = session.setSelection([18, 2, 2, 99]);
    assert.deepEqual(change.also, []);
    assert.deepEqual(change.selected, [2, 18]);
    assert.equal(change.blocked, true);
    assert.deepEqual(change.diagnostics.map((d) => [d.severity, d.code, d.flagKey ?? null]), [
      ['warning', 'selection.duplicate_id', 'billing/retries'],
      ['error', 'selection.unknown_id', null],
      ['error', 'selection.missing_prerequisite', 'type/changes'],
    ]);
    assert.equal(session.analysis().blocked, true);
    assert.deepEqual(codes(session.analysis().diagnostics).filter((c) => c.startsWith('selection.')).sort(),
      ['selection.duplicate_id', 'selection.missing_prerequisite', 'selection.unknown_id']);

    const fixed = session.select(18);
    assert.deepEqual(fixed, { also: [16, 17], selected: [2, 16, 17, 18], blocked: false, diagnostics: [] });
    assert.deepEqual(codes(session.analysis().diagnostics).filter((c) => c.startsWith('selection.')), []);
    assert.equal(session.analysis().blocked, false);
  });
});

test('an id outside the plan is a selection.unknown_id diagnostic, selection unchanged', () => {
  withSession({}, (session) => {
    for (const [operation, id] of [['select', 26], ['unselect', 0], ['select', -1], ['unselect', 2 ** 31 - 1]]) {
      const change = session[operation](id);
      assert.deepEqual(change.also, []);
      assert.deepEqual(change.selected, OTHERS, `${operation}(${id})`);
      assert.equal(change.blocked, true);
      assert.deepEqual(codes(change.diagnostics), ['selection.unknown_id']);
      assert.match(change.diagnostics[0].message, new RegExp(`step ${id} is not in the plan \\(steps are 1 to 25\\)`));
    }
    assert.deepEqual(session.select(1).diagnostics, []);
    assert.equal(session.analysis().blocked, false);
  });
});

test('the session after selection changes equals the CLI given the same ids', () => {
  withSession({}, (session) => {
    session.select(18);
    session.unselect(12);
    session.select(11);
    const ids = selectedIn(session);
    assert.deepEqual(ids, [3, 10, 11, 14, 16, 17, 18, 19, 21, 23, 24, 25]);
    const cli = runCli(['plan', source, target, '--select', ids.join(','), '--format', 'json']);
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(session.analysisJson(), cli.stdout.toString('utf8'));
    // A selection change invalidates the cached analysis.
    const before = session.analysis();
    session.unselect(10);
    assert.notEqual(session.analysis(), before);
    assert.equal(session.analysis().steps[10].selected, false);
  });
});

test('selection on the real examples: every SET_VALUE prerequisite chain', () => {
  const session = lib.analyze(input('examples/staging.json'), input('examples/production.json'), { select: [] });
  try {
    const steps = session.analysis().steps;
    const prerequisites = (id) => {
      const out = [];
      for (let s = steps[id - 1].dependentId; s; s = steps[s - 1].dependentId) out.push(s);
      return out.sort((a, b) => a - b);
    };
    for (const step of steps) {
      session.setSelection([]);
      const change = session.select(step.id);
      assert.deepEqual(change.also, prerequisites(step.id), `select(${step.id})`);
      assert.deepEqual(change.selected, [...prerequisites(step.id), step.id].sort((a, b) => a - b));
    }
  } finally {
    session.delete();
  }
});

test('refusals(): what render() would refuse now follows the selection (plan.nothing_selected, plan.blocked)', () => {
  withSession({ select: [] }, (session) => {
    const formats = lib.renderers().map((r) => r.format);
    const refused = session.refusals();
    assert.deepEqual(Object.keys(refused), formats);
    const expected = Object.fromEntries(formats.map((f) => [f, []]));
    expected.sh = ['plan.nothing_selected'];
    expected.rollback = ['plan.nothing_selected'];
    assert.deepEqual(Object.fromEntries(formats.map((f) => [f, codes(refused[f])])), expected);
    assert.ok(formats.includes('github') && formats.includes('md'), 'every registry format is answered');
    const rendered = session.render('sh');
    assert.equal(rendered.ok, false);
    assert.deepEqual(rendered.diagnostics, refused.sh);
    assert.equal(refused.sh[0].message, 'no step is selected, so there is nothing to run: no sh output is rendered; select the steps to apply first');
    session.select(3);
    assert.deepEqual(session.refusals().sh, []);
    session.setSelection([4]);  // a prerequisite missing: blocked
    assert.deepEqual(codes(session.refusals().sh), ['plan.blocked']);
    assert.deepEqual(session.refusals().md, []);
  });
});

test('promotionOrder(): the engine\'s order of environment names', () => {
  assert.equal(lib.promotionOrder('staging', 'production'), 1);
  assert.equal(lib.promotionOrder('production', 'dev'), -1);
  assert.equal(lib.promotionOrder('eu-west', 'production'), 0);
  assert.throws(() => lib.promotionOrder('staging', 3), /two environment names/);
});

test('checkPlanFile(): a plan the CLI wrote passes the engine\'s checks; a broken one names what is wrong', () => {
  const plan = runCli(['plan', 'examples/staging.json', 'examples/production.json', '--format', 'plan']).stdout.toString('utf8');
  assert.deepEqual(lib.checkPlanFile(plan, 'plan.json'), []);
  const broken = lib.checkPlanFile(plan.replace('"formatVersion": 2', '"formatVersion": 99').replace('"formatVersion": 1', '"formatVersion": 99'), 'plan.json');
  assert.deepEqual(codes(broken), ['plan.format_version']);
  assert.equal(broken[0].file, 'plan.json');
  assert.deepEqual(codes(lib.checkPlanFile('{"format": ', 'cut.json')), ['plan.syntax']);
});
