import { ClusterServer, clusterRoutes, createNodeLogger, observeCluster, startControlPlane } from '@gatehouse/control-plane';
import { clusterTlsFromSettings } from '@gatehouse/data-plane';
import type { Logger } from 'pino';
import { EXIT } from '../io.js';
import type { CliIo } from '../io.js';
import { GATEHOUSE_VERSION } from '../version.js';
import { loadNodeSettings, parseNodeArgs } from './node-settings.js';
import { removePidFile, writePidFile } from './pid-file.js';
import { bundledPlugins, bundledRegistry } from '../bundled-plugins.js';

export const cpHelp = `Usage: gatehouse cp [-c <conf file>]

Runs a control plane: the Admin API on admin_listen (default 127.0.0.1:8001), the config store
under <prefix>/cp/store (seeded from declarative_config at first start), the status API on
status_listen, and the cluster listener on cluster_listen (default 0.0.0.0:8005; mTLS with
cluster_cert / cluster_cert_key, see 'gatehouse cert generate'; 'off' to run without nodes). Every change is validated fully and stored atomically with its history.
A non-loopback admin_listen requires GATEHOUSE_ADMIN_TOKEN.

SIGTERM or SIGINT: stop accepting, finish in-flight requests, close the store, exit 0.
Logs are JSON lines on stdout.`;

export async function cpCommand(args: string[], io: CliIo): Promise<number> {
  const { conf } = parseNodeArgs(args);
  const loaded = loadNodeSettings(conf, 'control_plane', io);
  if (!loaded) return EXIT.INVALID;
  const { settings, secrets } = loaded;
  if (settings.cluster_fallback_config_export) {
    io.err(
      'gatehouse cp: cluster_fallback_config_export = on is not supported on the control plane in this build; ' +
        'run a backup node (gatehouse backup) to export, and set it to off here (GW_ERR_CP_EXPORT_UNSUPPORTED)',
    );
    return EXIT.INVALID;
  }
  const log = createNodeLogger(settings.log_level).child({ node: 'control_plane', gatehouse_version: GATEHOUSE_VERSION });
  let cp: Awaited<ReturnType<typeof startControlPlane>>;
  let cluster: ClusterServer | null = null;
  try {
    if (settings.cluster_listen.length > 0) {
      cluster = await ClusterServer.start({
        listen: settings.cluster_listen,
        tls: await clusterTlsFromSettings(settings, log as unknown as Logger),
        version: GATEHOUSE_VERSION,
        plugins: bundledPlugins().plugins.map((p) => ({ name: p.name, version: p.version })),
        pushIntervalMs: settings.cluster_push_interval * 1000,
        maxPayload: settings.cluster_max_payload,
        purgeDelayMs: settings.cluster_data_plane_purge_delay * 1000,
        logger: log.child({ component: 'cluster-server' }),
      });
    }
    cp = await startControlPlane(settings, secrets, {
      logger: log,
      version: GATEHOUSE_VERSION,
      handleSignals: false,
      plugins: bundledRegistry(),
      ...(cluster ? { adminPlugins: [clusterRoutes(cluster.registry)] } : {}),
    });
    if (cluster) {
      const server = cluster;
      observeCluster(cp.metrics, server);
      const current = await cp.current();
      if (current) server.publish(current);
      cp.onConfigChange((change) => server.publish(change));
    }
  } catch (err) {
    await cluster?.close();
    const e = err as Error & { code?: string };
    io.err(`gatehouse cp: ${e.message}${e.code ? ` (${e.code})` : ''}`);
    return EXIT.INVALID;
  }
  const pidFile = await writePidFile(settings.prefix);
  log.info({ admin: cp.adminUrls, status: cp.statusUrls, cluster: settings.cluster_listen, pid_file: pidFile }, 'control plane ready');
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'stopping');
      Promise.all([cp.close(), cluster?.close()])
        .then(() => removePidFile(pidFile))
        .then(() => resolve(EXIT.OK))
        .catch((err: unknown) => {
          log.error({ err }, 'shutdown failed');
          resolve(EXIT.INVALID);
        });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
