import { ENTITY_TYPES } from '@gatehouse/config';
import { EXIT } from '../io.js';
import type { CliIo } from '../io.js';
import { readConfigFile } from './read-config-file.js';

export const validateHelp = `Usage: gatehouse validate <file>

Checks a declarative config (Kong's _format_version "3.0", YAML or JSON; "-" reads stdin):
schema, references, uniqueness and route rules. Every error is printed on its own line
with its place, e.g.  routes[3].paths[0] (kong.yml:41:9): must start with "/" or "~"

Exit status: 0 valid, 1 invalid, 2 the file cannot be read.`;

export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const [file, ...rest] = args;
  if (file === undefined || rest.length > 0) {
    io.err(validateHelp);
    return EXIT.USAGE;
  }
  const read = await readConfigFile(file, io);
  if (!read.ok) return read.exit;
  const { config, hash } = read.result;
  const counts = ENTITY_TYPES.filter((t) => config[t].length > 0).map((t) => `${config[t].length} ${t}`);
  io.out(`${file}: valid (${counts.length > 0 ? counts.join(', ') : 'empty'}); hash ${hash}`);
  return EXIT.OK;
}
