import { StandaloneNode } from '@gatehouse/gateway';
import { createLogger } from '../logger.js';
import { EXIT } from '../io.js';
import type { CliIo } from '../io.js';
import { GATEHOUSE_VERSION } from '../version.js';
import { loadNodeSettings, parseNodeArgs } from './node-settings.js';
import { removePidFile, writePidFile } from './pid-file.js';

/** How long in-flight requests get on SIGTERM before connections are closed (Kong's default is 10 s). */
export const SHUTDOWN_GRACE_MS = 10_000;

export const dpHelp = `Usage: gatehouse dp [-c <conf file>]

Runs a data plane. With declarative_config set it serves that file with no control plane
(Kong's DB-less mode); SIGHUP or 'gatehouse reload' re-reads the file and swaps it in
without dropping a request (an invalid file is refused and the running config stays).
SIGTERM or SIGINT: stop accepting, let in-flight requests finish (up to ${SHUTDOWN_GRACE_MS / 1000} s), exit 0.

Settings come from the conf file (or $GATEHOUSE_CONF) and GATEHOUSE_* variables; see
'gatehouse check'. Logs are JSON lines on stdout.`;

export async function dpCommand(args: string[], io: CliIo): Promise<number> {
  const { conf } = parseNodeArgs(args);
  const loaded = loadNodeSettings(conf, 'data_plane', io);
  if (!loaded) return EXIT.INVALID;
  const { settings } = loaded;
  const log = createLogger(settings.log_level, { node: 'data_plane', gatehouse_version: GATEHOUSE_VERSION });
  if (settings.declarative_config === undefined) {
    io.err('gatehouse dp: this build serves a declarative_config file only; connecting to a control plane (cluster_control_plane) is not available yet. Set declarative_config. (GW_ERR_DP_CLUSTER_UNAVAILABLE)');
    return EXIT.INVALID;
  }
  let node: StandaloneNode;
  try {
    node = await StandaloneNode.start(settings.declarative_config, {
      logger: log,
      proxyListen: settings.proxy_listen,
      statusListen: settings.status_listen,
    });
  } catch (err) {
    const e = err as Error & { code?: string };
    io.err(`gatehouse dp: ${e.message}${e.code ? ` (${e.code})` : ''}`);
    return EXIT.INVALID;
  }
  const pidFile = await writePidFile(settings.prefix);
  log.info({ proxy: node.gateway.proxyAddresses(), status: node.gateway.statusAddresses(), declarative_config: settings.declarative_config, pid_file: pidFile }, 'data plane ready');

  process.on('SIGHUP', () => {
    log.info('SIGHUP: reloading declarative_config');
    void node.reload();
  });
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'stopping');
      node
        .close(SHUTDOWN_GRACE_MS)
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
