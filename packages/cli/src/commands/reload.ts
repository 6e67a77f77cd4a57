import { EXIT } from '../io.js';
import type { CliIo } from '../io.js';
import { loadNodeSettings, parseNodeArgs } from './node-settings.js';
import { pidFilePath, runningPid } from './pid-file.js';

export const reloadHelp = `Usage: gatehouse reload [-c <conf file>]

Asks the node running under the conf's prefix to re-read its declarative_config (SIGHUP).
The new config is validated first; if it is invalid the node logs every error and keeps
serving the running config.

Exit status: 0 signalled, 1 no node running under that prefix.`;

export async function reloadCommand(args: string[], io: CliIo): Promise<number> {
  const { conf } = parseNodeArgs(args);
  const loaded = loadNodeSettings(conf, 'data_plane', io);
  if (!loaded) return EXIT.INVALID;
  const pid = await runningPid(loaded.settings.prefix);
  if (pid === null) {
    io.err(`gatehouse reload: no running node found (${pidFilePath(loaded.settings.prefix)} is missing or stale); is the node started with the same prefix?`);
    return EXIT.INVALID;
  }
  process.kill(pid, 'SIGHUP');
  io.out(`reload requested (SIGHUP to pid ${pid}); the node logs the outcome`);
  return EXIT.OK;
}
