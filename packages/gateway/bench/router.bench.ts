// Router benchmark (not a test): `npx tsx bench/router.bench.ts` from packages/gateway.
// 10,000 generated routes; compile time (median of several builds); per-lookup median and
// p99 over 200k lookups (70% aimed at a route, 30% at nothing); memory after loading; and
// the same requests through the linear reference router for the ratio. Bounded to ~1 min.
// With --json it prints one JSON line, {"result": {...}}, for the suite in packages/bench.
import { availableParallelism, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { compileLinearRouter, compileRouter } from '../src/router/index.js';
import type { Router, RouterRequest } from '../src/router/index.js';
import { generateRequests, generateRoutes } from './router-fixtures.js';

const ROUTES = Number(process.env.ROUTES ?? 10_000);
const LOOKUPS = Number(process.env.LOOKUPS ?? 200_000);
const LINEAR_LOOKUPS = Number(process.env.LINEAR_LOOKUPS ?? 4_000);
const BUILDS = 7;
const BUDGET_MS = 50_000;
const JSON_MODE = process.argv.includes('--json');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const started = performance.now();

function median(sorted: Float64Array | number[]): number {
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;
}
function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1) + ' MiB';
}
function us(ns: number): string {
  return (ns / 1000).toFixed(2) + ' µs';
}

/** Times each lookup alone (ns); stops early if the time budget runs out. */
function timeLookups(router: Router, requests: readonly RouterRequest[], limit: number): Float64Array {
  const times = new Float64Array(Math.min(limit, requests.length));
  let n = 0;
  for (; n < times.length; n++) {
    const req = requests[n] as RouterRequest;
    const t0 = process.hrtime.bigint();
    router.match(req);
    times[n] = Number(process.hrtime.bigint() - t0);
    if ((n & 15) === 0 && performance.now() - started > BUDGET_MS) break;
  }
  return times.subarray(0, n).sort();
}

function timerOverheadNs(): number {
  const times = new Float64Array(50_000);
  for (let i = 0; i < times.length; i++) {
    const t0 = process.hrtime.bigint();
    times[i] = Number(process.hrtime.bigint() - t0);
  }
  return median(times.sort());
}

// --- load --------------------------------------------------------------------------------
gc();
const heapBase = process.memoryUsage().heapUsed;
const routes = generateRoutes(ROUTES);
const requests = generateRequests(routes, LOOKUPS, 0.7);
gc();
const heapInput = process.memoryUsage().heapUsed;

const buildTimes: number[] = [];
let router: Router | null = null;
for (let i = 0; i < BUILDS; i++) {
  router = null;
  gc();
  const t0 = performance.now();
  router = compileRouter(routes, { cacheSize: 0 });
  buildTimes.push(performance.now() - t0);
}
if (router === null) throw new Error('no router built');
const indexed: Router = router;
gc();
const afterLoad = process.memoryUsage();
const routerHeap = afterLoad.heapUsed - heapInput;

// --- lookups -----------------------------------------------------------------------------
const overhead = timerOverheadNs();
for (let i = 0; i < 20_000; i++) indexed.match(requests[i % requests.length] as RouterRequest); // warm-up
const indexedTimes = timeLookups(indexed, requests, LOOKUPS);

const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (const req of requests) indexed.match(req);
const cpu = process.cpuUsage(cpu0);
const throughput = requests.length / ((performance.now() - t0) / 1000);
const cpuPerLookupNs = ((cpu.user + cpu.system) * 1000) / requests.length;

const cached = compileRouter(routes, { cacheSize: 4096 });
// 1,000 distinct requests, the low-numbered ones far more often (a crude hot set)
const skewed = requests.map((_, i) => requests[Math.floor(((i * 7919) % 1000) ** 2 / 1000) * 20] as RouterRequest);
const cachedTimes = timeLookups(cached, skewed, LOOKUPS);

const linear = compileLinearRouter(routes);
for (let i = 0; i < 200; i++) linear.match(requests[i] as RouterRequest); // warm-up
const linearTimes = timeLookups(linear, requests, LINEAR_LOOKUPS);

const sameSubset = timeLookups(indexed, requests, linearTimes.length); // indexed, same requests as linear

let mismatches = 0;
let hits = 0;
for (let i = 0; i < linearTimes.length; i++) {
  const req = requests[i] as RouterRequest;
  const a = indexed.match(req)?.route.id ?? null;
  if (a !== null) hits++;
  if (a !== (linear.match(req)?.route.id ?? null)) mismatches++;
}

// --- report ------------------------------------------------------------------------------
const builds = [...buildTimes].sort((a, b) => a - b);
const stats = indexed.stats;
const ratio = (a: Float64Array, b: Float64Array, f: (x: Float64Array) => number): string => (f(a) / f(b)).toFixed(0);
const rows: [string, string, string][] = [
  ['compile (median of 7)', `${median(builds).toFixed(1)} ms`,
    `min ${builds[0]?.toFixed(1)} ms, max ${builds.at(-1)?.toFixed(1)} ms`],
  ['lookup median, indexed', us(median(indexedTimes)), `${indexedTimes.length} lookups, no cache, timer ~${overhead} ns`],
  ['lookup p99, indexed', us(quantile(indexedTimes, 0.99)),
    `p99.9 ${us(quantile(indexedTimes, 0.999))}, max ${us(indexedTimes.at(-1) ?? NaN)}`],
  ['throughput, indexed', `${(throughput / 1e6).toFixed(2)} M/s`, `batch loop; CPU time ${us(cpuPerLookupNs)} per lookup`],
  ['lookup median / p99, cached', `${us(median(cachedTimes))} / ${us(quantile(cachedTimes, 0.99))}`,
    'cache 4096, 1,000 hot requests repeated'],
  ['lookup median, linear scan', us(median(linearTimes)), `${linearTimes.length} lookups, p99 ${us(quantile(linearTimes, 0.99))}`],
  ['linear / indexed', `${ratio(linearTimes, sameSubset, median)}x median`,
    `${ratio(linearTimes, sameSubset, mean)}x mean, same ${linearTimes.length} requests`],
  ['agreement with linear', `${mismatches} mismatches`, `${hits} of ${linearTimes.length} requests matched a route`],
  ['router heap after GC', mib(routerHeap), `generated routes + requests: ${mib(heapInput - heapBase)}`],
  ['process after load', `rss ${mib(afterLoad.rss)}`, `heapUsed ${mib(afterLoad.heapUsed)}`],
];
if (JSON_MODE) {
  const result = {
    routes: stats.routes,
    matchers: stats.entries,
    compileMs: { median: median(builds), min: builds[0], max: builds.at(-1), builds: builds.length },
    lookupNs: { median: median(indexedTimes), p99: quantile(indexedTimes, 0.99), count: indexedTimes.length, timerOverhead: overhead },
    cachedNs: { median: median(cachedTimes), p99: quantile(cachedTimes, 0.99) },
    linearNs: { median: median(linearTimes), p99: quantile(linearTimes, 0.99), count: linearTimes.length },
    linearOverIndexed: { median: median(linearTimes) / median(sameSubset), mean: mean(linearTimes) / mean(sameSubset) },
    mismatches,
    routerHeapBytes: routerHeap,
  };
  process.stdout.write(JSON.stringify({ result }) + '\n');
} else {
  console.log(`\nrouter benchmark: ${stats.routes} routes -> ${stats.entries} matchers (${stats.exactHosts} exact hosts, ` +
    `${stats.wildcardHosts} wildcard keys, ${stats.regexEntries} regex)`);
  console.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ` +
    `${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  for (const [label, value, note] of rows) console.log(`${label.padEnd(28)} ${value.padStart(22)}   ${note}`);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
if (mismatches > 0) process.exitCode = 1;

function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}
