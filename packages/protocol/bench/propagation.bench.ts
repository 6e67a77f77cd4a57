// Time from ClusterServer.publish() until all 50 connected nodes have ACKed, for a 1,000-route
// and a 10,000-route generated config (goals: p99 ≤ 250 ms and ≤ 1.5 s). Three figures:
//   light — 50 nodes that ACK on a frame's arrival: the control plane's serialise + gzip +
//           fan-out over TLS + the ACKs, i.e. everything but the nodes' own work;
//   node  — one node's own work on receipt (bounded gunzip, sha256, JSON parse);
//   full  — 50 real ClusterClients doing that work. On one small machine their work is
//           serialised on its few cores; a real cluster does it in parallel on separate hosts,
//           so a real cluster's latency is about light + node.
// Run: npx tsx bench/propagation.bench.ts (BENCH_NODES, BENCH_PUBLISHES to change the shape).
// With --json: {"progress": "..."} lines, then one {"result": {...}} line (for packages/bench).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { configHash, normaliseConfig } from '@gatehouse/config';
import type { NormalisedConfig } from '@gatehouse/config';
import { compressConfig, decompressConfig, generateSharedCert, sizeLimits } from '../src/index.js';
import type { ClusterLogger } from '../src/index.js';

const NODES = Number(process.env['BENCH_NODES'] ?? 50);
const PUBLISHES = Number(process.env['BENCH_PUBLISHES'] ?? 10);
const PROCESSES = Math.max(1, Math.min(4, availableParallelism()));
const SIZES = [1000, 10_000];
// Publishes are spaced past the batching window, so each one takes the "first change at once" path.
const PUSH_INTERVAL_MS = 100;
const DEADLINE = Date.now() + 115_000;
const JSON_MODE = process.argv.includes('--json');
type Percentiles = { p50: number; p99: number };
const results: Record<'light' | 'node' | 'full', Record<number, Percentiles & Record<string, number>>> = { light: {}, node: {}, full: {} };
const say = (line: string): void => {
  process.stdout.write(JSON_MODE ? JSON.stringify({ progress: line.replace(/\s+/g, ' ') }) + '\n' : `${line}\n`);
};

// Outside this package's rootDir: imported by URL, typed by what the bench uses.
interface AckEvent { version: number; latency_ms: number }
interface FrameStats { version: number; bytes: number; size: number; compress_ms: number }
interface Server {
  publish(change: { version: number; hash: string; config: unknown }): void;
  on(event: 'ack', listener: (e: AckEvent) => void): unknown;
  on(event: 'frame', listener: (e: FrameStats) => void): unknown;
  registry: { summary(): { connected: number } };
  addresses(): { port: number }[];
  close(): Promise<void>;
}
const { ClusterServer } = (await import(new URL('../../control-plane/src/cluster/index.ts', import.meta.url).href)) as {
  ClusterServer: { start(options: object): Promise<Server> };
};
const { generateConfig } = (await import(new URL('../../config/bench/generate-config.ts', import.meta.url).href)) as {
  generateConfig: (routes: number) => Record<string, unknown>;
};

const quiet: ClusterLogger = { debug() {}, info() {}, warn() {}, error: (obj, msg) => process.stderr.write(`${msg} ${JSON.stringify(obj)}\n`) };
const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * values.length) - 1)] ?? NaN;
const ms = (n: number) => `${n.toFixed(0).padStart(5)} ms`;

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  while (!check()) {
    if (Date.now() > DEADLINE) throw new Error(`benchmark over its time budget waiting for ${what}`);
    await sleep(2);
  }
}

const pair = await generateSharedCert();
const configs = new Map<number, NormalisedConfig>();
for (const routes of SIZES) {
  const result = normaliseConfig(generateConfig(routes));
  if (!result.ok) throw new Error('generated config is invalid');
  configs.set(routes, result.config);
}
let version = 0;

async function nodeWork(config: NormalisedConfig): Promise<number[]> {
  const compressed = await compressConfig(config);
  const message = { type: 'config' as const, version: 1, hash: compressed.hash, size: compressed.size, payload: compressed.payload };
  const times: number[] = [];
  for (let i = 0; i < PUBLISHES; i++) {
    const started = performance.now();
    const result = await decompressConfig(message, sizeLimits());
    if (!result.ok) throw new Error(result.error);
    times.push(performance.now() - started);
  }
  return times;
}

async function phase(mode: 'light' | 'full'): Promise<void> {
  const server = await ClusterServer.start({
    listen: [{ host: '127.0.0.1', port: 0 }], tls: { mode: 'shared', cert: pair.certPem, key: pair.keyPem },
    version: '0.1.0', plugins: [], pushIntervalMs: PUSH_INTERVAL_MS, logger: quiet,
  });
  const acks = new Map<number, number[]>();
  const frames = new Map<number, FrameStats>();
  server.on('ack', (e) => acks.set(e.version, [...(acks.get(e.version) ?? []), e.latency_ms]));
  server.on('frame', (f) => frames.set(f.version, f));
  const children: ChildProcess[] = [];
  for (let p = 0; p < PROCESSES; p++) {
    const count = Math.floor(NODES / PROCESSES) + (p < NODES % PROCESSES ? 1 : 0);
    const script = new URL('./propagation-nodes.ts', import.meta.url).pathname;
    children.push(spawn(process.execPath, ['--import', 'tsx', script, String(server.addresses()[0]!.port), String(count), mode], {
      env: { ...process.env, BENCH_CERT: pair.certPem, BENCH_KEY: pair.keyPem },
      stdio: ['pipe', 'inherit', 'inherit'],
    }));
  }
  try {
    await waitUntil(() => server.registry.summary().connected === NODES, `${NODES} ${mode} nodes to connect`);
    for (const routes of SIZES) {
      const base = configs.get(routes)!;
      const allAcked: number[] = [];
      const compress: number[] = [];
      for (let i = 0; i <= PUBLISHES; i++) {
        const v = ++version;
        // One edit per publish (a service renamed), as an operator's change would be.
        const [first, ...rest] = base.services;
        const config = { ...base, services: [{ ...first!, name: `edited-${v}` }, ...rest] };
        await sleep(PUSH_INTERVAL_MS + 20);
        server.publish({ version: v, hash: configHash(config), config });
        await waitUntil(() => (acks.get(v)?.length ?? 0) === NODES, `all ACKs of version ${v}`);
        if (i === 0) continue; // warm-up
        allAcked.push(Math.max(...acks.get(v)!));
        compress.push(frames.get(v)?.compress_ms ?? NaN);
      }
      const frame = frames.get(version)!;
      results[mode][routes] = { p50: pct(allAcked, 50), p99: pct(allAcked, 99), compressP50: pct(compress, 50), gzipBytes: frame.bytes, jsonBytes: frame.size };
      say(
        `${mode.padEnd(5)} ${String(routes).padStart(6)} routes: all ${NODES} ACKed p50 ${ms(pct(allAcked, 50))}  p99 ${ms(pct(allAcked, 99))}` +
          `  (CP serialise+gzip p50 ${ms(pct(compress, 50))}, ${(frame.bytes / 1024).toFixed(0)} KiB gzip of ${(frame.size / 1048576).toFixed(2)} MiB)`,
      );
    }
  } finally {
    for (const child of children) child.stdin?.end();
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : Promise.resolve())));
    await server.close();
  }
}

say(`propagation: ${NODES} nodes in ${PROCESSES} child processes, ${availableParallelism()} cores, ${PUBLISHES} publishes per size (+1 warm-up)`);
await phase('light');
for (const routes of SIZES) {
  const times = await nodeWork(configs.get(routes)!);
  results.node[routes] = { p50: pct(times, 50), p99: pct(times, 99) };
  say(`node  ${String(routes).padStart(6)} routes: one node's receive work p50 ${ms(pct(times, 50))}  p99 ${ms(pct(times, 99))}`);
}
await phase('full');
if (JSON_MODE) process.stdout.write(JSON.stringify({ result: { nodes: NODES, publishes: PUBLISHES, processes: PROCESSES, ...results } }) + '\n');
