// Proxy-core benchmark (not a test): `npx tsx bench/proxy-core.bench.ts` from packages/gateway.
// A node:http gateway calling proxyRequest (headers rebuilt, undici pool, Kong headers added)
// against the same gateway doing a plain keep-alive `http.request` pipe, both in front of one
// tiny origin, loaded by testkit's loadGenerator over keep-alive connections. Everything runs in
// this one process, so absolute numbers are low and the ratio is what to read. Bounded to ~40 s.
import { Agent, createServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { loadGenerator } from '@gatehouse/testkit';
import type { LoadResult } from '@gatehouse/testkit';
import type { NoPeer, Peer, PeerSource } from '../src/upstream-types.js';
import { buildUpstreamHeaders, createUpstreamPools, proxyRequest } from '../src/proxy/index.js';

const WARMUP_MS = Number(process.env.WARMUP_MS ?? 1_000);
const RUN_MS = Number(process.env.RUN_MS ?? 6_000);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const BODY = Buffer.from(JSON.stringify({ ok: true, padding: 'x'.repeat(512) }));

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string; port: number }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, port };
}

const origin = await listen((req, res) => {
  req.resume();
  req.once('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length });
    res.end(BODY);
  });
});

const target: Peer = { key: 'bench', targetId: null, host: '127.0.0.1', port: origin.port, hostname: '127.0.0.1' };
const peers: PeerSource = {
  pick: (): Peer | NoPeer => target,
  acquire: () => undefined,
  release: () => undefined,
  report: () => undefined,
};
const pools = createUpstreamPools();
const timeouts = { connect: 60_000, write: 60_000, read: 60_000 };
let requestCounter = 0;

const gatehouse = await listen((req, res) => {
  const requestId = String(++requestCounter);
  const headers = buildUpstreamHeaders(req, { scheme: 'http', requestId });
  proxyRequest({
    req,
    res,
    method: req.method ?? 'GET',
    upstreamPath: req.url ?? '/',
    upstreamScheme: 'http',
    headers,
    peers,
    timeouts,
    retries: 5,
    requestId,
    hostHeader: { preserveHost: false },
    pools,
  }).catch(() => res.destroy());
});

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const plainPipe = await listen((req, res) => {
  const upstream = request(
    { host: '127.0.0.1', port: origin.port, method: req.method, path: req.url, headers: req.headers, agent },
    (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
});

async function load(url: string, durationMs: number): Promise<LoadResult> {
  return loadGenerator({ url: `${url}/bench?q=1`, concurrency: CONCURRENCY, durationMs, maxDurationMs: durationMs + 5_000 });
}

const rate = (r: LoadResult): number => (r.ok / r.durationMs) * 1000;
const line = (name: string, r: LoadResult): string =>
  `${name.padEnd(22)} ${rate(r).toFixed(0).padStart(7)} req/s  p50 ${r.latencyMs.p50.toFixed(2)} ms  p99 ${r.latencyMs.p99.toFixed(2)} ms  failed ${r.failed}`;

console.log(`proxy-core bench: ${availableParallelism()} CPUs, load ${loadavg()[0]?.toFixed(2)}, concurrency ${CONCURRENCY}, ${ROUNDS} x ${RUN_MS} ms per setup`);
await load(gatehouse.url, WARMUP_MS);
await load(plainPipe.url, WARMUP_MS);
const totals = { gatehouse: 0, plain: 0 };
for (let round = 1; round <= ROUNDS; round++) {
  const g = await load(gatehouse.url, RUN_MS);
  const p = await load(plainPipe.url, RUN_MS);
  totals.gatehouse += rate(g);
  totals.plain += rate(p);
  console.log(`round ${round}`);
  console.log('  ' + line('proxyRequest (undici)', g));
  console.log('  ' + line('http.request pipe', p));
}
console.log(
  `mean: proxyRequest ${(totals.gatehouse / ROUNDS).toFixed(0)} req/s, plain pipe ${(totals.plain / ROUNDS).toFixed(0)} req/s, ` +
    `ratio ${(totals.gatehouse / totals.plain).toFixed(2)}x`,
);

agent.destroy();
await pools.close();
for (const s of [gatehouse, plainPipe, origin]) {
  s.server.closeAllConnections();
  await new Promise((resolve) => s.server.close(resolve));
}
