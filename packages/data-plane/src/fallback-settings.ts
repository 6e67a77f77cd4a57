/**
 * Fallback storage from node settings: a read-only snapshot reader for importing data planes,
 * and an exporter for backup nodes. Credentials and the encryption key come from the
 * environment only; the signing and verification keys are files named by settings.
 */
import { readFile } from 'node:fs/promises';
import type { LoadedSettings } from '@gatehouse/config';
import { Exporter, openSnapshotStore } from '@gatehouse/fallback';
import type { Logger } from 'pino';
import type { FallbackImportOptions } from './fallback-import.js';

async function readKey(path: string | undefined, setting: string): Promise<string | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw Object.assign(new Error(`cannot read ${setting} ${path}: ${(err as Error).message}`), { code: 'GW_ERR_FALLBACK_BAD_KEY', cause: err });
  }
}

export async function fallbackImportFromSettings(loaded: LoadedSettings, env: NodeJS.ProcessEnv, log: Logger): Promise<FallbackImportOptions | undefined> {
  const { settings } = loaded;
  if (!settings.cluster_fallback_config_import || !settings.cluster_fallback_config_storage) return undefined;
  const verifyKey = await readKey(settings.cluster_fallback_config_verify_key, 'cluster_fallback_config_verify_key');
  const reader = openSnapshotStore({
    url: settings.cluster_fallback_config_storage.url,
    env,
    logger: log.child({ component: 'fallback-storage' }),
    ...(verifyKey ? { verifyKey } : {}),
  });
  return { reader, timeoutMs: settings.cluster_fallback_config_timeout * 1000 };
}

export async function exporterFromSettings(loaded: LoadedSettings, env: NodeJS.ProcessEnv, log: Logger): Promise<Exporter | undefined> {
  const { settings } = loaded;
  if (!settings.cluster_fallback_config_export || !settings.cluster_fallback_config_storage) return undefined;
  const signingKey = await readKey(settings.cluster_fallback_config_signing_key, 'cluster_fallback_config_signing_key');
  const logger = log.child({ component: 'fallback-export' });
  const store = openSnapshotStore({
    url: settings.cluster_fallback_config_storage.url,
    env,
    logger,
    ...(signingKey ? { signingKey } : {}),
    ...(settings.cluster_fallback_export_s3_config ? { putObjectExtra: settings.cluster_fallback_export_s3_config } : {}),
  });
  return new Exporter({ store, delayMs: settings.cluster_fallback_config_export_delay * 1000, logger });
}
