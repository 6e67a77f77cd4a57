/**
 * The engine holds the running snapshot. apply() compiles a new config off the hot path and
 * swaps one reference; requests already running finish on the snapshot they started on, and
 * the old snapshot closes once they have. A config that fails to compile is refused with its
 * error and the running one keeps serving.
 */
import { EventEmitter } from 'node:events';
import type { SecureContext } from 'node:tls';
import { PluginRegistry } from '@gatehouse/config';
import type { NormalisedConfig, Target, Upstream } from '@gatehouse/config';
import type { Logger } from 'pino';
import type { GatewayPlugin } from '../plugins/plugin-contract.js';
import { compileSnapshot } from './compile-snapshot.js';
import type { ConfigMeta, Snapshot, UpstreamRuntime } from './snapshot.js';

export type ApplyResult =
  | { readonly ok: true; readonly meta: ConfigMeta; readonly previous: ConfigMeta | null; readonly compileMs: number }
  | { readonly ok: false; readonly code: string; readonly message: string };

export interface EngineOptions {
  readonly logger: Logger;
  readonly plugins?: readonly GatewayPlugin[];
  readonly createUpstream: (upstream: Upstream, targets: Target[]) => UpstreamRuntime;
  /** Served to TLS clients whose SNI matches no certificate in the config. */
  readonly defaultCertificate?: SecureContext | null;
}

export class Engine extends EventEmitter<{ applied: [ConfigMeta] }> {
  /** Plugin config schemas, for validating configs exactly as this node will run them. */
  readonly registry = new PluginRegistry();
  readonly #plugins = new Map<string, GatewayPlugin>();
  readonly #log: Logger;
  readonly #options: EngineOptions;
  #current: Snapshot | null = null;
  #closed = false;

  constructor(options: EngineOptions) {
    super();
    this.#options = options;
    this.#log = options.logger.child({ component: 'engine' });
    for (const p of options.plugins ?? []) {
      this.#plugins.set(p.name, p);
      this.registry.register(p);
    }
  }

  /** The live snapshot, or null before the first config. */
  get current(): Snapshot | null {
    return this.#current;
  }

  /** The plugins this node runs, with versions (the cluster handshake reports them). */
  pluginVersions(): { name: string; version: string }[] {
    return [...this.#plugins.values()].map((p) => ({ name: p.name, version: p.version }));
  }

  /** Takes a reference on the live snapshot for one request; pair with snapshot.leave(). */
  enter(): Snapshot | null {
    const snap = this.#current;
    snap?.enter();
    return snap;
  }

  apply(config: NormalisedConfig, meta: ConfigMeta): ApplyResult {
    if (this.#closed) return { ok: false, code: 'GW_ERR_ENGINE_CLOSED', message: 'the engine is shutting down' };
    const started = performance.now();
    let next: Snapshot;
    try {
      next = compileSnapshot(config, meta, {
        plugins: this.#plugins,
        createUpstream: this.#options.createUpstream,
        defaultCertificate: this.#options.defaultCertificate ?? null,
      });
    } catch (err) {
      const e = err as Error & { code?: string };
      const code = e.code ?? 'GW_ERR_ENGINE_COMPILE';
      this.#log.error({ err: e, code, hash: meta.hash, version: meta.version }, 'config refused: it does not compile; the running config keeps serving');
      return { ok: false, code, message: e.message };
    }
    const compileMs = performance.now() - started;
    const previous = this.#current;
    this.#current = next;
    next.start();
    if (previous) void this.#retire(previous);
    this.#log.info({ version: meta.version, hash: meta.hash, source: meta.source, compileMs: Math.round(compileMs), routes: config.routes.length }, 'config applied');
    this.emit('applied', meta);
    return { ok: true, meta, previous: previous?.meta ?? null, compileMs };
  }

  async #retire(snap: Snapshot): Promise<void> {
    try {
      await snap.retire();
    } catch (err) {
      this.#log.warn({ err, hash: snap.meta.hash }, 'closing a retired config failed');
    }
  }

  /** Stops taking configs; resolves once the live snapshot has drained and closed. */
  async close(): Promise<void> {
    this.#closed = true;
    const snap = this.#current;
    if (snap) await this.#retire(snap);
  }
}
