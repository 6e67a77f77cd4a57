/**
 * What a proxy worker runs: the gateway engine, its upstream pools and the proxy listeners —
 * GatewayNode's parts without the status listener (the primary serves status). Built from the
 * parts rather than through GatewayNode so that a worker applies its first config *before* it
 * listens: a replacement worker must never answer "no configuration yet" to a client while its
 * siblings serve the running config.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { SecureContext } from 'node:tls';
import type { ListenAddress } from '@gatehouse/config';
import { createBalancer, createUpstreamPools, Engine, ProxyServer } from '@gatehouse/gateway';
import type { GatewayPlugin, PoolSet } from '@gatehouse/gateway';
import type { Logger } from 'pino';
import { validateConfig } from './validate-config.js';
import type { Running, WireConfig, WorkerStats } from './worker-messages.js';

export interface WorkerGatewayOptions {
  readonly logger: Logger;
  readonly plugins: readonly GatewayPlugin[];
  readonly listen: readonly ListenAddress[];
  readonly defaultCertificate: SecureContext | null;
  readonly accessLog: boolean;
}

export type WorkerApply = { readonly ok: true; readonly running: Running } | { readonly ok: false; readonly code: string; readonly message: string };

/** Node's HTTP servers publish every request here; a worker's only HTTP servers are its proxy listeners. */
const REQUEST_START = 'http.server.request.start';

export class WorkerGateway {
  readonly engine: Engine;
  readonly #pools: PoolSet;
  readonly #log: Logger;
  #proxy: ProxyServer | null = null;
  #requests = 0;
  readonly #countRequest = (): void => {
    this.#requests += 1;
  };
  #closing: Promise<void> | null = null;

  private constructor(opts: WorkerGatewayOptions) {
    this.#log = opts.logger;
    this.#pools = createUpstreamPools();
    const balancerLog = opts.logger.child({ component: 'balancer' });
    this.engine = new Engine({
      logger: opts.logger,
      plugins: opts.plugins,
      defaultCertificate: opts.defaultCertificate,
      createUpstream: (upstream, targets) => createBalancer(upstream, targets, { logger: balancerLog }),
    });
  }

  /** Applies `initial` (when the node has a config), then opens the proxy listeners. */
  static async start(opts: WorkerGatewayOptions, initial: WireConfig | null): Promise<WorkerGateway> {
    const gateway = new WorkerGateway(opts);
    if (initial) {
      const applied = gateway.apply(initial);
      if (!applied.ok) throw Object.assign(new Error(applied.message), { code: applied.code });
    }
    subscribe(REQUEST_START, gateway.#countRequest);
    try {
      gateway.#proxy = await ProxyServer.start({ engine: gateway.engine, logger: opts.logger, pools: gateway.#pools, listen: opts.listen, defaultCertificate: opts.defaultCertificate, accessLog: opts.accessLog });
    } catch (err) {
      await gateway.close(0);
      throw err;
    }
    return gateway;
  }

  /** Validates a config from the primary as any config (this worker's plugin schemas, the hash), then swaps it in. */
  apply(wire: WireConfig): WorkerApply {
    const valid = validateConfig(wire.config, wire.meta.hash, this.engine.registry);
    if (!valid.ok) return valid;
    const applied = this.engine.apply(valid.config, wire.meta);
    return applied.ok ? { ok: true, running: this.running()! } : applied;
  }

  running(): Running | null {
    const meta = this.engine.current?.meta;
    return meta ? { version: meta.version, hash: meta.hash } : null;
  }

  stats(): WorkerStats {
    const mem = process.memoryUsage();
    return { config: this.running(), connections_active: this.#proxy?.connections() ?? 0, requests: this.#requests, rss: mem.rss, heap_used: mem.heapUsed };
  }

  /** Stops accepting, lets in-flight requests finish within `graceMs`, then closes the engine and pools. */
  close(graceMs: number): Promise<void> {
    this.#closing ??= (async () => {
      this.#log.info({ graceMs }, 'worker draining: no new connections; letting in-flight requests finish');
      await this.#proxy?.close(graceMs);
      unsubscribe(REQUEST_START, this.#countRequest);
      await this.engine.close();
      await this.#pools.close();
    })();
    return this.#closing;
  }
}
