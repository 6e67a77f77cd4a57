// Keep-alive connection pools to upstream peers: one undici Pool per origin (`http://ip:port`)
// and connection settings, owned by one config snapshot. When the snapshot is retired, close()
// lets in-flight requests finish and then closes every connection; destroy() does not wait.

import { Pool } from 'undici';
import { preciseConnector } from './precise-connect.js';
import { ProxyError } from './proxy-errors.js';

export interface UpstreamPoolOptions {
  /** Idle time before a kept-alive connection is closed (Kong's upstream_keepalive_idle_timeout). Default 60 s. */
  readonly keepAliveTimeoutMs?: number;
  /** Most connections per origin; null for no limit (Kong's default). */
  readonly connections?: number | null;
  /** Requests in flight per connection (HTTP/1.1 pipelining); 1 disables it. Default 1. */
  readonly pipelining?: number;
  /** Requests per connection before it is recycled (Kong's upstream_keepalive_max_requests). Default 10000. */
  readonly maxRequestsPerConnection?: number;
}

/** What else, besides the origin, makes two connections interchangeable. */
export interface ConnectionSettings {
  /** service.connect_timeout in ms. */
  readonly connectTimeoutMs: number;
  /** Verify the upstream certificate (https only). */
  readonly tlsVerify?: boolean | undefined;
}

export interface PoolSetStats {
  readonly pools: number;
  readonly connected: number;
  readonly free: number;
  readonly running: number;
  readonly pending: number;
}

export interface PoolSet {
  /** The pool for `origin` (`http://10.0.0.1:8080`) with these settings, created on first use. */
  get(origin: string, settings: ConnectionSettings): Pool;
  /** Pools created so far. */
  readonly size: number;
  readonly closed: boolean;
  stats(): PoolSetStats;
  /** Waits for in-flight requests, then closes every connection. get() fails afterwards. */
  close(): Promise<void>;
  /** Aborts in-flight requests and closes every connection now. */
  destroy(): Promise<void>;
}

const DEFAULT_KEEPALIVE_MS = 60_000;

class UpstreamPools implements PoolSet {
  readonly #pools = new Map<string, Pool>();
  readonly #opts: Required<UpstreamPoolOptions>;
  #closed = false;
  #ending: Promise<void> | undefined;

  constructor(opts: UpstreamPoolOptions) {
    this.#opts = {
      keepAliveTimeoutMs: opts.keepAliveTimeoutMs ?? DEFAULT_KEEPALIVE_MS,
      connections: opts.connections ?? null,
      pipelining: opts.pipelining ?? 1,
      maxRequestsPerConnection: opts.maxRequestsPerConnection ?? 10_000,
    };
  }

  get size(): number {
    return this.#pools.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get(origin: string, settings: ConnectionSettings): Pool {
    if (this.#closed) {
      throw new ProxyError('GW_ERR_PROXY_POOLS_CLOSED', `the upstream pools were closed; cannot reach ${origin}`);
    }
    const https = origin.startsWith('https:');
    const verify = https && settings.tlsVerify === true;
    const key = `${origin}|${settings.connectTimeoutMs}|${verify ? 'verify' : ''}`;
    let pool = this.#pools.get(key);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: this.#opts.connections,
        pipelining: this.#opts.pipelining,
        keepAliveTimeout: this.#opts.keepAliveTimeoutMs,
        keepAliveMaxTimeout: Math.max(this.#opts.keepAliveTimeoutMs, 1_000),
        maxRequestsPerClient: this.#opts.maxRequestsPerConnection,
        // Per-request headersTimeout/bodyTimeout are always given; these are fallbacks.
        headersTimeout: 60_000,
        bodyTimeout: 60_000,
        connect: preciseConnector(settings.connectTimeoutMs, https ? { rejectUnauthorized: verify } : null),
      });
      this.#pools.set(key, pool);
    }
    return pool;
  }

  stats(): PoolSetStats {
    const total = { pools: this.#pools.size, connected: 0, free: 0, running: 0, pending: 0 };
    for (const pool of this.#pools.values()) {
      const s = pool.stats;
      total.connected += s.connected;
      total.free += s.free;
      total.running += s.running;
      total.pending += s.pending;
    }
    return total;
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#ending ??= Promise.all([...this.#pools.values()].map((pool) => pool.close())).then(() => undefined);
    return this.#ending;
  }

  async destroy(): Promise<void> {
    this.#closed = true;
    const live = [...this.#pools.values()].filter((pool) => !pool.destroyed);
    await Promise.all(live.map((pool) => pool.destroy()));
  }
}

/** A PoolSet for one config snapshot. */
export function createUpstreamPools(opts: UpstreamPoolOptions = {}): PoolSet {
  return new UpstreamPools(opts);
}
