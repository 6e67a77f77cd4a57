// A tiny gateway for the proxy-core tests: a node:http server on 127.0.0.1 that builds the
// upstream headers and calls proxyRequest (and proxyUpgrade for upgrades) with a PeerSource
// that walks a fixed list of peers in order, recording every pick, report, acquire and release.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { NoPeer, Peer, PeerOutcome, PeerSource } from '../../src/upstream-types.js';
import {
  buildUpstreamHeaders,
  createUpstreamPools,
  proxyRequest,
  proxyUpgrade,
} from '../../src/proxy/index.js';
import type {
  PoolSet,
  ProxyContext,
  ProxyOutcome,
  UpgradeOutcome,
  UpstreamHeaderOptions,
} from '../../src/proxy/index.js';

export function peer(port: number, hostname = '127.0.0.1', host = '127.0.0.1'): Peer {
  return { key: `t|${host}:${port}`, targetId: 't', host, port, hostname };
}

/** Picks the first peer not tried yet, else cycles; `empty` makes every pick fail. */
export class ListPeers implements PeerSource {
  readonly picks: string[] = [];
  readonly reports: { peer: string; outcome: PeerOutcome }[] = [];
  active = 0;
  acquired = 0;
  released = 0;

  constructor(private readonly peers: Peer[]) {}

  pick(_hashKey: string | undefined, tried: ReadonlySet<string>): Peer | NoPeer {
    const fresh = this.peers.find((p) => !tried.has(p.key));
    const chosen = fresh ?? this.peers[tried.size % Math.max(1, this.peers.length)];
    if (chosen === undefined) return { error: 'GW_ERR_UPSTREAM_NO_PEER', message: 'no targets' };
    this.picks.push(chosen.key);
    return chosen;
  }
  acquire(): void {
    this.active += 1;
    this.acquired += 1;
  }
  release(): void {
    this.active -= 1;
    this.released += 1;
  }
  report(p: Peer, outcome: PeerOutcome): void {
    this.reports.push({ peer: p.key, outcome });
  }
}

export type ContextOverrides = Partial<Omit<ProxyContext, 'req' | 'res' | 'headers' | 'pools' | 'peers'>>;

export interface TestProxyOptions {
  peers: PeerSource;
  /** Per-request context fields; `headerOptions` feeds buildUpstreamHeaders. */
  context?: (req: IncomingMessage) => ContextOverrides;
  headerOptions?: (req: IncomingMessage) => Partial<UpstreamHeaderOptions>;
  pools?: PoolSet;
}

export interface TestProxy {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly pools: PoolSet;
  readonly outcomes: ProxyOutcome[];
  readonly upgrades: UpgradeOutcome[];
  /** Resolves once `n` requests (or upgrades, with `upgrades: true`) have finished. */
  settled(n: number, upgrades?: boolean): Promise<void>;
  close(): Promise<void>;
}

export const FAST_TIMEOUTS = { connect: 1_000, write: 5_000, read: 5_000 };

export async function startProxy(opts: TestProxyOptions): Promise<TestProxy> {
  const pools = opts.pools ?? createUpstreamPools();
  const outcomes: ProxyOutcome[] = [];
  const upgrades: UpgradeOutcome[] = [];
  const sockets = new Set<Duplex>();
  let waiters: (() => void)[] = [];
  const notify = (): void => {
    const current = waiters;
    waiters = [];
    for (const wake of current) wake();
  };
  const common = (req: IncomingMessage, upgrade: boolean) => {
    const overrides = opts.context?.(req) ?? {};
    const headers = buildUpstreamHeaders(req, {
      scheme: 'http',
      requestId: 'req-1',
      upgrade,
      ...opts.headerOptions?.(req),
    });
    return {
      upstreamPath: req.url ?? '/',
      upstreamScheme: 'http' as const,
      headers,
      peers: opts.peers,
      timeouts: FAST_TIMEOUTS,
      retries: 0,
      requestId: 'req-1',
      hostHeader: { preserveHost: false, clientHost: req.headers.host },
      ...overrides,
    };
  };
  const server = createServer((req, res) => {
    const ctx: ProxyContext = { req, res, method: req.method ?? 'GET', pools, ...common(req, false) };
    proxyRequest(ctx)
      .then((outcome) => outcomes.push(outcome))
      .catch((err: unknown) => outcomes.push({ status: -1, errorCode: String(err) } as unknown as ProxyOutcome))
      .finally(notify);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    proxyUpgrade(req, socket, head, common(req, true))
      .then((outcome) => upgrades.push(outcome))
      .catch((err: unknown) => upgrades.push({ status: -1, errorCode: String(err) } as unknown as UpgradeOutcome))
      .finally(notify);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    pools,
    outcomes,
    upgrades,
    async settled(n, ofUpgrades = false) {
      const list = (): unknown[] => (ofUpgrades ? upgrades : outcomes);
      const deadline = Date.now() + 10_000;
      while (list().length < n) {
        if (Date.now() > deadline) throw new Error(`only ${list().length} of ${n} proxied requests finished`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pools.destroy();
    },
  };
}

/** Polls `check` every 20 ms until it is true or `ms` passed. */
export async function eventually(check: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A port that never completes a TCP handshake: a child process listens with a backlog of one
 * and blocks its event loop, and the accept queue is filled, so further SYNs are dropped.
 */
export async function startBlackhole(): Promise<{ port: number; close(): void }> {
  const code =
    "const s=require('net').createServer().listen({port:0,host:'127.0.0.1',backlog:1},()=>{" +
    'console.log(s.address().port);setTimeout(()=>Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,60000),50)})';
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
  });
  await new Promise((resolve) => setTimeout(resolve, 150));
  const fillers: Socket[] = [];
  for (let i = 0; i < 8; i++) {
    const filler = connect({ host: '127.0.0.1', port });
    filler.on('error', () => undefined);
    fillers.push(filler);
    const connected = await new Promise<boolean>((resolve) => {
      filler.once('connect', () => resolve(true));
      setTimeout(() => resolve(false), 200);
    });
    if (!connected) break;
  }
  return {
    port,
    close() {
      for (const filler of fillers) filler.destroy();
      child.kill('SIGKILL');
    },
  };
}
