// The page: wires the exports, the engine (web/ PlanWorker), the situation
// panel, the step list, the findings and the downloads.
import { nextTask } from '../web/lib/overview-parts.js';
import { byId, h, setChildren } from './dom.js';
import { Engine, PageError, Prepared, isOffline } from './engine.js';
import { FindingsPanel } from './findings.js';
import {
  bytesText, count, downloadNames, isoSecond, modeInfo, modeOrder, plural, setStepModes, stepName,
} from './format.js';
import { ExportCard } from './inputs.js';
import { PipelineView } from './pipeline.js';
import { StepList } from './steps.js';
import { CompareView } from './compare.js';
import { resetDrift, wireDrift } from './drift.js';

const app = byId('app');
/** Steps whose changes are read from the engine at once (one request) when one of them is expanded. */
const CHANGE_PAGE = 256;
const engine = new Engine();

const state = {
  /** @type {{source: import('./inputs.js').LoadedExport|null, target: import('./inputs.js').LoadedExport|null}} */
  inputs: { source: null, target: null },
  choice: { mode: 'auto', walkStages: false, renameKeys: new Set(), allowMassDelete: false },
  /** @type {import('../web/index.js').RemotePlanSession|null} */
  session: null,
  /** The analysis without its steps (RemotePlanSession.overview()): source, target, mode, blocked, stepCount, diagnostics, renames, summary. */
  overview: null,
  /** Every step (from the step table): {id, mode, flagKey, dependentId, indent, oldKey, stage, changeCount, changes}; `changes` stays null until its page is read. */
  steps: [],
  /** Pages of step changes asked for (page index -> promise). */
  changePages: new Map(),
  /** @type {Set<number>} */
  selected: new Set(),
  blocked: false,
  renderers: [],
  renderersError: '',
  generation: 0,
  /** @type {Map<string, object|null>|null} firstSteps() of the current findings, made on first use */
  firstStepFor: null,
  refreshTimer: 0,
  /** True while an analysis runs: what is shown is out of date and nothing downloads. */
  analyzing: false,
  /** PlanSession.refusals(): format -> the engine's reasons it would not render now. */
  refusals: {},
  /** Selections before each change the user made, newest last: [{ids, label}] (undo). */
  undo: [],
  /** True once the user changed the selection of this pair of exports by hand. */
  handMade: false,
  /** Per side, a loaded export the worker checked while the other side was empty: {loaded, prepared: Promise<Prepared|null>}. */
  prepared: { source: null, target: null },
  /** Where this pair's selection is kept: content hashes of both exports and the options. */
  selectionKey: '',
  /** The exports the shown analysis read. */
  analyzedInputs: null,
  /**
   * Which plan the session holds (`sessionPlan`) and which plan's step ids
   * the list shows (`listPlan`): numbers from `plans`. A re-plan changes the
   * session's ids the moment it is sent, a new analysis's session is taken
   * before its steps are shown; while the two differ, selection changes wait
   * for the new plan (listShowsSession()).
   */
  sessionPlan: 0,
  listPlan: 0,
  plans: 0,
};

// ---------- engine status ----------

engine.ready().then(async () => {
  const version = await engine.version().catch(() => '');
  byId('engine-status').textContent = `Engine ${version ? `${version} ` : ''}ready${isOffline() ? ' (offline single file)' : ''}`;
  try {
    state.renderers = await engine.renderers();
    setStepModes(await engine.stepModes());
    buildModeFilter();
    stepList.rules = new Map((await engine.changeRules()).map((rule) => [rule.code, rule]));
  } catch (error) {
    state.renderersError = `The engine's output formats could not be read on this page: ${error.message}`;
  }
  if (state.overview) renderDownloads();
  // Before the user's exports arrive: the first analysis then runs optimized code.
  engine.warmUp().then(() => {
    app.dataset.engine = 'warm';
  }, () => {});
}, (error) => {
  byId('engine-status').textContent = `The engine could not start: ${error.message}`;
  byId('engine-status').classList.add('error');
});

// ---------- progress ----------

const progressBox = byId('progress');
const progressBar = byId('progress-bar');
const progressText = byId('progress-text');

function progress(text, percent) {
  progressBox.hidden = !text;
  progressText.textContent = text;
  if (percent === null || percent === undefined) progressBar.removeAttribute('value');
  else progressBar.value = percent;
}

const PHASE_TEXT = {
  loading: 'Loading the engine',
  reading: 'Reading the exports',
  planning: 'Validating and planning',
  rendering: 'Preparing the steps',
};

let lastPhase = '';

function onEngineProgress(event) {
  // Phase marks for benchmarks (tests/site/bench-load.mjs reads them).
  if (event.phase !== lastPhase) {
    lastPhase = event.phase;
    performance.mark(`flagplan:phase-${event.phase}`);
  }
  let text = PHASE_TEXT[event.phase] || event.phase;
  if (event.phase === 'reading' && event.total) text += `: ${bytesText(event.loaded)} of ${bytesText(event.total)}`;
  progress(`${text}… ${event.percent}%`, event.percent);
}

// ---------- inputs ----------

const cards = {};
for (const side of ['source', 'target']) {
  cards[side] = new ExportCard(side, {
    loaded: (which, value) => {
      state.inputs[which] = value;
      state.choice.allowMassDelete = false;  // a confirmation is for the exports it was given on
      byId('swap-sides').disabled = false;
      if (state.inputs.source && state.inputs.target) analyze('both exports loaded');
      else prepareAhead(which, value);
    },
    progress,
    droppedMany: (files) => assignDropped(files),
  });
}

// Three or more exports at once: the pipeline (pipeline.js); a hop opens here.
const pipelineView = new PipelineView(engine, {
  openHop: (source, target) => {
    state.inputs.source = null;  // analyze once, after both are set
    cards.target.set(target);
    cards.source.set(source);
  },
  progress,
  error: (text) => showAnalyzeError(text),
});

// Dropping a file outside the two cards must not navigate away from the
// page; two files dropped anywhere are the two exports, more a pipeline (assignDropped()).
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => {
  event.preventDefault();
  const files = event.dataTransfer ? [...event.dataTransfer.files] : [];
  if (files.length > 1) assignDropped(files);
  else if (files.length === 1) showAnalyzeError(`Drop ${files[0].name} on the Source or the Target card (or drop both exports at once anywhere).`);
});

/**
 * Several files dropped at once: two are the source and the target; three
 * or more are a pipeline (pipeline.js, which says why it refuses over 8).
 * The page asks which is which, showing both file names and environments,
 * pre-filled in the engine's promotion order (dev → staging → production)
 * when the environment names say so. Nothing is loaded until the user says.
 */
async function assignDropped(files) {
  const box = byId('assign');
  if (files.length !== 2) {
    box.hidden = true;
    pipelineView.show(files.map((file) => ({ label: file.name, blob: file, how: 'dropped' })));
    return;
  }
  showAnalyzeError('');
  const [a, b] = files.map((file) => ({ label: file.name, blob: file, how: 'dropped' }));
  let info;
  try {
    progress(`Reading ${a.label} and ${b.label}…`, null);
    info = await engine.environments(a, b);
  } catch (error) {
    info = { a: { label: a.label, environment: '' }, b: { label: b.label, environment: '' }, order: 0 };
  } finally {
    progress('', null);
  }
  const pair = info.order === -1 ? [b, a] : [a, b];
  const envOf = (x) => (x === a ? info.a : info.b).environment;
  const describe = (x) => `${x.label} (environment: ${envOf(x) || 'none named'})`;
  byId('assign-note').textContent = info.order !== 0
    ? `Pre-filled from the environment names: ${envOf(pair[0])} is promoted to ${envOf(pair[1])}. Check before you go on.`
    : 'The environment names do not say which comes first: choose the source (the export to apply).';
  let source = pair[0];
  setChildren(byId('assign-choices'), [a, b].map((x, i) => h('label', {},
    h('input', {
      type: 'radio', name: 'assign-source', value: String(i), checked: x === source,
      on: { change: () => { source = x; } },
    }),
    ' Source: ', h('span', { class: 'file-name', text: describe(x) }),
    h('span', { class: 'muted' }, ' → target: ', h('span', { class: 'file-name', text: describe(x === a ? b : a) })))));
  box.hidden = false;
  byId('assign-use').onclick = () => {
    box.hidden = true;
    const target = source === a ? b : a;
    state.inputs.source = null;  // analyze once, after both are set
    cards.target.set(target);
    cards.source.set(source);
  };
  byId('assign-cancel').onclick = () => {
    box.hidden = true;
  };
  byId('assign-use').focus();
}

/** The bundled examples: files next to the page, or inlined in the single-file build. */
async function exampleBlob(name) {
  const inline = document.getElementById(`example-${name}`);
  if (inline) {
    const binary = atob(inline.textContent.trim());
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Blob([bytes], { type: 'application/json' });
  }
  const response = await fetch(`examples/${name}.json`, { credentials: 'omit' });
  if (!response.ok) throw new PageError(`examples/${name}.json: HTTP ${response.status}`);
  return response.blob();
}

byId('try-examples').addEventListener('click', async () => {
  try {
    progress('Loading the bundled examples…', null);
    const [staging, production] = await Promise.all([exampleBlob('staging'), exampleBlob('production')]);
    state.inputs.source = null;  // analyze once, after both are set
    cards.target.set({ label: 'production.json', blob: production, how: 'bundled example' });
    cards.source.set({ label: 'staging.json', blob: staging, how: 'bundled example' });
  } catch (error) {
    progress('', null);
    showAnalyzeError(`Could not load the examples: ${error.message}`);
  }
});

// ---------- a saved plan.json, reopened read-only ----------

/**
 * Opens a plan.json the page (or the CLI) wrote: the engine checks it (the
 * checks of `flagplan render`); a plan that passes is shown read-only: its
 * steps with their selection, its findings and its comment, as written.
 */
let reopenedPlan = null;
wireDrift(engine, () => reopenedPlan);

async function openPlan(file) {
  const box = byId('reopened');
  reopenedPlan = null;
  resetDrift();
  showAnalyzeError('');
  let diagnostics;
  try {
    diagnostics = await engine.checkPlanFile(file, file.name);
  } catch (error) {
    showAnalyzeError(`The plan could not be checked: ${error.message}`);
    return;
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    box.hidden = true;
    byId('problem-heading').textContent = `The saved plan could not be opened: ${file.name}`;
    setChildren(byId('problem-files'), h('ul', {}, errors.map((d) => h('li', {},
      d.line ? h('span', { class: 'where', text: `line ${d.line}, column ${d.column ?? 1}: ` }) : null,
      h('span', { class: 'message', text: d.message }), ' ', h('code', { text: d.code })))));
    byId('problem-help').textContent = 'A saved plan is the plan.json this page (or `flagplan plan --format plan`) wrote; open that file unchanged, or plan the exports again.';
    byId('problem').hidden = false;
    return;
  }
  const plan = JSON.parse(await file.text());
  byId('problem').hidden = true;
  byId('situation').hidden = true;
  byId('review').hidden = true;
  byId('reopened-heading').textContent = `Saved plan (read-only): ${file.name}`;
  const fact = (term, value) => [h('dt', { text: term }), h('dd', { text: value })];
  setChildren(byId('reopened-facts'),
    fact('from', `${plan.source.environment || '(no environment)'} (${plan.source.label})`),
    fact('to', `${plan.target.environment || '(no environment)'} (${plan.target.label})`),
    fact('mode', plan.mode), fact('made', `${plan.generatedAt || '?'} by ${plan.generator || '?'}`));
  const comment = byId('reopened-comment');
  comment.hidden = !plan.comment;
  comment.textContent = plan.comment ? `Comment: ${plan.comment}` : '';
  const selected = new Set(plan.steps.map((s) => s.id));
  const steps = [...plan.steps, ...(plan.unselectedSteps || [])].sort((a, b) => a.id - b.id);
  byId('reopened-summary').textContent = plan.summary && plan.summary.planLine
    ? plan.summary.planLine : `${plural(selected.size, 'step')} selected of ${plural(steps.length, 'step')}.`;
  setChildren(byId('reopened-steps'), steps.map((s) => {
    const info = modeInfo(s.mode);
    return h('div', { class: `row step-row reopened-row${selected.has(s.id) ? ' is-selected' : ''}`, attrs: { role: 'listitem' }, dataset: { id: s.id, mode: s.mode, key: s.flagKey } },
      h('input', { type: 'checkbox', checked: selected.has(s.id), disabled: true, attrs: { 'aria-label': `Step #${s.id} ${info.label} ${s.flagKey}${selected.has(s.id) ? ', selected' : ', not selected'}` } }),
      h('span', { class: 'step-id', text: ` #${s.id} ` }),
      h('span', { class: `mode mode-${info.css}`, text: `${info.marker} ${info.label}` }), ' ',
      h('span', { class: 'key', text: s.flagKey }));
  }));
  setChildren(byId('reopened-findings'), (plan.diagnostics || []).map((d) => h('li', { class: `finding-${d.severity}` },
    h('span', { class: `sev sev-${d.severity}`, text: d.severity }), ' ', h('code', { text: d.code }), ' ',
    h('span', { text: d.message }))));
  box.hidden = false;
  reopenedPlan = file;
  app.dataset.state = 'plan';
}

byId('plan-file').addEventListener('change', (event) => {
  const file = event.target.files && event.target.files[0];
  if (file) openPlan(file);
});

/** "Swap source and target": each export moves to the other card, then one analysis. */
byId('swap-sides').addEventListener('click', () => {
  const { source, target } = { source: cards.source.value, target: cards.target.value };
  state.inputs.source = null;
  state.inputs.target = null;
  cards.source.clear();
  cards.target.clear();
  if (source) cards.target.set(source);
  if (target) cards.source.set(target);
});

function showAnalyzeError(text) {
  const el = byId('analyze-error');
  el.textContent = text;
  el.hidden = !text;
}

// ---------- analysis ----------

/**
 * While an analysis runs (`reason` set), the results on screen are from
 * before: dimmed, labelled out of date, and every download is disabled.
 */
function markStale(reason) {
  state.analyzing = Boolean(reason);
  const shown = !byId('review').hidden;
  const note = byId('stale-note');
  note.hidden = !(state.analyzing && shown);
  note.textContent = state.analyzing
    ? `Out of date: analyzing again (${reason}). The steps, findings and downloads below are from before and cannot be downloaded.` : '';
  byId('review').classList.toggle('stale', state.analyzing);
  byId('situation').classList.toggle('stale', state.analyzing);
  byId('review').setAttribute('aria-busy', state.analyzing ? 'true' : 'false');
  if (state.overview) renderDownloads();
}

/** How to get a real export, under an export that could not be read. */
const EXPORT_HELP = byId('problem-help').textContent;

/** The sides (source, target) whose file the engine could not read as an export (ExportInfo.readable). */
function unreadable(overview) {
  return ['source', 'target'].filter((side) => overview[side] && overview[side].readable === false);
}

/**
 * An export the engine could not read: the top of the page names the file,
 * where and what is wrong (its error diagnostics), and how to get a real
 * export; no step list, no download. `null` hides it.
 */
function showProblem(overview) {
  const box = byId('problem');
  if (!overview) {
    box.hidden = true;
    return;
  }
  state.overview = null;
  state.steps = [];
  state.selected = new Set();
  byId('situation').hidden = true;
  byId('review').hidden = true;
  byId('guard').hidden = true;
  byId('problem-help').textContent = EXPORT_HELP;
  const sides = unreadable(overview);
  byId('problem-heading').textContent = sides.length === 2
    ? 'Neither export could be read' : `The ${sides[0]} export could not be read`;
  setChildren(byId('problem-files'), sides.map((side) => {
    const label = overview[side].label;
    // Its own errors, and those that name no file (the module ran out of memory).
    const errors = overview.diagnostics.filter((d) => (d.file === label || !d.file) && d.severity === 'error');
    return h('div', { class: 'problem-file', dataset: { side } },
      h('p', {}, h('strong', { text: side === 'source' ? 'Source: ' : 'Target: ' }), h('span', { class: 'file-name', text: label })),
      h('ul', {}, errors.map((d) => h('li', {},
        d.line ? h('span', { class: 'where', text: `line ${d.line}, column ${d.column ?? 1}: ` }) : null,
        h('span', { class: 'message', text: d.message }), ' ', h('code', { text: d.code })))));
  }));
  box.hidden = false;
  box.scrollIntoView({ block: 'start' });
}

/** While the other side is empty, the worker reads and checks this export, so the analysis reads only the other one. */
function prepareAhead(side, loaded) {
  const other = side === 'source' ? 'target' : 'source';
  for (const key of [side, other]) {
    const held = state.prepared[key];
    // Another export of this side, or one no longer loaded on the other.
    if (held && (key === side || held.loaded !== state.inputs[key])) {
      held.prepared.then((p) => p?.delete());
      state.prepared[key] = null;
    }
  }
  state.prepared[side] = { loaded, prepared: engine.prepare(loaded, side) };
}

/** `side`'s export `loaded` for an analysis: what prepareAhead() made of it when it is still unused, else the export itself. */
async function exportFor(side, loaded) {
  const held = state.prepared[side];
  if (!held || held.loaded !== loaded) return loaded;
  state.prepared[side] = null;  // given to this analysis, once
  const prepared = await held.prepared;
  return prepared && !prepared.used ? prepared : loaded;
}

/** A Prepared an overtaken analysis did not use: back to its side while that export is still loaded there, else freed. */
function giveBack(side, value) {
  if (!(value instanceof Prepared)) return;
  if (state.prepared[side] === null && state.inputs[side] === value.loaded) {
    state.prepared[side] = { loaded: value.loaded, prepared: Promise.resolve(value) };
  } else {
    value.delete();
  }
}

async function analyze(reason) {
  const { source, target } = state.inputs;
  if (!source || !target) return;
  const generation = ++state.generation;
  app.dataset.state = 'analyzing';
  markStale(reason);
  showAnalyzeError('');
  byId('options-error').hidden = true;
  performance.mark('flagplan:analyze-start');
  progress('Starting…', 0);
  const keyPromise = selectionKey(source, target, state.choice);
  // The same two exports: the session plans them again in place, nothing is parsed again.
  const reuse = state.session && !state.session.deleted && state.analyzedInputs &&
    state.analyzedInputs.source === source && state.analyzedInputs.target === target ? state.session : null;
  // A re-plan changes the session's step ids from the moment it is sent.
  const previousPlan = state.sessionPlan;
  const replanToken = reuse ? ++state.plans : null;
  if (reuse) state.sessionPlan = replanToken;
  /** The session's plan is as it was after all (a refused option, an overtaken re-plan never sent). */
  const planUnchanged = () => {
    if (reuse && state.sessionPlan === replanToken) state.sessionPlan = previousPlan;
  };
  let result;
  let keepWanted = false;
  const choice = { mode: state.choice.mode, walkStages: state.choice.walkStages, renameKeys: [...state.choice.renameKeys] };
  try {
    if (reuse) {
      // A selection change already on its way reaches the worker first and counts as hand-made.
      await selectionQueue;
      if (generation !== state.generation) {
        planUnchanged();
        return;
      }
      // The same exports with a hand-made selection: the engine keeps it where
      // its steps still exist, in the same request (keep_selection()).
      keepWanted = state.handMade && !linkApplies();
      try {
        result = await engine.replan(reuse, choice, keepWanted);
      } catch (error) {
        if (error instanceof PageError) planUnchanged();  // the engine refused the option before planning
        throw error;
      }
    }
    if (!result) {
      const sourceExport = await exportFor('source', source);
      const targetExport = await exportFor('target', target);
      if (generation !== state.generation) {
        // Overtaken while waiting for the worker: the newer analysis may use what was prepared.
        giveBack('source', sourceExport);
        giveBack('target', targetExport);
        return;
      }
      result = await engine.analyze(sourceExport, targetExport, choice, (event) => {
        if (generation === state.generation) onEngineProgress(event);
      });
    }
  } catch (error) {
    if (reuse && !(error instanceof PageError)) state.analyzedInputs = null;  // the session may hold nothing now: read the exports again next time
    if (generation !== state.generation) return;
    progress('', null);
    markStale(null);
    app.dataset.state = state.overview ? 'ready' : 'error';
    if (error instanceof PageError && state.overview) {
      // An option the library refuses: undo it and say so next to the options.
      state.choice.walkStages = state.steps.some((s) => s.stage);
      byId('walk-stages').checked = state.choice.walkStages;
      state.choice.renameKeys = new Set((state.overview.renames || []).filter((r) => r.accepted).map((r) => r.newKey));
      renderRenames();
      const el = byId('options-error');
      el.textContent = error.message;
      el.hidden = false;
      return;
    }
    showAnalyzeError(error instanceof PageError ? error.message : `The analysis failed: ${error.message}`);
    return;
  }
  const refusals = generation === state.generation ? await result.session.refusals().catch(() => ({})) : null;
  // An older analysis still between the tasks that show it finishes first.
  if (generation === state.generation) await showing;
  if (generation !== state.generation) {
    if (result.session !== state.session) result.session.delete();
    return;
  }
  // From here on the page shows this analysis to the end of showSteps(),
  // without giving way to a newer one (`showing`), so the list's step ids and
  // the session's never disagree for longer than that.
  let shown;
  showing = new Promise((resolve) => { shown = resolve; });
  await showAnalysis({ ...result, refusals, source, target, keyPromise }, { generation, reason, keepWanted, shown });
}

/** Resolves when no analysis is between the tasks that show it (analyze()). */
let showing = Promise.resolve();

/**
 * Shows `result` (engine.analyze() or engine.replan(), with its refusals,
 * inputs and selection key) as the page's analysis: takes its session,
 * shows the overview and the steps (then calls `shown`), then the selection
 * (kept, linked or saved) and the findings.
 */
async function showAnalysis(result, { generation, reason, keepWanted, shown }) {
  try {
    if (!await showPlan(result)) return;
  } finally {
    shown();
  }
  const app = byId('app');
  if (generation !== state.generation) return;
  state.selectionKey = await result.keyPromise;
  if (generation !== state.generation) return;
  await restoreSelection(result.mode, reason, result.kept, keepWanted);
  if (generation !== state.generation) return;
  loadComparison();
  performance.mark('flagplan:steps-rendered');
  performance.measure('flagplan:load-to-steps', 'flagplan:analyze-start', 'flagplan:steps-rendered');
  // The findings panel (hundreds of groups) after the steps are on screen.
  await afterPaint();
  performance.mark('flagplan:steps-painted');
  if (generation !== state.generation) return;
  findings.set(state.overview.diagnostics, state.overview.summary);
  app.dataset.state = 'ready';
}

/** showAnalysis()'s first part: the session taken, the overview and the list shown; false when the exports are unreadable. */
async function showPlan(result) {
  const app = byId('app');
  performance.mark('flagplan:analysis-parsed');
  lastPhase = '';
  progress('', null);
  const old = state.session;
  const plan = ++state.plans;
  state.sessionPlan = plan;  // the list still shows the old plan's step ids
  state.session = result.session;
  if (old && old !== result.session) old.delete();
  state.refusals = result.refusals;
  markStale(null);
  if (unreadable(result.overview).length > 0) {
    showProblem(result.overview);
    app.dataset.state = 'error';
    return false;
  }
  showProblem(null);
  byId('reopened').hidden = true;
  state.analyzedInputs = { source: result.source, target: result.target };
  // A large plan is shown in tasks of its own (none over 50 ms, issue 19):
  // the step objects, the overview's parts of the page, after a frame the
  // list, then the selection. A small one in one task: a yield can cost it a
  // frame. Nothing newer is shown in between (`showing`).
  const steps = stepsOf(result.table);
  const byStep = findingsByStep(result.overview);
  const large = steps.length > LARGE_PLAN;
  if (large) await nextTask();
  showOverview(result.overview, steps, result.mode);
  // After a frame: the overview's part of the page is laid out in the frame's task, not in the list's.
  if (large) await afterPaint();
  state.listPlan = plan;
  showSteps(steps, byStep);
  if (large) await nextTask();  // the selection and the findings after the list, in tasks of their own
  return true;
}

/**
 * Steps above which a new analysis is shown in several tasks: at 10,000
 * flags per side (about 4,300 steps) the whole of it is a task of 10-15 ms,
 * at 43,000 steps each part is 25-40 ms.
 */
const LARGE_PLAN = 20000;

/** Resolves after the browser has painted what is in the DOM now (or after 100 ms in a hidden tab). */
function afterPaint() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => setTimeout(() => {
      clearTimeout(timer);
      resolve();
    }, 0));
  });
}

/**
 * The page's step objects from the engine's step table: everything the list
 * shows in a row; `changes` (the detail) is read later, page by page.
 * @param {import('../web/index.js').StepTable} table
 */
function stepsOf(table) {
  const steps = new Array(table.length);
  for (let i = 0; i < table.length; i++) {
    const id = i + 1;
    steps[i] = {
      id,
      mode: table.modes[table.mode[i]],
      flagKey: table.flagKey[i],
      dependentId: table.dependentId[i],
      indent: table.indent[i],
      oldKey: table.oldKeys.get(id),
      stage: table.stages.get(id),
      selected: table.selected[i] === 1,
      changeCount: table.changeCount[i],
      changes: null,
    };
  }
  return steps;
}

/**
 * The first step of each flag that a finding without a step id names (a
 * click on the finding scrolls there): flagKey or, for a RENAME, oldKey.
 * Only those keys are indexed: a map of every key costs 50 ms at 100,000 steps.
 * @returns {Map<string, object>}
 */
function firstSteps(diagnostics, steps) {
  const wanted = new Set();
  for (const d of diagnostics) if (d.stepId === undefined && d.flagKey) wanted.add(d.flagKey);
  const first = new Map();
  if (wanted.size === 0) return first;
  for (const s of steps) {
    if (wanted.has(s.flagKey) && !first.has(s.flagKey)) first.set(s.flagKey, s);
    if (s.oldKey && wanted.has(s.oldKey) && !first.has(s.oldKey)) first.set(s.oldKey, s);
  }
  return first;
}

/** The first step of flag `key` (firstSteps(); keys it did not index are looked up once). */
function firstStepOf(key) {
  if (state.firstStepFor === null) state.firstStepFor = firstSteps(state.overview.diagnostics, state.steps);
  if (!state.firstStepFor.has(key)) {
    state.firstStepFor.set(key, state.steps.find((s) => s.flagKey === key || s.oldKey === key) || null);
  }
  return state.firstStepFor.get(key);
}

/** Step `id` of the current analysis, or undefined. */
function stepById(id) {
  return Number.isInteger(id) && id >= 1 ? state.steps[id - 1] : undefined;
}

/**
 * Reads the changes of the steps on the same page as step `id` (pages of
 * CHANGE_PAGE steps, each read once per analysis) into the step objects.
 * @returns {Promise<number[]>} the ids that got their changes
 */
function loadChanges(id) {
  const session = state.session;
  const steps = state.steps;
  const page = Math.floor((id - 1) / CHANGE_PAGE);
  let loading = state.changePages.get(page);
  if (!loading) {
    loading = session.steps(page * CHANGE_PAGE, CHANGE_PAGE).then((full) => {
      if (session !== state.session) return [];
      for (const s of full) steps[s.id - 1].changes = s.changes;
      return full.map((s) => s.id);
    });
    loading.catch(() => state.changePages.delete(page));
    state.changePages.set(page, loading);
  }
  return loading;
}

/**
 * Shows a new analysis's overview (flow, renames, summary, guard, notes) and
 * takes its steps (without their changes) as the page's; showSteps() then
 * fills the list.
 */
function showOverview(overview, steps, mode) {
  state.reviewTime = new Date();
  state.overview = overview;
  state.steps = steps;
  state.changePages = new Map();
  state.selected = new Set();
  for (const s of steps) if (s.selected) state.selected.add(s.id);
  state.blocked = overview.blocked;
  state.firstStepFor = null;  // firstStepOf() indexes it when the findings first need it
  state.choice.renameKeys = new Set((overview.renames || []).filter((r) => r.accepted).map((r) => r.newKey));
  state.choice.walkStages = steps.some((s) => s.stage) || state.choice.walkStages;

  byId('situation').hidden = false;
  byId('review').hidden = false;
  renderFlow(overview);
  byId('mode-auto-note').textContent = overview.modeChoice ? `(${mode}: ${overview.modeChoice})` : '';
  renderRenames();
  renderSummary();
  renderGuard();
  renderValuesNote(mode);
  const nothing = byId('nothing');
  nothing.hidden = steps.length > 0;
  byId('steps').hidden = steps.length === 0;
  if (steps.length === 0) {
    setChildren(nothing, h('strong', { text: 'Nothing to migrate.' }),
      ` The target already matches the source: ${plural(overview.source.flagCount, 'flag')} compared${
        overview.blocked ? ', but the exports have errors (see Findings)' : ''}.`);
  }
}

/** Fills the step list with the steps showOverview() took, `byStep` their findings (findingsByStep()). */
function showSteps(steps, byStep) {
  stepList.setData(steps, byStep, state.selected);
  // The first rows' changes, so expanding one of them shows them at once.
  if (steps.length > 0) loadChanges(1).catch(() => {});
  updateFilterCount();
  renderDownloads();
}

/**
 * Each step's findings, in the engine's order (summary.groups: errors, then
 * warnings, then notes; then the findings of unselected steps).
 */
function findingsByStep(overview) {
  const map = new Map();
  const { groups = [], unselectedFindingIndices = [] } = overview.summary || {};
  for (const i of [...groups.flat(), ...unselectedFindingIndices]) {
    const d = overview.diagnostics[i];
    if (d.stepId === undefined) continue;
    if (!map.has(d.stepId)) map.set(d.stepId, []);
    map.get(d.stepId).push(d);
  }
  return map;
}

function renderFlow(a) {
  const env = (info, role) => h('div', { class: `env env-${role}` },
    h('div', { class: 'env-role', text: role === 'source' ? 'source' : 'target' }),
    h('div', { class: 'env-name', text: info.environment || '(no environment)' }),
    h('dl', { class: 'env-facts' },
      h('dt', { text: 'file' }), h('dd', { text: info.label }),
      h('dt', { text: 'version' }), h('dd', { text: info.version || '?' }),
      h('dt', { text: 'created' }), h('dd', { text: info.createdAt || '?' }),
      h('dt', { text: 'flags' }), h('dd', { text: count(info.flagCount ?? 0) })));
  setChildren(byId('flow'),
    env(a.source, 'source'),
    h('div', { class: 'flow-arrow', attrs: { 'aria-label': 'migrates to' } },
      h('span', { attrs: { 'aria-hidden': 'true' }, text: '→' }),
      h('span', { class: `mode-pill mode-pill-${a.mode}`, text: a.mode })),
    env(a.target, 'target'));
}

/** The suggestions (old → new keys) the rename list shows now: a re-plan that keeps them only updates the checkboxes. */
let shownRenames = null;

function renderRenames() {
  const box = byId('renames');
  const renames = (state.overview && state.overview.renames) || [];
  const pairs = renames.map((r) => `${r.oldKey}\n${r.newKey}`).join('\n');
  if (pairs === shownRenames && renames.length > 0) {
    // Same suggestions (a re-plan): 350 rows at 100,000 flags are not rebuilt on every click.
    renames.forEach((r, i) => {
      byId(`rename-${i}`).checked = state.choice.renameKeys.has(r.newKey);
    });
    return;
  }
  shownRenames = pairs;
  if (renames.length === 0) {
    setChildren(box, h('p', { class: 'muted', text: 'No rename suggestions.' }));
    return;
  }
  const setAll = (accept) => {
    const keys = new Set(accept ? renames.map((r) => r.newKey) : []);
    if (keys.size === state.choice.renameKeys.size && [...keys].every((k) => state.choice.renameKeys.has(k))) return;
    state.choice.renameKeys = keys;
    analyze(accept ? `accepted all ${plural(renames.length, 'rename')}` : 'declined every rename');
  };
  setChildren(box, h('p', { class: 'renames-title', text: `Rename suggestions (${renames.length}): accept one to keep the target's value under the new key` }),
    h('div', { class: 'rename-all', attrs: { role: 'group', 'aria-label': 'All rename suggestions' } },
      h('button', { type: 'button', id: 'renames-accept-all', text: 'Accept all', on: { click: () => setAll(true) } }), ' ',
      h('button', { type: 'button', id: 'renames-decline-all', text: 'Accept none', on: { click: () => setAll(false) } })),
    h('div', { class: 'rename-list' }, renames.map((r, i) => {
      const id = `rename-${i}`;
      return h('div', { class: 'rename' },
        h('input', {
          type: 'checkbox', id, checked: state.choice.renameKeys.has(r.newKey),
          dataset: { oldKey: r.oldKey, newKey: r.newKey },
          on: {
            change: (event) => {
              if (event.target.checked) state.choice.renameKeys.add(r.newKey);
              else state.choice.renameKeys.delete(r.newKey);
              analyze(`${event.target.checked ? 'accepted' : 'declined'} the rename ${r.oldKey} → ${r.newKey}`);
            },
          },
        }),
        h('label', { htmlFor: id },
          h('span', { class: 'key', text: r.oldKey }), ' → ', h('span', { class: 'key', text: r.newKey })));
    })));
}

function renderSummary() {
  const a = state.overview;
  const s = a.summary || {};
  const parts = modeOrder().filter((m) => m in s && (m !== 'RENAME' || s[m] > 0)).map((m) => {
    const info = modeInfo(m);
    return h('span', { class: `count mode-${info.css}` },
      h('span', { class: 'marker', attrs: { 'aria-hidden': 'true' }, text: info.marker }), ` ${count(s[m])} ${info.label.toLowerCase()}`);
  });
  // The engine's selection summary: its Plan: line and the findings of the selected steps.
  byId('plan-line').textContent = s.planLine || '';
  const unselected = s.unselectedFindings ? Object.entries(s.unselectedFindings) : [];
  byId('unselected-line').textContent = unselected.length
    ? `Not counted (unselected steps): ${unselected.map(([code, n]) => `${code} ${n}`).join(', ')}.` : '';
  const findingsCount = s.findings ? Object.entries(s.findings) : [];
  setChildren(byId('summary'),
    h('strong', { text: plural(a.stepCount, 'step') }), ': ', parts.flatMap((p, i) => (i ? [' · ', p] : [p])),
    ' — ', h('strong', { id: 'selected-count', text: `${count(state.selected.size)} selected` }),
    state.blocked ? h('span', { class: 'blocked-pill', text: 'blocked' }) : null,
    findingsCount.length ? h('span', { class: 'summary-findings' }, ' · findings: ',
      findingsCount.map(([code, n], i) => [i ? ', ' : '', h('code', { text: code }), ` ${n}`])) : null);
}

function renderValuesNote(mode) {
  byId('values-note').textContent = mode === 'migration'
    ? 'Value steps (SET_VALUE) start unselected: a migration moves flag schemas while each environment keeps its own values; tick them, or press "Add value steps", to copy the source\'s values too.'
    : 'Restore mode: every step starts selected, values included, to bring the environment back to this backup.';
}

// ---------- step list and selection ----------

const stepList = new StepList(byId('steps'), {
  onToggle: (step, checked) => changeSelection(checked ? 'select' : 'unselect', step),
  loadChanges: (step) => loadChanges(step.id),
});

const findings = new FindingsPanel(byId('findings-list'), {
  stepFor: (d) => (d.stepId !== undefined && stepById(d.stepId)) || (d.flagKey && firstStepOf(d.flagKey)) || null,
  reveal: (id) => stepList.reveal(id),
});

const compareView = new CompareView(byId('compare'), {
  onToggle: (step, checked) => changeSelection(checked ? 'select' : 'unselect', step),
  onSetMany: (ids, select, label) => {
    const previous = [...state.selected].sort((a, b) => a - b);
    const next = new Set(state.selected);
    for (const id of ids) {
      if (select) next.add(id);
      else next.delete(id);
    }
    state.handMade = true;
    changeSelection('set', {
      ids: [...next].sort((a, b) => a - b),
      undoTo: { ids: previous, label },
      say: (change) => `Done: ${label} (${plural(change.selected.length, 'step')} selected).`,
    });
  },
  stepById: (id) => stepById(id),
  reload: () => loadComparison(),
});

/**
 * The side by side of the shown analysis's exports (the engine's
 * comparison), below the steps: read when the user asks for it, then again
 * after every new analysis.
 */
function loadComparison() {
  const session = state.session;
  byId('compare').hidden = false;
  if (byId('compare-body').hidden) return;
  const unchanged = byId('cmp-unchanged').checked;
  session.comparison({ unchanged }).then((comparison) => {
    if (session !== state.session) return;
    compareView.setData(comparison, state.selected, unchanged);
  }, (error) => {
    byId('compare-summary').textContent = `The side by side could not be made: ${error.message}`;
  });
}

byId('compare-show').addEventListener('click', () => {
  byId('compare-show').hidden = true;
  byId('compare-body').hidden = false;
  loadComparison();
});

function say(text) {
  byId('selection-status').textContent = text;
}

function list(ids, max = 6) {
  const named = ids.slice(0, max).map((id) => stepName(stepById(id) || { id, mode: '?', flagKey: '?' }));
  return ids.length > max ? `${named.join(', ')} and ${count(ids.length - max)} more` : named.join(', ');
}

let selectionQueue = Promise.resolve();

const UNDO_LABEL = {
  select: (step) => `select ${stepName(step)}`,
  unselect: (step) => `unselect ${stepName(step)}`,
  values: () => 'add value steps',
  all: () => 'select all',
  none: () => 'select none',
};

/** Whether the list's step ids are those of the session's plan (state.sessionPlan). */
function listShowsSession() {
  return state.listPlan === state.sessionPlan;
}

/**
 * Runs one selection operation in the worker and shows what it did.
 * `op` 'set' (with `step` = {ids, label, say}) sets `ids` and whatever
 * prerequisite they miss (the engine's select_with_prerequisites()). 'undo'
 * goes back one change.
 */
function changeSelection(op, step) {
  const session = state.session;
  selectionQueue = selectionQueue.then(async () => {
    if (!session || session !== state.session) return;
    if (!listShowsSession()) {
      // The session is being planned again: its step ids are not the list's any more.
      stepList.refreshSelection(state.selected);
      say('The selection cannot change while the plan is made again; try once it is shown.');
      return;
    }
    const previous = [...state.selected].sort((a, b) => a - b);
    let undone = null;
    let change;
    if (op === 'select') change = await session.select(step.id);
    else if (op === 'unselect') change = await session.unselect(step.id);
    else if (op === 'values') change = await session.addValueSteps();
    else if (op === 'all') change = await session.setSelection(state.steps.map((s) => s.id));
    else if (op === 'none') change = await session.setSelection([]);
    else if (op === 'undo') {
      undone = state.undo.pop();
      if (!undone) return;
      change = await session.setSelection(undone.ids);
    } else {
      // A kept selection (a link's, a saved one): the engine adds any prerequisite it misses.
      change = await session.setSelection(step.ids, { withPrerequisites: true });
    }
    if (session !== state.session) return;
    if (op === 'set') {
      if (step.undoTo) state.undo.push({ ids: step.undoTo.ids, label: step.undoTo.label });
    } else if (op !== 'undo') {
      state.undo.push({ ids: previous, label: UNDO_LABEL[op](step) });
      state.handMade = true;
    }
    if (state.undo.length > 100) state.undo.shift();
    const before = state.selected;
    state.selected = new Set(change.selected);
    state.blocked = change.blocked;
    state.refusals = await session.refusals();
    if (session !== state.session) return;
    stepList.refreshSelection(state.selected);
    compareView.refreshSelection(state.selected);
    updateFilterCount();
    renderSummary();
    renderDownloads();
    if (op === 'select') {
      say(`Selected ${stepName(step)}${change.also.length ? `; also selected ${list(change.also)} (${change.also.length === 1 ? 'its prerequisite' : 'its prerequisites'})` : ''}.`);
    } else if (op === 'unselect') {
      say(`Unselected ${stepName(step)}${change.also.length ? `; also unselected ${list(change.also)} (${change.also.length === 1 ? 'it depends' : 'they depend'} on it)` : ''}.`);
    } else if (op === 'values') {
      const added = change.selected.filter((id) => !before.has(id));
      say(added.length ? `Added value steps: selected ${list(added)}.` : 'Every value step was already selected.');
    } else if (op === 'all') {
      say(`Selected all ${plural(change.selected.length, 'step')}.`);
    } else if (op === 'none') {
      say('Selected no step.');
    } else if (op === 'undo') {
      say(`Undid "${undone.label}": ${plural(change.selected.length, 'step')} selected again.`);
    } else {
      say(step.say(change));
    }
    // After the answer is painted: history.replaceState() alone takes about 10 ms with a long #select= link.
    setTimeout(saveSelection, 0);
    renderUndo();
    scheduleRefresh();
  }).catch((error) => {
    say(`The selection could not be changed: ${error.message}`);
    stepList.refreshSelection(state.selected);
  });
  return selectionQueue;
}

/** The selection summary and the findings that follow the selection are re-read from the engine after each change. */
function scheduleRefresh() {
  clearTimeout(state.refreshTimer);
  const session = state.session;
  state.refreshTimer = setTimeout(async () => {
    if (!session || session !== state.session || !listShowsSession()) return;
    try {
      const overview = await session.overview();
      const refusals = await session.refusals();
      if (session !== state.session || !listShowsSession()) return;
      state.overview = overview;
      state.refusals = refusals;
      state.blocked = overview.blocked;
      state.firstStepFor = null;
      stepList.findings = findingsByStep(overview);
      findings.set(overview.diagnostics, overview.summary);
      renderSummary();
      renderGuard();
      renderDownloads();
    } catch {
      // A deleted session (a newer analysis replaced it): nothing to refresh.
    }
  }, 250);
}

// ---------- guards: errors that a confirmation acknowledges ----------

/**
 * guard.mass_delete (docs/change-rules.md): while the engine reports it as an
 * error, the top of the page asks for a confirmation, in the engine's words
 * (they name the count); confirming tells the session (allowMassDelete), and
 * the engine then reports it as an acknowledged warning.
 */
function renderGuard() {
  const box = byId('guard');
  const guard = state.overview && state.overview.diagnostics.find((d) => d.code === 'guard.mass_delete' && d.severity === 'error');
  box.hidden = !guard;
  if (guard) byId('guard-message').textContent = guard.message;
}

byId('guard-confirm').addEventListener('click', async () => {
  const session = state.session;
  if (!session) return;
  state.choice.allowMassDelete = true;
  try {
    const change = await session.allowMassDelete(true);
    if (session !== state.session) return;
    state.blocked = change.blocked;
    say('Confirmed: the deletions are intended. The findings list them as an acknowledged warning.');
    scheduleRefresh();
  } catch (error) {
    say(`The confirmation failed: ${error.message}`);
  }
});

// ---------- undo; the selection kept across analyses, reloads and links ----------

/** The selection in the link (`#select=1,2,5&pair=HASH`), read once at start; used for the first analysis of that pair. */
const linked = (() => {
  const match = /^#select=([0-9,]*)(?:&pair=([0-9a-f]+))?$/.exec(location.hash);
  return match ? { ids: match[1].split(',').filter(Boolean).map(Number), pair: match[2] || '' } : null;
})();

/** Whether the link's selection (#select=) is still to be applied, to these exports (state.selectionKey). */
function linkApplies() {
  return Boolean(linked && !linked.used && (!linked.pair || linked.pair === pairOf(state.selectionKey)));
}

/** Each export's hash (digestOf(); null when the browser has no crypto.subtle, e.g. a page not served securely), computed once: an option toggle must not read and hash 50 MB again. */
const hashes = new WeakMap();

function hashOf(blob) {
  if (!hashes.has(blob)) hashes.set(blob, digestOf(blob));
  return hashes.get(blob);
}

const HASH_CHUNK = 4 << 20;

/**
 * The export's content hash, hex: SHA-256 of the bytes up to 4 MiB; above,
 * SHA-256 of the SHA-256 of each 4 MiB slice, so that no digest holds the
 * page's thread for long (a 52 MB export hashed at once was a 100 ms task).
 */
async function digestOf(blob) {
  if (!globalThis.crypto || !crypto.subtle) return null;
  const sha = async (part) => new Uint8Array(await crypto.subtle.digest('SHA-256', await part.arrayBuffer()));
  let digest;
  if (blob.size <= HASH_CHUNK) {
    digest = await sha(blob);
  } else {
    const slices = new Uint8Array(Math.ceil(blob.size / HASH_CHUNK) * 32);
    for (let offset = 0; offset < blob.size; offset += HASH_CHUNK) {
      slices.set(await sha(blob.slice(offset, offset + HASH_CHUNK)), (offset / HASH_CHUNK) * 32);
    }
    digest = await sha(new Blob([slices]));
  }
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Where the selection of this pair of exports (by content, not by name) with
 * these options is kept; '' when the contents cannot be hashed.
 */
async function selectionKey(source, target, choice) {
  try {
    const [a, b] = await Promise.all([hashOf(source.blob), hashOf(target.blob)]);
    if (!a || !b) return '';
    const options = `${choice.mode}|${choice.walkStages ? 'walk' : ''}|${[...choice.renameKeys].sort().join(',')}`;
    return `${a.slice(0, 16)}.${b.slice(0, 16)}|${options}`;
  } catch {
    return '';
  }
}

/** The pair part of the key (both hashes): what the link names. */
function pairOf(key) {
  return key.split('|')[0].replace('.', '');
}

/**
 * Keeps a selection made by hand in this browser (localStorage) and in the
 * link (step ids only, never flag data); the engine's default is not kept.
 */
function saveSelection() {
  const ids = [...state.selected].sort((a, b) => a - b);
  if (state.selectionKey) {
    try {
      const key = `flagplan:selection:${state.selectionKey}`;
      if (state.handMade) localStorage.setItem(key, JSON.stringify(ids));
      else localStorage.removeItem(key);
    } catch {
      // Storage full or refused: the selection is only on the page.
    }
  }
  const pair = state.selectionKey ? `&pair=${pairOf(state.selectionKey)}` : '';
  const fragment = state.handMade && ids.length <= 2000 ? `#select=${ids.join(',')}${pair}` : '';
  history.replaceState(null, '', `${location.pathname}${location.search}${fragment}`);
}

function savedSelection(key) {
  if (!key) return null;
  try {
    const ids = JSON.parse(localStorage.getItem(`flagplan:selection:${key}`) || 'null');
    return Array.isArray(ids) && ids.every(Number.isInteger) ? ids : null;
  } catch {
    return null;
  }
}

/**
 * After an analysis: the selection from the link, or, when only an option
 * changed (mode, renames, stage walk), the user's own selection where its
 * steps still exist (`kept`: the engine kept it in the re-plan), or the one
 * saved for this pair and options. Never a silent reset: what happened is
 * said, and undo goes back to the default.
 */
async function restoreSelection(mode, reason, kept, keepWanted) {
  const defaultLabel = `the ${mode} default selection`;
  const again = reason === 'both exports loaded' ? '' : `Analyzed again (${reason}). `;
  if (kept) {
    // The engine kept it in the re-plan (web/ KeptSelection): the steps shown are already so selected.
    if (kept.isDefault) {
      useDefaultSelection(`${again}The selection is the ${mode} default.`);
      return;
    }
    const how = `your selection${kept.lost > 0 ? ` where it still applies (${plural(kept.lost, 'selected step')} no longer in the plan)` : ''}`;
    state.handMade = true;
    // Earlier entries name the old plan's step ids: undo goes back to this plan's default only.
    state.undo = [{ ids: kept.defaultIds, label: `restore ${how}` }];
    renderUndo();
    say(`${again}Kept ${how}: ${plural(state.selected.size, 'step')} selected. Undo (Ctrl+Z) goes to ${defaultLabel}.`);
    setTimeout(saveSelection, 0);
    return;
  }
  const defaultIds = [...state.selected].sort((a, b) => a - b);
  let ids = null;
  let how = '';
  if (linkApplies()) {
    linked.used = true;
    ids = linked.ids;
    how = 'the selection from the link';
  } else if (savedSelection(state.selectionKey)) {
    ids = savedSelection(state.selectionKey);
    how = 'the selection you left for these exports (kept in this browser)';
  }
  if (ids === null && keepWanted) {
    // The re-plan fell back to reading the exports again: no old plan to keep the selection from.
    useDefaultSelection(`${again}Your selection could not be kept (the exports were read again): the selection is the ${mode} default.`);
    return;
  }
  if (ids === null || (ids.length === defaultIds.length && ids.every((id, i) => id === defaultIds[i]))) {
    useDefaultSelection(again ? `${again}The selection is the ${mode} default.` : '');
    return;
  }
  state.handMade = true;
  state.undo = [];  // earlier entries name the old plan's step ids
  await changeSelection('set', {
    ids,
    undoTo: { ids: defaultIds, label: `restore ${how}` },
    say: (change) => `${again}Kept ${how}: ${plural(change.selected.length, 'step')} selected. Undo (Ctrl+Z) goes to ${defaultLabel}.`,
  });
}

/** The analysis's own selection stays: nothing to undo, nothing hand-made; `text` says so. */
function useDefaultSelection(text) {
  state.undo = [];
  state.handMade = false;
  renderUndo();
  saveSelection();
  say(text);
}

function renderUndo() {
  const button = byId('undo');
  const last = state.undo.at(-1);
  button.disabled = !last;
  button.title = last ? `Undo: ${last.label}` : 'Nothing to undo';
  button.setAttribute('aria-label', last ? `Undo: ${last.label}` : 'Undo (nothing to undo)');
}

byId('undo').addEventListener('click', () => changeSelection('undo'));

// The skip link lands on the step rows' one tab stop (or the exports, before there are steps).
byId('skip-to-steps').addEventListener('click', (event) => {
  event.preventDefault();
  if (byId('review').hidden || !stepList.focusRows()) byId('source-file').focus();
});
document.addEventListener('keydown', (event) => {
  if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey || event.key.toLowerCase() !== 'z') return;
  const el = event.target;
  if (el && (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && !['checkbox', 'radio'].includes(el.type)))) return;
  if (!state.session || state.undo.length === 0) return;
  event.preventDefault();
  changeSelection('undo');
});

byId('add-values').addEventListener('click', () => changeSelection('values'));
byId('select-all').addEventListener('click', () => changeSelection('all'));
byId('select-none').addEventListener('click', () => changeSelection('none'));

// ---------- filters ----------

const modeFilter = byId('mode-filter');
const shownModes = new Set();

/** One toggle per step mode, in the engine's order, once its table is read. */
function buildModeFilter() {
  for (const mode of modeOrder()) {
    shownModes.add(mode);
    modeFilter.append(modeToggle(mode));
  }
}

function modeToggle(mode) {
  const info = modeInfo(mode);
  const id = `filter-${info.css}`;
  return h('label', { class: `mode-toggle mode-${info.css}`, htmlFor: id },
    h('input', {
      type: 'checkbox', id, checked: true, dataset: { mode },
      on: {
        change: (event) => {
          if (event.target.checked) shownModes.add(mode);
          else shownModes.delete(mode);
          applyFilters();
        },
      },
    }),
    h('span', { class: 'marker', attrs: { 'aria-hidden': 'true' }, text: info.marker }), ` ${info.label}`);
}

function applyFilters() {
  stepList.setFilter({
    modes: shownModes.size === modeOrder().length ? null : new Set(shownModes),
    text: byId('key-filter').value,
    group: byId('group-keys').checked,
    selectedOnly: byId('selected-only').checked,
  });
  updateFilterCount();
}

function updateFilterCount() {
  if (!state.overview) return;
  const shown = stepList.visibleStepCount();
  const total = state.steps.length;
  byId('filter-count').textContent = shown === total ? `${plural(total, 'step')}` : `${count(shown)} of ${plural(total, 'step')} shown`;
}

byId('key-filter').addEventListener('input', applyFilters);
byId('group-keys').addEventListener('change', applyFilters);
byId('selected-only').addEventListener('change', applyFilters);
byId('steps').addEventListener('filters-reset', () => {
  for (const box of modeFilter.querySelectorAll('input')) box.checked = true;
  for (const m of modeOrder()) shownModes.add(m);
  byId('key-filter').value = '';
  byId('selected-only').checked = false;
  updateFilterCount();
});

// ---------- mode and options ----------

for (const radio of document.querySelectorAll('input[name=mode]')) {
  radio.addEventListener('change', () => {
    state.choice.mode = radio.value;
    analyze(`mode ${radio.value}`);
  });
}

byId('walk-stages').addEventListener('change', (event) => {
  state.choice.walkStages = event.target.checked;
  analyze(event.target.checked ? 'stage walk on' : 'stage walk off');
});

// ---------- downloads ----------

function blockingErrors() {
  return (state.overview ? state.overview.diagnostics : []).filter((d) => d.severity === 'error');
}

/**
 * Each download is enabled only when the engine would render it now
 * (PlanSession.refusals(): plan.blocked, plan.nothing_selected) and no
 * analysis is running; a disabled one says why in the engine's words.
 */
function renderDownloads() {
  const listEl = byId('download-list');
  const note = byId('downloads-note');
  if (!state.overview || state.renderers.length === 0) {
    const text = state.renderersError || (state.overview ? 'Waiting for the engine…' : '');
    setChildren(listEl, h('li', { class: state.renderersError ? 'error' : 'muted', text }));
    return;
  }
  const first = blockingErrors()[0];
  // The session's plan must be the one shown (listShowsSession()): a download renders the session.
  const outOfDate = state.analyzing || !listShowsSession();
  setChildren(note, outOfDate ? h('span', { class: 'error', text: 'Out of date: an analysis is running.' })
    : state.blocked
      ? h('span', { class: 'error', text: `The plan is blocked${first ? `: ${first.message}` : ''}.` })
      : `Files contain the ${plural(state.selected.size, 'selected step')}.`);
  setChildren(listEl, state.renderers.map((r) => {
    const refused = state.refusals[r.format] || [];
    const disabled = outOfDate || refused.length > 0;
    const reasonId = `download-${r.format}-reason`;
    return h('li', { class: 'download' },
      h('button', {
        type: 'button', disabled, dataset: { format: r.format },
        attrs: { 'aria-describedby': reasonId },
        on: { click: () => download(r) },
      }, h('span', { class: 'format', text: r.format }), h('span', { class: 'ext', text: `.${r.extension}` })),
      h('span', { class: 'download-text', id: reasonId },
        h('span', { text: r.description }),
        outOfDate ? h('span', { class: 'reason', text: 'Out of date: wait for the analysis to finish.' })
          : refused.length ? h('span', { class: 'reason', text: refused.map((d) => d.message).join(' ') }) : null));
  }));
}

async function download(renderer) {
  if (state.analyzing || !listShowsSession()) return;
  const session = state.session;
  // One time stamp for every download of this review (the files name and carry it).
  const now = state.reviewTime || new Date();
  const names = downloadNames(state.renderers, state.overview, now);
  const name = names.get(renderer.format);
  const button = document.querySelector(`button[data-format="${CSS.escape(renderer.format)}"]`);
  if (button) button.setAttribute('aria-busy', 'true');
  try {
    await selectionQueue;
    const rendered = await session.render(renderer.format, { generatedAt: isoSecond(now), comment: byId('review-comment').value.trim() });
    if (!rendered.ok) {
      say(`${renderer.format} was not rendered: ${rendered.diagnostics.map((d) => d.message).join(' ')}`);
      return;
    }
    const blob = new Blob([rendered.text], { type: renderer.mediaType || 'application/octet-stream' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    say(`Downloaded ${name} (${bytesText(blob.size)}, ${plural(state.selected.size, 'selected step')}).`);
  } catch (error) {
    say(`The download failed: ${error.message}`);
  } finally {
    if (button) button.removeAttribute('aria-busy');
  }
}
