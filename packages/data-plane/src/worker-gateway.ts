/**
 * What a proxy worker runs: a GatewayNode with the proxy listeners and no status listener (the
 * primary serves status). Its first config is applied *before* it listens (GatewayNode's
 * initialConfig): a replacement worker must never answer "no configuration yet" to a client
 * while its siblings serve the running config.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { SecureContext } from 'node:tls';
import type { ListenAddress } from '@gatehouse/config';
import { GatewayNode } from '@gatehouse/gateway';
import type { Engine, GatewayPlugin } from '@gatehouse/gateway';
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
  readonly #node: GatewayNode;
  #requests = 0;
  readonly #countRequest = (): void => {
    this.#requests += 1;
  };
  #closing: Promise<void> | null = null;

  private constructor(node: GatewayNode) {
    this.#node = node;
  }

  get engine(): Engine {
    return this.#node.engine;
  }

  /** Applies `initial` (when the node has a config), then opens the proxy listeners. */
  static async start(opts: WorkerGatewayOptions, initial: WireConfig | null): Promise<WorkerGateway> {
    const initialConfig = initial
      ? (engine: Engine) => {
          const valid = validateConfig(initial.config, initial.meta.hash, engine.registry);
          if (!valid.ok) throw Object.assign(new Error(valid.message), { code: valid.code });
          return { config: valid.config, meta: initial.meta };
        }
      : undefined;
    const node = await GatewayNode.start({
      logger: opts.logger,
      proxyListen: opts.listen,
      statusListen: [],
      plugins: opts.plugins,
      defaultCertificate: opts.defaultCertificate,
      accessLog: opts.accessLog,
      ...(initialConfig ? { initialConfig } : {}),
    });
    const gateway = new WorkerGateway(node);
    subscribe(REQUEST_START, gateway.#countRequest);
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
    return { config: this.running(), connections_active: this.#node.connections(), requests: this.#requests, rss: mem.rss, heap_used: mem.heapUsed };
  }

  /** Stops accepting, lets in-flight requests finish within `graceMs`, then closes the engine and pools. */
  close(graceMs: number): Promise<void> {
    this.#closing ??= (async () => {
      await this.#node.close(graceMs);
      unsubscribe(REQUEST_START, this.#countRequest);
    })();
    return this.#closing;
  }
}
