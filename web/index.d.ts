// Type definitions for flagplan's JavaScript library (web/). Every export
// is documented with the shapes it takes and returns and the errors it
// throws. Problems in the exports themselves are never thrown: they are
// diagnostics in the results (docs/diagnostics.md lists the codes).

/**
 * The text of a FlagFlow migration export (JSON): a string (encoded as
 * UTF-8; lone surrogates become U+FFFD) or the file's bytes (used as is,
 * exactly as the CLI reads the file). With `{ text, label }`, `label` names
 * the input in diagnostics and in the analysis (the CLI uses the file path);
 * default labels are "source" and "target".
 */
export type ExportInput = string | ArrayBuffer | ArrayBufferView | { text: string | ArrayBuffer | ArrayBufferView; label?: string };

/** An ExportInput that PlanWorker also accepts: a Blob or File is read inside the worker. */
export type WorkerExportInput = ExportInput | Blob | { text: string | ArrayBuffer | ArrayBufferView | Blob; label?: string };

/** How to analyze (the CLI's `plan` options). */
export interface AnalyzeOptions {
  /** "migration" (default): promote between two environments, which must differ; value steps start unselected. "restore": re-apply a backup of the same environment; every step starts selected. "auto": the engine chooses, restore when both exports name the same environment, else migration (Analysis.modeChoice says which). Anything else is INVALID_ARGUMENT. */
  mode?: 'migration' | 'restore' | 'auto';
  /** Migration mode: also select every SET_VALUE with its prerequisites (CLI `--include-values`). Default false. */
  includeValues?: boolean;
  /** Exactly these step ids instead of the default selection (CLI `--select 1,2,5`): no closure; unknown ids, duplicates and missing prerequisites become selection.* diagnostics. null = default selection. */
  select?: number[] | null;
  /** Accept every rename suggestion: a RENAME step replaces each DELETE + CREATE_DEFAULTVALUE pair that is one flag under a new key (CLI `--renames`). Default false. */
  renames?: boolean;
  /** Accept only the rename suggestions whose new or old key is listed (per-suggestion toggles); ignored when `renames` is true. */
  renameKeys?: string[];
  /** Walk migration-stage ENUM flags one stage at a time: a SET_VALUE that skips stages becomes a chain through each stage (CLI `--walk-stages`). Default false. */
  walkStages?: boolean;
  /** Migration-stage ENUM flags keep the target's stage through a schema update: the update and the write-back of that stage go in one request (CLI `--keep-stages`; implied by walkStages). Default false. */
  keepStages?: boolean;
  /** Acknowledge guard.mass_delete (the selection deletes at least half of the target's flags, and at least 10): it becomes a warning instead of an error (CLI `--allow-mass-delete`). Default false. */
  allowMassDelete?: boolean;
}

/** FlagFlow's four step modes, and flagplan's RENAME (only for accepted rename suggestions). */
export type StepMode = 'CREATE_DEFAULTVALUE' | 'UPDATE_SCHEMA_DEFAULTVALUE' | 'SET_VALUE' | 'DELETE' | 'RENAME';

/** One finding of the engine. */
export interface Diagnostic {
  /** "error" blocks executable outputs; "warning" and "note" do not. */
  severity: 'error' | 'warning' | 'note';
  /** Stable dotted code, e.g. "schema.integer.min_greater_than_max"; the first part is the category (file, key, schema, value, environment, selection, plan). */
  code: string;
  /** One human sentence. */
  message: string;
  /** The input's label; "" for environment.*, selection.* and plan.* findings. */
  file: string;
  /** The flag concerned, when there is one. */
  flagKey?: string;
  /** The export field concerned ("defaultValue", "regExp", ...). */
  field?: string;
  /** RFC 6901 JSON Pointer into the file. */
  pointer?: string;
  /** 1-based line in the file. */
  line?: number;
  /** 1-based column, in Unicode characters. */
  column?: number;
  /** The plan step the finding is about (risk.*, stage.*, rename.*). */
  stepId?: number;
}

/** One field a step changes: `from` is the target's value (null when absent), `to` the source's (null for a delete). */
export interface FieldChange {
  /** Export field name, or "flag" for a whole flag. */
  field: string;
  /** The target's value (JSON as in the export), null when the target has no such flag or field. */
  from: unknown;
  /** The source's value, null for a delete. */
  to: unknown;
}

/** One step of the plan, in FlagFlow's shape plus selection and changes. */
export interface Step {
  /** 1-based position in the plan. */
  id: number;
  /** What the step does (FlagFlow's mode names). */
  mode: StepMode;
  /** The flag the step changes. */
  flagKey: string;
  /** The one step this step depends on (absent = none). */
  dependentId?: number;
  /** Dependency depth (absent = 0). */
  indent?: number;
  /** Whether the step is in the selection that runs. */
  selected: boolean;
  /** The fields that differ and caused the step. */
  changes: FieldChange[];
  /** RENAME only: the target's key that becomes `flagKey`. */
  oldKey?: string;
  /** A link of a stage walk: this SET_VALUE moves the flag from stage `from` to `to`, link `link` (1-based) of `links`. */
  stage?: StageMove;
}

/** One link of a stage walk (Step.stage). */
export interface StageMove {
  /** The stage the flag is in before this step. */
  from: string;
  /** The stage this step moves it to. */
  to: string;
  /** This link's number, 1-based. */
  link: number;
  /** Links in the walk. */
  links: number;
}

/** A rename suggestion: a target flag absent from the source and a source flag absent from the target with the same type, schema and description. */
export interface RenameSuggestion {
  /** The target's key. */
  oldKey: string;
  /** The source's key. */
  newKey: string;
  /** Whether the plan applies it (AnalyzeOptions renames / renameKeys). */
  accepted: boolean;
}

/** What the analysis says about one input. */
export interface ExportInfo {
  /** The input's label (ExportInput's label; the CLI's file path). */
  label: string;
  /** The environment that exported it (may be ""). */
  environment: string;
  /** FlagFlow's version, "MAJOR.MINOR.PATCH". */
  version: string;
  /** The export's time stamp, as written in the file. */
  createdAt: string;
  /** Flags in the export. */
  flagCount: number;
  /**
   * Present (false) only when the file could not be read as an export at
   * all (not JSON, not an object, no `flags` object, a limit exceeded): no
   * step is planned from it; its `file.*` error diagnostics say why.
   */
  readable?: false;
}

/** The analysis, as `flagplan plan --format json` prints it (docs/json-format.md). */
export interface Analysis {
  /** The export to apply. */
  source: ExportInfo;
  /** The environment's current export. */
  target: ExportInfo;
  /** The mode analyzed in. */
  mode: 'migration' | 'restore';
  /** Why mode "auto" chose `mode`: "same environment" (restore) or "environments differ" (migration); "" when the mode was given. */
  modeChoice: '' | 'same environment' | 'environments differ';
  /** True when any diagnostic is an error: the plan can be reviewed, executable outputs are refused. */
  blocked: boolean;
  /** Every step, in plan order (steps[i].id === i + 1). */
  steps: Step[];
  /** Source file, target file, environment, selection -- in that order. */
  diagnostics: Diagnostic[];
  /** Every rename suggestion, accepted or not, in source order of newKey. */
  renames: RenameSuggestion[];
  /** The engine's selection summary (docs/json-format.md, "summary"): every figure for exactly the selected steps. */
  summary: SelectionSummary;
}

/** Steps of each mode (the five FlagFlow step modes and RENAME). */
export interface ModeCounts {
  /** CREATE_DEFAULTVALUE steps. */
  CREATE_DEFAULTVALUE: number;
  /** UPDATE_SCHEMA_DEFAULTVALUE steps. */
  UPDATE_SCHEMA_DEFAULTVALUE: number;
  /** SET_VALUE steps. */
  SET_VALUE: number;
  /** DELETE steps. */
  DELETE: number;
  /** RENAME steps (accepted renames only). */
  RENAME: number;
}

/**
 * Analysis.summary: computed by the engine for exactly the selected steps;
 * the CLI text, the report, the script headers and the page render it.
 */
export interface SelectionSummary extends ModeCounts {
  /** Selected steps. */
  selected: number;
  /** Selected steps per mode. */
  selection: ModeCounts;
  /** Findings (guard.*, stage.*, risk.*, rename.*) that apply to what runs, per code, in the change rules' order (codes with none left out). */
  findings: Record<string, number>;
  /** Findings of unselected steps, per code: what ticking those steps would add (never counted as the plan's). */
  unselectedFindings: Record<string, number>;
  /** Positions in `diagnostics` of `findings`' findings, in listing order. */
  findingIndices: number[];
  /** Positions in `diagnostics` of the findings of unselected steps, in listing order. */
  unselectedFindingIndices: number[];
  /** Errors that apply (every diagnostic that is not a finding, plus `findings`). */
  errors: number;
  /** Warnings that apply, counted as `errors` is. */
  warnings: number;
  /** Notes that apply, counted as `errors` is. */
  notes: number;
  /** An apply or rollback script can be rendered: not blocked and at least one step selected. */
  executable: boolean;
  /** "Plan: 13 to create, 10 to update, 0 values to set, 8 to delete (31 of 59 steps selected)." as the CLI prints it. */
  planLine: string;
  /**
   * Every diagnostic that applies, grouped as the CLI lists them: one array
   * of positions in `diagnostics` per file and flag key, errors first; a
   * group's first diagnostic gives its file, flag key and worst severity.
   */
  groups: number[][];
}

/**
 * The analysis without its steps: every member of Analysis but `steps`, in
 * the same order, plus `stepCount` after `blocked`. What a page needs for
 * its first screen at any plan size; the steps follow through steps() (in
 * pages, with their changes) or stepTable() (all of them, in columns).
 */
export interface AnalysisOverview extends Omit<Analysis, 'steps'> {
  /** How many steps the plan has (their ids are 1..stepCount). */
  stepCount: number;
}

/**
 * Every step of a plan in columns, without the changes: a list of 100,000
 * steps costs a few megabytes and no object per step. Step i (0-based) has
 * id i + 1; every per-step column has `length` entries. A snapshot: a later
 * selection change does not update `selected`.
 */
export interface StepTable {
  /** Number of steps. */
  length: number;
  /** The mode names `mode` indexes: CREATE_DEFAULTVALUE, UPDATE_SCHEMA_DEFAULTVALUE, SET_VALUE, DELETE, RENAME. */
  modes: readonly StepMode[];
  /** Per step: its mode, as an index into `modes`. */
  mode: Uint8Array;
  /** Per step: Step.flagKey. */
  flagKey: string[];
  /** Per step: Step.dependentId, 0 when it depends on none. */
  dependentId: Int32Array;
  /** Per step: Step.indent (0 = none). */
  indent: Int32Array;
  /** Per step: 1 when selected when the table was made, else 0. */
  selected: Uint8Array;
  /** Per step: how many field changes Step.changes holds (read them with steps()). */
  changeCount: Int32Array;
  /** Step.oldKey of the RENAME steps, by step id. */
  oldKeys: Map<number, string>;
  /** Step.stage of the stage-walk links, by step id. */
  stages: Map<number, StageMove>;
}

/** A piece of a value's text and whether it differs from the other side's text: 1 = changed, 0 = common. */
export type DiffPart = [text: string, changed: 0 | 1];

/** One field of a flag in both exports (Comparison). */
export interface FieldComparison {
  /** The export field name: "type", "description", "defaultValue", ..., "valueExists", "value". */
  field: string;
  /**
   * The source's value as a person reads it; absent when the source's flag
   * lacks the field (no such flag, or its type has no such field). Strings
   * as they are; lists as one line of JSON (`["a", "b"]`); an OBJECT
   * defaultValue/value as pretty-printed JSON (2 spaces); numbers and
   * booleans as JSON.
   */
  source?: string;
  /** The target's value, as `source`. */
  target?: string;
  /** The values differ, or only one side has the field. */
  differs: boolean;
  /**
   * When both sides have the field and it differs: `source` cut into parts
   * (their texts joined are `source`), the ones not in the target marked:
   * characters of a string, elements of a list, lines of an OBJECT literal
   * or a multi-line text; a number, boolean or type as a whole.
   */
  sourceParts?: DiffPart[];
  /** The same for `target`. */
  targetParts?: DiffPart[];
  /**
   * The step that writes the source's value of this field to the target
   * (differing fields only): valueExists/value by the flag's last SET_VALUE;
   * the other fields by its CREATE_DEFAULTVALUE, else
   * UPDATE_SCHEMA_DEFAULTVALUE, else RENAME, else DELETE. Absent: no step
   * writes it (e.g. a description alone: FlagFlow does not compare it).
   */
  stepId?: number;
}

/** One flag key of either export (Comparison). */
export interface FlagComparison {
  /** The flag key. */
  flagKey: string;
  /** unchanged: same type and every field equal; changed: same type, a field differs; added: only in the source; removed: only in the target; retyped: different types. */
  status: 'unchanged' | 'changed' | 'added' | 'removed' | 'retyped';
  /** The source's flag type; absent when the key is only in the target. */
  sourceType?: 'BOOLEAN' | 'INTEGER' | 'STRING' | 'OBJECT' | 'ENUM' | 'TAG' | 'AB-TEST';
  /** The target's flag type; absent when the key is only in the source. */
  targetType?: FlagComparison['sourceType'];
  /** The plan's steps for this key (as flag key, or a RENAME's old key), ascending. */
  stepIds: number[];
  /** Diagnostics of the analysis that name this key. */
  findingCount: number;
  /** Every field either side's type carries: type, description, the source type's fields, then the target type's others. */
  fields: FieldComparison[];
}

/** Both exports side by side (PlanSession.comparison(); the engine's compare/compare.hpp). */
export interface Comparison {
  /** Distinct flag keys, flags per export, and keys per status. */
  summary: { flags: number; source: number; target: number; unchanged: number; changed: number; added: number; removed: number; retyped: number };
  /** Every key of either export once, in key order (keys with a common prefix are adjacent); none from an unreadable export. */
  flags: FlagComparison[];
}

/** checkDrift()'s answer. */
export interface DriftCheckResult {
  /** Why there is no `check` (the plan's plan.* errors, or the target export's errors); else the export's warnings. */
  diagnostics: Diagnostic[];
  /** `flagplan check --format json`: whether the target drifted since the plan (absent when the plan or the export cannot be used). */
  check?: {
    /** The environment the plan is for. */
    plan: { environment: string };
    /** The export checked. */
    target: { label: string; environment: string };
    /** False when the export is of another environment than the plan's target (apply.sh refuses to run then). */
    environmentMatches: boolean;
    /** Every flag the plan touches whose state differs from the plan's baseline ([] = no drift), with what differs as apply.sh says it. */
    drifted: { flagKey: string; difference: string }[];
  };
}

/**
 * What PlanSession.replan(options, {keepSelection: true}) kept of the
 * selection the session had (the rule: index.d.ts PlanSession.replan()).
 */
export interface KeptSelection {
  /** True when the kept selection is the new plan's own (nothing of the old one differed from it). */
  isDefault: boolean;
  /** Steps selected before whose mode and flag key (and old key) are no step of the new plan. */
  lost: number;
  /** The new plan's own selection, ascending step ids (what undo goes back to). */
  defaultIds: number[];
}

/** What a selection operation did. */
export interface SelectionChange {
  /** Ids it changed besides the one asked for, ascending (prerequisites it selected, or dependents it unselected; every newly selected id for addValueSteps(); [] for setSelection(), the prerequisites it added with withPrerequisites). */
  also: number[];
  /** The selected ids afterwards, ascending. */
  selected: number[];
  /** Whether the analysis is blocked afterwards. */
  blocked: boolean;
  /** The operation's own diagnostics (selection.unknown_id, selection.duplicate_id, selection.missing_prerequisite); they replace the analysis's earlier selection.* diagnostics. */
  diagnostics: Diagnostic[];
}

/** One rendering: the text, or ok = false with the reasons. */
export interface Rendered {
  /** True when `text` holds the output. */
  ok: boolean;
  /** The output ("" when !ok). */
  text: string;
  /** Why nothing was rendered: the diagnostics of PlanSession.refusals() for this format (plan.unknown_format, plan.blocked, plan.nothing_selected). */
  diagnostics: Diagnostic[];
}

/** Options of render(). */
export interface RenderOptions {
  /** ISO 8601 time written into outputs that carry one; default: now, to the second ("2026-11-21T10:33:08Z"), as the CLI does; "" leaves it out. */
  generatedAt?: string;
  /** The reviewer's free text (a change ticket, why): written into plan.json ("comment"), the report and the script headers; default "" (none). */
  comment?: string;
}

/** One output format of the engine's registry. */
export interface RendererInfo {
  /** The name render() and the CLI's --format take: "text", "json", ... */
  format: string;
  /** File name extension without the dot. */
  extension: string;
  /** Media type for downloads. */
  mediaType: string;
  /** True for the outputs that are refused for a blocked analysis (plan.json, apply.sh, rollback.sh: `plan.blocked`); the two scripts are also refused when no step is selected (`plan.nothing_selected`). */
  executable: boolean;
  /** True for the scripts, refused when no step is selected (`plan.nothing_selected`; `summary.executable` is false then). */
  needsSteps: boolean;
  /** One line for menus and --help. */
  description: string;
}

/** One change rule (docs/change-rules.md). */
export interface ChangeRule {
  /** The finding's code, e.g. "risk.delete_with_value". */
  code: string;
  /** The severity its findings carry. */
  severity: 'error' | 'warning' | 'note';
  /** One line: when it fires. */
  trigger: string;
  /** One line: why it matters. */
  why: string;
}

/** One step mode (stepModes()). */
export interface StepModeInfo {
  /** "CREATE_DEFAULTVALUE", "UPDATE_SCHEMA_DEFAULTVALUE", "SET_VALUE", "DELETE" or "RENAME". */
  mode: StepMode;
  /** The CLI's marker in step lines: "+", "~", "=", "-", ">". */
  marker: string;
  /** The CLI's legend word(s), e.g. "update schema and reset to default". */
  legend: string;
  /** A short label, e.g. "Update schema". */
  label: string;
  /** One line: what the step does to the target (FlagFlow's executor). */
  description: string;
  /** One of FlagFlow's four modes (false for flagplan's RENAME). */
  flagflow: boolean;
}

/** Heap figures of the module, for leak checks. */
export interface MemoryStats {
  /** Size of the WebAssembly memory in bytes (it grows, never shrinks). */
  heapSize: number;
  /** Bytes malloc has handed out and not got back. */
  allocated: number;
  /** The most bytes of the heap malloc has ever used at once (its peak need; heapSize adds the memory's growth steps). */
  peakFootprint: number;
  /** PlanSessions created and not yet deleted. */
  liveSessions: number;
}

/** Options of init(). */
export interface InitOptions {
  /** Load the debug build (web/dist/debug/: Emscripten assertions, heap checks); present in source checkouts, not in the package. Default false. */
  debug?: boolean;
  /** The .wasm bytes, when the caller has them; otherwise they are read (node) or fetched (browsers) from next to the library. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /**
   * dist/flagplan.js's default export (createFlagplanModule), for bundles that
   * inline it (e.g. site/'s single-file page opened from file://, where nothing
   * can be imported by URL). Called with `{ wasmBinary }` (when given); must
   * resolve to the module. Default: imported from next to the library. `debug`
   * is ignored when it is given.
   */
  moduleFactory?: (settings: { wasmBinary?: ArrayBuffer | Uint8Array }) => Promise<unknown>;
}

/** The codes of FlagplanError. */
export declare const ErrorCode: {
  /** An API function was called before `await init()` finished. */
  readonly NOT_INITIALIZED: 'NOT_INITIALIZED';
  /** An argument has the wrong type or shape (the message names it). */
  readonly INVALID_ARGUMENT: 'INVALID_ARGUMENT';
  /** A session was used after delete(). */
  readonly SESSION_DELETED: 'SESSION_DELETED';
  /** init() could not load or instantiate the WebAssembly module. */
  readonly INIT_FAILED: 'INIT_FAILED';
  /** The worker could not start or crashed. */
  readonly WORKER_FAILED: 'WORKER_FAILED';
  /** The PlanWorker was terminated while (or before) a request ran. */
  readonly WORKER_TERMINATED: 'WORKER_TERMINATED';
  /** The module failed in a way the engine did not report (a bug). */
  readonly INTERNAL: 'INTERNAL';
};

/** One of ErrorCode's values. */
export type ErrorCodeName = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Misuse of the API (never a problem in the exports): an Error with a stable `code`. */
export declare class FlagplanError extends Error {
  /** @param code one of ErrorCode; @param message one sentence */
  constructor(code: ErrorCodeName, message: string, options?: { cause?: unknown });
  /** Always "FlagplanError". */
  readonly name: 'FlagplanError';
  /** What went wrong, e.g. "NOT_INITIALIZED". */
  readonly code: ErrorCodeName;
}

/**
 * Loads the WebAssembly module; every other function needs it. Memoized:
 * all calls return the same promise and the first call's options win; after
 * a failure the next call tries again.
 * @throws (rejects) FlagplanError INVALID_ARGUMENT for bad options, INIT_FAILED when the module cannot be loaded.
 */
export declare function init(options?: InitOptions): Promise<void>;

/** True once init() has resolved. Never throws. */
export declare function isInitialized(): boolean;

/**
 * The engine's version, e.g. "0.1.0".
 * @throws FlagplanError NOT_INITIALIZED before init().
 */
export declare function version(): string;

/**
 * Parses and validates both exports, plans and selects. Problems in the
 * exports are diagnostics in the analysis, never exceptions. The session
 * holds module memory until delete().
 * @param source the export to apply (e.g. staging's), or a PreparedExport of it (prepareExport(..., 'source'))
 * @param target the current export of the environment to change (e.g. production's), or a PreparedExport of it
 * @throws FlagplanError NOT_INITIALIZED before init(); INVALID_ARGUMENT for an input that is not text/bytes, a non-string label, unknown or mistyped options, non-integer step ids, or a PreparedExport already analyzed or prepared for the other side (refused before anything is read: it stays the caller's).
 */
export declare function analyze(source: ExportInput | PreparedExport, target: ExportInput | PreparedExport, options?: AnalyzeOptions): PlanSession;

/**
 * Reads and checks one export (parse and validate, as analyze() reads that
 * side: untrimmed as a target) before the other one arrives, so that
 * analyze() with it reads only the other export; the same analysis as from
 * the bytes. Problems in the export are diagnostics of that analysis.
 * @param side the side analyze() will be given it as
 * @throws FlagplanError NOT_INITIALIZED before init(); INVALID_ARGUMENT for a side other than "source" or "target", or input that is not text/bytes.
 */
export declare function prepareExport(input: ExportInput, side: 'source' | 'target'): PreparedExport;

/**
 * An export checked ahead of its analysis (prepareExport()). analyze()
 * takes it once and frees it; delete() frees it if it is never analyzed.
 * Given to analyze() a second time, or as the other side: INVALID_ARGUMENT.
 */
export declare class PreparedExport {
  /** The side it was prepared for. */
  readonly side: 'source' | 'target';
  /** The label its diagnostics name it by. */
  readonly label: string;
  /** True once analyze() took it, or after delete(). */
  readonly used: boolean;
  /** Frees its module memory; safe to call twice. */
  delete(): void;
}

/**
 * An export checked in the worker ahead of its analysis
 * (PlanWorker.prepare()). PlanWorker.analyze() takes it once, whatever the
 * outcome; delete() frees it if it is never analyzed.
 */
export declare class RemotePreparedExport {
  /** The side it was prepared for. */
  readonly side: 'source' | 'target';
  /** True once given to analyze(), or after delete(). */
  readonly used: boolean;
  /** Frees it in the worker (nothing to do once analyze() took it). */
  delete(): Promise<void>;
}

/**
 * analyze() + analysisJson() + delete(): the analysis JSON text, byte for
 * byte what `flagplan plan SOURCE TARGET --format json [options]` prints when
 * the labels are the CLI's paths.
 * @throws as analyze().
 */
export declare function planJson(source: ExportInput | PreparedExport, target: ExportInput | PreparedExport, options?: AnalyzeOptions): string;

/**
 * Every output format, in the CLI's order, read from the engine's registry.
 * @throws FlagplanError NOT_INITIALIZED before init().
 */
export declare function renderers(): readonly Readonly<RendererInfo>[];

/**
 * Every change rule (risk.*, stage.*, rename.*), in the order summaries list
 * them, read from the engine's table.
 * @throws FlagplanError NOT_INITIALIZED before init().
 */
export declare function changeRules(): readonly Readonly<ChangeRule>[];

/**
 * Every step mode — FlagFlow's four, then flagplan's RENAME — with the
 * CLI's marker and legend word, a short label and what the step does to the
 * target, read from the engine's table (src/flagplan/plan/plan.hpp
 * step_modes()).
 * @throws FlagplanError NOT_INITIALIZED before init().
 */
export declare function stepModes(): readonly Readonly<StepModeInfo>[];

/**
 * The engine's promotion order of two environment names (dev, develop,
 * development, local -> test, testing, qa, int, integration -> stage,
 * staging, uat, preprod, pre-prod -> prod, production, live; whole name,
 * case-insensitive): 1 when `a` is promoted before `b` (a is the source), -1
 * when after, 0 when either name is unknown or both rank the same.
 * @throws FlagplanError INVALID_ARGUMENT when a or b is not a string; NOT_INITIALIZED before init().
 */
export declare function promotionOrder(a: string, b: string): -1 | 0 | 1;

/**
 * The engine's checks of a saved plan.json (those of `flagplan render`,
 * docs/plan-format.md): its diagnostics (plan.syntax, plan.format_version,
 * plan.baseline, ...); an empty array when flagplan can render the plan.
 * @throws FlagplanError INVALID_ARGUMENT when text or label is not a string; NOT_INITIALIZED before init().
 */
export declare function checkPlanFile(text: string, label?: string): Diagnostic[];

/** One flag key in one environment of a pipeline. */
export interface PipelineCell {
  /** Whether the environment has the flag (the members below but `changes` only when it does). */
  present: boolean;
  /** The flag's type in this environment. */
  type?: 'BOOLEAN' | 'INTEGER' | 'STRING' | 'OBJECT' | 'ENUM' | 'TAG' | 'AB-TEST';
  /** 8 hex digits of FNV-1a (32 bit) over the type and the schema fields the planner compares: equal schemas, equal fingerprints. */
  schemaFingerprint?: string;
  /** The flag's valueExists (absent for AB-TEST, which has no value). */
  valueExists?: boolean;
  /** The value in force: `value` when valueExists, else the default value (absent for AB-TEST). */
  value?: unknown;
  /** A stage flag's current stage (absent for other flags). */
  stage?: string;
  /** What differs from the environment before, in this order: 'added', 'removed', 'type', 'schema', 'value' ([] for the first). */
  changes: ('added' | 'removed' | 'type' | 'schema' | 'value')[];
}

/** One hop of a pipeline (environment `from` -> `to`, indexes into environments): its plan in migration mode with the default selection. */
export interface PipelineHop {
  /** The hop's source: an index into Pipeline.environments. */
  from: number;
  /** The hop's target (from + 1). */
  to: number;
  /** Steps in the hop's plan. */
  steps: number;
  /** Steps the default selection holds (migration mode: schemas move, values stay). */
  selected: number;
  /** True when the hop's plan has errors. */
  blocked: boolean;
  /** The hop's own errors (the exports' own diagnostics are the pipeline's). */
  errors: number;
  /** The hop's own warnings. */
  warnings: number;
  /** The `Plan:` line `flagplan plan FROM TO` prints. */
  plan: string;
}

/** The pipeline JSON (`flagplan pipeline --format json`, docs/ci.md; schema docs/schemas/pipeline.schema.json). */
export interface Pipeline {
  /** The exports in promotion order. */
  environments: ExportInfo[];
  /**
   * Every flag key, in order of first appearance (environment order, then
   * file order): `stageFlag` when it is a migration-stage flag in some
   * environment; `cells[i]` is environment i.
   */
  flags: { flagKey: string; stageFlag: boolean; cells: PipelineCell[] }[];
  /** environments.length - 1 hops, in order. */
  hops: PipelineHop[];
  /** Each export's own diagnostics, then the pipeline's findings (stage.ahead: a later environment at a later stage than the one before it). */
  diagnostics: Diagnostic[];
  /** True when an export has errors or a hop is blocked. */
  blocked: boolean;
}

/** Options of pipeline(). */
export interface PipelineOptions {
  /**
   * 'given' (default): the exports in the order passed, as the CLI takes
   * them. 'environment': in the engine's promotion order of their
   * environment names (promotionOrder()) when it orders every pair, else as
   * given -- for files dropped at once, whose order says nothing.
   */
  order?: 'given' | 'environment';
}

/**
 * The promotion pipeline of 2 to 8 exports (the engine's analyze_pipeline()):
 * every flag key x environment with its type, schema fingerprint, value and
 * stage, what differs from the environment before, stage.ahead findings and
 * each hop's plan summary. Problems in the exports are diagnostics.
 * @throws FlagplanError INVALID_ARGUMENT when exports is not an array of 2 to
 *   8 ExportInputs or an option is unknown; NOT_INITIALIZED before init();
 *   INTERNAL when the module fails (out of memory, a bug).
 */
export declare function pipeline(exports: ExportInput[], options?: PipelineOptions): Pipeline;

/** pipeline() as text: byte for byte what `flagplan pipeline EXPORT... --format json` prints for the same exports, labels and order. */
export declare function pipelineJson(exports: ExportInput[], options?: PipelineOptions): string;

/**
 * Whether the target drifted since a saved plan: the engine's check_drift(),
 * the rule of `flagplan check PLAN.json TARGET` and of the apply script's
 * drift guard (every flag the plan's selected steps touch, against the
 * plan's baseline; and the target's environment against the plan's).
 * @param planText the plan.json's text
 * @param targetText the live target export's text
 * @throws FlagplanError INVALID_ARGUMENT when an argument is not a string; NOT_INITIALIZED before init().
 */
export declare function checkDrift(planText: string, targetText: string, labels?: { planLabel?: string; targetLabel?: string }): DriftCheckResult;

/**
 * The module's heap figures and live sessions.
 * @throws FlagplanError NOT_INITIALIZED before init().
 */
export declare function memoryStats(): MemoryStats;

/**
 * An analysis kept in the module, whose selection can change and which can
 * be rendered in any format. Made by analyze(); call delete() when done.
 * Every method but delete() throws FlagplanError SESSION_DELETED after delete().
 */
export declare class PlanSession {
  private constructor();
  /** True after delete(). */
  readonly deleted: boolean;
  /** The analysis JSON text, byte for byte the CLI's `--format json` output. */
  analysisJson(): string;
  /** The analysis as an object (parsed once per selection state; shared, do not modify). */
  analysis(): Analysis;
  /**
   * The analysis without its steps, plus stepCount (parsed once per
   * selection state; shared, do not modify). Cheap at any plan size: it
   * never writes the steps.
   */
  overview(): AnalysisOverview;
  /** overview() as one line of JSON text (the members in the analysis JSON's order, `stepCount` after `blocked`). */
  overviewJson(): string;
  /**
   * overviewJson() in parts, for a reader that parses a large overview piece
   * by piece (a PlanWorker's sessions do, one part per task, so 30,000
   * findings never hold the page's thread for 50 ms): [the overview with
   * `diagnostics: []`, then the diagnostics as one-line JSON arrays of at
   * most `perPart` each, in order]. Appending each later part's items to
   * part 0's `diagnostics` gives overview(). If the module fails to render
   * it: one part, `{"diagnostics": [the failure]}` (as overviewJson() gives it).
   * @param perPart findings per part, a positive integer
   * @throws FlagplanError INVALID_ARGUMENT (perPart not a positive integer), SESSION_DELETED, INTERNAL
   */
  overviewParts(perPart: number): string[];
  /**
   * Steps [offset, offset + limit) exactly as analysis().steps holds them,
   * changes included: fewer at the end of the plan, [] past it. A new array
   * on every call.
   * @throws FlagplanError INVALID_ARGUMENT when offset or limit is not a non-negative integer; INTERNAL when the module cannot make the page (the message says why, e.g. the heap could not grow).
   */
  steps(offset: number, limit: number): Step[];
  /**
   * Every step in columns, without its changes (a new table on every call).
   * @throws FlagplanError INTERNAL when the module cannot make the table (the message says why).
   */
  stepTable(): StepTable;
  /**
   * Both exports side by side, every flag key of either, field by field
   * (see Comparison). `unchanged: false` leaves the unchanged flags out of
   * `flags` (the summary still counts them): for 100,000 flags per side about
   * a third of the text and of the time. A new object on every call.
   * @throws FlagplanError INVALID_ARGUMENT for options other than { unchanged?: boolean }; INTERNAL when the module cannot make it (the message says why).
   */
  comparison(options?: { unchanged?: boolean }): Comparison;
  /**
   * Selects step `id` and, transitively, the steps it depends on.
   * An id not in the plan gives selection.unknown_id (selection unchanged).
   * @throws FlagplanError INVALID_ARGUMENT when `id` is not an integer.
   */
  select(id: number): SelectionChange;
  /**
   * Unselects step `id` and, transitively, every step that depends on it.
   * @throws FlagplanError INVALID_ARGUMENT when `id` is not an integer.
   */
  unselect(id: number): SelectionChange;
  /** FlagFlow's "Add value steps": selects every SET_VALUE with its prerequisites. */
  addValueSteps(): SelectionChange;
  /**
   * Acknowledges guard.mass_delete (`true`; it becomes a warning and stops
   * blocking) or withdraws it (`false`). The selection is unchanged.
   * @throws FlagplanError INVALID_ARGUMENT when `allow` is not a boolean.
   */
  allowMassDelete(allow: boolean): SelectionChange;
  /**
   * Exactly the steps `ids` (no closure), checked: selection.unknown_id,
   * selection.duplicate_id (warning), selection.missing_prerequisite.
   * With `how.withPrerequisites`, the steps `ids` and the steps they depend
   * on (select() of each id in turn from nothing): `also` lists those added;
   * only selection.unknown_id (that id skipped). The page applies a kept
   * selection (a link's, a saved one) so.
   * @throws FlagplanError INVALID_ARGUMENT when `ids` is not an array of
   *   integers or `how` is not {withPrerequisites?: boolean}.
   */
  setSelection(ids: number[], how?: { withPrerequisites?: boolean }): SelectionChange;
  /**
   * Plans the same exports again with other options (mode, renames,
   * walkStages, select...), in place: nothing is parsed or validated again,
   * so it costs the planning alone (the page's option toggles). Afterwards
   * the session holds what analyze(source, target, options) returns (with
   * the first analysis' limits); step ids and the selection are the new
   * plan's, and earlier overview()/analysis() objects are stale.
   *
   * With `how.keepSelection`, the selection the session had is kept where
   * its steps still exist: a step of the new plan with the mode, flag key
   * (and, a RENAME, old key) of a step of the old one is selected as that
   * step was; other steps (a new RENAME, a stage walk's links) as the new
   * plan selects them; prerequisites are added as select() adds them (the
   * page's "your selection where it still applies"). It then returns what
   * it kept.
   * @returns undefined; with keepSelection, KeptSelection
   * @throws FlagplanError INVALID_ARGUMENT for options analyze() refuses or
   *   a `how` that is not {keepSelection?: boolean}; INTERNAL when the
   *   module failed (the session then holds an empty, blocked analysis with
   *   that diagnostic).
   */
  replan(options?: AnalyzeOptions, how?: { keepSelection?: boolean }): KeptSelection | undefined;
  /**
   * Renders the analysis as `format` (see renderers()). An unknown format or
   * an executable format of a blocked analysis gives ok = false with a diagnostic.
   * @throws FlagplanError INVALID_ARGUMENT when `format` is not a string or options are malformed.
   */
  render(format: string, options?: RenderOptions): Rendered;
  /**
   * For every renderers() format, the diagnostics render() would refuse it
   * with now, without rendering (the engine's refusal(), render/render.hpp):
   * plan.blocked (an executable format of a blocked analysis),
   * plan.nothing_selected (`sh`, `rollback` with no step selected); an empty
   * array when it would render. A new object on every call.
   */
  refusals(): Record<string, Diagnostic[]>;
  /** Frees the session's module memory. Idempotent; never throws SESSION_DELETED. */
  delete(): void;
}

/** Progress of a PlanWorker request. */
export interface ProgressEvent {
  /** "reading" (inputs, by bytes), "planning" (one engine call: parse, validate, plan, select -- reported at its start and end only), "rendering". */
  phase: 'reading' | 'planning' | 'rendering';
  /** Progress of the whole request, 0-100, never decreasing. analyze(): reading 0-40, planning 40-90, rendering the overview 90-100. */
  percent: number;
  /** Reading only: bytes read so far. */
  loaded?: number;
  /** Reading only: bytes to read in all. */
  total?: number;
}

/** Callbacks of a PlanWorker request. */
export interface ProgressCallbacks {
  /** Called for each progress event (exceptions it throws are ignored). */
  onProgress?: (event: ProgressEvent) => void;
}

/** Options of new PlanWorker(). */
export interface PlanWorkerOptions {
  /** Load the debug build in the worker. Default false. */
  debug?: boolean;
  /** Where worker.js is served; default: the package's worker.js, found relative to this library. */
  url?: string | URL;
}

/**
 * The engine in a Web Worker (node: worker_threads), behind promises, so
 * large exports never block the page. Requests run one at a time, in order.
 * Every promise rejects with FlagplanError WORKER_FAILED if the worker
 * cannot start or crashes, WORKER_TERMINATED after terminate(), and
 * INIT_FAILED when the module cannot be loaded in it.
 */
export declare class PlanWorker {
  /**
   * Starts the worker and loads the module in it.
   * @throws FlagplanError INVALID_ARGUMENT for malformed options.
   */
  constructor(options?: PlanWorkerOptions);
  /** Resolves once the module is loaded in the worker. */
  ready(): Promise<void>;
  /**
   * analyze() in the worker; Blobs and Files are read there (both at once,
   * 4 MiB at a time). The session arrives with its overview(); read the
   * steps with steps() / stepTable() (or analysis(), the whole JSON).
   * @throws (rejects) FlagplanError INVALID_ARGUMENT as analyze() does.
   */
  analyze(source: WorkerExportInput | RemotePreparedExport, target: WorkerExportInput | RemotePreparedExport, options?: AnalyzeOptions, callbacks?: ProgressCallbacks): Promise<RemotePlanSession>;
  /**
   * prepareExport() in the worker (a Blob is read there): pass the handle to
   * analyze() as `side`, which then reads only the other export.
   * @throws (rejects) FlagplanError INVALID_ARGUMENT for another side or input that is not text/bytes/Blob; analyze() rejects a handle already given to it, prepared as the other side or by another PlanWorker.
   */
  prepare(input: WorkerExportInput, side: 'source' | 'target'): Promise<RemotePreparedExport>;
  /** memoryStats() of the worker's module. */
  memoryStats(): Promise<MemoryStats>;
  /** renderers() of the worker's module (asked once), so a page needs no module of its own. */
  renderers(): Promise<readonly Readonly<RendererInfo>[]>;
  /** changeRules() of the worker's module (asked once). */
  changeRules(): Promise<readonly Readonly<ChangeRule>[]>;
  /** stepModes() of the worker's module (asked once). */
  stepModes(): Promise<readonly Readonly<StepModeInfo>[]>;
  /** promotionOrder() in the worker. */
  promotionOrder(a: string, b: string): Promise<-1 | 0 | 1>;
  /** checkPlanFile() in the worker; `text` may also be a Blob. */
  checkPlanFile(text: string | Blob, label?: string): Promise<Diagnostic[]>;
  /** checkDrift() in the worker; `plan` and `target` may also be Blobs (read there). */
  checkDrift(plan: string | Blob, target: string | Blob, labels?: { planLabel?: string; targetLabel?: string }): Promise<DriftCheckResult>;
  /** pipeline() in the worker; exports may also be Blobs/Files (read in the worker). Same errors, as rejections. */
  pipeline(exports: WorkerExportInput[], options?: PipelineOptions): Promise<Pipeline>;
  /** version() of the worker's module. */
  version(): Promise<string>;
  /**
   * Runs one small synthetic analysis (about 1,400 flags per side) in the
   * worker and frees it, so the browser optimizes the engine's code before
   * the first real analysis (Chromium compiles WebAssembly with a baseline
   * compiler and optimizes a function only once it has run for a while:
   * the first analysis of a 10,000-flag pair took about 290 ms cold and
   * 130-180 ms warm). Call it once after ready(), before the user's exports
   * arrive; requests made meanwhile wait for it (tens of milliseconds).
   * Later calls return the first call's promise.
   */
  warmUp(): Promise<void>;
  /** Stops the worker; pending and later requests reject with WORKER_TERMINATED. Idempotent. */
  terminate(): void;
}

/**
 * A PlanSession living in a PlanWorker: the same operations, as promises,
 * which reject with FlagplanError SESSION_DELETED after delete().
 */
export declare class RemotePlanSession {
  private constructor();
  /** True after delete(). */
  readonly deleted: boolean;
  /** PlanSession.analysisJson(). */
  analysisJson(): Promise<string>;
  /** PlanSession.analysis(). */
  analysis(): Promise<Analysis>;
  /**
   * PlanSession.overview() (the overview arrives with the session: no
   * request). It comes in parts of 2,000 findings (overviewParts()), parsed
   * one part per task.
   */
  overview(): Promise<AnalysisOverview>;
  /** PlanSession.overviewJson(). */
  overviewJson(): Promise<string>;
  /**
   * PlanSession.steps() in the worker.
   * @throws (rejects) FlagplanError INVALID_ARGUMENT when offset or limit is not a non-negative integer.
   */
  steps(offset: number, limit: number): Promise<Step[]>;
  /** PlanSession.stepTable() in the worker; its typed arrays are transferred, not copied. */
  stepTable(): Promise<StepTable>;
  /** PlanSession.select(). */
  select(id: number): Promise<SelectionChange>;
  /** PlanSession.unselect(). */
  unselect(id: number): Promise<SelectionChange>;
  /** PlanSession.addValueSteps(). */
  addValueSteps(): Promise<SelectionChange>;
  /** PlanSession.setSelection(). */
  setSelection(ids: number[], how?: { withPrerequisites?: boolean }): Promise<SelectionChange>;
  /** PlanSession.allowMassDelete(). */
  allowMassDelete(allow: boolean): Promise<SelectionChange>;
  /** PlanSession.comparison() in the worker. */
  comparison(options?: { unchanged?: boolean }): Promise<Comparison>;
  /** PlanSession.replan() in the worker (no progress events: it is the planning alone). */
  replan(options?: AnalyzeOptions, how?: { keepSelection?: boolean }): Promise<KeptSelection | undefined>;
  /** PlanSession.render(); progress phase "rendering" at 0 and 100. */
  render(format: string, options?: RenderOptions, callbacks?: ProgressCallbacks): Promise<Rendered>;
  /** PlanSession.refusals(). */
  refusals(): Promise<Record<string, Diagnostic[]>>;
  /** Frees the session in the worker. Idempotent. */
  delete(): Promise<void>;
}
