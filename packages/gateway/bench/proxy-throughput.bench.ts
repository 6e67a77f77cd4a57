/**
 * Proxy throughput: the Gatehouse engine (one route, no plugins) vs a bare fastify +
 * @fastify/http-proxy server, both forwarding to the same upstream, each in its own process,
 * interleaved over several rounds; autocannon drives the load from this process. Reports
 * medians and the ratio. Loopback only; bounded in time (ROUNDS × 2 × DURATION seconds).
 * Run: npm run bench -w @gatehouse/gateway (after a build).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const DURATION = Number(process.env['BENCH_DURATION'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function startServer(script: string, args: string[] = []): Promise<number> {
  const child = spawn(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function measure(port: number): Promise<Sample> {
  const r = await autocannon({ url: `http://127.0.0.1:${port}/bench`, connections: CONNECTIONS, duration: DURATION, pipelining: 1 });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const upstreamPort = await startServer('./servers/upstream.mjs');
const upstream = `http://127.0.0.1:${upstreamPort}`;
const targets = {
  gatehouse: await startServer('./servers/gatehouse.mjs', [upstream]),
  'fastify + @fastify/http-proxy': await startServer('./servers/fastify-http-proxy.mjs', [upstream]),
};
const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
process.stdout.write(`proxy throughput: ${ROUNDS} rounds × ${DURATION} s, ${CONNECTIONS} connections, interleaved\n`);
for (const port of Object.values(targets)) await autocannon({ url: `http://127.0.0.1:${port}/warm`, connections: 10, duration: 1 });
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, port] of Object.entries(targets)) {
    const s = await measure(port);
    samples[name]!.push(s);
    process.stdout.write(`  round ${round} ${name}: ${s.rps.toFixed(0)} req/s, p99 ${s.p99} ms, errors ${s.errors}, non-2xx ${s.non2xx}\n`);
  }
}
const base = median(samples['fastify + @fastify/http-proxy']!.map((s) => s.rps));
process.stdout.write('\n| proxy | req/s (median) | p50 ms | p99 ms | vs fastify + http-proxy |\n| --- | --- | --- | --- | --- |\n');
for (const [name, list] of Object.entries(samples)) {
  const rps = median(list.map((s) => s.rps));
  process.stdout.write(`| ${name} | ${rps.toFixed(0)} | ${median(list.map((s) => s.p50))} | ${median(list.map((s) => s.p99))} | ${(rps / base).toFixed(2)}× |\n`);
}
process.exit(0);
