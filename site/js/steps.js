// The step list: one row per step (checkbox, mode label and marker, flag key,
// indentation by dependency, finding badges, expandable details), filters by
// mode and key text, grouping by the key's hierarchy, and virtualised
// rendering: only the rows in (and just around) the viewport exist in the
// DOM, so 100,000 steps scroll smoothly.
import { h, setChildren } from './dom.js';
import { blockText, count, isWide, modeInfo, parentPath, plural, valueText } from './format.js';

const ROW = 30;          // px, a collapsed row (style.css: .row-line height)
const GROUP_ROW = 30;    // px, a group header
const OVERSCAN = 12;     // rows rendered above and below the viewport

/** Finding badge text: "value reset" for risk.value_reset. */
function shortCode(code) {
  const rest = code.includes('.') ? code.slice(code.indexOf('.') + 1) : code;
  return rest.replace(/[._]/g, ' ');
}

export class StepList {
  /**
   * @param {HTMLElement} viewport the scrolling element (fixed height)
   * @param {{onToggle: (step: object, checked: boolean) => void,
   *   loadChanges: (step: object) => Promise<number[]>}} handlers
   *   loadChanges fills in `changes` of the step (and of others near it, whose
   *   ids it resolves to) when a row is expanded before they are known
   */
  constructor(viewport, handlers) {
    this.viewport = viewport;
    this.handlers = handlers;
    this.spacer = h('div', { class: 'steps-spacer' });
    viewport.append(this.spacer);
    /** @type {object[]} every step of the analysis (`changes` null until loaded; steps[i].id === i + 1) */
    this.steps = [];
    /** @type {Map<number, object[]>} step id -> its findings */
    this.findings = new Map();
    /** @type {Set<number>} the selected step ids (the page keeps it; the analysis object is not modified) */
    this.selected = new Set();
    /** @type {Map<string, {code: string, trigger: string, why: string}>} the engine's change rules, for "why it matters" */
    this.rules = new Map();
    this.filter = { modes: null, text: '', group: false, selectedOnly: false };
    this.expanded = new Set();
    /** @type {Set<number>} ids whose changes were asked for and have not arrived */
    this.pendingChanges = new Set();
    /** @type {Map<number, string>} ids whose changes could not be read, and why */
    this.failedChanges = new Map();
    this.collapsedGroups = new Set();
    /**
     * Key: a step's id (a number: no string made per step, 75,000 at 171k
     * flags) or a group's `g` + path (a string; the two never collide).
     * @type {{kind: 'step'|'group', key: number|string, step?: object, path?: string, depth?: number, count?: number}[]}
     */
    this.items = [];
    this.heights = new Map();   // item key -> measured height (expanded rows only)
    this.offsets = new Float64Array(1);
    this.rendered = new Map();  // item key -> element
    this.highlight = null;
    /** The one step row in the tab order (roving tab stop): its id; the first shown step when null. */
    this.tabStop = null;
    this.frame = 0;
    /** Time spent in render(), for benchmarks (tests/site/bench-load.mjs reads viewport.flagplanStats). */
    this.stats = { renders: 0, ms: 0, maxMs: 0 };
    viewport.flagplanStats = this.stats;
    viewport.addEventListener('scroll', () => this.schedule());
    viewport.addEventListener('keydown', (event) => this.#onKey(event));
    viewport.addEventListener('focusin', (event) => {
      const row = event.target.closest('.step-row');
      if (row) this.#moveTabStop(Number(row.dataset.id));
    });
    new ResizeObserver(() => this.schedule()).observe(viewport);
  }

  /** The id of the step row that Tab reaches. */
  #tabStopId() {
    if (this.tabStop !== null && this.items.some((item) => item.step && item.step.id === this.tabStop)) return this.tabStop;
    const first = this.items.find((item) => item.kind === 'step');
    return first ? first.step.id : null;
  }

  /** Makes step `id`'s checkbox the row tab stop (every other row's controls leave the tab order). */
  #moveTabStop(id) {
    if (this.tabStop === id) return;
    this.tabStop = id;
    for (const el of this.rendered.values()) {
      const box = el.flagplanStep && el.querySelector('input[type=checkbox]');
      if (box) box.tabIndex = el.flagplanStep.id === id ? 0 : -1;
    }
  }

  /** Moves the focus to the row tab stop (the skip link's target). */
  focusRows() {
    const id = this.#tabStopId();
    if (id === null) return false;
    return this.reveal(id, { expand: false, focus: 'input[type=checkbox]' });
  }

  /** New analysis: every step, the findings per step id and the selected ids. */
  setData(steps, findings, selected) {
    this.tabStop = null;
    this.steps = steps;
    this.selected = selected;
    this.findings = findings;
    this.expanded.clear();
    this.pendingChanges.clear();
    this.failedChanges.clear();
    this.heights.clear();
    this.highlight = null;
    for (const el of this.rendered.values()) el.remove();
    this.rendered.clear();
    this.viewport.scrollTop = 0;
    this.#rebuild();
  }

  /** Filters: `modes` (Set of modes shown, null = all), `text` (key substring), `group`, `selectedOnly`. */
  setFilter(filter) {
    Object.assign(this.filter, filter);
    this.#rebuild();
  }

  /** The selection changed: refresh the rendered checkboxes. */
  refreshSelection(selected) {
    this.selected = selected;
    if (this.filter.selectedOnly) {
      this.#rebuild();
      return;
    }
    for (const el of this.rendered.values()) {
      const step = el.flagplanStep;
      if (!step) continue;
      const box = el.querySelector('input[type=checkbox]');
      const on = this.selected.has(step.id);
      box.checked = on;
      el.classList.toggle('is-selected', on);
    }
  }

  /** How many steps the filters let through. */
  visibleStepCount() {
    return this.items.reduce((n, item) => n + (item.kind === 'step' ? 1 : 0), 0);
  }

  /**
   * Scrolls to step `id`, expands and highlights it and moves focus to it;
   * filters and collapsed groups that hide it are cleared first.
   * @returns {boolean} false when there is no such step
   */
  reveal(id, { expand = true, focus = '.expand' } = {}) {
    const step = this.#step(id);
    if (!step) return false;
    let index = this.items.findIndex((item) => item.step === step);
    if (index < 0) {
      this.filter = { modes: null, text: '', group: this.filter.group, selectedOnly: false };
      this.collapsedGroups.clear();
      this.#rebuild();
      this.viewport.dispatchEvent(new CustomEvent('filters-reset', { bubbles: true }));
      index = this.items.findIndex((item) => item.step === step);
    }
    if (expand) this.expanded.add(id);
    // Rows of the old and the new highlight are rebuilt with their new state.
    for (const key of [this.highlight, id]) {
      const el = this.rendered.get(key);
      if (el) {
        el.remove();
        this.rendered.delete(key);
      }
    }
    this.highlight = id;
    this.#recomputeOffsets();
    this.viewport.scrollTop = Math.max(0, this.offsets[index] - ROW);
    this.render();
    const el = this.rendered.get(id);
    if (el) el.querySelector(focus).focus({ preventScroll: true });
    return true;
  }

  /** Re-renders on the next animation frame (scroll, resize). */
  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  #rebuild() {
    const { modes, group, selectedOnly } = this.filter;
    const text = this.filter.text.trim().toLowerCase();
    const keep = (s) => (!modes || modes.has(s.mode)) && (!selectedOnly || this.selected.has(s.id)) &&
      (!text || s.flagKey.toLowerCase().includes(text) || (s.oldKey && s.oldKey.toLowerCase().includes(text)));
    const shown = this.steps.filter(keep);
    this.items = group ? this.#grouped(shown) : shown.map((step) => ({ kind: 'step', key: step.id, step }));
    this.#recomputeOffsets();
    for (const el of this.rendered.values()) el.remove();
    this.rendered.clear();
    this.render();
  }

  /** Steps under a header per key group ("billing/", "billing/tax/"), groups alphabetical, steps in plan order. */
  #grouped(steps) {
    const root = { path: '', children: new Map(), steps: [], total: 0 };
    for (const step of steps) {
      let node = root;
      node.total++;
      const parent = parentPath(step.flagKey);
      if (parent) {
        let path = '';
        for (const segment of parent.split('/')) {
          path = path ? `${path}/${segment}` : segment;
          if (!node.children.has(segment)) node.children.set(segment, { path, children: new Map(), steps: [], total: 0 });
          node = node.children.get(segment);
          node.total++;
        }
      }
      node.steps.push(step);
    }
    const items = [];
    const emit = (node, depth) => {
      if (node.path) {
        const collapsed = this.collapsedGroups.has(node.path);
        items.push({ kind: 'group', key: `g${node.path}`, path: node.path, depth, count: node.total, collapsed });
        if (collapsed) return;
      }
      for (const step of node.steps) items.push({ kind: 'step', key: step.id, step, depth });
      const names = [...node.children.keys()].sort();
      for (const name of names) emit(node.children.get(name), node.path ? depth + 1 : depth);
    };
    if (root.steps.length > 0) {
      // Keys without a group come first, under their own header.
      const top = { path: '', children: new Map(), steps: root.steps, total: root.steps.length };
      items.push({ kind: 'group', key: 'g', path: '', depth: 0, count: top.total, collapsed: this.collapsedGroups.has('') });
      if (!this.collapsedGroups.has('')) for (const step of top.steps) items.push({ kind: 'step', key: step.id, step, depth: 0 });
    }
    for (const name of [...root.children.keys()].sort()) emit(root.children.get(name), 0);
    return items;
  }

  #heightOf(item) {
    const measured = this.heights.get(item.key);
    if (measured !== undefined) return measured;
    return item.kind === 'group' ? GROUP_ROW : ROW;
  }

  #recomputeOffsets() {
    // Measured heights are kept for expanded steps only (a collapsed row is ROW high).
    for (const key of this.heights.keys()) {
      if (typeof key === 'number' && !this.expanded.has(key)) this.heights.delete(key);
    }
    const n = this.items.length;
    const offsets = new Float64Array(n + 1);
    const measured = this.heights.size > 0;
    for (let i = 0; i < n; i++) {
      const item = this.items[i];
      offsets[i + 1] = offsets[i] + (measured ? this.#heightOf(item) : item.kind === 'group' ? GROUP_ROW : ROW);
    }
    this.offsets = offsets;
    this.spacer.style.height = `${offsets[n]}px`;
  }

  /** Index of the item at pixel `y` (binary search in the offsets). */
  #indexAt(y) {
    let lo = 0;
    let hi = this.items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  /** Renders the rows in and around the viewport; measures expanded rows. */
  render() {
    const started = performance.now();
    this.#render();
    const ms = performance.now() - started;
    this.stats.renders++;
    this.stats.ms += ms;
    this.stats.maxMs = Math.max(this.stats.maxMs, ms);
  }

  #render() {
    const n = this.items.length;
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 600;
    const first = n === 0 ? 0 : Math.max(0, this.#indexAt(top) - OVERSCAN);
    let last = n === 0 ? -1 : this.#indexAt(top + height);
    last = Math.min(n - 1, last + OVERSCAN);
    const wanted = new Set();
    for (let i = first; i <= last; i++) wanted.add(this.items[i].key);
    const focused = document.activeElement;
    for (const [key, el] of this.rendered) {
      if (wanted.has(key)) continue;
      if (focused && el.contains(focused)) continue;  // keep the focused row alive
      el.remove();
      this.rendered.delete(key);
    }
    let remeasure = false;
    for (let i = first; i <= last; i++) {
      const item = this.items[i];
      let el = this.rendered.get(item.key);
      if (!el) {
        el = item.kind === 'group' ? this.#groupRow(item) : this.#stepRow(item);
        this.rendered.set(item.key, el);
        this.spacer.append(el);
      }
      el.dataset.index = String(i);
      el.setAttribute('aria-posinset', String(i + 1));
      el.setAttribute('aria-setsize', String(n));
      el.style.transform = `translateY(${this.offsets[i]}px)`;
      if (item.kind === 'step' && this.expanded.has(item.step.id)) {
        const measured = Math.ceil(el.getBoundingClientRect().height);
        if (measured > 0 && measured !== this.heights.get(item.key)) {
          this.heights.set(item.key, measured);
          remeasure = true;
        }
      }
    }
    // Rows kept only for focus still need a position.
    for (const [key, el] of this.rendered) {
      if (wanted.has(key)) continue;
      const i = this.items.findIndex((item) => item.key === key);
      if (i >= 0) el.style.transform = `translateY(${this.offsets[i]}px)`;
    }
    if (remeasure) {
      this.#recomputeOffsets();
      this.#render();
    }
  }

  #groupRow(item) {
    const label = item.path ? `${item.path}/` : '(top-level keys)';
    const button = h('button', {
      type: 'button', class: 'group-toggle',
      attrs: { 'aria-expanded': String(!item.collapsed) },
      on: {
        click: () => {
          if (this.collapsedGroups.has(item.path)) this.collapsedGroups.delete(item.path);
          else this.collapsedGroups.add(item.path);
          const keepFocus = `g${item.path}`;
          this.#rebuild();
          const el = this.rendered.get(keepFocus);
          if (el) el.querySelector('button').focus();
        },
      },
    }, h('span', { class: 'chevron', attrs: { 'aria-hidden': 'true' }, text: item.collapsed ? '▸' : '▾' }),
    h('span', { class: 'group-path', text: label }),
    h('span', { class: 'group-count', text: plural(item.count, 'step') }));
    const el = h('div', { class: 'row group-row', attrs: { role: 'listitem' }, dataset: { group: item.path } }, button);
    el.style.paddingLeft = `${0.5 + item.depth * 1.25}rem`;
    return el;
  }

  #stepRow(item) {
    const step = item.step;
    const info = modeInfo(step.mode);
    const indent = step.indent || 0;
    const expanded = this.expanded.has(step.id);
    const findings = this.findings.get(step.id) || [];
    const boxId = `step-select-${step.id}`;
    const detailId = `step-detail-${step.id}`;
    const box = h('input', {
      type: 'checkbox', id: boxId, checked: this.selected.has(step.id), tabIndex: step.id === this.#tabStopId() ? 0 : -1,
      attrs: { 'aria-label': `Select step #${step.id} ${info.label} ${step.flagKey}` },
      on: { change: (event) => this.handlers.onToggle(step, event.target.checked, event.target) },
    });
    const expand = h('button', {
      type: 'button', class: 'expand', tabIndex: -1,
      attrs: { 'aria-expanded': String(expanded), 'aria-controls': detailId, 'aria-label': `Details of step #${step.id}` },
      on: { click: () => this.#toggleExpand(step) },
    }, h('span', { attrs: { 'aria-hidden': 'true' }, text: expanded ? '▾' : '▸' }));
    const line = h('div', { class: 'row-line' },
      box,
      h('label', { class: 'step-id', htmlFor: boxId, text: `#${step.id}` }),
      h('span', { class: `mode mode-${info.css}`, title: info.title },
        h('span', { class: 'marker', attrs: { 'aria-hidden': 'true' }, text: info.marker }),
        h('span', { class: 'mode-label', text: info.label })),
      h('span', { class: 'key-cell' },
        indent > 0 ? h('span', { class: 'tree', attrs: { 'aria-hidden': 'true' }, text: '└─' }) : null,
        step.mode === 'RENAME' && step.oldKey ? h('span', { class: 'old-key', text: `${step.oldKey} → ` }) : null,
        h('span', { class: 'key', text: step.flagKey }),
        step.dependentId ? h('span', { class: 'after', text: `after #${step.dependentId}` }) : null,
        step.stage ? h('span', { class: 'stage', text: `stage ${step.stage.link}/${step.stage.links}: ${step.stage.from} → ${step.stage.to}` }) : null),
      this.#badges(findings),
      expand);
    line.querySelector('.key-cell').style.paddingLeft = `${indent * 1.5}rem`;
    line.addEventListener('click', (event) => {
      // A click on the row's text toggles the details; controls keep their own behaviour.
      if (event.target.closest('input, button, label')) return;
      this.#toggleExpand(step);
    });
    const el = h('div', {
      class: `row step-row mode-row-${info.css}${this.selected.has(step.id) ? ' is-selected' : ''}${this.highlight === step.id ? ' is-highlighted' : ''}`,
      attrs: { role: 'listitem' },
      dataset: { id: step.id, mode: step.mode, key: step.flagKey, indent },
    }, line);
    el.flagplanStep = step;
    if (expanded) el.append(this.#detail(step, findings, detailId));
    if (item.depth) el.style.paddingLeft = `${item.depth * 1.25}rem`;
    return el;
  }

  #badges(findings) {
    if (findings.length === 0) return h('span', { class: 'badges' });
    const codes = [...new Set(findings.map((d) => `${d.severity}|${d.code}`))];
    const shown = codes.slice(0, 2).map((entry) => {
      const [severity, code] = entry.split('|');
      const rule = this.rules.get(code);
      return h('span', { class: `badge badge-${severity}`, title: rule ? `${code}: ${rule.why}` : code, text: shortCode(code) });
    });
    const more = codes.length > 2 ? h('span', { class: 'badge badge-more', text: `+${codes.length - 2}` }) : null;
    return h('span', {
      class: 'badges',
      attrs: { 'aria-label': `${plural(findings.length, 'finding')}: ${codes.map((c) => c.split('|')[1]).join(', ')}` },
    }, shown, more);
  }

  #detail(step, findings, detailId) {
    if (step.changes === null) {
      // Not read yet: a placeholder (without the detail's id) until they arrive.
      if (!this.failedChanges.has(step.id)) this.#loadChanges(step);
      const failed = this.failedChanges.get(step.id);
      return h('div', { class: 'detail detail-loading' },
        h('p', { class: failed ? 'error' : 'muted', text: failed ? `The changes could not be read: ${failed}` : 'Reading the changes…' }));
    }
    const rows = step.changes.map((change) => {
      if (isWide(change)) {
        return h('div', { class: 'change wide' },
          h('div', { class: 'field', text: change.field }),
          h('div', { class: 'sides' },
            h('figure', { class: 'side from' }, h('figcaption', { text: 'target (now)' }), h('pre', { text: blockText(change.from) })),
            h('figure', { class: 'side to' }, h('figcaption', { text: 'source (after)' }), h('pre', { text: blockText(change.to) }))));
      }
      return h('div', { class: 'change' },
        h('span', { class: 'field', text: change.field }),
        h('code', { class: 'from', text: valueText(change.from) }),
        h('span', { class: 'arrow', attrs: { 'aria-label': 'becomes' }, text: '→' }),
        h('code', { class: 'to', text: valueText(change.to) }));
    });
    const notes = findings.map((d) => {
      const rule = this.rules.get(d.code);
      return h('li', { class: `step-finding finding-${d.severity}` },
        h('span', { class: `sev sev-${d.severity}`, text: d.severity }), ' ',
        h('code', { text: d.code }), ' ', h('span', { text: d.message }),
        rule && rule.why ? h('span', { class: 'why', text: `Why it matters: ${rule.why}` }) : null);
    });
    return h('div', { class: 'detail', id: detailId },
      step.dependentId ? h('p', { class: 'dep', text: `Depends on #${step.dependentId} ${this.#nameOf(step.dependentId)}` }) : null,
      step.stage ? h('p', { class: 'dep', text: `Stage walk: link ${step.stage.link} of ${step.stage.links}, ${step.stage.from} → ${step.stage.to}` }) : null,
      rows.length ? h('div', { class: 'changes' }, rows) : h('p', { class: 'muted', text: 'No field changes listed.' }),
      notes.length ? h('ul', { class: 'step-findings' }, notes) : null);
  }

  #step(id) {
    return Number.isInteger(id) && id >= 1 ? this.steps[id - 1] : undefined;
  }

  #nameOf(id) {
    const s = this.#step(id);
    return s ? `${s.mode} ${s.flagKey}` : '';
  }

  /** Asks for the step's changes; re-renders the expanded rows they arrive for. */
  #loadChanges(step) {
    if (this.pendingChanges.has(step.id)) return;
    this.pendingChanges.add(step.id);
    const steps = this.steps;
    const rerender = (ids) => {
      for (const id of ids) {
        const key = id;
        const el = this.rendered.get(key);
        if (!el || !this.expanded.has(id)) continue;
        const hadFocus = el.contains(document.activeElement);
        el.remove();
        this.rendered.delete(key);
        this.heights.delete(key);
        this.#recomputeOffsets();
        this.render();
        const again = this.rendered.get(key);
        if (again && hadFocus) again.querySelector('.expand').focus({ preventScroll: true });
      }
    };
    this.handlers.loadChanges(step).then((ids) => {
      if (steps !== this.steps) return;
      for (const id of ids) this.pendingChanges.delete(id);
      rerender(ids);
    }, (error) => {
      if (steps !== this.steps) return;
      this.pendingChanges.delete(step.id);
      this.failedChanges.set(step.id, error && error.message ? error.message : String(error));
      rerender([step.id]);
    });
  }

  #toggleExpand(step) {
    if (this.expanded.has(step.id)) this.expanded.delete(step.id);
    else this.expanded.add(step.id);
    const key = step.id;
    const old = this.rendered.get(key);
    const hadFocus = old && old.contains(document.activeElement);
    if (old) {
      old.remove();
      this.rendered.delete(key);
    }
    this.heights.delete(key);
    this.#recomputeOffsets();
    this.render();
    const el = this.rendered.get(key);
    if (el && hadFocus) el.querySelector('.expand').focus({ preventScroll: true });
  }

  /**
   * One tab stop for the rows: arrow keys move between rows (same control)
   * and scroll the row into view, Home/End to the ends; Space toggles the
   * focused checkbox (the browser's own), Enter expands or collapses the row.
   */
  #onKey(event) {
    if (event.key === 'Enter' && event.target.matches('.step-row input[type=checkbox]')) {
      event.preventDefault();
      const step = event.target.closest('.step-row').flagplanStep;
      this.#toggleExpand(step);
      const el = this.rendered.get(step.id);
      if (el) el.querySelector('input[type=checkbox]').focus({ preventScroll: true });
      return;
    }
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
    const row = event.target.closest('.row');
    if (!row || event.target.tagName === 'TEXTAREA') return;
    const index = Number(row.dataset.index);
    const n = this.items.length;
    let next = index;
    if (event.key === 'ArrowDown') next = Math.min(n - 1, index + 1);
    if (event.key === 'ArrowUp') next = Math.max(0, index - 1);
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = n - 1;
    event.preventDefault();
    if (next === index) return;
    const kind = event.target.matches('input[type=checkbox]') ? 'input[type=checkbox]' : 'button';
    const y = this.offsets[next];
    const bottom = this.offsets[next + 1];
    if (y < this.viewport.scrollTop) this.viewport.scrollTop = y;
    else if (bottom > this.viewport.scrollTop + this.viewport.clientHeight) {
      this.viewport.scrollTop = bottom - this.viewport.clientHeight;
    }
    this.render();
    const el = this.rendered.get(this.items[next].key);
    if (el) (el.querySelector(kind) || el.querySelector('button, input')).focus({ preventScroll: true });
  }
}
