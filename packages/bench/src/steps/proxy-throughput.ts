/**
 * Proxy throughput and latency: Gatehouse DP (no plugins), Gatehouse DP with key-auth +
 * rate-limiting + cors, bare fastify + @fastify/http-proxy and nginx (1 worker, when
 * installed), each in its own process, all in front of the same keep-alive upstream. Rounds
 * are interleaved (the order alternates every round, so no target always runs on a warmer or
 * quieter machine); figures are medians over rounds, ratios are between those medians.
 */
import { pickLoadGenerator } from '../load-generators.js';
import type { GeneratorChoice, LoadGenerator } from '../load-generators.js';
import { groupCpuMs } from '../process-cpu.js';
import { integer, milliseconds } from '../stats.js';
import type { StepContext, StepDefinition, StepOutcome } from '../step-types.js';
import { startFastifyHttpProxy } from '../targets/fastify-http-proxy.js';
import { startGatehouseDp } from '../targets/gatehouse-dp.js';
import { findNginx, nginxVersion, startNginx } from '../targets/nginx.js';
import type { ProxyTarget } from '../targets/target.js';
import { startUpstream } from '../targets/upstream.js';
import { proxyFigures } from './proxy-figures.js';
import type { RoundSample } from './proxy-figures.js';

export interface ProxyThroughputOptions {
  rounds: number;
  durationSec: number;
  warmupSec: number;
  connections: number;
  generator: GeneratorChoice;
  /** Include nginx when it is installed. */
  nginx: boolean;
}


function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}=${raw}: expected a positive number`);
  return n;
}

export function proxyOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ProxyThroughputOptions {
  const generator = (env['BENCH_LOAD_GENERATOR'] ?? 'auto') as GeneratorChoice;
  if (!['auto', 'wrk', 'autocannon'].includes(generator)) throw new Error(`BENCH_LOAD_GENERATOR=${generator}: expected wrk, autocannon or auto`);
  const durationSec = positiveNumber(env, 'BENCH_DURATION', 4);
  return {
    // Short rounds, many of them: on a shared machine the noise moves over tens of seconds,
    // so neighbouring rounds see about the same machine.
    rounds: Math.max(1, Math.round(positiveNumber(env, 'BENCH_ROUNDS', 6))),
    durationSec,
    // Long enough for V8 to optimise the hot path: the first seconds under load run slower.
    warmupSec: Math.min(3, durationSec),
    connections: Math.round(positiveNumber(env, 'BENCH_CONNECTIONS', 50)),
    generator,
    nginx: env['BENCH_NGINX'] !== 'off',
  };
}

interface Started {
  targets: ProxyTarget[];
  notes: string[];
  close(): Promise<string[]>;
}

async function startTargets(options: ProxyThroughputOptions, ctx: StepContext): Promise<Started> {
  const closers: (() => Promise<void>)[] = [];
  const notes: string[] = [];
  const close = async (): Promise<string[]> => {
    const problems: string[] = [];
    for (const c of closers.reverse()) await c().catch((err: unknown) => problems.push(`shutdown: ${(err as Error).message}`));
    return problems;
  };
  try {
    const upstream = await startUpstream();
    closers.push(() => upstream.close());
    const nginxBin = options.nginx ? findNginx() : null;
    if (!options.nginx) notes.push('nginx left out (BENCH_NGINX=off): its ratios are not measured.');
    else if (nginxBin === null) notes.push('nginx is not installed (no nginx on PATH or in /usr/sbin): its ratios are not measured.');
    ctx.progress(`upstream on ${upstream.url}; starting ${nginxBin ? 4 : 3} proxies`);
    const starting: Promise<ProxyTarget>[] = [
      startGatehouseDp(upstream.url, { plugins: false }),
      startGatehouseDp(upstream.url, { plugins: true }),
      startFastifyHttpProxy(upstream.url),
    ];
    if (nginxBin !== null) starting.push(startNginx(nginxBin, upstream.url));
    const settled = await Promise.allSettled(starting);
    const targets: ProxyTarget[] = [];
    const failures: string[] = [];
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') {
        targets.push(s.value);
        closers.push(() => s.value.close());
      } else if (i === 3) {
        notes.push(`nginx (${nginxBin}) did not start, its ratios are not measured: ${(s.reason as Error).message}`);
      } else {
        failures.push((s.reason as Error).message);
      }
    });
    if (failures.length > 0) throw new Error(`a proxy did not start: ${failures.join('; ')}`);
    if (nginxBin !== null && targets.some((t) => t.id === 'nginx')) notes.push(`nginx ${await nginxVersion(nginxBin)} from ${nginxBin}.`);
    for (const target of targets) await target.verify();
    return { targets, notes, close };
  } catch (err) {
    await close();
    throw err;
  }
}

function describe(sample: RoundSample): string {
  const problems = sample.errors + sample.non2xx > 0 ? `, ${sample.errors} errors, ${sample.non2xx} non-2xx` : '';
  const cpu = sample.cpuUsPerRequest == null ? '' : `, ${integer(sample.cpuUsPerRequest)} µs CPU/req`;
  return `${integer(sample.requestsPerSec)} req/s (p50 ${milliseconds(sample.latencyMs.p50)} ms, p99 ${milliseconds(sample.latencyMs.p99)} ms${cpu}${problems})`;
}

async function measureRounds(targets: ProxyTarget[], generator: LoadGenerator, options: ProxyThroughputOptions, ctx: StepContext): Promise<Map<string, RoundSample[]>> {
  const samples = new Map<string, RoundSample[]>(targets.map((t) => [t.id, []]));
  const load = (t: ProxyTarget, durationSec: number) =>
    generator.run({ url: t.url, connections: options.connections, durationSec, headers: t.headers, signal: ctx.signal });
  for (const t of targets) {
    ctx.progress(`warm-up ${t.label} (${options.warmupSec} s)`);
    await load(t, options.warmupSec);
  }
  for (let round = 1; round <= options.rounds; round++) {
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const t of order) {
      ctx.progress(`round ${round}/${options.rounds} ${t.label} ...`);
      const cpuBefore = groupCpuMs(t.pid);
      const loaded = await load(t, options.durationSec);
      const cpuAfter = groupCpuMs(t.pid);
      const cpu = cpuBefore !== null && cpuAfter !== null && loaded.requests > 0 ? ((cpuAfter - cpuBefore) * 1000) / loaded.requests : null;
      const s: RoundSample = { ...loaded, cpuUsPerRequest: cpu };
      samples.get(t.id)!.push(s);
      ctx.progress(`round ${round}/${options.rounds} ${t.label} ... ${describe(s)}`);
    }
  }
  return samples;
}

export async function runProxyThroughput(ctx: StepContext, options: ProxyThroughputOptions): Promise<StepOutcome> {
  const generator = await pickLoadGenerator(options.generator, options.connections);
  const notes = [
    `Load generator: ${generator.description}; ${options.rounds} interleaved rounds of ${options.durationSec} s per proxy after a ${options.warmupSec} s warm-up; order reversed every other round.`,
  ];
  const started = await startTargets(options, ctx);
  notes.push(...started.notes);
  let samples: Map<string, RoundSample[]>;
  try {
    samples = await measureRounds(started.targets, generator, options, ctx);
  } finally {
    notes.push(...(await started.close()));
  }
  const { figures, ratios } = proxyFigures(started.targets, samples);
  const bad = started.targets.flatMap((t) =>
    samples.get(t.id)!.flatMap((s, i) => (s.errors + s.non2xx > 0 ? [`${t.label} round ${i + 1}: ${s.errors} socket errors/timeouts, ${s.non2xx} non-2xx`] : [])),
  );
  const outcome: StepOutcome = {
    figures,
    ratios,
    notes,
    raw: { generator: generator.description, options, samples: Object.fromEntries(samples), targets: started.targets.map((t) => ({ id: t.id, label: t.label })) },
  };
  if (bad.length > 0) outcome.failure = `requests failed, the figures are not valid: ${bad.join('; ')}`;
  return outcome;
}

export const proxyThroughputStep: StepDefinition = {
  id: 'proxy-throughput',
  title: 'proxy throughput',
  timeLimitMs: 175_000,
  run: (ctx) => runProxyThroughput(ctx, proxyOptionsFromEnv()),
};
