// SnapshotStore: config snapshots of one config format major version under one storage prefix.
// Exporters call export(); importers call readLatest() (and list/get/verify for the CLI), which
// send only GetObject, ListObjectsV2 and HeadObject requests.
import type { KeyObject } from 'node:crypto';
import { DEFAULT_MAX_CONFIG_BYTES, SUPPORTED_FORMAT_VERSION } from '@gatehouse/config';
import { FallbackError } from './fallback-error.js';
import { silentLogger } from './fallback-logger.js';
import type { FallbackLogger } from './fallback-logger.js';
import { encryptionKeyFromEnv, parseEncryptionKey, parseSigningKey, parseVerifyKey } from './envelope-keys.js';
import type { EncryptionKey, SigningKey, VerifyKey } from './envelope-keys.js';
import { formatMajor } from './object-layout.js';
import { createStorageClient } from './storage-client.js';
import type { StorageClient, StorageClientOptions } from './storage-client.js';
import { exportSnapshot } from './snapshot-export.js';
import type { ExportMeta, ExportResult } from './snapshot-export.js';
import { listSnapshotInfo, verifyStore } from './snapshot-inspect.js';
import type { SnapshotInfo, VerifyReport } from './snapshot-inspect.js';
import { getVersion, readLatest } from './snapshot-read.js';
import type { ImportedSnapshot, ReadLatestOptions } from './snapshot-read.js';
import type { StoreContext } from './store-context.js';

export const DEFAULT_KEEP_SNAPSHOTS = 10;
/** Limit on one stored snapshot object (base64 of the compressed config). */
export const DEFAULT_MAX_OBJECT_BYTES = 64 * 1024 * 1024;

export interface SnapshotStoreOptions {
  readonly storage: StorageClient;
  /** The config format this store reads: snapshots live under v<major>/; default "3.0". */
  readonly formatVersion?: string;
  /** Snapshots kept by retention, the pointed one always among them; default 10. */
  readonly keep?: number;
  /** AES-256-GCM key (parsed, or its base64/hex text): exports are encrypted and reads require encryption. */
  readonly encryptionKey?: EncryptionKey | string;
  /** Ed25519 private key (exporters): exports are signed. */
  readonly signingKey?: SigningKey | KeyObject | string;
  /** Ed25519 public key (importers): reads require a valid signature by it. */
  readonly verifyKey?: VerifyKey | KeyObject | string;
  /** cluster_fallback_export_s3_config: fields merged into every PutObject. */
  readonly putObjectExtra?: Readonly<Record<string, unknown>>;
  readonly maxObjectBytes?: number;
  /** Limit on a decompressed config; default the config loader's (64 MiB). */
  readonly maxConfigBytes?: number;
  readonly logger?: FallbackLogger;
  /** Clock for exported_at; tests pin it. */
  readonly now?: () => Date;
}

function isParsed<T extends object>(value: unknown, field: keyof T): value is T {
  return typeof value === 'object' && value !== null && field in value;
}

export class SnapshotStore {
  readonly #ctx: StoreContext;

  constructor(options: SnapshotStoreOptions) {
    const keep = options.keep ?? DEFAULT_KEEP_SNAPSHOTS;
    if (!Number.isSafeInteger(keep) || keep < 1) throw new FallbackError('GW_ERR_FALLBACK_BAD_INPUT', `keep must be a positive integer, not ${String(keep)}`);
    const { encryptionKey, signingKey, verifyKey } = options;
    this.#ctx = {
      storage: options.storage,
      major: formatMajor(options.formatVersion ?? SUPPORTED_FORMAT_VERSION),
      keep,
      encryptionKey: encryptionKey === undefined || isParsed<EncryptionKey>(encryptionKey, 'bytes') ? encryptionKey : parseEncryptionKey(encryptionKey, 'the encryption key'),
      signingKey: signingKey === undefined || isParsed<SigningKey>(signingKey, 'privateKey') ? signingKey : parseSigningKey(signingKey),
      verifyKey: verifyKey === undefined || isParsed<VerifyKey>(verifyKey, 'publicKey') ? verifyKey : parseVerifyKey(verifyKey),
      putObjectExtra: options.putObjectExtra,
      maxObjectBytes: options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
      maxConfigBytes: options.maxConfigBytes ?? DEFAULT_MAX_CONFIG_BYTES,
      logger: options.logger ?? silentLogger,
      now: options.now ?? (() => new Date()),
    };
  }

  /** The storage client (bucket, prefix, SDK client). */
  get storage(): StorageClient {
    return this.#ctx.storage;
  }

  /** Writes the snapshot, then moves the pointer forward only; see snapshot-export.ts. */
  export(config: object, meta: ExportMeta): Promise<ExportResult> {
    return exportSnapshot(this.#ctx, config, meta);
  }

  /** The newest usable snapshot, verified; falls back past an unusable pointed one. */
  readLatest(options?: ReadLatestOptions): Promise<ImportedSnapshot> {
    return readLatest(this.#ctx, options);
  }

  /** The snapshots under the prefix, newest first, with their metadata. */
  list(): Promise<SnapshotInfo[]> {
    return listSnapshotInfo(this.#ctx);
  }

  /** One config version, verified (no rollback check). */
  get(version: number): Promise<ImportedSnapshot> {
    return getVersion(this.#ctx, version);
  }

  /** Opens every snapshot and checks the pointer; storage failures throw, snapshot problems are reported. */
  verify(): Promise<VerifyReport> {
    return verifyStore(this.#ctx);
  }

  /** Closes the storage client's connections. */
  close(): void {
    this.#ctx.storage.close();
  }
}

export interface OpenSnapshotStoreOptions
  extends Omit<SnapshotStoreOptions, 'storage' | 'encryptionKey'>, Omit<StorageClientOptions, 'logger'> {}

/**
 * The store a node uses: the storage client from the environment (AWS_*), and the encryption
 * key from GATEHOUSE_CLUSTER_FALLBACK_CONFIG_ENCRYPTION_KEY when it is set.
 */
export function openSnapshotStore(options: OpenSnapshotStoreOptions): SnapshotStore {
  const { url, env, timeouts, maxAttempts, ...storeOptions } = options;
  const encryptionKey = encryptionKeyFromEnv(env);
  const storage = createStorageClient({
    url, env, ...(timeouts === undefined ? {} : { timeouts }), ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  return new SnapshotStore({ ...storeOptions, storage, ...(encryptionKey === undefined ? {} : { encryptionKey }) });
}
