/**
 * The benchmark suite: `npm run bench` at the repository root (it builds first). Runs every
 * step in its own process under its own time limit, all on 127.0.0.1, prints progress for
 * each, then writes results/latest.json and results/latest.md and prints the table. Exits
 * non-zero if any step failed.
 *
 *   --only <id,id>   run some steps (ids: proxy-throughput, config-propagation, cold-start,
 *                    router, config-load, dp-memory)
 *   env BENCH_ROUNDS, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_LOAD_GENERATOR=wrk|autocannon,
 *       BENCH_NGINX=off: the proxy step's shape; BENCH_VERBOSE=1 echoes the steps' output.
 */
import { join } from 'node:path';
import { loadAverage, machineInfo } from './machine-info.js';
import { renderMarkdown, writeReport } from './report.js';
import type { SuiteReport } from './report.js';
import { BENCH_ROOT } from './repo-paths.js';
import { runStep } from './step-runner.js';
import type { RunningStep } from './step-runner.js';
import type { StepDefinition, StepResult } from './step-types.js';
import { STEPS } from './steps/index.js';

/** The whole suite stays under 10 minutes: no step starts with less than this left. */
const SUITE_BUDGET_MS = 9.5 * 60_000;
const MIN_STEP_MS = 10_000;

function selectSteps(args: string[]): StepDefinition[] {
  const at = args.indexOf('--only');
  if (at === -1) return [...STEPS];
  const ids = (args[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = ids.filter((id) => !STEPS.some((s) => s.id === id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new Error(`--only ${unknown.join(',') || '(nothing)'}: steps are ${STEPS.map((s) => s.id).join(', ')}`);
  }
  return STEPS.filter((s) => ids.includes(s.id));
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<number> {
  const steps = selectSteps(process.argv.slice(2));
  const machine = machineInfo();
  const date = new Date().toISOString();
  const started = performance.now();
  const deadline = started + SUITE_BUDGET_MS;
  say(`Gatehouse benchmark suite: ${steps.length} steps; ${machine.cpus} CPUs, node ${machine.node}, load average ${machine.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}`);

  let running: RunningStep | undefined;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    say(`${signal}: stopping the current step`);
    running?.stop(`interrupted by ${signal}`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const results: StepResult[] = [];
  for (const [i, step] of steps.entries()) {
    const prefix = `[${i + 1}/${steps.length}] ${step.title}`;
    const left = deadline - performance.now();
    if (interrupted || left < MIN_STEP_MS) {
      const failure = interrupted ? 'not run: the suite was interrupted' : "not run: the suite's 10-minute budget is spent";
      say(`${prefix}: ${failure}`);
      results.push({ id: step.id, title: step.title, status: 'failed', failure, durationMs: 0, timeLimitMs: 0, figures: [], ratios: [], notes: [] });
      continue;
    }
    const limit = Math.min(step.timeLimitMs, left);
    say(`${prefix}: starting (time limit ${Math.round(limit / 1000)} s)`);
    running = runStep(step, limit, (text) => say(`${prefix}: ${text}`));
    const result = await running.result;
    running = undefined;
    results.push(result);
    const took = `${(result.durationMs / 1000).toFixed(0)} s`;
    say(result.status === 'ok' ? `${prefix}: done in ${took}` : `${prefix}: FAILED after ${took}: ${result.failure ?? ''}`);
  }

  machine.loadAverageAfter = loadAverage();
  const report: SuiteReport = { date, durationMs: performance.now() - started, machine, steps: results, ok: results.every((r) => r.status === 'ok') };
  const files = await writeReport(join(BENCH_ROOT, 'results'), report);
  say('');
  say(renderMarkdown(report));
  say(`Written: ${files.json}, ${files.markdown}`);
  return report.ok ? 0 : 1;
}

process.exitCode = await main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  return 2;
});
