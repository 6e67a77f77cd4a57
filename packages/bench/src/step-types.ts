/**
 * What a benchmark step returns and what the suite records: figures (a measured value, with
 * an optional goal), ratios against a baseline measured in the same run, and notes.
 */

export interface Goal {
  op: '>=' | '<=';
  value: number;
}

export interface Figure {
  label: string;
  value: number;
  /** 'req/s', 'ms', 'ns', 'bytes'. */
  unit: string;
  detail?: string;
  goal?: Goal;
  met?: boolean;
}

export interface Ratio {
  label: string;
  /** null when one side was not measured (e.g. nginx is not installed); `detail` says why. */
  value: number | null;
  /** What the ratio divides by, in words. */
  baseline: string;
  detail?: string;
  goal?: Goal;
  met?: boolean;
}

/** What a step's `run` resolves with. A `failure` marks the step failed but keeps its figures. */
export interface StepOutcome {
  figures: Figure[];
  ratios: Ratio[];
  notes: string[];
  failure?: string;
  /** Anything else worth keeping in latest.json (per-round samples, raw bench output). */
  raw?: unknown;
}

export interface StepResult extends StepOutcome {
  id: string;
  title: string;
  status: 'ok' | 'failed';
  durationMs: number;
  timeLimitMs: number;
}

export interface StepContext {
  /** One line of progress: "round 2/5 gatehouse (no plugins) ... 9,812 req/s". */
  progress(text: string): void;
  /** Aborted when the step must stop (the suite is interrupted). */
  signal: AbortSignal;
}

export interface StepDefinition {
  id: string;
  title: string;
  timeLimitMs: number;
  run(ctx: StepContext): Promise<StepOutcome>;
}

export function checkGoal(value: number, goal: Goal): boolean {
  return goal.op === '>=' ? value >= goal.value : value <= goal.value;
}

/** A ratio row; `met` is filled in when there is a goal and a value. */
export function ratio(label: string, value: number | null, baseline: string, goal?: Goal, detail?: string): Ratio {
  const r: Ratio = { label, value, baseline };
  if (detail !== undefined) r.detail = detail;
  if (goal !== undefined) {
    r.goal = goal;
    if (value !== null && Number.isFinite(value)) r.met = checkGoal(value, goal);
  }
  return r;
}

export function figure(label: string, value: number, unit: string, detail?: string, goal?: Goal): Figure {
  const f: Figure = { label, value, unit };
  if (detail !== undefined) f.detail = detail;
  if (goal !== undefined) {
    f.goal = goal;
    f.met = checkGoal(value, goal);
  }
  return f;
}
