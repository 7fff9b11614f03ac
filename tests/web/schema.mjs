// The JSON Schemas of docs/schemas/ (draft 2020-12), checked with ajv: every
// JSON document the node tests obtain (CLI output, wasm analyses, downloaded
// plan.json) goes through assertValid(kind, json). ajv is a dev dependency of
// the test package that runs the tests: web/ (tests/web, tests/apply) or
// tests/site/; it is taken from whichever has it installed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const schemaDir = path.join(root, 'docs', 'schemas');

/**
 * The kinds of document and the schema (file, or file#pointer) each is checked against:
 *   analysis    `plan --format json`, `show --format json`, analysisJson(), render('json'), analysis()
 *   overview    PlanSession.overview(): the analysis with stepCount in place of steps
 *   step        one step of the analysis (a steps() page holds several)
 *   plan        plan.json (`plan --format plan`, `render --format plan`, the page's download)
 *   pipeline    `pipeline --format json`, pipelineJson()
 *   validation  `validate --format json`
 *   check       `check --format json`
 *   diagnostics an array of diagnostics (checkPlanFile(), a refused render)
 */
const KINDS = {
  analysis: 'analysis.schema.json',
  overview: 'analysis.schema.json',
  step: 'analysis.schema.json#/$defs/step',
  plan: 'plan.schema.json',
  pipeline: 'pipeline.schema.json',
  validation: 'validation.schema.json',
  check: 'check.schema.json',
  diagnostics: 'common.schema.json#/$defs/diagnostics',
};

function loadAjv() {
  for (const pkg of ['web', 'tests/site']) {
    const require = createRequire(path.join(root, pkg, 'package.json'));
    try {
      return require('ajv/dist/2020');
    } catch {
      // not installed there: try the next test package
    }
  }
  throw new Error('ajv is not installed: run `npm ci` in web/ (or tests/site/)');
}

let ajv = null;

function validator() {
  if (ajv) return ajv;
  const Ajv2020 = loadAjv().default;
  ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  for (const file of fs.readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json')).sort()) {
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')));
  }
  return ajv;
}

/**
 * The kind (KINDS above) of what `flagplan ARGS` prints, or null when
 * it is not JSON: plan/show --format json, plan/render --format plan,
 * validate/pipeline/check --format json.
 */
export function cliDocumentKind(args) {
  const at = args.indexOf('--format');
  const format = at >= 0 ? args[at + 1] : 'text';
  const kinds = {
    plan: { json: 'analysis', plan: 'plan' },
    show: { json: 'analysis' },
    render: { plan: 'plan' },
    validate: { json: 'validation' },
    pipeline: { json: 'pipeline' },
    check: { json: 'check' },
  };
  return kinds[args[0]]?.[format] ?? null;
}

/** The problems ajv finds in `json` (text, Buffer or value) as `kind`; [] when it is valid. */
export function schemaErrors(kind, json) {
  const ref = KINDS[kind];
  if (!ref) throw new Error(`assertValid: unknown kind ${kind} (known: ${Object.keys(KINDS).join(', ')})`);
  const value = typeof json === 'string' || Buffer.isBuffer(json) ? JSON.parse(json.toString()) : json;
  const validate = validator().getSchema(ref);
  if (!validate) throw new Error(`assertValid: no schema ${ref}`);
  if (kind === 'overview' && !('stepCount' in value)) return [{ instancePath: '', message: 'an overview has stepCount' }];
  if (kind === 'analysis' && !('steps' in value)) return [{ instancePath: '', message: 'an analysis has steps' }];
  return validate(value) ? [] : validate.errors;
}

/** Fails with ajv's messages unless `json` (text, Buffer or value) is a valid `kind` document. */
export function assertValid(kind, json) {
  const errors = schemaErrors(kind, json);
  assert.deepEqual(errors.slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`), [],
    `not a valid ${kind} document (docs/schemas/)`);
  return json;
}
