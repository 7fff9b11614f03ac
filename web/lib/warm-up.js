// Warming the engine up: browsers compile WebAssembly with a fast baseline
// compiler first and optimize a function only once it has run enough
// (Chromium's dynamic tiering), so the first analysis of a page runs mostly
// unoptimized code. One small synthetic analysis, run before the user's
// exports arrive, gets the engine's hot code optimized.
import { analyze } from './analyze.js';
import { OVERVIEW_PART } from './overview-parts.js';

/** Flags per type in each synthetic export (7 types: 1,400 flags, about 300 KB per export). */
const PER_TYPE = 200;

/**
 * A flag of `type` as FlagFlow exports it (the shapes of examples/staging.json);
 * `value` and `schema` (0 or 1) pick one of two values and schemas.
 */
function flagOf(type, i, value, schema) {
  const description = `Warm-up flag ${i} (${type.toLowerCase()})`;
  const on = value === 1;
  const variant = schema;
  switch (type) {
    case 'BOOLEAN':
      return { description, type, defaultValue: on, isKillSwitch: i % 10 === 0, valueExists: on, value: on };
    case 'INTEGER':
      return { description, type, defaultValue: 3, minValue: 0, maxValue: 10 + variant, valueExists: true, value: 4 + variant };
    case 'STRING':
      return {
        description, type, defaultValue: 'baseline', maxLength: 64, regExp: '^[a-z0-9-]+$',
        valueExists: true, value: on ? 'ltr-model-v3' : 'bm25-baseline',
      };
    case 'ENUM':
      return {
        description, type, defaultValue: 'off', enumValues: ['off', 'shadow', 'dualwrite', 'on'],
        allowEmpty: false, valueExists: true, value: on ? 'dualwrite' : 'shadow',
      };
    case 'TAG':
      return {
        description, type, defaultValue: ['new'], tagValues: ['new', 'sale', 'bestseller', 'eco'],
        minCount: 0, maxCount: 2 + variant, valueExists: true, value: on ? ['new', 'sale'] : ['eco'],
      };
    case 'AB-TEST':
      return { description, type, chanceBPercent: on ? 50 : 20 };
    default:
      return {
        description, type: 'OBJECT', schema: '{\n\tttlSeconds: integer,\n\tbackend: string,\n\twarmOnStart?: boolean\n}',
        defaultValue: "{\n\tttlSeconds: 300,\n\tbackend: 'redis'\n}", valueExists: on,
        value: on ? "{\n\tttlSeconds: 60,\n\tbackend: 'memcached',\n\twarmOnStart: true\n}" : '',
      };
  }
}

const TYPES = ['BOOLEAN', 'INTEGER', 'STRING', 'OBJECT', 'ENUM', 'TAG', 'AB-TEST'];

/**
 * Two synthetic exports of different environments that differ in every way
 * a plan can (values, schemas, types, flags only on one side); valid, so
 * every stage runs to the end.
 * @returns {{source: string, target: string}}
 */
export function warmUpPair() {
  const source = {};
  const target = {};
  for (const [t, type] of TYPES.entries()) {
    for (let i = 0; i < PER_TYPE; i++) {
      const key = `warm/${type.toLowerCase().replace('-', '')}/group_${i % 10}/flag_${i}`;
      // 0 equal, 1 value differs, 2 schema differs, 3 type differs, 4 only in the source, 5 only in the target
      const kind = i % 6;
      if (kind !== 5) source[key] = flagOf(type, i, kind === 1 ? 1 : 0, kind === 2 ? 1 : 0);
      if (kind !== 4) target[key] = flagOf(kind === 3 ? TYPES[(t + 1) % TYPES.length] : type, i, 0, 0);
    }
  }
  const exported = (environment, flags) => JSON.stringify({
    environment, version: '1.7.1', createdAt: '2026-11-21T10:33:08.799Z', flags,
  }, null, 2);
  return { source: exported('warm-up-source', source), target: exported('warm-up-target', target) };
}

/**
 * Runs one analysis of warmUpPair() through every call a page makes
 * (analyze, overview and its parts, stepTable, steps, a selection change,
 * a re-plan that keeps the selection, the json rendering) and frees it. The module must be initialized.
 */
export function warmUp() {
  const { source, target } = warmUpPair();
  const session = analyze(source, target, { mode: 'migration' });
  try {
    session.overview();
    session.overviewParts(OVERVIEW_PART);
    session.stepTable();
    session.steps(0, 256);
    session.addValueSteps();
    session.replan({ mode: 'migration' }, { keepSelection: true });
    session.analysisJson();
  } finally {
    session.delete();
  }
}
