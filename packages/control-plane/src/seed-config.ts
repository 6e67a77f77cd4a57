// First start: an empty store is seeded from `declarative_config`. An invalid file stops the
// start with every error (path and line:col); a store that already holds a config ignores it.

import { readFile } from 'node:fs/promises';
import { formatConfigError } from '@gatehouse/config';
import type { ConfigService } from './config-service.js';
import { ControlPlaneError } from './cp-errors.js';
import type { ConfigMeta } from './store/index.js';
import { isUnchanged } from './store/index.js';

export type SeedOutcome = { seeded: ConfigMeta } | { skipped: 'no_file' | 'store_not_empty' };

export async function seedStore(service: ConfigService, file: string | undefined): Promise<SeedOutcome> {
  if (file === undefined) return { skipped: 'no_file' };
  const current = await service.snapshot();
  if (current.meta !== null) return { skipped: 'store_not_empty' };
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
    throw new ControlPlaneError('GW_ERR_CP_SEED_UNREADABLE', `cannot read declarative_config ${file} (${reason}); fix the path or its permissions, or unset declarative_config`, { cause });
  }
  const result = service.load(bytes, file);
  if (!result.ok) {
    const lines = result.errors.map((e) => `  ${formatConfigError(e)}`);
    throw new ControlPlaneError(
      'GW_ERR_CP_SEED_INVALID',
      `declarative_config ${file} is invalid (${result.errors.length} error${result.errors.length === 1 ? '' : 's'}); fix them and start again:\n${lines.join('\n')}`,
    );
  }
  const outcome = await service.write(() => result, { source: `seed declarative_config ${file}` });
  const meta = isUnchanged(outcome.result) ? outcome.result.unchanged : outcome.result;
  return { seeded: meta };
}
