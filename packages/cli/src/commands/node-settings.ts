import { parseArgs } from 'node:util';
import { formatSettingsError, loadSettings } from '@gatehouse/config';
import type { LoadedSettings, Role } from '@gatehouse/config';
import type { CliIo } from '../io.js';

/** `-c/--conf <file>` for node commands; GATEHOUSE_CONF works too. */
export function parseNodeArgs(args: string[]): { conf: string | undefined } {
  const { values } = parseArgs({ args, options: { conf: { type: 'string', short: 'c' } }, strict: true });
  return { conf: values.conf };
}

/** Loads settings for a node of `role`; prints every problem and returns null when invalid. */
export function loadNodeSettings(conf: string | undefined, role: Role, io: CliIo, overrides?: Record<string, unknown>): LoadedSettings | null {
  const result = loadSettings({ ...(conf === undefined ? {} : { file: conf }), env: process.env, roleHint: role, ...(overrides ? { overrides } : {}) });
  if (!result.ok) {
    for (const e of result.errors) io.err(formatSettingsError(e));
    io.err(`settings: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}; nothing was started`);
    return null;
  }
  return result;
}
