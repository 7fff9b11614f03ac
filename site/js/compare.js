// The side by side of both exports: every flag key of either, grouped by key
// prefix, each field's source and target value with the differences marked
// (as the engine's comparison says: PlanSession.comparison(),
// src/flagplan/compare/compare.hpp), and a checkbox per field that ticks the
// step the engine names as writing it (the per-field choice). The page
// decides nothing here: which fields differ, where inside a value, and which
// step writes a field all come from the engine.
import { h, setChildren } from './dom.js';
import { ABSENT, modeInfo, modeOrder, plural } from './format.js';

/** The first segment of a key and its slash ("billing/"), or "(top level)" for a key without one. */
function prefixOf(key) {
  const slash = key.indexOf('/');
  return slash < 0 ? '(top level)' : key.slice(0, slash + 1);
}

const STATUS_TEXT = {
  unchanged: 'unchanged', changed: 'changed', added: 'only in source', removed: 'only in target', retyped: 'type changed',
};

/** Flags listed at most (the filters narrow a bigger comparison). */
const MAX_FLAGS = 2000;

const TYPES = ['BOOLEAN', 'INTEGER', 'STRING', 'OBJECT', 'ENUM', 'TAG', 'AB-TEST'];

/**
 * A value cell: the text with the parts the engine marked changed wrapped in
 * <ins> (source: what the target gets) or <del> (target: what it loses).
 */
function valueCell(text, parts, side) {
  if (text === undefined) return h('td', { class: 'cmp-absent', text: ABSENT });
  const tag = side === 'source' ? 'ins' : 'del';
  const content = parts
    ? parts.map(([piece, changed]) => (changed ? h(tag, { class: 'cmp-diff', text: piece }) : piece))
    : [text];
  return h('td', {}, h('code', { class: 'cmp-value' }, content.length ? content : h('span', { class: 'muted', text: '""' })));
}

export class CompareView {
  /**
   * @param {HTMLElement} root the section (its controls are looked up inside it)
   * @param {{onToggle: (step: object, checked: boolean) => void,
   *   onSetMany: (ids: number[], select: boolean, label: string) => void,
   *   stepById: (id: number) => object|undefined,
   *   reload: () => void}} hooks reload(): read the comparison again (with the unchanged flags when their toggle is on)
   */
  constructor(root, hooks) {
    this.root = root;
    this.hooks = hooks;
    this.list = root.querySelector('#compare-list');
    this.comparison = null;
    this.selected = new Set();
    this.open = new Set();  // flag keys whose details are open
    this.closedGroups = new Set();
    const control = (id) => root.querySelector(`#${id}`);
    this.controls = {
      unchanged: control('cmp-unchanged'), findings: control('cmp-findings'), type: control('cmp-type'),
      mode: control('cmp-mode'), text: control('cmp-text'), count: control('cmp-count'), summary: control('compare-summary'),
    };
    setChildren(this.controls.type, h('option', { value: '', text: 'any type' }), TYPES.map((t) => h('option', { value: t, text: t })));
    setChildren(this.controls.mode, h('option', { value: '', text: 'any step' }), h('option', { value: 'none', text: 'no step' }));
    for (const c of ['findings', 'type', 'mode']) this.controls[c].addEventListener('change', () => this.render());
    // The unchanged flags are read from the engine only when asked for (most keys of a big pair are unchanged).
    this.controls.unchanged.addEventListener('change', () => {
      if (this.controls.unchanged.checked && this.comparison && !this.withUnchanged) this.hooks.reload();
      else this.render();
    });
    this.controls.text.addEventListener('input', () => this.render());
    control('cmp-select-all').addEventListener('click', () => this.#setShown(true));
    control('cmp-select-none').addEventListener('click', () => this.#setShown(false));
    control('cmp-expand').addEventListener('click', () => this.#expand(true));
    control('cmp-collapse').addEventListener('click', () => this.#expand(false));
  }

  /**
   * A new analysis: its comparison and selection (`withUnchanged`: the
   * comparison lists the unchanged flags too). Open flags stay open when
   * their key is still there.
   */
  setData(comparison, selected, withUnchanged) {
    this.comparison = comparison;
    this.withUnchanged = withUnchanged;
    if (this.controls.mode.options.length === 2) {  // the engine's step modes, known once it is ready
      this.controls.mode.options[0].after(...modeOrder().map((m) => h('option', { value: m, text: `${modeInfo(m).marker} ${modeInfo(m).label}` })));
    }
    this.selected = selected;
    const s = comparison.summary;
    this.controls.summary.textContent = `${plural(s.flags, 'distinct flag key')} (${s.source} in the source, ${s.target} in the target): ` +
      `${s.changed} changed, ${s.added} only in the source, ${s.removed} only in the target, ${s.retyped} with another type, ${s.unchanged} unchanged.`;
    this.render();
  }

  /** The selection changed: every checkbox follows it. */
  refreshSelection(selected) {
    this.selected = selected;
    for (const box of this.list.querySelectorAll('input[data-step]')) box.checked = selected.has(Number(box.dataset.step));
    for (const box of this.list.querySelectorAll('input.cmp-group-box')) this.#groupState(box);
  }

  /** The flags the filters let through. */
  shown() {
    if (!this.comparison) return [];
    const c = this.controls;
    const text = c.text.value.trim().toLowerCase();
    const mode = c.mode.value;
    return this.comparison.flags.filter((f) => {
      if (!c.unchanged.checked && f.status === 'unchanged') return false;
      if (c.findings.checked && f.findingCount === 0) return false;
      if (c.type.value && f.sourceType !== c.type.value && f.targetType !== c.type.value) return false;
      if (mode === 'none' && f.stepIds.length > 0) return false;
      if (mode && mode !== 'none' && !f.stepIds.some((id) => this.hooks.stepById(id)?.mode === mode)) return false;
      if (text && !f.flagKey.toLowerCase().includes(text) &&
          !f.fields.some((x) => (x.source || '').toLowerCase().includes(text) || (x.target || '').toLowerCase().includes(text))) return false;
      return true;
    });
  }

  render() {
    if (!this.comparison) return;
    const flags = this.shown();
    const groups = new Map();
    for (const f of flags) {
      const prefix = prefixOf(f.flagKey);
      if (!groups.has(prefix)) groups.set(prefix, []);
      groups.get(prefix).push(f);
    }
    const hidden = this.comparison.summary.flags - flags.length;
    this.controls.count.textContent = `${plural(flags.length, 'flag')} shown${hidden ? `, ${hidden} hidden by the filters` : ''}`;
    // A few thousand rows at most in the page; the filters narrow a big comparison.
    let room = MAX_FLAGS;
    const drawn = [];
    for (const [prefix, members] of groups) {
      if (room <= 0) break;
      drawn.push(this.#group(prefix, members.slice(0, room)));
      room -= members.length;
    }
    setChildren(this.list, flags.length === 0 ? h('p', { class: 'muted', text: 'No flag matches the filters.' }) : null, drawn,
      flags.length > MAX_FLAGS ? h('p', { class: 'muted', text: `The first ${MAX_FLAGS} of ${flags.length} flags are listed: narrow them with the filters.` }) : null);
  }

  #group(prefix, flags) {
    const ids = flags.flatMap((f) => f.stepIds);
    const box = h('input', {
      type: 'checkbox', class: 'cmp-group-box', disabled: ids.length === 0,
      attrs: { 'aria-label': `Select every step of the ${plural(flags.length, 'shown flag')} under ${prefix}` },
      dataset: { steps: ids.join(',') },
      on: { change: (event) => this.hooks.onSetMany(ids, event.target.checked, `${event.target.checked ? 'select' : 'unselect'} ${prefix}`) },
    });
    this.#groupState(box);
    const details = h('details', { class: 'cmp-group', open: !this.closedGroups.has(prefix), dataset: { prefix } },
      h('summary', {}, h('span', { class: 'key', text: prefix }), ' ', h('span', { class: 'muted', text: `(${plural(flags.length, 'flag')})` })),
      h('div', { class: 'cmp-flags' }, flags.map((f) => this.#flag(f))));
    details.addEventListener('toggle', () => {
      if (details.open) this.closedGroups.delete(prefix);
      else this.closedGroups.add(prefix);
    });
    // The checkbox sits outside <summary> (a control inside one is not allowed by the ARIA rules axe checks).
    return h('div', { class: 'cmp-group-wrap' }, h('div', { class: 'cmp-group-head' }, box), details);
  }

  /** A group's checkbox: checked when all its steps are selected, mixed when some are. */
  #groupState(box) {
    const ids = box.dataset.steps ? box.dataset.steps.split(',').map(Number) : [];
    const on = ids.filter((id) => this.selected.has(id)).length;
    box.checked = ids.length > 0 && on === ids.length;
    box.indeterminate = on > 0 && on < ids.length;
  }

  #flag(f) {
    const types = f.sourceType === f.targetType ? f.sourceType : `${f.sourceType || ABSENT} ← ${f.targetType || ABSENT}`;
    const details = h('details', { class: `cmp-flag cmp-${f.status}`, open: this.open.has(f.flagKey), dataset: { key: f.flagKey, status: f.status } },
      h('summary', {},
        h('span', { class: `cmp-status cmp-status-${f.status}`, text: STATUS_TEXT[f.status] }), ' ',
        h('span', { class: 'key', text: f.flagKey }), ' ',
        h('span', { class: 'muted', text: types }),
        f.findingCount ? h('span', { class: 'cmp-findings', text: ` · ${plural(f.findingCount, 'finding')}` }) : null,
        f.stepIds.length ? h('span', { class: 'cmp-steps' }, f.stepIds.map((id) => {
          const step = this.hooks.stepById(id);
          const info = modeInfo(step ? step.mode : '');
          return h('span', { class: `cmp-chip mode-${info.css}`, text: `#${id} ${info.marker}`, attrs: { title: step ? step.mode : null } });
        })) : null));
    const fill = () => {
      if (details.dataset.filled) return;
      details.dataset.filled = '1';
      details.append(this.#fields(f));
    };
    if (details.open) fill();
    details.addEventListener('toggle', () => {
      if (details.open) {
        this.open.add(f.flagKey);
        fill();
      } else this.open.delete(f.flagKey);
    });
    return details;
  }

  #fields(f) {
    return h('table', { class: 'cmp-table' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: 'Field' }), h('th', { scope: 'col', text: 'Source (to apply)' }),
        h('th', { scope: 'col', text: 'Target (now)' }), h('th', { scope: 'col', text: 'Take the source\'s' }))),
      h('tbody', {}, f.fields.map((x) => {
        const step = x.stepId ? this.hooks.stepById(x.stepId) : null;
        const info = step ? modeInfo(step.mode) : null;
        return h('tr', { class: x.differs ? 'cmp-differs' : 'cmp-same', dataset: { field: x.field } },
          h('th', { scope: 'row', text: x.field }),
          valueCell(x.source, x.sourceParts, 'source'),
          valueCell(x.target, x.targetParts, 'target'),
          h('td', {}, step ? h('label', { class: 'cmp-take' },
            h('input', {
              type: 'checkbox', checked: this.selected.has(step.id), dataset: { step: step.id },
              attrs: { 'aria-label': `Take the source's ${x.field} of ${f.flagKey}: step #${step.id} ${step.mode}` },
              on: { change: (event) => this.hooks.onToggle(step, event.target.checked) },
            }), ` #${step.id} ${info.label}`) : (x.differs ? h('span', { class: 'muted', text: 'no step writes it' }) : null)));
      })));
  }

  #setShown(select) {
    const flags = this.shown();
    this.hooks.onSetMany(flags.flatMap((f) => f.stepIds), select,
      `${select ? 'select' : 'unselect'} the ${plural(flags.length, 'flag')} shown side by side`);
  }

  #expand(open) {
    for (const f of this.shown()) {
      if (open) this.open.add(f.flagKey);
      else this.open.delete(f.flagKey);
    }
    if (open) this.closedGroups.clear();
    this.render();
  }
}
