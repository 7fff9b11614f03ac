// Drift check of a reopened plan: with a saved plan.json open, the user loads
// (or drops) the live target export and the page says whether the target
// drifted since the plan. The rule is the engine's check_drift() (`flagplan
// check`, the apply script's drift guard), run in the worker; this only
// shows its answer.
import { byId, h, setChildren } from './dom.js';
import { plural } from './format.js';

/**
 * Wires the drift controls of the reopened-plan section.
 * @param {{checkDrift: (plan: Blob, target: Blob, planLabel: string, targetLabel: string) => Promise<object>}} engine
 * @param {() => File|null} currentPlan the plan.json shown now, or null
 */
export function wireDrift(engine, currentPlan) {
  const input = byId('drift-target');
  const box = byId('reopened');
  const check = async (file) => {
    const plan = currentPlan();
    if (!plan || !file) return;
    const out = byId('drift-result');
    out.dataset.state = 'checking';
    setChildren(out, `Checking ${file.name} against the plan…`);
    let answer;
    try {
      answer = await engine.checkDrift(plan, file, plan.name, file.name);
    } catch (error) {
      out.dataset.state = 'error';
      setChildren(out, `The drift check failed: ${error.message}`);
      return;
    }
    showDrift(out, answer, file.name);
  };
  input.addEventListener('change', () => check(input.files && input.files[0]));
  box.addEventListener('dragover', (event) => {
    if (currentPlan()) event.preventDefault();
  });
  box.addEventListener('drop', (event) => {
    if (!currentPlan()) return;
    event.preventDefault();
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) check(file);
  });
}

/** Clears the answer (another plan was opened). */
export function resetDrift() {
  const out = byId('drift-result');
  out.dataset.state = '';
  out.replaceChildren();
  byId('drift-target').value = '';
}

/** The engine's answer (web/ checkDrift()) in words. */
function showDrift(out, answer, name) {
  const errors = (answer.diagnostics || []).filter((d) => d.severity === 'error');
  if (!answer.check) {
    out.dataset.state = 'error';
    setChildren(out, h('p', { text: `${name} could not be checked against the plan:` }),
      h('ul', {}, errors.map((d) => h('li', {}, h('span', { text: d.message }), ' ', h('code', { text: d.code })))));
    return;
  }
  const c = answer.check;
  if (!c.environmentMatches) {
    out.dataset.state = 'environment';
    setChildren(out, h('p', { class: 'drift-verdict', text: `Wrong environment: ${name} is an export of "${c.target.environment}", but the plan is for "${c.plan.environment}". apply.sh would refuse to run.` }));
    return;
  }
  if (c.drifted.length === 0) {
    out.dataset.state = 'none';
    setChildren(out, h('p', { class: 'drift-verdict', text: `No drift: every flag the plan touches is in ${name} as the plan found it. The plan still applies.` }));
    return;
  }
  out.dataset.state = 'drifted';
  setChildren(out,
    h('p', { class: 'drift-verdict', text: `The target drifted since the plan: ${plural(c.drifted.length, 'flag')} the plan touches changed. apply.sh would stop before its first step; plan again from a fresh export.` }),
    h('ul', { class: 'drift-list' }, c.drifted.map((d) => h('li', {}, h('span', { class: 'key', text: d.flagKey }), ': ', d.difference))));
}
