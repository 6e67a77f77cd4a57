// What the store's operations share: the storage client, the keys and the limits. Built once by
// SnapshotStore; the read and export functions take it as their first argument.
import type { EncryptionKey, SigningKey, VerifyKey } from './envelope-keys.js';
import type { FallbackLogger } from './fallback-logger.js';
import { newestFirst, parseSnapshotKey, snapshotsDir } from './object-layout.js';
import type { SnapshotName } from './object-layout.js';
import type { StorageClient, StoredObject } from './storage-client.js';

export interface StoreContext {
  readonly storage: StorageClient;
  /** Config format major version this store reads (3 for _format_version "3.0"). */
  readonly major: number;
  readonly keep: number;
  readonly encryptionKey: EncryptionKey | undefined;
  readonly signingKey: SigningKey | undefined;
  readonly verifyKey: VerifyKey | undefined;
  readonly putObjectExtra: Readonly<Record<string, unknown>> | undefined;
  readonly maxObjectBytes: number;
  readonly maxConfigBytes: number;
  readonly logger: FallbackLogger;
  readonly now: () => Date;
}

export interface ListedSnapshot extends SnapshotName {
  readonly size: number;
  readonly lastModified: Date | undefined;
}

/** The snapshot objects under `<prefix>/v<major>/snapshots/`, newest first; other objects are ignored. */
export async function listSnapshots(ctx: StoreContext, major: number): Promise<ListedSnapshot[]> {
  const dir = snapshotsDir(ctx.storage.prefix, major);
  const objects: StoredObject[] = await ctx.storage.listObjects(dir);
  const found: ListedSnapshot[] = [];
  for (const object of objects) {
    const name = parseSnapshotKey(dir, object.key);
    if (name !== undefined) found.push({ ...name, size: object.size, lastModified: object.lastModified });
  }
  return found.sort(newestFirst);
}

/** Object metadata written with every snapshot (x-amz-meta-gatehouse-*), so list() needs only HEAD. */
export function snapshotMetadata(fields: {
  version: number; hash: string; exporterId: string; exportedAt: string; gatehouseVersion: string; encrypted: boolean; signed: boolean;
}): Record<string, string> {
  return {
    'gatehouse-config-version': String(fields.version),
    'gatehouse-config-hash': fields.hash,
    'gatehouse-exporter': encodeURIComponent(fields.exporterId),
    'gatehouse-exported-at': fields.exportedAt,
    'gatehouse-version': encodeURIComponent(fields.gatehouseVersion),
    'gatehouse-encrypted': String(fields.encrypted),
    'gatehouse-signed': String(fields.signed),
  };
}

function decode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export interface SnapshotMetadata {
  readonly exporter: string | undefined;
  readonly exportedAt: string | undefined;
  readonly gatehouseVersion: string | undefined;
  readonly encrypted: boolean | undefined;
  readonly signed: boolean | undefined;
}

export function readSnapshotMetadata(meta: Record<string, string>): SnapshotMetadata {
  const flag = (value: string | undefined): boolean | undefined => (value === undefined ? undefined : value === 'true');
  return {
    exporter: decode(meta['gatehouse-exporter']),
    exportedAt: meta['gatehouse-exported-at'],
    gatehouseVersion: decode(meta['gatehouse-version']),
    encrypted: flag(meta['gatehouse-encrypted']),
    signed: flag(meta['gatehouse-signed']),
  };
}
