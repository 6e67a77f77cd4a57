/**
 * Router lookup and compile at 10,000 generated routes: runs
 * packages/gateway/bench/router.bench.ts (--json). Baseline: the linear reference router
 * (every route tried in Kong's order) on the same requests.
 */
import { numberAt, runBenchScript } from '../bench-script.js';
import { integer, milliseconds } from '../stats.js';
import { figure, ratio } from '../step-types.js';
import type { StepDefinition, StepOutcome } from '../step-types.js';

export const routerStep: StepDefinition = {
  id: 'router',
  title: 'router lookup and compile',
  timeLimitMs: 75_000,
  async run(ctx) {
    ctx.progress('compiling 10,000 routes ×7, timing 200,000 lookups and the linear scan');
    const result = await runBenchScript(ctx, { script: 'packages/gateway/bench/router.bench.ts', env: { ROUTES: '10000' } });
    const routes = integer(numberAt(result, 'routes'));
    const mismatches = numberAt(result, 'mismatches');
    const outcome: StepOutcome = {
      figures: [
        figure(`lookup, ${routes} routes (indexed, no cache), median`, numberAt(result, 'lookupNs.median'), 'ns',
          `p99 ${integer(numberAt(result, 'lookupNs.p99'))} ns over ${integer(numberAt(result, 'lookupNs.count'))} lookups (70% hit a route)`),
        figure(`compile ${routes} routes, median`, numberAt(result, 'compileMs.median'), 'ms',
          `min ${milliseconds(numberAt(result, 'compileMs.min'))} ms, max ${milliseconds(numberAt(result, 'compileMs.max'))} ms of ${numberAt(result, 'compileMs.builds')} builds; ${integer(numberAt(result, 'matchers'))} matchers`),
        figure('lookup, linear scan (baseline), median', numberAt(result, 'linearNs.median'), 'ns', `${integer(numberAt(result, 'linearNs.count'))} lookups`),
      ],
      ratios: [
        ratio('linear scan time ÷ indexed lookup time, median', numberAt(result, 'linearOverIndexed.median'), 'linear scan, same requests',
          undefined, `mean ${numberAt(result, 'linearOverIndexed.mean').toFixed(0)}×; ${mismatches} disagreements with the linear router`),
      ],
      notes: [],
      raw: result,
    };
    if (mismatches > 0) outcome.failure = `the indexed router disagreed with the linear one on ${mismatches} requests`;
    return outcome;
  },
};
