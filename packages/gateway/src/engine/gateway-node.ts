/**
 * A running gateway: the engine, its connection pools, the proxy listeners and the status
 * listener, started from node settings and closed gracefully (stop accepting, let in-flight
 * requests finish within a deadline, close pools and health checkers).
 */
import type { SecureContext } from 'node:tls';
import type { ListenAddress, NormalisedConfig } from '@gatehouse/config';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createBalancer } from '../balancer/index.js';
import type { GatewayPlugin } from '../plugins/plugin-contract.js';
import { createUpstreamPools } from '../proxy/index.js';
import type { PoolSet } from '../proxy/index.js';
import { Engine } from './engine.js';
import type { ApplyResult } from './engine.js';
import { ProxyServer } from './proxy-server.js';
import type { ConfigMeta } from './snapshot.js';
import { createStatusApi } from './status-api.js';
import type { StatusApiOptions } from './status-api.js';

export interface GatewayNodeOptions {
  readonly logger: Logger;
  readonly proxyListen: readonly ListenAddress[];
  readonly statusListen: readonly ListenAddress[];
  readonly plugins?: readonly GatewayPlugin[];
  readonly defaultCertificate?: SecureContext | null;
  /** Extra /status sections and readiness conditions, for the data-plane node. */
  readonly extraStatus?: () => Record<string, unknown>;
  readonly notReadyReason?: () => string | null;
  /** One JSON log line per proxied request (setting proxy_access_log); default on. */
  readonly accessLog?: boolean;
  /** More routes on the status listener (e.g. /metrics from the prometheus plugin). */
  readonly statusRoutes?: StatusApiOptions['routes'];
  /**
   * The config to run before the listeners open, so the node never answers "no configuration
   * yet" (a replacement proxy worker joining siblings that serve). Given the engine, so it can
   * be validated with the node's plugin schemas; a throw or a refused config fails start.
   */
  readonly initialConfig?: (engine: Engine) => { readonly config: NormalisedConfig; readonly meta: ConfigMeta };
}

export class GatewayNode {
  readonly engine: Engine;
  readonly #pools: PoolSet;
  readonly #log: Logger;
  #proxy: ProxyServer | null = null;
  readonly #status: FastifyInstance[] = [];
  #closing = false;

  private constructor(opts: GatewayNodeOptions) {
    this.#log = opts.logger;
    this.#pools = createUpstreamPools();
    const balancerLog = opts.logger.child({ component: 'balancer' });
    this.engine = new Engine({
      logger: opts.logger,
      plugins: opts.plugins ?? [],
      defaultCertificate: opts.defaultCertificate ?? null,
      createUpstream: (upstream, targets) => createBalancer(upstream, targets, { logger: balancerLog }),
    });
  }

  static async start(opts: GatewayNodeOptions): Promise<GatewayNode> {
    const node = new GatewayNode(opts);
    try {
      if (opts.initialConfig) {
        const initial = opts.initialConfig(node.engine);
        const applied = node.engine.apply(initial.config, initial.meta);
        if (!applied.ok) throw Object.assign(new Error(applied.message), { code: applied.code });
      }
      node.#proxy = await ProxyServer.start({ engine: node.engine, logger: opts.logger, pools: node.#pools, listen: opts.proxyListen, defaultCertificate: opts.defaultCertificate ?? null, ...(opts.accessLog === undefined ? {} : { accessLog: opts.accessLog }) });
      for (const address of opts.statusListen) {
        const api = createStatusApi({
          engine: node.engine,
          logger: opts.logger,
          connections: () => node.connections(),
          notReadyReason: () => (node.#closing ? 'shutting down' : (opts.notReadyReason?.() ?? null)),
          ...(opts.extraStatus ? { extraStatus: opts.extraStatus } : {}),
          ...(opts.statusRoutes ? { routes: opts.statusRoutes } : {}),
        });
        await api.listen({ host: address.host, port: address.port });
        node.#status.push(api);
        const bound = api.server.address();
        opts.logger.info({ host: address.host, port: bound && typeof bound === 'object' ? bound.port : address.port }, 'status API listening');
      }
    } catch (err) {
      await node.close(0);
      throw err;
    }
    return node;
  }

  apply(config: NormalisedConfig, meta: ConfigMeta): ApplyResult {
    return this.engine.apply(config, meta);
  }

  /** Open client connections on the proxy listeners. */
  connections(): number {
    return this.#proxy?.connections() ?? 0;
  }

  proxyAddresses(): { host: string; port: number; ssl: boolean }[] {
    return this.#proxy?.addresses() ?? [];
  }

  statusAddresses(): { host: string; port: number }[] {
    return this.#status.map((api) => {
      const a = api.server.address();
      return a && typeof a === 'object' ? { host: a.address, port: a.port } : { host: '', port: 0 };
    });
  }

  /** Graceful shutdown: readiness goes to 503, listeners stop accepting, in-flight requests get `graceMs`. */
  async close(graceMs: number): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#log.info({ graceMs }, 'shutting down: no new connections; letting in-flight requests finish');
    await this.#proxy?.close(graceMs);
    await this.engine.close();
    await Promise.allSettled(this.#status.map((api) => api.close()));
    await this.#pools.close();
  }
}
