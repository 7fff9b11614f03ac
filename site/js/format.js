// Pure formatting helpers (no DOM): step modes, values, sizes, file names.

/** The page's CSS class part of each step mode (presentation only). */
const MODE_CSS = { CREATE_DEFAULTVALUE: 'create', UPDATE_SCHEMA_DEFAULTVALUE: 'update', SET_VALUE: 'value', DELETE: 'delete', RENAME: 'rename' };

/** The engine's step modes (web/ stepModes()), by mode; set once the engine is ready. */
let modes = new Map();

/**
 * Takes the engine's step-mode table ([{mode, marker, legend, label,
 * description, flagflow}], web/ stepModes()): its markers, labels and order
 * are the ones the CLI prints.
 */
export function setStepModes(list) {
  modes = new Map(list.map((m) => [m.mode, m]));
}

/** The modes in the engine's order (FlagFlow's four, then RENAME); empty before setStepModes(). */
export function modeOrder() {
  return [...modes.keys()];
}

/** A mode's display data: {marker, label, css, title}; unknown modes (a newer engine) still render. */
export function modeInfo(mode) {
  const m = modes.get(mode);
  if (!m) return { marker: '?', label: mode, css: 'other', title: mode };
  return { marker: m.marker, label: m.label, css: MODE_CSS[mode] || 'other', title: `${mode}: ${m.description}` };
}

/** "#12 SET_VALUE api/pagination/page_size": how the page names a step in messages. */
export function stepName(step) {
  return `#${step.id} ${step.mode} ${step.flagKey}`;
}

/** The one marker of an absent value, as the CLI, the report and the scripts print it. */
export const ABSENT = '(none)';

/** A value as the CLI prints it in `from → to`: JSON text; an absent value is ABSENT. */
export function valueText(value) {
  if (value === null || value === undefined) return ABSENT;
  return JSON.stringify(value);
}

/**
 * Whether a change reads better side by side: OBJECT schemas and literals,
 * multi-line or long values.
 */
export function isWide(change) {
  if (change.field === 'schema') return true;
  for (const v of [change.from, change.to]) {
    if (v === null || v === undefined) continue;
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    if (text.length > 60 || text.includes('\n')) return true;
  }
  return false;
}

/** A value for a side-by-side block: strings raw (OBJECT literals, schemas), others as indented JSON. */
export function blockText(value) {
  if (value === null || value === undefined) return ABSENT;
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value, null, 2);
}

/** "1.2 MB", "640 KB", "12 B" (decimal units, as file managers show them). */
export function bytesText(n) {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} KB`;
  return `${n} B`;
}

/** n with thousands separators ("100,000"), locale-independent. */
export function count(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 step" / "2 steps". */
export function plural(n, word, many = `${word}s`) {
  return `${count(n)} ${n === 1 ? word : many}`;
}

/**
 * The name part for an export in download names: its environment, else its
 * label's file name without extension; only letters, digits, `-` and `_`.
 */
export function namePart(info, fallback) {
  let name = info && info.environment ? info.environment : '';
  if (!name && info && info.label) name = info.label.replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
  name = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return name || fallback;
}

/** yyyyMMdd-HHmmss in UTC (the same instant as the ISO time written into the outputs). */
export function stamp(date) {
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}-` +
    `${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

/** ISO 8601 to the second, as the CLI writes generatedAt ("2026-11-21T10:33:08Z"). */
export function isoSecond(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Download names for every renderer: `flagplan_<source>_to_<target>_<stamp>.<ext>`.
 * When several formats share an extension, all but the first (registry order)
 * put their format name before it (`….plan.json`, `….rollback.sh`), so no two
 * downloads of one moment share a name.
 * @param {{format: string, extension: string}[]} renderers
 * @returns {Map<string, string>} format -> file name
 */
export function downloadNames(renderers, analysis, date) {
  const base = `flagplan_${namePart(analysis.source, 'source')}_to_${namePart(analysis.target, 'target')}_${stamp(date)}`;
  const seen = new Set();
  const names = new Map();
  for (const r of renderers) {
    const ext = r.extension || 'txt';
    names.set(r.format, seen.has(ext) ? `${base}.${r.format}.${ext}` : `${base}.${ext}`);
    seen.add(ext);
  }
  return names;
}

/** The parent group of a flag key ("billing/tax/provider" -> "billing/tax"; "" for top-level keys). */
export function parentPath(key) {
  const i = key.lastIndexOf('/');
  return i < 0 ? '' : key.slice(0, i);
}
