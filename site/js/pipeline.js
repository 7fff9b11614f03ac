// The promotion pipeline on the page: three or more exports dropped or
// picked at once, shown as the engine's matrix (web/ PlanWorker.pipeline(),
// the same answer as `flagplan pipeline --format json`): every flag key ×
// environment with its type, schema fingerprint, value and stage, marks
// where an environment differs from the one before, the findings
// (stage.ahead) and each hop's Plan: line, with a button per hop that opens
// the usual two-export review of that hop. Everything shown is the engine's;
// this file only lays it out.
import { byId, h, setChildren } from './dom.js';
import { plural } from './format.js';

/** Rows drawn at most (the CLI lists every one: `flagplan pipeline --format md`). */
const MAX_ROWS = 2000;

/** @typedef {import('./inputs.js').LoadedExport} LoadedExport */

function envName(environment) {
  return environment.environment || '(no environment name)';
}

/** A value in force as one short line (the engine's JSON value, cut for the table). */
function shortValue(value) {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export class PipelineView {
  /**
   * @param {import('./engine.js').Engine} engine
   * @param {{openHop: (source: LoadedExport, target: LoadedExport) => void,
   *   progress: (text: string, percent: number|null) => void, error: (text: string) => void}} handlers
   *   openHop: load the two exports of a hop into the review (source first, target second)
   */
  constructor(engine, handlers) {
    this.engine = engine;
    this.handlers = handlers;
    this.section = byId('pipeline');
    /** @type {object|null} the engine's pipeline JSON */
    this.pipeline = null;
    /** @type {Map<string, LoadedExport>} the loaded exports by the label the engine was given */
    this.byLabel = new Map();
    byId('pipeline-files').addEventListener('change', (event) => {
      const files = [...(event.target.files || [])];
      if (files.length > 0) this.show(files.map((file) => ({ label: file.name, blob: file, how: 'picked' })));
    });
    byId('pipeline-differs').addEventListener('change', () => this.#renderMatrix());
  }

  /**
   * Asks the engine for the pipeline of `exports` (3 to 8; the engine says
   * why it refuses others) and shows it. Labels are made unique first, since
   * they are how a hop finds its exports again.
   * @param {LoadedExport[]} exports
   */
  async show(exports) {
    this.handlers.error('');
    const seen = new Map();
    const loaded = exports.map((e) => {
      const n = (seen.get(e.label) || 0) + 1;
      seen.set(e.label, n);
      return n === 1 ? e : { ...e, label: `${e.label} (${n})` };
    });
    this.handlers.progress(`Reading ${plural(loaded.length, 'export')} for the pipeline…`, null);
    let pipeline;
    try {
      pipeline = await this.engine.pipeline(loaded);
    } catch (error) {
      this.handlers.error(`The pipeline could not be shown: ${error.message}`);
      return;
    } finally {
      this.handlers.progress('', null);
    }
    this.pipeline = pipeline;
    this.byLabel = new Map(loaded.map((e) => [e.label, e]));
    this.section.hidden = false;
    const names = pipeline.environments.map(envName).join(' → ');
    byId('pipeline-heading').textContent = `Pipeline: ${names}`;
    byId('pipeline-note').textContent =
      `${plural(pipeline.environments.length, 'export')} in promotion order${pipeline.blocked ? '; an export has errors or a hop is blocked' : ''}. ` +
      'Each cell is compared with the environment before it. Open a hop to review its steps.';
    this.#renderHops();
    this.#renderFindings();
    this.#renderMatrix();
    this.section.scrollIntoView({ block: 'start' });
  }

  #renderHops() {
    const p = this.pipeline;
    setChildren(byId('pipeline-hops'), p.hops.map((hop, i) => {
      const from = p.environments[hop.from];
      const to = p.environments[hop.to];
      return h('div', { class: 'hop', dataset: { hop: i } },
        h('button', {
          type: 'button',
          class: 'hop-open',
          text: `Review ${envName(from)} → ${envName(to)}`,
          attrs: { 'aria-pressed': 'false' },
          on: { click: (event) => this.#openHop(hop, event.currentTarget) },
        }),
        h('span', { class: 'hop-plan', text: hop.plan }),
        hop.blocked ? h('span', { class: 'hop-blocked', text: 'blocked' }) : null,
        hop.errors || hop.warnings
          ? h('span', { class: 'muted', text: ` ${plural(hop.errors, 'error')}, ${plural(hop.warnings, 'warning')}` })
          : null);
    }));
  }

  #openHop(hop, button) {
    for (const other of this.section.querySelectorAll('.hop-open')) other.setAttribute('aria-pressed', String(other === button));
    const source = this.byLabel.get(this.pipeline.environments[hop.from].label);
    const target = this.byLabel.get(this.pipeline.environments[hop.to].label);
    this.handlers.openHop(source, target);
  }

  #renderFindings() {
    const list = byId('pipeline-findings');
    const diagnostics = this.pipeline.diagnostics;
    list.hidden = diagnostics.length === 0;
    setChildren(list, diagnostics.map((d) => h('li', { class: `finding severity-${d.severity}`, dataset: { code: d.code } },
      h('span', { class: 'severity', text: d.severity }), ' ',
      h('code', { text: d.code }), ' ',
      h('span', { class: 'message', text: d.message }),
      d.file ? h('span', { class: 'muted', text: ` (${d.file})` }) : null)));
  }

  #renderMatrix() {
    const p = this.pipeline;
    if (!p) return;
    const differsOnly = byId('pipeline-differs').checked;
    const rows = differsOnly ? p.flags.filter((f) => f.cells.some((c) => c.changes.length > 0)) : p.flags;
    const shown = rows.slice(0, MAX_ROWS);
    byId('pipeline-count').textContent = rows.length > MAX_ROWS
      ? `the first ${plural(MAX_ROWS, 'flag key')} of ${plural(rows.length, 'flag key')} (every one: flagplan pipeline --format md)`
      : plural(rows.length, 'flag key');
    const head = h('tr', {}, h('th', { attrs: { scope: 'col' }, text: 'Flag key' }),
      p.environments.map((e) => h('th', { attrs: { scope: 'col' } }, envName(e), h('span', { class: 'muted env-label', text: e.label }))));
    const body = shown.map((flag) => h('tr', { dataset: { key: flag.flagKey } },
      h('th', { attrs: { scope: 'row' } }, h('code', { text: flag.flagKey }),
        flag.stageFlag ? h('span', { class: 'stage-flag', text: 'stage flag' }) : null),
      flag.cells.map((cell, i) => this.#cell(cell, p.environments[i]))));
    setChildren(byId('pipeline-matrix'), h('table', { class: 'pipeline-table' },
      h('caption', { class: 'visually-hidden', text: 'Every flag key in every environment' }),
      h('thead', {}, head), h('tbody', {}, body)));
  }

  #cell(cell, environment) {
    const differs = cell.changes.length > 0;
    const mark = differs
      ? h('span', { class: 'differs-mark', text: `≠ ${cell.changes.join(', ')}`, attrs: { title: 'differs from the environment before' } })
      : null;
    const props = { class: differs ? 'cell differs' : 'cell', dataset: { env: envName(environment) } };
    if (!cell.present) return h('td', props, h('span', { class: 'muted absent', text: 'absent' }), mark);
    return h('td', props,
      h('span', { class: 'cell-type', text: cell.type }), ' ',
      h('code', { class: 'fingerprint', text: `#${cell.schemaFingerprint}`, attrs: { title: 'schema fingerprint' } }),
      'value' in cell ? h('span', { class: 'cell-value' }, ' ', h('code', { text: shortValue(cell.value) }),
        cell.valueExists ? null : h('span', { class: 'muted', text: ' (default)' })) : null,
      cell.stage ? [' ', h('span', { class: 'cell-stage', text: `stage ${cell.stage}` })] : null,
      mark);
  }
}
