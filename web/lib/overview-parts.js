// The overview in parts (PlanSession.overviewParts()), parsed part by part
// in tasks of their own: at 30,000 findings one JSON.parse of the whole
// overview is a 50 ms main-thread task (issue 19), one part of 2,000 a few.

/** Findings per part when a PlanWorker sends an overview to the page. */
export const OVERVIEW_PART = 2000;

/**
 * Resolves in a new task (scheduler.yield() where there is one, else a
 * MessageChannel message: not throttled like setTimeout in a hidden tab).
 */
export function nextTask() {
  if (globalThis.scheduler && typeof globalThis.scheduler.yield === 'function') return globalThis.scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * overviewParts()'s texts -> the overview object: part 0 parsed, each later
 * part's findings appended to its `diagnostics`, one part per task.
 * @param {string[]} parts
 * @returns {Promise<object>} what JSON.parse(overviewJson()) gives
 */
export async function joinOverviewParts(parts) {
  const overview = JSON.parse(parts[0]);
  for (let i = 1; i < parts.length; ++i) {
    await nextTask();
    const items = JSON.parse(parts[i]);
    for (const d of items) overview.diagnostics.push(d);
  }
  return overview;
}
