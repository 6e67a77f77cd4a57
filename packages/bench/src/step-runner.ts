/**
 * Runs one step in a child process (src/step-process.ts) under a time limit. An overrunning
 * step's process group gets SIGTERM (its @gatehouse/testkit registry then kills the servers it
 * started), then SIGKILL after a grace period; the step is reported failed either way.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { StepMessage } from './step-process.js';
import type { StepDefinition, StepOutcome, StepResult } from './step-types.js';

const STEP_PROCESS = fileURLToPath(new URL('./step-process.ts', import.meta.url));
const KILL_GRACE_MS = 3_000;
const OUTPUT_TAIL = 20;

export interface RunningStep {
  result: Promise<StepResult>;
  /** Stops the step now (e.g. the suite was interrupted); it is reported failed with `reason`. */
  stop(reason: string): void;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

export function runStep(step: StepDefinition, limitMs: number, progress: (text: string) => void): RunningStep {
  const started = performance.now();
  const child = fork(STEP_PROCESS, [step.id], {
    execArgv: ['--import', 'tsx'],
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output: string[] = [];
  const verbose = (process.env['BENCH_VERBOSE'] ?? '') !== '';
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      if (verbose) process.stderr.write(`  [${step.id}] ${line}\n`);
      output.push(line);
      if (output.length > OUTPUT_TAIL) output.shift();
    });
  }
  let outcome: StepOutcome | undefined;
  let error: string | undefined;
  let stopReason: string | undefined;
  child.on('message', (raw) => {
    const message = raw as StepMessage;
    if (message.type === 'progress') progress(message.text);
    else if (message.type === 'outcome') outcome = message.outcome;
    else if (message.type === 'error') error = message.message;
  });
  let escalate: NodeJS.Timeout | undefined;
  const stop = (reason: string) => {
    if (stopReason !== undefined) return;
    stopReason = reason;
    signalGroup(child, 'SIGTERM');
    escalate = setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS);
  };
  const limit = setTimeout(() => stop(`overran its time limit of ${Math.round(limitMs / 1000)} s and was killed`), limitMs);
  const result = new Promise<StepResult>((resolve) => {
    child.once('exit', (code, signal) => {
      clearTimeout(limit);
      clearTimeout(escalate);
      // Whatever the step left behind in its own process group goes too.
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // the group is empty: nothing was left behind
        }
      }
      const base = { id: step.id, title: step.title, durationMs: performance.now() - started, timeLimitMs: limitMs };
      const tail = output.length > 0 ? `\n${output.join('\n')}` : '';
      if (stopReason === undefined && outcome !== undefined) {
        resolve({ ...base, ...outcome, status: outcome.failure === undefined ? 'ok' : 'failed' });
        return;
      }
      const failure = stopReason ?? error ?? `step process ${signal ? `was killed by ${signal}` : `exited with code ${String(code)}`} without a result${tail}`;
      resolve({ ...base, figures: outcome?.figures ?? [], ratios: outcome?.ratios ?? [], notes: outcome?.notes ?? [], status: 'failed', failure });
    });
  });
  return { result, stop };
}
