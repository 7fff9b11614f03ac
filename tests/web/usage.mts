// Type-checked by types.test.mjs (`tsc --noEmit`), never run: how a
// TypeScript user calls the library, plus misuse the types must reject.
import {
  analyze, checkDrift, ErrorCode, FlagplanError, init, isInitialized, memoryStats, pipeline, pipelineJson, PlanSession, PlanWorker,
  planJson, RemotePlanSession, renderers, version,
} from '../../web/index.js';
import type {
  Analysis, AnalysisOverview, AnalyzeOptions, ChangeRule, Diagnostic, ExportInput, MemoryStats, ProgressEvent,
  Pipeline, PipelineCell, PipelineHop, Rendered, RendererInfo, SelectionChange, StageMove, Step, StepMode, StepTable,
  Comparison, DiffPart, DriftCheckResult, FieldComparison, FlagComparison,
} from '../../web/index.js';

export async function promotion(dev: string, staging: Uint8Array, production: Blob, worker: PlanWorker): Promise<string> {
  const p: Pipeline = pipeline([dev, { text: staging, label: 'staging.json' }], { order: 'environment' });
  const cell: PipelineCell = p.flags[0].cells[1];
  const hop: PipelineHop = p.hops[0];
  const remote: Pipeline = await worker.pipeline([dev, { text: production, label: 'production.json' }]);
  return `${cell.changes.join()} ${hop.plan} ${remote.blocked} ${pipelineJson([dev, dev]).length}`;
}

export async function plan(stagingText: string, productionBytes: Uint8Array): Promise<string> {
  await init({ debug: false });
  const ready: boolean = isInitialized();
  const engine: string = version();
  const options: AnalyzeOptions = { mode: 'migration', includeValues: true, select: null };
  const target: ExportInput = { text: productionBytes, label: 'production.json' };
  const session: PlanSession = analyze(stagingText, target, options);
  try {
    const analysis: Analysis = session.analysis();
    const steps: Step[] = analysis.steps.filter((s) => s.mode === 'SET_VALUE' && s.dependentId !== undefined);
    const change: SelectionChange = session.select(steps[0].id);
    const also: number[] = change.also;
    const errors: Diagnostic[] = analysis.diagnostics.filter((d) => d.severity === 'error');
    const formats: readonly Readonly<RendererInfo>[] = renderers();
    const scripts = formats.filter((r) => r.executable).map((r) => r.format);
    const rendered: Rendered = session.render(scripts[0] ?? 'text', { generatedAt: '' });
    const stats: MemoryStats = memoryStats();
    return `${ready} ${engine} ${also.length} ${errors.length} ${rendered.ok} ${stats.liveSessions} ${analysis.summary.selected}`;
  } catch (error) {
    if (error instanceof FlagplanError && error.code === ErrorCode.SESSION_DELETED) return 'deleted';
    throw error;
  } finally {
    session.delete();
  }
}

export async function inWorker(file: File): Promise<string> {
  const worker = new PlanWorker({ debug: false });
  await worker.ready();
  const events: ProgressEvent[] = [];
  const session: RemotePlanSession = await worker.analyze(file, 'target text', { mode: 'restore' }, {
    onProgress: (event) => events.push(event),
  });
  const change: SelectionChange = await session.addValueSteps();
  const json: string = await session.analysisJson();
  await session.delete();
  worker.terminate();
  return `${events.map((e) => `${e.phase} ${e.percent}`).join(',')} ${change.selected.length} ${json.length}`;
}

/** A page's first screen at any plan size: the overview, the step list in columns, one page of details. */
export async function bigPlan(worker: PlanWorker, source: Blob, target: Blob): Promise<string> {
  await worker.warmUp();
  const formats: readonly Readonly<RendererInfo>[] = await worker.renderers();
  const rules: readonly Readonly<ChangeRule>[] = await worker.changeRules();
  const engine: string = await worker.version();
  const session = await worker.analyze(source, target);
  const overview: AnalysisOverview = await session.overview();
  const count: number = overview.stepCount;
  const table: StepTable = await session.stepTable();
  const firstMode: StepMode = table.modes[table.mode[0]];
  const stage: StageMove | undefined = table.stages.get(1);
  const oldKey: string | undefined = table.oldKeys.get(1);
  const selected: boolean = table.selected[0] === 1;
  const page: Step[] = await session.steps(0, 100);
  const json: string = await session.overviewJson();
  await session.delete();
  return `${formats.length} ${rules.length} ${engine} ${count} ${firstMode} ${stage?.to} ${oldKey} ${selected} ${page.length} ${json.length}`;
}

export function localParts(session: PlanSession): number {
  const overview: AnalysisOverview = session.overview();
  const parts: string[] = session.overviewParts(2000);
  // @ts-expect-error perPart is a number
  session.overviewParts('2000');
  const table: StepTable = session.stepTable();
  const dependsOn: Int32Array = table.dependentId;
  const steps: Step[] = session.steps(0, 10);
  // @ts-expect-error an overview has no steps
  void overview.steps;
  return overview.stepCount + dependsOn.length + steps.length + session.overviewJson().length + parts.length;
}

export function misuse(session: PlanSession): void {
  // @ts-expect-error steps() takes an offset and a limit
  session.steps(0);
  // @ts-expect-error mode is 'migration' | 'restore'
  analyze('{}', '{}', { mode: 'sideways' });
  // @ts-expect-error unknown option
  analyze('{}', '{}', { include_values: true });
  // @ts-expect-error an export is text or bytes
  analyze(42, '{}');
  // @ts-expect-error a Blob needs PlanWorker
  planJson(new Blob(['{}']), '{}');
  // @ts-expect-error step ids are numbers
  session.select('3');
  // @ts-expect-error the session is made by analyze()
  new PlanSession();
  // @ts-expect-error the order is 'given' or 'environment'
  pipeline(['{}', '{}'], { order: 'name' });
  // @ts-expect-error a Blob needs PlanWorker
  pipeline([new Blob(['{}']), '{}']);
  // @ts-expect-error codes are a closed set
  const code: typeof ErrorCode.INTERNAL = 'OOPS';
  void code;
}

export async function review(session: PlanSession, worker: PlanWorker, remote: RemotePlanSession, planText: string, live: Blob): Promise<number> {
  const comparison: Comparison = session.comparison();
  const first: FlagComparison = comparison.flags[0];
  const field: FieldComparison | undefined = first.fields.find((f) => f.differs && f.stepId !== undefined);
  const parts: DiffPart[] = field?.sourceParts ?? [];
  const changed: string = parts.filter(([, on]) => on === 1).map(([text]) => text).join('');
  session.replan({ renames: true, walkStages: true });
  await remote.replan({ renameKeys: ['a/b'] });
  const again = session.overview().stepCount;
  const remoteComparison: Comparison = await remote.comparison();
  const drift: DriftCheckResult = checkDrift(planText, '{}', { targetLabel: 'production.json' });
  const drifted: number = drift.check ? drift.check.drifted.length : -1;
  const workerDrift: DriftCheckResult = await worker.checkDrift(planText, live);
  // @ts-expect-error replan takes analyze options
  session.replan({ renames: 'yes' });
  // @ts-expect-error a status is one of five
  const status: FlagComparison['status'] = 'moved';
  void status;
  return comparison.summary.flags + changed.length + again + drifted +
    remoteComparison.flags.length + workerDrift.diagnostics.length;
}
