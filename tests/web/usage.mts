// Type-checked by types.test.mjs (`tsc --noEmit`), never run: how a
// TypeScript user calls the library, plus misuse the types must reject.
import {
  analyze, ErrorCode, FlagplanError, init, isInitialized, memoryStats, PlanSession, PlanWorker, planJson,
  RemotePlanSession, renderers, version,
} from '../../web/index.js';
import type {
  Analysis, AnalyzeOptions, Diagnostic, ExportInput, MemoryStats, ProgressEvent, Rendered, RendererInfo,
  SelectionChange, Step,
} from '../../web/index.js';

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

export function misuse(session: PlanSession): void {
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
  // @ts-expect-error codes are a closed set
  const code: typeof ErrorCode.INTERNAL = 'OOPS';
  void code;
}
