/**
 * Fallback cold start: a brand-new data plane, spawn to its first proxied 200, with the control
 * plane down (config imported from fallback storage, a real S3 server on 127.0.0.1) against
 * the same with a live control plane. Runs e2e/bench/cold-start.bench.ts (--json), which uses
 * the built `gatehouse` binary.
 */
import { numberAt, runBenchScript } from '../bench-script.js';
import { integer } from '../stats.js';
import { figure, ratio } from '../step-types.js';
import type { StepDefinition } from '../step-types.js';

const RUNS = 5;

function runs(result: Record<string, unknown>, key: string): string {
  const all = (result[key] as { all?: unknown } | undefined)?.all;
  return Array.isArray(all) ? `runs ${all.map((x) => integer(Number(x))).join(', ')} ms` : '';
}

export const coldStartStep: StepDefinition = {
  id: 'cold-start',
  title: 'fallback cold start',
  timeLimitMs: 90_000,
  async run(ctx) {
    const result = await runBenchScript(ctx, { script: 'e2e/bench/cold-start.bench.ts', env: { BENCH_RUNS: String(RUNS) } });
    const down = numberAt(result, 'cpDownMs.median');
    const up = numberAt(result, 'cpUpMs.median');
    return {
      figures: [
        figure('CP down: config from fallback storage (S3), spawn to first 200', down, 'ms', `median of ${RUNS}; ${runs(result, 'cpDownMs')}`),
        figure('CP up: config from the live control plane, spawn to first 200', up, 'ms', `median of ${RUNS}; ${runs(result, 'cpUpMs')}`),
      ],
      ratios: [ratio('cold start from storage vs from a live CP', down / up, 'live control plane, same run')],
      notes: [`Cold start: ${RUNS} runs each, interleaved; both include the node's own start-up (process spawn, module loading).`],
      raw: result,
    };
  },
};
