import { parseArgs } from 'node:util';
import { describeSettings, formatSettingsError, loadSettings } from '@gatehouse/config';
import { EXIT } from '../io.js';
import type { CliIo } from '../io.js';

export const checkHelp = `Usage: gatehouse check [<conf file>] [--quiet]

Loads node settings as a node would — the conf file (or $GATEHOUSE_CONF), then GATEHOUSE_*
environment variables — and checks them: types, allowed values, and the rules between
settings (e.g. cluster_fallback_config_import only with role = data_plane). Prints the
effective settings with where each came from; secrets are never printed.

Exit status: 0 valid, 1 invalid (every problem on its own line).`;

export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { quiet: { type: 'boolean', short: 'q' } } });
  if (positionals.length > 1) {
    io.err(checkHelp);
    return EXIT.USAGE;
  }
  const file = positionals[0];
  const result = loadSettings({ ...(file === undefined ? {} : { file }), env: process.env });
  if (!result.ok) {
    for (const e of result.errors) io.err(formatSettingsError(e));
    io.err(`settings: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`);
    return EXIT.INVALID;
  }
  if (values.quiet !== true) io.out(describeSettings(result));
  io.out(`settings OK (role ${result.settings.role})`);
  return Promise.resolve(EXIT.OK);
}
