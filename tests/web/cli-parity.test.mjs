// The JSON plan through wasm is byte-identical to the native CLI's
// `flagplan plan S T --format json` for the same inputs, labels and options.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { firstDifference, input, loadLibrary, root, runCli } from './helpers.mjs';

const lib = await loadLibrary();

const examples = ['examples/staging.json', 'examples/production.json'];
const fixture = (name) => `tests/web/fixtures/${name}.json`;

// [source, target, CLI options, the same as AnalyzeOptions, expected exit status]
const cases = [
  [examples[0], examples[1], [], {}, 0],
  [examples[0], examples[1], ['--include-values'], { includeValues: true }, 0],
  [examples[0], examples[1], ['--select', '1,2,3,5'], { select: [1, 2, 3, 5] }, null],
  [examples[0], examples[1], ['--mode', 'restore'], { mode: 'restore' }, 1],
  [examples[1], examples[0], [], {}, 0],
  [examples[1], examples[0], ['--include-values'], { includeValues: true }, 0],
  [examples[1], examples[0], ['--mode', 'migration', '--include-values'], { mode: 'migration', includeValues: true }, 0],
  [examples[0], examples[0], ['--mode', 'restore'], { mode: 'restore' }, 0],
  [examples[0], examples[0], [], {}, 1],
  // "auto": the environments choose (restore for the same one, else migration).
  [examples[0], examples[0], ['--mode', 'auto'], { mode: 'auto' }, 0],
  [examples[0], examples[1], ['--mode', 'auto', '--include-values'], { mode: 'auto', includeValues: true }, 0],
  [fixture('mixed-source'), fixture('mixed-target'), [], {}, 0],
  [fixture('mixed-source'), fixture('mixed-target'), ['--include-values'], { includeValues: true }, 0],
  [fixture('mixed-target'), fixture('mixed-source'), ['--include-values'], { includeValues: true }, 0],
  [fixture('mixed-source'), fixture('mixed-target'), ['--select', '4,2,2,999'], { select: [4, 2, 2, 999] }, 1],
  [fixture('mixed-source'), fixture('mixed-target'), ['--mode', 'restore', '--include-values'],
    { mode: 'restore', includeValues: true }, 1],
  [fixture('mixed-source'), fixture('mixed-target'), ['--renames'], { renames: true }, 0],
  [fixture('mixed-source'), fixture('mixed-target'), ['--walk-stages', '--include-values'],
    { walkStages: true, includeValues: true }, 0],
  [fixture('mixed-source'), fixture('mixed-target'), ['--renames', '--walk-stages', '--select', '8,9,22'],
    { renames: true, walkStages: true, select: [8, 9, 22] }, null],
  // The page's per-suggestion toggle: accepting the only suggestion by key is --renames.
  [fixture('mixed-source'), fixture('mixed-target'), ['--renames'], { renameKeys: ['search/ranking_old'] }, 0],
  [fixture('mixed-target'), fixture('mixed-source'), ['--renames', '--walk-stages'], { renames: true, walkStages: true }, 0],
  [fixture('invalid'), fixture('mixed-target'), [], {}, 1],
  [fixture('mixed-source'), fixture('invalid'), ['--include-values'], { includeValues: true }, 1],
  [fixture('syntax-error'), fixture('mixed-target'), [], {}, 1],
  [fixture('regex'), fixture('mixed-target'), ['--include-values'], { includeValues: true }, 1],
  [fixture('regex'), examples[1], [], {}, 1],
];

for (const [source, target, args, options, status] of cases) {
  test(`plan ${source} ${target} ${args.join(' ')}`.trim(), () => {
    const cli = runCli(['plan', source, target, ...args, '--format', 'json']);
    if (status !== null) assert.equal(cli.status, status, cli.stderr);
    assert.ok(cli.stdout.length > 0, 'the CLI printed the analysis');

    const json = lib.planJson(input(source), input(target), options);
    const wasm = Buffer.from(json, 'utf8');
    assert.equal(firstDifference(wasm, cli.stdout), null);

    // The session path gives the same bytes as the one-shot helper.
    const session = lib.analyze(input(source), input(target), options);
    try {
      assert.equal(session.analysisJson(), json);
      assert.equal(session.render('json').text, json);
      assert.equal(session.analysis().blocked, cli.status !== 0);
    } finally {
      session.delete();
    }
  });
}

/** The CLI stamps the time it ran; every second-precision ISO time between `from` and `to`. */
function secondsBetween(from, to) {
  const out = [];
  for (let t = Math.floor(from / 1000) * 1000; t <= to; t += 1000) {
    out.push(new Date(t).toISOString().replace(/\.\d+Z$/, 'Z'));
  }
  return out;
}

test('every format of the registry renders what the CLI renders', () => {
  const formats = lib.renderers().map((r) => r.format);
  const cliFormats = runCli(['--help']).stdout.toString('utf8').match(/Formats for plan: (.*)/)[1].split(', ');
  assert.deepEqual(formats, cliFormats);
  const stamp = '1999-12-31T23:59:59Z';
  for (const [source, target, options, args] of [
    [examples[0], examples[1], {}, []],
    [examples[1], examples[0], { includeValues: true }, ['--include-values']],
    [fixture('mixed-source'), fixture('mixed-target'), { includeValues: true }, ['--include-values']],
    [fixture('invalid'), fixture('mixed-target'), {}, []],
  ]) {
    const session = lib.analyze(input(source), input(target), options);
    try {
      for (const r of lib.renderers()) {
        const started = Date.now();
        const cli = runCli(['plan', source, target, ...args, '--format', r.format]);
        const times = secondsBetween(started, Date.now());
        const rendered = session.render(r.format, { generatedAt: stamp });
        const what = `${source} ${target} ${args.join(' ')} --format ${r.format}`;
        if (cli.stdout.length === 0) {
          // Refused by the CLI (executable output of a blocked plan).
          assert.equal(rendered.ok, false, what);
          assert.deepEqual(rendered.diagnostics.map((d) => d.code), ['plan.blocked'], what);
          assert.equal(rendered.text, '');
          continue;
        }
        let cliText = cli.stdout.toString('utf8');
        for (const time of times) cliText = cliText.split(time).join(stamp);
        assert.equal(rendered.ok, true, what);
        assert.equal(rendered.text, cliText, what);
      }
    } finally {
      session.delete();
    }
  }
});

test('a script of several megabytes (held in parts in the module) is the CLI\'s, byte for byte', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flagplan-parts-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'bench/generate.mjs'), '--flags', '6000', '--seed', '7', '--out', dir]);
    const source = path.join(dir, 'staging-6000.json');
    const target = path.join(dir, 'production-6000.json');
    const stamp = '1999-12-31T23:59:59Z';
    const session = lib.analyze({ text: fs.readFileSync(source), label: source },
      { text: fs.readFileSync(target), label: target }, { includeValues: true });
    try {
      for (const format of ['sh', 'rollback']) {
        const started = Date.now();
        const cli = runCli(['plan', source, target, '--include-values', '--format', format]);
        const times = secondsBetween(started, Date.now());
        assert.equal(cli.status, 0, cli.stderr);
        let cliText = cli.stdout.toString('utf8');
        for (const time of times) cliText = cliText.split(time).join(stamp);
        const rendered = session.render(format, { generatedAt: stamp });
        assert.ok(rendered.text.length > 3_000_000, `${format}: ${rendered.text.length} characters, more than 3 parts`);
        assert.equal(rendered.text, cliText, format);
      }
    } finally {
      session.delete();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an unknown format is a diagnostic, not an exception', () => {
  const session = lib.analyze(input(examples[0]), input(examples[1]));
  try {
    const rendered = session.render('pdf');
    assert.equal(rendered.ok, false);
    assert.equal(rendered.text, '');
    assert.deepEqual(rendered.diagnostics.map((d) => [d.severity, d.code]), [['error', 'plan.unknown_format']]);
  } finally {
    session.delete();
  }
});

test('a string export and its bytes give the same analysis', () => {
  const text = input(examples[0]).text.toString('utf8');
  const fromString = lib.planJson({ text, label: examples[0] }, input(examples[1]));
  const fromBytes = lib.planJson(input(examples[0]), input(examples[1]));
  const fromArrayBuffer = lib.planJson(
    { text: new Uint8Array(input(examples[0]).text).buffer, label: examples[0] }, input(examples[1]));
  assert.equal(fromString, fromBytes);
  assert.equal(fromArrayBuffer, fromBytes);
});

test('labels default to "source" and "target"', () => {
  const analysis = JSON.parse(lib.planJson(input(examples[0]).text, input(examples[1]).text));
  assert.equal(analysis.source.label, 'source');
  assert.equal(analysis.target.label, 'target');
  assert.equal(analysis.source.environment, 'staging');
  assert.equal(analysis.target.environment, 'production');
});

test('changeRules() is the engine table: every finding code in an analysis is one of its rules', () => {
  const rules = lib.changeRules();
  assert.ok(rules.length > 5);
  for (const rule of rules) {
    assert.match(rule.code, /^(guard|risk|stage|rename)\.[a-z_]+$/);
    assert.ok(['error', 'warning', 'note'].includes(rule.severity));
    assert.ok(rule.trigger.length > 0 && rule.why.length > 0);
  }
  const codes = new Set(rules.map((r) => r.code));
  const analysis = JSON.parse(lib.planJson(input(fixture('mixed-source')), input(fixture('mixed-target'))));
  // Findings of selected steps, and apart those of unselected ones (the
  // stage jump is on a value step, unselected in migration mode).
  const findings = Object.keys(analysis.summary.findings);
  const unselected = Object.keys(analysis.summary.unselectedFindings);
  assert.deepEqual(findings.sort(), ['rename.suggested', 'risk.delete_with_value', 'risk.type_change']);
  assert.deepEqual(unselected, ['stage.jump']);
  for (const code of [...findings, ...unselected]) assert.ok(codes.has(code), code);
  assert.equal(lib.changeRules(), rules, 'cached');
});

test("stepModes() is the engine's table: the CLI text's markers and legend come from it", () => {
  const modes = lib.stepModes();
  assert.deepEqual(modes.map((m) => [m.mode, m.marker, m.flagflow]), [
    ['CREATE_DEFAULTVALUE', '+', true], ['UPDATE_SCHEMA_DEFAULTVALUE', '~', true], ['SET_VALUE', '=', true],
    ['DELETE', '-', true], ['RENAME', '>', false],
  ]);
  const text = runCli(['plan', examples[0], examples[1]]).stdout.toString();
  const legend = `Steps (${modes.map((m) => `${m.marker} ${m.legend}`).join(', ')}; [x] selected):`;
  assert.ok(text.includes(`\n${legend}\n`), legend);
  // Every step line carries its mode's marker before the mode's name.
  for (const m of modes.slice(0, 4)) assert.match(text, new RegExp(` \\${m.marker} ${m.mode} `));
  assert.equal(lib.stepModes(), modes, 'cached');
});
