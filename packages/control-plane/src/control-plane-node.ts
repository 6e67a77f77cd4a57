// A running control plane: the config store under <prefix>/cp/store (seeded from
// declarative_config at first start), the Admin API on admin_listen, the status listener on
// status_listen, and a graceful close on SIGTERM / SIGINT (stop accepting, finish in-flight
// requests, close the store). `onConfigChange` is where the cluster server subscribes.

import type { Registry } from 'prom-client';
import { join } from 'node:path';
import { PluginRegistry, formatHostPort } from '@gatehouse/config';
import type { ListenAddress, Secrets, Settings } from '@gatehouse/config';
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync } from 'fastify';
import { isLoopbackHost } from './admin/admin-auth.js';
import { createAdminApi } from './admin/admin-api.js';
import { tokenRequiredError } from './admin/admin-errors.js';
import { ConfigChanges } from './config-changes.js';
import type { ConfigChange, ConfigChangeListener } from './config-changes.js';
import { ConfigService } from './config-service.js';
import { ControlPlaneError } from './cp-errors.js';
import { ControlPlaneMetrics } from './cp-metrics.js';
import { logNotice } from './node-logger.js';
import { seedStore } from './seed-config.js';
import { createStatusServer, memoryStatus } from './status-server.js';
import { FileConfigStore } from './store/index.js';
import type { ConfigStore } from './store/index.js';

export interface ControlPlaneOptions {
  /** A pino logger (createNodeLogger gives one with Gatehouse's levels). */
  readonly logger: FastifyBaseLogger;
  /** Plugin schemas configs are validated with; default: none (a config with plugins is refused). */
  readonly plugins?: PluginRegistry;
  /** Close on SIGTERM and SIGINT (default true). */
  readonly handleSignals?: boolean;
  /** Versions the store retains (default 20). */
  readonly keep?: number;
  readonly bodyLimit?: number;
  /** The gatehouse version shown by / and /status. */
  readonly version?: string;
  /** More routes on every Admin API listener (the cluster's /clustering/*), behind the same token check. */
  readonly adminPlugins?: readonly FastifyPluginAsync[];
}

export interface ControlPlane {
  /** http://host:port of each Admin API listener (the real port when 0 was asked for). */
  readonly adminUrls: readonly string[];
  readonly statusUrls: readonly string[];
  readonly store: ConfigStore;
  /** The registry behind /metrics on the status listener (add the cluster's with observeCluster). */
  readonly metrics: Registry;
  /** The current config, or null while the store is empty. */
  current(): Promise<ConfigChange | null>;
  /** Called after every commit that made a new version; returns the unsubscribe function. */
  onConfigChange(listener: ConfigChangeListener): () => void;
  /** Stops accepting, waits for in-flight requests, closes the store. Safe to call twice. */
  close(): Promise<void>;
}

async function listenAll(apps: FastifyInstance[], addresses: readonly ListenAddress[], kind: string): Promise<string[]> {
  const urls: string[] = [];
  for (const [i, address] of addresses.entries()) {
    const app = apps[i]!;
    try {
      await app.listen({ host: address.host, port: address.port, ...(address.backlog ? { backlog: address.backlog } : {}) });
    } catch (cause) {
      const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
      throw new ControlPlaneError('GW_ERR_CP_LISTEN', `the ${kind} cannot listen on ${formatHostPort(address)} (${reason}); free the port or change the setting`, { cause });
    }
    const bound = app.server.address();
    const port = typeof bound === 'object' && bound !== null ? bound.port : address.port;
    urls.push(`http://${formatHostPort({ host: address.host, port })}`);
  }
  return urls;
}

function checkSettings(settings: Settings, secrets: Secrets): void {
  if (settings.role !== 'control_plane') {
    throw new ControlPlaneError('GW_ERR_CP_ROLE', `role is ${settings.role}; a control plane needs role = control_plane`);
  }
  const tls = settings.admin_listen.find((a) => a.ssl);
  if (tls) {
    throw new ControlPlaneError('GW_ERR_CP_ADMIN_TLS', `admin_listen ${formatHostPort(tls)} asks for ssl, which the Admin API does not serve yet; listen on loopback and put a TLS proxy in front`);
  }
  // Refused before the store is opened: nothing starts with an open Admin API.
  if (!settings.admin_listen.every((a) => isLoopbackHost(a.host)) && !secrets.admin_token) throw tokenRequiredError();
}

export async function startControlPlane(settings: Settings, secrets: Secrets, options: ControlPlaneOptions): Promise<ControlPlane> {
  checkSettings(settings, secrets);
  const log = options.logger.child({ component: 'control-plane' });
  const started = Date.now();
  const metrics = new ControlPlaneMetrics();
  const changes = new ConfigChanges((err) => log.error({ err, code: 'GW_ERR_CP_LISTENER' }, 'a config change listener failed'));
  changes.on((change) => metrics.setConfig(change.meta, true));
  const listenIsLoopback = settings.admin_listen.every((a) => isLoopbackHost(a.host));

  const storeDir = join(settings.prefix, 'cp', 'store');
  const { store, recovered } = await FileConfigStore.open(storeDir, options.keep === undefined ? {} : { keep: options.keep });
  if (recovered) log.warn({ recovered, dir: storeDir }, 'the config store was repaired at open');
  const service = new ConfigService(store, options.plugins ?? new PluginRegistry(), changes);
  const apps: FastifyInstance[] = [];
  let closing: Promise<void> | undefined;
  let ready = false;

  const close = (): Promise<void> => {
    closing ??= (async () => {
      ready = false;
      removeSignalHandlers();
      await Promise.allSettled(apps.map((app) => app.close()));
      await store.close();
      logNotice(log, {}, 'control plane stopped');
    })();
    return closing;
  };

  // close() removes the handlers first, so a second signal while draining gets the default
  // action and ends the process at once.
  const onSignal = (signal: NodeJS.Signals): void => {
    logNotice(log, { signal }, 'shutting down');
    close().catch((err: unknown) => {
      log.error({ err }, 'shutdown failed');
      process.exitCode = 1;
    });
  };
  const removeSignalHandlers = (): void => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };

  try {
    const seed = await seedStore(service, settings.declarative_config);
    if ('seeded' in seed) logNotice(log, { version: seed.seeded.version, file: settings.declarative_config }, 'config store seeded from declarative_config');
    else if (seed.skipped === 'store_not_empty') log.info({ file: settings.declarative_config }, 'declarative_config ignored: the store already holds a config');
    const loaded = await service.snapshot();
    metrics.setConfig(loaded.meta);
    logNotice(log, { version: loaded.meta?.version ?? 0, hash: loaded.meta?.hash ?? null, store: storeDir }, loaded.meta ? 'config loaded' : 'no config yet');

    const admins = settings.admin_listen.map(() =>
      createAdminApi({
        store, plugins: service.plugins, logger: options.logger, adminToken: secrets.admin_token, listenIsLoopback, service,
        onRequestDone: metrics.observeRequest, ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}), ...(options.version ? { version: options.version } : {}),
      }),
    );
    for (const admin of admins) for (const plugin of options.adminPlugins ?? []) await admin.register(plugin);
    apps.push(...admins);
    const source = {
      notReadyReason: () => (ready ? null : closing ? 'shutting down' : 'starting'),
      status: async () => {
        const current = await service.snapshot();
        return {
          role: 'control_plane', version: options.version ?? 'unknown', uptime_seconds: Math.round((Date.now() - started) / 1000),
          memory: memoryStatus(), config: current.meta, admin_listen: adminUrls,
        };
      },
    };
    const statuses = settings.status_listen.map(() => createStatusServer({ logger: options.logger, metrics, source }));
    apps.push(...statuses);
    const adminUrls = await listenAll(admins, settings.admin_listen, 'Admin API');
    const statusUrls = await listenAll(statuses, settings.status_listen, 'status listener');
    for (const url of adminUrls) logNotice(log, { url, token_required: secrets.admin_token !== undefined }, 'Admin API listening');
    for (const url of statusUrls) logNotice(log, { url }, 'status listener listening');
    ready = true;
    if (options.handleSignals ?? true) {
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    }
    return {
      adminUrls,
      statusUrls,
      store,
      metrics: metrics.registry,
      current: async () => {
        const snapshot = await service.snapshot();
        return snapshot.meta ? { version: snapshot.meta.version, hash: snapshot.meta.hash, config: snapshot.config, meta: snapshot.meta } : null;
      },
      onConfigChange: (listener) => changes.on(listener),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
