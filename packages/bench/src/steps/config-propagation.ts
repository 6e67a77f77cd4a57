/**
 * Config propagation: time from the control plane's publish until every connected node has
 * ACKed, at 1,000 and 10,000 routes. Runs packages/protocol/bench/propagation.bench.ts
 * (--json): "light" nodes ACK on arrival (CP serialise + gzip + TLS fan-out + ACKs), "node" is
 * one node's own receive work (gunzip, hash, parse), "full" is real ClusterClients, whose work
 * a 2-core machine serialises. A real cluster does the node work in parallel on its own hosts,
 * so its latency is about light + node: that estimate is what the goals are checked against.
 */
import { numberAt, runBenchScript } from '../bench-script.js';
import { integer, milliseconds } from '../stats.js';
import { figure, ratio } from '../step-types.js';
import type { Figure, Goal, Ratio, StepDefinition } from '../step-types.js';

const SIZES = [1000, 10_000] as const;
const GOALS: Record<(typeof SIZES)[number], Goal> = { 1000: { op: '<=', value: 250 }, 10_000: { op: '<=', value: 1500 } };

export const configPropagationStep: StepDefinition = {
  id: 'config-propagation',
  title: 'config propagation',
  timeLimitMs: 130_000,
  async run(ctx) {
    // 8 publishes per size (+1 warm-up): the 10,000-route full phase takes seconds per publish here.
    const result = await runBenchScript(ctx, { script: 'packages/protocol/bench/propagation.bench.ts', env: { BENCH_NODES: '50', BENCH_PUBLISHES: '8' } });
    const nodes = numberAt(result, 'nodes');
    const figures: Figure[] = [];
    const ratios: Ratio[] = [];
    for (const routes of SIZES) {
      const at = (path: string) => numberAt(result, `${path.replace('*', String(routes))}`);
      const r = integer(routes);
      const light = { p50: at('light.*.p50'), p99: at('light.*.p99') };
      const node = { p50: at('node.*.p50'), p99: at('node.*.p99') };
      const full = { p50: at('full.*.p50'), p99: at('full.*.p99') };
      const wire = `CP serialise + gzip p50 ${milliseconds(at('light.*.compressP50'))} ms, ${integer(at('light.*.gzipBytes') / 1024)} KiB gzip of ${(at('light.*.jsonBytes') / 2 ** 20).toFixed(2)} MiB`;
      figures.push(
        figure(`${r} routes: all ${nodes} light nodes ACKed, p99`, light.p99, 'ms', `p50 ${milliseconds(light.p50)} ms; ${wire}`),
        figure(`${r} routes: one node's receive work, p99`, node.p99, 'ms', `p50 ${milliseconds(node.p50)} ms (gunzip, sha256, JSON parse)`),
        figure(`${r} routes: all ${nodes} full nodes ACKed, p99`, full.p99, 'ms', `p50 ${milliseconds(full.p50)} ms; ${nodes} ClusterClients sharing this machine's cores`),
        figure(`${r} routes: cluster estimate (light + node), p99`, light.p99 + node.p99, 'ms', 'nodes on their own hosts', GOALS[routes]),
      );
      ratios.push(ratio(`${r} routes: full nodes vs light nodes, p99`, full.p99 / light.p99, 'light nodes (ACK on arrival), same run', undefined, 'what doing the node work on one small machine adds'));
    }
    return {
      figures,
      ratios,
      notes: [`Propagation: ${nodes} nodes in ${numberAt(result, 'processes')} child processes, ${numberAt(result, 'publishes')} publishes per size after a warm-up, over TLS on 127.0.0.1.`],
      raw: result,
    };
  },
};
