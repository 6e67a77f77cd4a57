/**
 * The data-plane node. Start-up order: local cache (if present) -> control plane ->
 * fallback storage (import on, nothing cached, the CP unreachable) -> not ready (503 with
 * the reason). A backup node is the same node with an exporter and usually no proxy listener. Every config from the
 * control plane is validated with this node's plugin schemas, swapped in through the engine,
 * cached durably and ACKed — or NACKed with the reason while the last good config keeps
 * serving. A version older than the running one is never applied (the cluster client gates it).
 * With proxy worker processes (worker_processes > 1) this node is the primary: it proxies
 * nothing itself, hands every config it accepted to the workers, and ACKs only once all of
 * them run it; if one refuses, the node NACKs and goes back to the last good config.
 */
import { hostname } from 'node:os';
import type { SecureContext } from 'node:tls';
import type { LoadedSettings, NormalisedConfig } from '@gatehouse/config';
import { GatewayNode } from '@gatehouse/gateway';
import type { ApplyResult, ConfigMeta, ConfigSource, GatewayNodeOptions, GatewayPlugin } from '@gatehouse/gateway';
import type { Exporter, ImportedSnapshot } from '@gatehouse/fallback';
import { CAPABILITY_FALLBACK_EXPORT, ClusterClient, loadOrCreateNodeId } from '@gatehouse/protocol';
import type { ConfigEvent, RunningConfig } from '@gatehouse/protocol';
import type { Logger } from 'pino';
import { clusterTlsFromSettings } from './cluster-tls-settings.js';
import { ConfigCache } from './config-cache.js';
import { FallbackImport } from './fallback-import.js';
import type { FallbackImportOptions } from './fallback-import.js';
import { validateConfig } from './validate-config.js';
import type { ValidatedConfig } from './validate-config.js';

/** The node's proxy worker processes, when it has some (WorkerPool). */
export interface DataPlaneWorkers {
  /** Applies a config this node accepted to every worker; resolves once all run it, or with why not. */
  apply(config: NormalisedConfig, meta: ConfigMeta): Promise<{ readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string }>;
  /** Null when every worker runs the current config. */
  notReadyReason(): string | null;
  /** The /status `workers` section. */
  status(): unknown;
}

export interface DataPlaneOptions {
  readonly loaded: LoadedSettings;
  readonly logger: Logger;
  readonly version: string;
  readonly plugins?: readonly GatewayPlugin[];
  /** More routes on the status listener (the prometheus plugin's /metrics). */
  readonly statusRoutes?: GatewayNodeOptions['statusRoutes'];
  /** cluster_fallback_config_import: where a never-configured node reads a config when the CP is away. */
  readonly fallbackImport?: FallbackImportOptions;
  /** A backup node: exports every config from the control plane (cluster_fallback_config_export). */
  readonly exporter?: Pick<Exporter, 'scheduleExport' | 'close'>;
  /** Served by TLS proxy listeners when no certificate in the config matches the SNI. */
  readonly defaultCertificate?: SecureContext | null;
  /** Proxy worker processes: this node then opens no proxy listener and configs go to the workers too. */
  readonly workers?: DataPlaneWorkers;
  /** Test hook: faster reconnects. */
  readonly backoff?: { initialMs: number; maxMs: number };
}

type Applied = ApplyResult | { readonly ok: false; readonly code: string; readonly message: string };

export class DataPlaneNode {
  readonly gateway: GatewayNode;
  readonly nodeId: string;
  readonly #cache: ConfigCache;
  readonly #log: Logger;
  #client: ClusterClient | null = null;
  #lastError: string | null = null;
  #import: FallbackImport | null = null;
  #exporter: DataPlaneOptions['exporter'] | null = null;
  #workers: DataPlaneWorkers | null = null;
  #version = '';
  /** Configs from the control plane are applied one at a time; while one is, only the newest waiting one is kept. */
  #nextConfig: ConfigEvent | null = null;
  #applying = false;

  private constructor(gateway: GatewayNode, cache: ConfigCache, nodeId: string, log: Logger) {
    this.gateway = gateway;
    this.#cache = cache;
    this.nodeId = nodeId;
    this.#log = log;
  }

  static async start(opts: DataPlaneOptions): Promise<DataPlaneNode> {
    const { settings } = opts.loaded;
    const log = opts.logger.child({ component: 'data-plane' });
    if (!settings.cluster_control_plane) throw Object.assign(new Error('cluster_control_plane is not set'), { code: 'GW_ERR_DP_NO_CONTROL_PLANE' });
    const tls = await clusterTlsFromSettings(settings, log);
    const { id: nodeId, created } = await loadOrCreateNodeId(settings.prefix);
    if (created) log.info({ nodeId }, 'new node id');
    let node: DataPlaneNode | null = null;
    const gateway = await GatewayNode.start({
      logger: opts.logger,
      proxyListen: opts.workers ? [] : settings.proxy_listen,
      statusListen: settings.status_listen,
      plugins: opts.plugins ?? [],
      accessLog: settings.proxy_access_log,
      ...(opts.statusRoutes ? { statusRoutes: opts.statusRoutes } : {}),
      defaultCertificate: opts.defaultCertificate ?? null,
      extraStatus: () => node?.status() ?? {},
      notReadyReason: () => (node ? node.notReadyReason() : 'starting'),
    });
    node = new DataPlaneNode(gateway, new ConfigCache(settings.prefix), nodeId, log);
    node.#version = opts.version;
    node.#exporter = opts.exporter ?? null;
    node.#workers = opts.workers ?? null;
    const running = await node.#loadCache();
    const self = node;
    if (!running && opts.fallbackImport) {
      self.#import = new FallbackImport(opts.fallbackImport, log.child({ component: 'fallback-import' }), () => self.gateway.engine.current !== null, (s) => self.#applyImported(s));
      self.#import.arm();
    }
    const cp = settings.cluster_control_plane;
    node.#client = new ClusterClient({
      controlPlane: { host: cp.host, port: cp.port },
      tls,
      node: {
        id: nodeId,
        hostname: hostname(),
        version: opts.version,
        role: opts.exporter ? 'backup' : 'data_plane',
        plugins: gateway.engine.pluginVersions(),
        capabilities: opts.exporter ? [CAPABILITY_FALLBACK_EXPORT] : [],
      },
      running,
      maxPayload: settings.cluster_max_payload,
      logger: opts.logger.child({ component: 'cluster-client' }),
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
    });
    const client = node.#client;
    client.on('config', (event) => {
      self.#nextConfig = event;
      void self.#drainConfigs();
    });
    client.on('disconnected', (reason) => {
      log.warn({ reason }, 'control plane connection lost; serving the running config and reconnecting');
      self.#import?.trigger(`the control plane is unreachable (${reason.reason ?? 'connection failed'})`);
    });
    client.on('refused', (r) => log.error({ sync_status: r.sync_status }, `the control plane refuses this node: ${r.message}`));
    client.start();
    if (self.#import) {
      // Kong imports as soon as the first control-plane attempt fails; the timeout covers a CP
      // that accepts the connection but sends nothing.
      const watch = setInterval(() => {
        const state = client.state();
        if (self.gateway.engine.current || state.connected) clearInterval(watch);
        else if (state.attempts > 0) {
          clearInterval(watch);
          self.#import?.trigger(`the first control-plane connection attempt failed (${state.last_error ?? 'unreachable'})`);
        }
      }, 50);
      watch.unref();
    }
    return node;
  }

  /** Validates a config exactly as this node will run it (its own plugin schemas). */
  #validate(config: unknown, expectedHash: string): ValidatedConfig {
    return validateConfig(config, expectedHash, this.gateway.engine.registry);
  }

  /**
   * Swaps a validated config in here and, with workers, in every worker. When a worker refuses
   * it, this node goes back to the config it ran before, so status, cache and ACKs describe
   * what the workers serve.
   */
  async #apply(config: NormalisedConfig, meta: ConfigMeta): Promise<Applied> {
    const previous = this.gateway.engine.current;
    const applied = this.gateway.apply(config, meta);
    if (!applied.ok || !this.#workers) return applied;
    const workers = await this.#workers.apply(config, meta);
    if (workers.ok) return applied;
    if (previous) this.gateway.apply(previous.config, previous.meta);
    return workers;
  }

  async #drainConfigs(): Promise<void> {
    if (this.#applying) return;
    this.#applying = true;
    try {
      for (let event = this.#nextConfig; event; event = this.#nextConfig) {
        this.#nextConfig = null;
        await this.#onConfig(event);
      }
    } finally {
      this.#applying = false;
    }
  }

  async #loadCache(): Promise<RunningConfig | null> {
    const loaded = await this.#cache.load();
    if (!loaded.ok) {
      if (loaded.reason === 'corrupt') this.#log.warn({ code: 'GW_ERR_DP_CACHE_CORRUPT', detail: loaded.detail, movedTo: loaded.movedTo }, 'the config cache is unusable and was set aside; waiting for the control plane');
      return null;
    }
    const { entry } = loaded;
    const valid = this.#validate(entry.config, entry.hash);
    if (!valid.ok) {
      this.#log.warn({ code: valid.code, detail: valid.message }, 'the cached config does not validate on this node; ignoring it');
      return null;
    }
    const applied = await this.#apply(valid.config, { version: entry.version, hash: entry.hash, source: 'cache' });
    if (!applied.ok) {
      this.#log.warn({ code: applied.code, detail: applied.message }, 'the cached config could not be applied; waiting for the control plane');
      return null;
    }
    this.#log.info({ version: entry.version, hash: entry.hash, saved_at: entry.saved_at }, 'serving the cached config until the control plane answers');
    return entry.version === null ? null : { version: entry.version, hash: entry.hash, source: 'cache' };
  }

  async #onConfig(event: ConfigEvent): Promise<void> {
    const client = this.#client!;
    const valid = this.#validate(event.config, event.hash);
    const applied = valid.ok ? await this.#apply(valid.config, { version: event.version, hash: event.hash, source: 'control_plane' }) : valid;
    if (!applied.ok) {
      this.#lastError = `${applied.code}: ${applied.message}`;
      this.#log.error({ code: applied.code, version: event.version, hash: event.hash }, `config refused, NACKed; the running config keeps serving: ${applied.message}`);
      client.nack(event.version, event.hash, applied.code, applied.message);
      return;
    }
    this.#lastError = null;
    client.ack(event.version, event.hash);
    this.#log.info({ version: event.version, hash: event.hash }, this.#workers ? 'config runs on every worker; ACKed' : 'config ACKed');
    this.#exporter?.scheduleExport(valid.ok ? valid.config : {}, { version: event.version, hash: event.hash, exporterId: this.nodeId, gatehouseVersion: this.#version });
    client.setRunning({ version: event.version, hash: event.hash, source: 'control_plane' });
    try {
      await this.#cache.save({ version: event.version, hash: event.hash, source: 'control_plane', config: valid.ok ? valid.config : {} });
    } catch (err) {
      this.#log.warn({ err, code: 'GW_ERR_DP_CACHE_WRITE', path: this.#cache.path }, 'could not write the config cache; a restart without the control plane will not have this config');
    }
  }

  /** A snapshot from fallback storage: validated like any config, applied, cached. */
  async #applyImported(snapshot: ImportedSnapshot): Promise<string | null> {
    if (this.gateway.engine.current) return null; // the control plane answered meanwhile
    const valid = this.#validate(snapshot.config, snapshot.hash);
    const applied = valid.ok ? await this.#apply(valid.config, { version: snapshot.version, hash: snapshot.hash, source: 'fallback_storage' }) : valid;
    if (!applied.ok) {
      this.#log.error({ code: applied.code, version: snapshot.version, key: snapshot.key }, `the snapshot in fallback storage was refused: ${applied.message}`);
      return `${applied.code}: ${applied.message}`;
    }
    this.#log.warn(
      { version: snapshot.version, hash: snapshot.hash, exported_at: snapshot.exported_at, exporter: snapshot.exporter, key: snapshot.key },
      'serving a config imported from fallback storage; the control plane will replace it as soon as it answers',
    );
    this.#client?.setRunning({ version: snapshot.version, hash: snapshot.hash, source: 'fallback_storage' });
    if (valid.ok) {
      this.#cache.save({ version: snapshot.version, hash: snapshot.hash, source: 'fallback_storage', config: valid.config }).catch((err: unknown) => {
        this.#log.warn({ err, code: 'GW_ERR_DP_CACHE_WRITE' }, 'could not cache the imported config');
      });
    }
    return null;
  }

  notReadyReason(): string | null {
    if (this.gateway.engine.current) return this.#workers?.notReadyReason() ?? null;
    const state = this.#client?.state();
    const cp = `no configuration yet: the control plane ${state?.connected ? 'has not sent one' : `is not reachable (${state?.last_error ?? 'connecting'})`}`;
    const storage = this.#import?.lastError;
    return storage ? `${cp}; fallback storage: ${storage}` : cp;
  }

  status(): Record<string, unknown> {
    const state = this.#client?.state();
    const meta = this.gateway.engine.current?.meta;
    // A config from the cache or from storage that the control plane then pushed again (same
    // version and hash) is the control plane's: the node now runs what the CP says it should.
    const confirmed = meta !== undefined && state?.connected === true && state.running?.hash === meta.hash && state.running.source === 'control_plane';
    const source: ConfigSource | 'none' = meta === undefined ? 'none' : confirmed ? 'control_plane' : meta.source;
    return {
      node: { id: this.nodeId, role: 'data_plane' },
      config_source: source,
      cluster: state
        ? { control_plane: state.control_plane, connected: state.connected, since: state.since, attempts: state.attempts, last_error: state.last_error, refused: state.refused }
        : null,
      last_error: this.#lastError ?? this.#import?.lastError ?? null,
      ...(this.#workers ? { workers: this.#workers.status() } : {}),
    };
  }

  async close(graceMs: number): Promise<void> {
    this.#import?.close();
    await this.#client?.close();
    await this.#exporter?.close();
    await this.gateway.close(graceMs);
  }
}
