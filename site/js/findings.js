// The findings panel: the diagnostics that apply to the selection, in the
// engine's groups by file and flag (summary.groups, the CLI's order); the
// findings of unselected steps apart. Clicking one scrolls the step list to its step (the
// diagnostic's stepId, else the first step of its flag).
import { h, setChildren } from './dom.js';
import { plural } from './format.js';

// Groups (and findings of unselected steps) drawn before "Show more": 50
// keep the panel's first frame under 50 ms at 171,000 flags per side (200
// made it a 42 ms frame of style and layout after the step list's).
const PAGE = 50;

export class FindingsPanel {
  /**
   * @param {HTMLElement} container
   * @param {{stepFor: (d: object) => object|null, reveal: (id: number) => void, say: (text: string) => void}} handlers
   */
  constructor(container, handlers) {
    this.container = container;
    this.handlers = handlers;
    this.diagnostics = [];
    this.groups = [];
    this.unselected = [];
    this.limit = PAGE;
    this.unselectedLimit = PAGE;
  }

  /**
   * Shows the analysis's `diagnostics` as the engine's selection `summary`
   * groups them: what applies to the selection (summary.groups, counted by
   * summary.errors/warnings/notes), and apart, the findings of unselected
   * steps (summary.unselectedFindingIndices).
   */
  set(diagnostics, summary) {
    // Indices into `diagnostics`, looked up only for what is drawn: a large
    // plan has tens of thousands of findings and draws PAGE groups.
    this.diagnostics = diagnostics;
    this.groups = summary && summary.groups ? summary.groups : [];
    this.unselected = summary && summary.unselectedFindingIndices ? summary.unselectedFindingIndices : [];
    this.counts = summary ? { error: summary.errors, warning: summary.warnings, note: summary.notes } : null;
    this.limit = PAGE;
    this.unselectedLimit = PAGE;
    this.render();
  }

  render() {
    const counts = this.counts || { error: 0, warning: 0, note: 0 };
    const head = h('p', { class: 'findings-counts' },
      h('span', { class: 'sev sev-error', text: plural(counts.error, 'error') }), ' ',
      h('span', { class: 'sev sev-warning', text: plural(counts.warning, 'warning') }), ' ',
      h('span', { class: 'sev sev-note', text: plural(counts.note, 'note') }));
    // Both lists drawn PAGE at a time: a large plan's thousands of findings
    // would make every click re-lay out tens of thousands of elements.
    const hiddenUnselected = this.unselected.length - this.unselectedLimit;
    const unselected = this.unselected.length ? h('details', { class: 'unselected-findings', open: true },
      h('summary', { text: `Findings of unselected steps (${this.unselected.length}): what ticking them would add` }),
      h('ul', {}, this.unselected.slice(0, this.unselectedLimit).map((i) => h('li', {}, this.#item(this.diagnostics[i])))),
      hiddenUnselected > 0 ? h('button', {
        type: 'button', class: 'link',
        text: `Show ${plural(Math.min(hiddenUnselected, PAGE), 'more finding')} (${hiddenUnselected} hidden)`,
        on: { click: () => { this.unselectedLimit += PAGE; this.render(); } },
      }) : null) : null;
    if (this.groups.length === 0) {
      setChildren(this.container, head,
        h('p', { class: 'muted', text: 'No findings for the selected steps: both exports are valid and nothing selected carries a risk.' }),
        unselected);
      return;
    }
    const shown = this.groups.slice(0, this.limit).map((g) => this.#group(g));
    const rest = this.groups.length - this.limit;
    const more = rest > 0 ? h('button', {
      type: 'button', class: 'link',
      text: `Show ${plural(Math.min(rest, PAGE), 'more group')} (${rest} hidden)`,
      on: { click: () => { this.limit += PAGE; this.render(); } },
    }) : null;
    setChildren(this.container, head, h('div', { class: 'finding-groups' }, shown), more, unselected);
  }

  /** A group of summary.groups (indices into the diagnostics); its first finding is its worst and names its file and flag key. */
  #group(indices) {
    const items = indices.map((i) => this.diagnostics[i]);
    const { flagKey, file, severity: worst } = items[0];
    const title = flagKey
      ? h('span', { class: 'key', text: flagKey })
      : h('span', { class: 'general', text: 'General' });
    return h('section', { class: `finding-group worst-${worst}` },
      h('h3', {}, title, file ? h('span', { class: 'file', text: file }) : null),
      h('ul', {}, items.map((d) => h('li', {}, this.#item(d)))));
  }

  #item(d) {
    const where = [d.field ? `field ${d.field}` : '', d.line ? `line ${d.line}${d.column ? `:${d.column}` : ''}` : '']
      .filter(Boolean).join(', ');
    const step = this.handlers.stepFor(d);
    const body = [
      h('span', { class: `sev sev-${d.severity}`, text: d.severity }),
      h('code', { class: 'code', text: d.code }),
      step ? h('span', { class: 'step-ref', text: `#${step.id}` }) : null,
      h('span', { class: 'message', text: d.message }),
      where ? h('span', { class: 'where', text: where }) : null,
    ];
    if (!step) return h('div', { class: `finding finding-${d.severity}` }, body);
    return h('button', {
      type: 'button', class: `finding finding-${d.severity}`,
      title: `Show step #${step.id}`,
      on: { click: () => this.handlers.reveal(step.id) },
    }, body);
  }
}
