/**
 * What the three most common plugins cost: the same route with key-auth + rate-limiting + cors
 * vs with no plugins, each gateway in its own process, both to the same upstream, interleaved
 * over several rounds; autocannon sends every request with an API key and an Origin. Reports
 * medians and the ratio (issue goal ≥ 0.85×; Kong publishes about 0.72× for a similar set).
 * Loopback only; bounded (ROUNDS × 2 × DURATION seconds). Run after a build:
 *   npm run bench -w @gatehouse/plugins
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
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

const headers = { apikey: 'bench-key', origin: 'https://app.example.com' };

async function measure(port: number): Promise<Sample> {
  const r = await autocannon({ url: `http://127.0.0.1:${port}/bench`, connections: CONNECTIONS, duration: DURATION, pipelining: 1, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const upstreamPort = await startServer('../../gateway/bench/servers/upstream.mjs');
const upstream = `http://127.0.0.1:${upstreamPort}`;
const targets = {
  'no plugins': await startServer('./servers/gatehouse-plugins.mjs', [upstream, 'none']),
  'key-auth + rate-limiting + cors': await startServer('./servers/gatehouse-plugins.mjs', [upstream, 'plugins']),
};
const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
process.stdout.write(`plugin cost: ${ROUNDS} rounds × ${DURATION} s, ${CONNECTIONS} connections, interleaved\n`);
for (const port of Object.values(targets)) await autocannon({ url: `http://127.0.0.1:${port}/warm`, connections: 10, duration: 2, headers });
for (let round = 1; round <= ROUNDS; round++) {
  // Alternate which goes first, so neither always runs on a warmer machine.
  const order = round % 2 === 1 ? Object.entries(targets) : Object.entries(targets).reverse();
  for (const [name, port] of order) {
    const s = await measure(port);
    samples[name]!.push(s);
    process.stdout.write(`  round ${round} ${name}: ${s.rps.toFixed(0)} req/s, p99 ${s.p99} ms, errors ${s.errors}, non-2xx ${s.non2xx}\n`);
  }
}
const base = median(samples['no plugins']!.map((s) => s.rps));
process.stdout.write('\n| route | req/s (median) | p50 ms | p99 ms | vs no plugins |\n| --- | --- | --- | --- | --- |\n');
for (const [name, list] of Object.entries(samples)) {
  const rps = median(list.map((s) => s.rps));
  process.stdout.write(`| ${name} | ${rps.toFixed(0)} | ${median(list.map((s) => s.p50))} | ${median(list.map((s) => s.p99))} | ${(rps / base).toFixed(2)}× |\n`);
}
const failed = Object.values(samples).flat().some((s) => s.errors > 0 || s.non2xx > 0);
if (failed) process.stdout.write('\nsome requests failed or were not 2xx: the figures above are not valid\n');
process.exit(failed ? 1 : 0);
