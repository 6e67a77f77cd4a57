/**
 * The proxy step's figures and ratios from its per-round samples: medians over rounds for
 * each proxy, ratios between those medians with the goals, and the per-round spread
 * of each ratio (the same ratio taken round by round), which shows how noisy the run was.
 */
import type { LoadSample } from '../load-generators.js';
import { integer, median } from '../stats.js';
import { figure, ratio } from '../step-types.js';
import type { Figure, Goal, Ratio } from '../step-types.js';

/** One round against one proxy: the load generator's figures and the proxy's CPU time per request. */
export interface RoundSample extends LoadSample {
  /** CPU time (user + system) of the proxy's processes per request, in µs; null without /proc. */
  cpuUsPerRequest?: number | null;
}

export const GOALS: Record<'vsFastify' | 'vsNginx' | 'plugins' | 'p99VsNginx', Goal> = {
  vsFastify: { op: '>=', value: 1.25 },
  vsNginx: { op: '>=', value: 0.45 },
  plugins: { op: '>=', value: 0.85 },
  p99VsNginx: { op: '<=', value: 2 },
};

interface Summary {
  rps: number;
  p50: number;
  p99: number;
  /** Median CPU µs per request, or null when not measured. */
  cpu: number | null;
  perRound: RoundSample[];
}

function summarise(samples: RoundSample[]): Summary {
  const cpu = samples.map((s) => s.cpuUsPerRequest).filter((x): x is number => typeof x === 'number');
  return {
    rps: median(samples.map((s) => s.requestsPerSec)),
    p50: median(samples.map((s) => s.latencyMs.p50)),
    p99: median(samples.map((s) => s.latencyMs.p99)),
    cpu: cpu.length === samples.length ? median(cpu) : null,
    perRound: samples,
  };
}

type Measure = 'rps' | 'p99' | 'cpu';

/** The value a ratio compares, per round. Requests per CPU-second, so "higher is better" like req/s. */
function pick(of: Measure): (s: RoundSample) => number {
  if (of === 'rps') return (s) => s.requestsPerSec;
  if (of === 'p99') return (s) => s.latencyMs.p99;
  return (s) => 1 / (s.cpuUsPerRequest ?? NaN);
}

function value(of: Measure, s: Summary): number {
  return of === 'cpu' ? 1 / (s.cpu ?? NaN) : s[of];
}

/** "per round 1.21–1.38×, median 1.30×": the same ratio taken round by round (paired), to show the spread. */
function perRoundSpread(a: Summary, b: Summary, of: Measure): string {
  const f = pick(of);
  const r = a.perRound.flatMap((s, i) => (b.perRound[i] ? [f(s) / f(b.perRound[i])] : [])).sort((x, y) => x - y);
  return r.length > 1 ? `per round ${r[0]!.toFixed(2)}–${r.at(-1)!.toFixed(2)}×, median ${median(r).toFixed(2)}×` : '1 round';
}

export function proxyFigures(targets: readonly { id: string; label: string }[], samples: ReadonlyMap<string, RoundSample[]>): { figures: Figure[]; ratios: Ratio[] } {
  const s = new Map<string, Summary>();
  for (const t of targets) {
    const list = samples.get(t.id);
    if (list && list.length > 0) s.set(t.id, summarise(list));
  }
  const figures: Figure[] = [];
  for (const t of targets) {
    const m = s.get(t.id);
    if (!m) continue;
    const rounds = m.perRound.map((x) => integer(x.requestsPerSec)).join(' / ');
    figures.push(figure(`${t.label}: throughput`, m.rps, 'req/s', `median of ${m.perRound.length}; rounds ${rounds}`));
    figures.push(figure(`${t.label}: latency p50`, m.p50, 'ms'));
    figures.push(figure(`${t.label}: latency p99`, m.p99, 'ms'));
    if (m.cpu !== null) figures.push(figure(`${t.label}: CPU time per request`, m.cpu, 'µs', 'user + system, all its processes'));
  }
  const gh = s.get('gatehouse');
  const pair = (label: string, a: Summary | undefined, b: Summary | undefined, baseline: string, goal: Goal | undefined, of: Measure, missing: string): Ratio | null => {
    if (of === 'cpu' && (a?.cpu == null || b?.cpu == null)) return null;
    if (!a || !b) return ratio(label, null, baseline, goal, missing);
    return ratio(label, value(of, a) / value(of, b), baseline, goal, perRoundSpread(a, b, of));
  };
  const noNginx = 'nginx not measured (see notes)';
  const fastify = s.get('fastify-http-proxy');
  const nginx = s.get('nginx');
  const plugins = s.get('gatehouse-plugins');
  const ratios = [
    pair('Gatehouse DP vs fastify + @fastify/http-proxy, req/s', gh, fastify, 'fastify + @fastify/http-proxy', GOALS.vsFastify, 'rps', 'not measured'),
    pair('Gatehouse DP vs nginx (1 worker), req/s', gh, nginx, 'nginx, 1 worker', GOALS.vsNginx, 'rps', noNginx),
    pair('key-auth + rate-limiting + cors vs no plugins, req/s', plugins, gh, 'Gatehouse DP, no plugins', GOALS.plugins, 'rps', 'not measured'),
    pair('Gatehouse DP p99 vs nginx p99', gh, nginx, 'nginx p99', GOALS.p99VsNginx, 'p99', noNginx),
    pair('Gatehouse DP vs fastify + @fastify/http-proxy, requests per CPU-second', gh, fastify, 'fastify + @fastify/http-proxy', undefined, 'cpu', ''),
    pair('Gatehouse DP vs nginx (1 worker), requests per CPU-second', gh, nginx, 'nginx, 1 worker', undefined, 'cpu', ''),
    pair('key-auth + rate-limiting + cors vs no plugins, requests per CPU-second', plugins, gh, 'Gatehouse DP, no plugins', undefined, 'cpu', ''),
  ].filter((r): r is Ratio => r !== null);
  return { figures, ratios };
}
