/**
 * Data-plane memory at 10,000 routes: RSS of a gateway process holding a generated config
 * against the same process with no config (the baseline). Runs
 * packages/gateway/bench/engine-memory.bench.ts (--json).
 */
import { numberAt, runBenchScript } from '../bench-script.js';
import { integer } from '../stats.js';
import { figure, ratio } from '../step-types.js';
import type { StepDefinition } from '../step-types.js';

const RUNS = 3;

export const dpMemoryStep: StepDefinition = {
  id: 'dp-memory',
  title: 'DP memory',
  timeLimitMs: 60_000,
  async run(ctx) {
    const result = await runBenchScript(ctx, { script: 'packages/gateway/bench/engine-memory.bench.ts', env: { BENCH_ROUTES: '10000', BENCH_RUNS: String(RUNS) } });
    const routes = integer(numberAt(result, 'routes'));
    const loaded = numberAt(result, 'loaded.rss');
    const empty = numberAt(result, 'empty.rss');
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    return {
      figures: [
        figure(`RSS with ${routes} routes`, loaded, 'bytes', `median of ${RUNS} fresh processes; JS heap ${mib(numberAt(result, 'loaded.heapUsed'))}`),
        figure('RSS with no config (baseline)', empty, 'bytes', `JS heap ${mib(numberAt(result, 'empty.heapUsed'))}`),
        figure(`RSS added by ${routes} routes`, loaded - empty, 'bytes'),
        figure(`engine.apply() of ${routes} routes (compile + swap)`, numberAt(result, 'loaded.applyMs'), 'ms'),
      ],
      ratios: [ratio(`RSS with ${routes} routes vs empty DP`, loaded / empty, 'empty data plane, same run')],
      notes: [],
      raw: result,
    };
  },
};
