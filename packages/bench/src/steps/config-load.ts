/**
 * Config load at 10,000 routes: read, parse, validate, normalise and hash a generated file in
 * a fresh process, against the same fresh process only parsing the YAML with js-yaml (the
 * parse floor). Runs packages/config/bench/config-load.bench.ts (--json).
 */
import { numberAt, runBenchScript } from '../bench-script.js';
import { integer } from '../stats.js';
import { figure, ratio } from '../step-types.js';
import type { StepDefinition } from '../step-types.js';

const RUNS = 3;

export const configLoadStep: StepDefinition = {
  id: 'config-load',
  title: 'config load',
  timeLimitMs: 70_000,
  async run(ctx) {
    const result = await runBenchScript(ctx, { script: 'packages/config/bench/config-load.bench.ts', env: { BENCH_ROUTES: '10000', BENCH_RUNS: String(RUNS) } });
    const routes = integer(numberAt(result, 'routes'));
    const mb = (numberAt(result, 'yamlBytes') / 1e6).toFixed(1);
    const load = numberAt(result, 'load.coldMs');
    const floor = numberAt(result, 'parseFloor.coldMs');
    return {
      figures: [
        figure(`first load of ${routes} routes (${mb} MB YAML), fresh process`, load, 'ms', `median of ${RUNS}; validate + normalise + hash included`),
        figure('later loads, same process', numberAt(result, 'load.warmMs'), 'ms'),
        figure('parse floor: js-yaml only, fresh process (baseline)', floor, 'ms', `median of ${RUNS}`),
        figure('peak RSS after the first load', numberAt(result, 'load.maxRss'), 'bytes', `parse floor ${(numberAt(result, 'parseFloor.maxRss') / 2 ** 20).toFixed(0)} MiB`),
      ],
      ratios: [ratio('first load vs js-yaml parse floor', load / floor, 'js-yaml parse of the same file, fresh process')],
      notes: [],
      raw: result,
    };
  },
};
