// Differential test against FlagFlow 1.7.1 through the wasm module: the cases
// of ../shared/reference/flagflow-vectors/ run through web/'s analyze(), with
// the same mapping of verdicts as tests/engine/flagflow_vectors_test.cpp (its
// header explains it) and the same table of deliberate deviations
// (tests/fixtures/flagflow_deviations.json). Skipped when the vectors folder
// is absent. Prints the agreement per file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { loadLibrary, root } from './helpers.mjs';

const vectors = path.resolve(root, '..', 'shared', 'reference', 'flagflow-vectors');
const present = fs.existsSync(path.join(vectors, 'README.md'));
const skip = present ? false : `FlagFlow reference vectors not found at ${vectors}`;
const lib = present ? await loadLibrary() : null;
const deviations = new Map(JSON.parse(fs.readFileSync(path.join(root, 'tests/fixtures/flagflow_deviations.json'), 'utf8'))
  .deviations.filter((row) => !row.engines || row.engines.includes('wasm')).map((row) => [row.id, row.reason]));
const key = 'vectors/flag';

/** The raw JSON text of member `name` of the object on `line` (bytes as in the file). */
function rawMember(line, name) {
  const quoted = `"${name}"`;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      if (depth === 1 && line.startsWith(quoted, i)) {
        let j = i + quoted.length;
        while (line[j] === ' ') j += 1;
        if (line[j] === ':') {
          j += 1;
          while (line[j] === ' ') j += 1;
          const start = j;
          let d = 0;
          let s = false;
          for (; j < line.length; j += 1) {
            const v = line[j];
            if (s) {
              if (v === '\\') j += 1;
              else if (v === '"') s = false;
              continue;
            }
            if (v === '"') s = true;
            else if (v === '{' || v === '[') d += 1;
            else if (v === '}' || v === ']') {
              if (d === 0) break;
              d -= 1;
            } else if (v === ',' && d === 0) break;
          }
          return line.slice(start, j);
        }
      }
      inString = true;
    } else if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') depth -= 1;
  }
  return '';
}

/** The cases of `array` in a vectors file, one per line: [{data, line}]. */
function readCases(file, array) {
  const out = [];
  let inside = false;
  for (let line of fs.readFileSync(path.join(vectors, file), 'utf8').split('\n')) {
    if (line.startsWith(`"${array}":[`)) { inside = true; continue; }
    if (!inside) continue;
    if (!line.startsWith('{"id"')) { inside = false; continue; }
    if (line.endsWith(',')) line = line.slice(0, -1);
    out.push({ data: JSON.parse(line), line });
  }
  return out;
}

const exportText = (environment, flagsJson) =>
  `{"environment":${JSON.stringify(environment)},"version":"1.7.1","createdAt":"2026-12-03T00:00:00.000Z","flags":${flagsJson}}`;

function analysisOf(sourceText, targetText) {
  // guard.mass_delete asks the operator; it is no verdict on the files.
  const session = lib.analyze({ text: sourceText, label: 'source' }, { text: targetText, label: 'target' }, { allowMassDelete: true });
  try {
    return session.analysis();
  } finally {
    session.delete();
  }
}

/** An object.flagflow_rejects warning among `diagnostics`. */
const warnsRewrite = (diagnostics) => diagnostics.some((d) => d.severity === 'warning' && d.code === 'object.flagflow_rejects');

function verdictsOf(diagnostics, label) {
  const v = { refused: false, schema: false, objectSchema: false, value: false, codes: '', rewriteWarned: warnsRewrite(diagnostics) };
  for (const d of diagnostics) {
    if (d.severity !== 'error' || d.file !== label) continue;
    v.codes += `${d.code} `;
    if (d.code.startsWith('file.') || d.code.startsWith('key.')) v.refused = true;
    if (d.code.startsWith('schema.')) v.schema = true;
    if (d.code.startsWith('schema.object.') && !d.code.startsWith('schema.object.default.')) v.objectSchema = true;
    if (d.code.startsWith('value.')) v.value = true;
  }
  return v;
}

const checkFlag = (flagJson) =>
  verdictsOf(analysisOf(exportText('vectors', `{"${key}":${flagJson}}`), exportText('vectors-target', '{}')).diagnostics, 'source');

class Tally {
  constructor(file) { Object.assign(this, { file, cases: 0, agree: 0, deviations: 0, wrong: [] }); }
  /**
   * `rewriteWarned`: flagplan warned object.flagflow_rejects. A listed deviation of the kind
   * "FlagFlow's text rewrite refuses valid JavaScript flagplan accepts" must come with that warning.
   */
  record(id, why, rewriteWarned = false) {
    this.cases += 1;
    const listed = deviations.has(id);
    if (listed && deviations.get(id).includes('text substitutions') && !rewriteWarned) {
      this.wrong.push(`${id}: FlagFlow's text rewrite refuses it and flagplan accepts it, without the object.flagflow_rejects warning`);
    }
    if (!why) {
      this.agree += 1;
      if (listed) this.wrong.push(`${id}: listed as a deviation but agrees with FlagFlow (remove the row)`);
    } else if (listed) this.deviations += 1;
    else this.wrong.push(`${id}: ${why}`);
  }
  check() {
    console.log(`[flagflow-vectors wasm] ${this.file}: ${this.agree}/${this.cases} agree, ${this.deviations} listed deviations, ${this.wrong.length} disagree`);
    assert.deepEqual(this.wrong, [], 'disagreements with FlagFlow not in tests/fixtures/flagflow_deviations.json');
  }
}

const yes = (b) => (b ? 'yes' : 'no');

test('flag validators and import schema (validators.json flagCases)', { skip }, () => {
  const cases = readCases('validators.json', 'flagCases');
  assert.equal(cases.length, 989);
  const tally = new Tally('validators.json flagCases');
  for (const { data: d, line } of cases) {
    const v = checkFlag(rawMember(line, 'flag'));
    let why = '';
    const zodOk = d.zod.success;
    const refused = zodOk ? v.refused : v.codes !== '';
    if (zodOk === refused) why += `import schema ${zodOk ? 'accepts' : 'refuses'}, flagplan ${refused ? 'refuses' : 'accepts'}; `;
    if (zodOk) {
      const e = d.afterZod ?? d.expected;
      if ((e.schemaError !== '') !== v.schema) why += `schema error: FlagFlow ${yes(e.schemaError !== '')} (${e.schemaError}), flagplan ${yes(v.schema)}; `;
      if (e.schemaError === '' && (e.valueError !== '') !== v.value) why += `value error: FlagFlow ${yes(e.valueError !== '')} (${e.valueError}), flagplan ${yes(v.value)}; `;
    }
    if (why) why += `flagplan's errors: ${v.codes}`;
    tally.record(d.id, why, v.rewriteWarned);
  }
  tally.check();
});

test('OBJECT schemas and values (validators.json objectCases)', { skip }, () => {
  const cases = readCases('validators.json', 'objectCases');
  assert.equal(cases.length, 294);
  const tally = new Tally('validators.json objectCases');
  for (const { data: d } of cases) {
    if (d.valueKind === 'js') {
      tally.record(d.id, `the value is not JSON (${d.valueJs}): no export can carry it`);
      continue;
    }
    const value = d.valueKind === 'string' ? d.value : d.valueKind === 'json' ? d.viaJsonString.value : '{}';
    const flag = { description: '', type: 'OBJECT', schema: d.schema, defaultValue: value, valueExists: d.valueKind !== 'none', value };
    const v = checkFlag(JSON.stringify(flag));
    // A JSON value is compared as the text an export carries (viaJsonString).
    const e = d.valueKind === 'json' ? { ...d.expected, valueError: d.viaJsonString.valueError } : d.expected;
    let why = '';
    if (v.refused) why += 'flagplan refuses the export; ';
    if ((e.schemaError !== '') !== v.objectSchema) why += `schema: FlagFlow ${yes(e.schemaError !== '')} (${e.schemaError}), flagplan ${yes(v.objectSchema)}; `;
    if (d.valueKind !== 'none' && e.valueError !== null && (e.valueError !== '') !== v.value) {
      why += `value: FlagFlow ${yes(e.valueError !== '')} (${e.valueError}), flagplan ${yes(v.value)}; `;
    }
    if (d.asFlag && (d.asFlag.schemaError !== '') !== v.schema) {
      why += `as a flag, schema error: FlagFlow ${yes(d.asFlag.schemaError !== '')}, flagplan ${yes(v.schema)}; `;
    }
    if (why) why += `flagplan's errors: ${v.codes}`;
    tally.record(d.id, why, v.rewriteWarned);
  }
  tally.check();
});

const stepsOf = (analysis) => analysis.steps.map((s) => {
  const step = { id: s.id, mode: s.mode, flagKey: s.flagKey };
  if (s.dependentId) step.dependentId = s.dependentId;
  if (s.indent) step.indent = s.indent;
  return step;
});

const blocking = (d) => d.severity === 'error' && !d.code.startsWith('environment.') && !d.code.startsWith('selection.');

test('plans (plans.json)', { skip }, () => {
  const cases = readCases('plans.json', 'plans');
  assert.equal(cases.length, 312);
  const tally = new Tally('plans.json');
  for (const { data: d, line } of cases) {
    const a = analysisOf(rawMember(line, 'source'), exportText('vectors-target', rawMember(line, 'targetFlags')));
    const errors = a.diagnostics.filter(blocking);
    const sourceError = errors.some((g) => g.file === 'source');
    const listed = errors.map((g) => `${g.file}:${g.code}${g.flagKey ? `@${g.flagKey}` : ''}`).join(' ');
    let why = '';
    if (!d.zod.success || !d.expected.ok) {
      if (!sourceError) {
        why = `${d.zod.success ? `FlagFlow's planner throws (${d.expected.error})` : 'FlagFlow\'s import schema refuses the source'}, flagplan ${errors.length ? `blocks only on the target: ${listed}` : 'does not block'}`;
      }
    } else {
      if (errors.length) why += `FlagFlow plans it, flagplan blocks: ${listed}; `;
      const ours = JSON.stringify(stepsOf(a));
      const theirs = JSON.stringify(d.expected.steps);
      if (ours !== theirs) why += `steps differ: FlagFlow ${theirs}, flagplan ${ours}`;
    }
    tally.record(d.id, why, warnsRewrite(a.diagnostics));
  }
  tally.check();
});

test('comparer (comparer.json), through the planner', { skip }, () => {
  const cases = readCases('comparer.json', 'cases');
  assert.equal(cases.length, 247);
  const tally = new Tally('comparer.json');
  for (const { data: d, line } of cases) {
    const e = d.expected;
    if (e.isEqualFlagSchemaThrows || e.isEqualFlagValueThrows) {
      tally.record(d.id, `FlagFlow's comparer throws: ${e.isEqualFlagSchemaThrows}${e.isEqualFlagValueThrows}`);
      continue;
    }
    const a = analysisOf(exportText('vectors', `{"${key}":${rawMember(line, 'override')}}`),
      exportText('vectors-target', `{"${key}":${rawMember(line, 'current')}}`));
    const schemaStep = a.steps.some((s) => s.mode === 'UPDATE_SCHEMA_DEFAULTVALUE' || s.mode === 'DELETE');
    const valueStep = a.steps.some((s) => s.mode === 'SET_VALUE');
    let why = '';
    if (e.isEqualFlagSchema === schemaStep) why += `isEqualFlagSchema ${e.isEqualFlagSchema}, flagplan's plan ${schemaStep ? 'changes' : 'keeps'} the schema; `;
    if (e.isEqualFlagSchema && !schemaStep && typeof e.isEqualFlagValue === 'boolean' && e.isEqualFlagValue === valueStep) {
      why += `isEqualFlagValue ${e.isEqualFlagValue}, flagplan's plan ${valueStep ? 'sets' : 'keeps'} the value; `;
    }
    if (why) why += `steps ${JSON.stringify(stepsOf(a))}`;
    tally.record(d.id, why);
  }
  tally.check();
});
