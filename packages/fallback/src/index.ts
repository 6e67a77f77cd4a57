// @gatehouse/fallback — config snapshots on S3-compatible storage for the CP-outage fallback:
// the backup node exports, a new data plane that cannot reach the control plane imports.

// Snapshot store: export, import, list, verify
export { DEFAULT_KEEP_SNAPSHOTS, DEFAULT_MAX_OBJECT_BYTES, SnapshotStore, openSnapshotStore } from './snapshot-store.js';
export type { OpenSnapshotStoreOptions, SnapshotStoreOptions } from './snapshot-store.js';
export type { ExportMeta, ExportResult, SkippedReason } from './snapshot-export.js';
export type { ImportedSnapshot, ReadLatestOptions } from './snapshot-read.js';
export type { PointerCheck, SnapshotCheck, SnapshotInfo, VerifyReport } from './snapshot-inspect.js';
export type { LatestPointer } from './latest-pointer.js';

// Debounced export loop of the backup node
export { Exporter } from './exporter.js';
export type { ExportAttempt, ExporterOptions, ExporterStats } from './exporter.js';

// Storage client (environment only)
export { createStorageClient } from './storage-client.js';
export type { PutOptions, StorageClient, StorageClientOptions, StorageTimeouts, StoredObject } from './storage-client.js';
export { readStorageEnv } from './storage-env.js';
export type { Env, StaticCredentials, StorageEnv } from './storage-env.js';

// Object layout
export { formatMajor, majorDir, parseSnapshotKey, pointerKey, snapshotKey, snapshotsDir } from './object-layout.js';
export type { SnapshotName } from './object-layout.js';

// Envelope and keys
export { ENVELOPE_VERSION } from './envelope-schema.js';
export type { EnvelopeEncryption, EnvelopeHeader, SnapshotEnvelope } from './envelope-schema.js';
export { openEnvelope, sealEnvelope } from './snapshot-envelope.js';
export type { OpenOptions, OpenedSnapshot, SealInput } from './snapshot-envelope.js';
export { ENCRYPTION_KEY_ENV, encryptionKeyFromEnv, parseEncryptionKey, parseSigningKey, parseVerifyKey } from './envelope-keys.js';
export type { EncryptionKey, SigningKey, VerifyKey } from './envelope-keys.js';

// Errors and logging
export { FALLBACK_ERROR_CODES, FallbackError, isFallbackError } from './fallback-error.js';
export type { FallbackErrorCode, FallbackErrorOptions } from './fallback-error.js';
export type { FallbackLogger } from './fallback-logger.js';
