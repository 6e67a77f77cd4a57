import { EXIT } from '../io.js';
import type { CliIo } from '../io.js';
import { readConfigFile } from './read-config-file.js';

export const configHelp = `Usage: gatehouse config hash <file>

Prints the canonical hash (sha256 of the normalised config) of a declarative config file.
The hash ignores key order, formatting, comments and nested vs flat form, and changes with
any change of meaning. It is the hash the control plane and data planes report.

Exit status: 0 printed, 1 invalid config, 2 the file cannot be read.`;

export async function configCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, file, ...rest] = args;
  if (sub !== 'hash' || file === undefined || rest.length > 0) {
    io.err(configHelp);
    return EXIT.USAGE;
  }
  const read = await readConfigFile(file, io);
  if (!read.ok) return read.exit;
  io.out(read.result.hash);
  return EXIT.OK;
}
