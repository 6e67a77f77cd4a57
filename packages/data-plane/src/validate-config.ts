/**
 * The one check every config passes before a data-plane process runs it, wherever it came
 * from (control plane, cache, fallback storage, the primary process): it normalises with this
 * process's plugin schemas and must hash to the hash it was sent with.
 */
import { formatConfigError, normaliseConfig } from '@gatehouse/config';
import type { NormalisedConfig, PluginRegistry } from '@gatehouse/config';

export type ValidatedConfig =
  | { readonly ok: true; readonly config: NormalisedConfig; readonly hash: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

export function validateConfig(config: unknown, expectedHash: string, plugins: PluginRegistry): ValidatedConfig {
  const r = normaliseConfig(config, { plugins });
  if (!r.ok) {
    const shown = r.errors.slice(0, 5).map(formatConfigError).join('; ');
    return { ok: false, code: 'GW_ERR_CONFIG_INVALID', message: `${r.errors.length} error(s): ${shown}` };
  }
  if (r.hash !== expectedHash) {
    return { ok: false, code: 'GW_ERR_DP_HASH_MISMATCH', message: `the config normalises to hash ${r.hash}, not the ${expectedHash} it was sent with` };
  }
  return { ok: true, config: r.config, hash: r.hash };
}
