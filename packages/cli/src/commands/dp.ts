import { DataPlaneNode, exporterFromSettings, fallbackImportFromSettings } from '@gatehouse/data-plane';
import { StandaloneNode } from '@gatehouse/gateway';
import { bundledPlugins } from '../bundled-plugins.js';
import { createNodeLogger } from '@gatehouse/control-plane';
import type { Logger } from 'pino';
import { EXIT } from '../io.js';
import type { CliIo } from '../io.js';
import { GATEHOUSE_VERSION } from '../version.js';
import { loadNodeSettings, parseNodeArgs } from './node-settings.js';
import { defaultCertificate } from './default-certificate.js';
import { removePidFile, writePidFile } from './pid-file.js';
import { startWorkerPool, workerStatusRoutes } from './dp-workers.js';

/** How long in-flight requests get on SIGTERM before connections are closed (Kong's default is 10 s). */
export const SHUTDOWN_GRACE_MS = 10_000;

export const dpHelp = `Usage: gatehouse dp [-c <conf file>]

Runs a data plane. With cluster_control_plane set it gets its config from the control plane
(over mTLS: cluster_mtls, cluster_cert, cluster_cert_key), caches it under prefix and keeps
serving it while the control plane is away. Without one, it serves declarative_config with
no control plane (Kong's DB-less mode); SIGHUP or 'gatehouse reload' re-reads the file and
swaps it in without dropping a request (an invalid file is refused, the running config stays).
SIGTERM or SIGINT: stop accepting, let in-flight requests finish (up to ${SHUTDOWN_GRACE_MS / 1000} s), exit 0.

With worker_processes = N (or auto) above 1, a clustered data plane proxies in N worker
processes; this process keeps the control-plane connection and the status API, and the
workers are drained with it.

Settings come from the conf file (or $GATEHOUSE_CONF) and GATEHOUSE_* variables; see
'gatehouse check'. Logs are JSON lines on stdout.`;

export async function dpCommand(args: string[], io: CliIo, overrides?: Record<string, unknown>): Promise<number> {
  const { conf } = parseNodeArgs(args);
  const loaded = loadNodeSettings(conf, 'data_plane', io, overrides);
  if (!loaded) return EXIT.INVALID;
  const { settings } = loaded;
  // The node logger has Kong's extra levels (notice, crit); the engine takes a plain pino Logger.
  const log = createNodeLogger(settings.log_level).child({ node: 'data_plane', gatehouse_version: GATEHOUSE_VERSION }) as unknown as Logger;
  let node: { close(graceMs: number): Promise<void> };
  let pidFile: string;
  let pool: Awaited<ReturnType<typeof startWorkerPool>> = null;
  try {
    const certificate = await defaultCertificate(settings.prefix, settings.proxy_listen);
    pool = await startWorkerPool(settings, log, !settings.cluster_control_plane);
    if (settings.cluster_control_plane) {
      if (settings.declarative_config) log.warn({ declarative_config: settings.declarative_config }, 'cluster_control_plane is set: the control plane provides the config and declarative_config is ignored');
      const fallbackImport = await fallbackImportFromSettings(loaded, process.env, log);
      const exporter = await exporterFromSettings(loaded, process.env, log);
      const dp = await DataPlaneNode.start({
        loaded,
        logger: log,
        version: GATEHOUSE_VERSION,
        defaultCertificate: certificate,
        plugins: bundledPlugins().plugins,
        statusRoutes: pool ? workerStatusRoutes(pool) : (app, engine) => bundledPlugins().prometheus.mount(app, engine),
        ...(fallbackImport ? { fallbackImport } : {}),
        ...(exporter ? { exporter } : {}),
        ...(pool ? { workers: pool } : {}),
      });
      node = dp;
      pidFile = await writePidFile(settings.prefix);
      const proxy = pool ? { proxy: settings.proxy_listen, workers: pool.status().map((w) => w['pid']), scheduling: pool.scheduling } : { proxy: dp.gateway.proxyAddresses() };
      log.info({ ...proxy, status: dp.gateway.statusAddresses(), control_plane: settings.cluster_control_plane, node_id: dp.nodeId, pid_file: pidFile }, 'data plane started');
    } else {
      const standalone = await StandaloneNode.start(settings.declarative_config!, {
        logger: log,
        proxyListen: settings.proxy_listen,
        statusListen: settings.status_listen,
        defaultCertificate: certificate,
        plugins: bundledPlugins().plugins,
        statusRoutes: (app, engine) => bundledPlugins().prometheus.mount(app, engine),
        accessLog: settings.proxy_access_log,
      });
      node = standalone;
      pidFile = await writePidFile(settings.prefix);
      log.info({ proxy: standalone.gateway.proxyAddresses(), status: standalone.gateway.statusAddresses(), declarative_config: settings.declarative_config, pid_file: pidFile }, 'data plane ready');
      process.on('SIGHUP', () => {
        log.info('SIGHUP: reloading declarative_config');
        void standalone.reload();
      });
    }
  } catch (err) {
    await pool?.close(0);
    const e = err as Error & { code?: string };
    io.err(`gatehouse dp: ${e.message}${e.code ? ` (${e.code})` : ''}`);
    return EXIT.INVALID;
  }

  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'stopping');
      // The workers drain first (they hold the client connections); then the primary closes.
      Promise.resolve(pool?.close(SHUTDOWN_GRACE_MS))
        .then(() => node.close(SHUTDOWN_GRACE_MS))
        .then(() => removePidFile(pidFile))
        .then(() => {
          log.info('stopped');
          resolve(EXIT.OK);
        })
        .catch((err: unknown) => {
          log.error({ err }, 'shutdown failed');
          resolve(EXIT.INVALID);
        });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
