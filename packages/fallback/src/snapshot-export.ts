// Writing one snapshot. Order: read the pointer (skip when it is already at or past this
// version), upload the immutable snapshot, read the pointer again, move it only forward, then
// settle: list the snapshots and, if one newer than the pointer exists (a racing exporter
// wrote its pointer between our read and our write, or crashed between its two writes), move
// the pointer to it. Without conditional PUTs a racing write can put an older pointer back for
// the moment between two requests; the exporter that did it lists afterwards and repairs it
// before its export() returns, so the pointer always ends on the newest snapshot.
// Last, retention deletes all but the newest `keep` snapshots, never the pointed one.
import { createHash } from 'node:crypto';
import { canonicalJson } from '@gatehouse/config';
import { FallbackError } from './fallback-error.js';
import { pointerDecision, readPointer, serialisePointer } from './latest-pointer.js';
import type { LatestPointer } from './latest-pointer.js';
import { formatMajor, pointerKey, snapshotKey } from './object-layout.js';
import { sealEnvelope } from './snapshot-envelope.js';
import { listSnapshots, readSnapshotMetadata, snapshotMetadata } from './store-context.js';
import type { ListedSnapshot, StoreContext } from './store-context.js';

export interface ExportMeta {
  /** The config version the control plane assigned. */
  readonly version: number;
  /** configHash() of the config; checked against the config before anything is written. */
  readonly hash: string;
  /** Node id of the exporting node. */
  readonly exporterId: string;
  readonly gatehouseVersion: string;
}

export type SkippedReason = 'pointer_newer' | 'already_exported' | 'conflict';

export interface ExportResult {
  /** Key of this version's snapshot object. */
  readonly key: string;
  /** Whether the snapshot object was uploaded by this call. */
  readonly written: boolean;
  /** Whether this call moved the pointer to this snapshot. */
  readonly pointerMoved: boolean;
  /** Why the pointer was not moved: it names a newer version, this very snapshot, or the same version with another hash. */
  readonly skippedReason?: SkippedReason;
  /** Whether the pointer was moved forward to another exporter's newer snapshot while settling. */
  readonly pointerRepaired: boolean;
  /** The pointer as this call left it. */
  readonly pointer: LatestPointer | undefined;
  /** Snapshots deleted by retention. */
  readonly deleted: readonly string[];
  /** Retention failure (the export itself succeeded). */
  readonly retentionError?: FallbackError;
}

const SETTLE_ROUNDS = 5;
const JSON_TYPE = 'application/json';

function checkMeta(meta: ExportMeta): void {
  if (typeof meta.exporterId !== 'string' || meta.exporterId === '') throw new FallbackError('GW_ERR_FALLBACK_BAD_INPUT', 'export needs the exporter node id');
  if (typeof meta.gatehouseVersion !== 'string' || meta.gatehouseVersion === '') throw new FallbackError('GW_ERR_FALLBACK_BAD_INPUT', 'export needs the Gatehouse version');
}

async function writePointer(ctx: StoreContext, key: string, pointer: LatestPointer): Promise<void> {
  await ctx.storage.putObject(key, serialisePointer(pointer), {
    contentType: JSON_TYPE, ...(ctx.putObjectExtra === undefined ? {} : { extra: ctx.putObjectExtra }),
  });
}

async function pointerFor(ctx: StoreContext, snapshot: ListedSnapshot): Promise<LatestPointer> {
  let meta = readSnapshotMetadata({});
  try {
    meta = readSnapshotMetadata(await ctx.storage.headObject(snapshot.key));
  } catch (err) {
    ctx.logger.warn({ err, key: snapshot.key }, 'fallback: could not read snapshot metadata while repairing the pointer');
  }
  return {
    version: snapshot.version, hash: snapshot.hash, key: snapshot.key,
    exported_at: meta.exportedAt ?? snapshot.lastModified?.toISOString() ?? ctx.now().toISOString(),
    exporter: meta.exporter ?? 'unknown',
  };
}

/** Moves the pointer to the newest listed snapshot when it lags behind; returns the final pointer and listing. */
async function settlePointer(ctx: StoreContext, major: number, exporterId: string) {
  const key = pointerKey(ctx.storage.prefix, major);
  let repaired = false;
  for (let round = 0; ; round++) {
    const listing = await listSnapshots(ctx, major);
    const read = await readPointer(ctx.storage, key);
    const pointer = read.state === 'ok' ? read.pointer : undefined;
    const newest = listing[0];
    if (newest === undefined || (pointer !== undefined && pointer.version >= newest.version) || round >= SETTLE_ROUNDS) {
      return { pointer, listing, repaired };
    }
    const next = await pointerFor(ctx, newest);
    ctx.logger.warn(
      { pointerKey: key, from: pointer?.version ?? null, to: newest.version, exporterId },
      'fallback: the pointer lagged behind the newest snapshot (racing exporter); moved it forward',
    );
    await writePointer(ctx, key, next);
    repaired = true;
  }
}

async function applyRetention(ctx: StoreContext, listing: readonly ListedSnapshot[], pointer: LatestPointer | undefined): Promise<string[]> {
  const deleted: string[] = [];
  for (const snapshot of listing.slice(ctx.keep)) {
    if (pointer !== undefined && (snapshot.key === pointer.key || (snapshot.version === pointer.version && snapshot.hash === pointer.hash))) continue;
    await ctx.storage.deleteObject(snapshot.key);
    deleted.push(snapshot.key);
  }
  return deleted;
}

export async function exportSnapshot(ctx: StoreContext, config: object, meta: ExportMeta): Promise<ExportResult> {
  checkMeta(meta);
  const canonical = canonicalJson(config);
  const hash = createHash('sha256').update(canonical).digest('hex');
  if (hash !== meta.hash) {
    throw new FallbackError('GW_ERR_FALLBACK_BAD_INPUT', `export of version ${meta.version}: the config's hash is ${hash}, not ${meta.hash} as given`);
  }
  const formatVersion = (config as { _format_version?: unknown })._format_version;
  const major = formatMajor(formatVersion);
  const key = snapshotKey(ctx.storage.prefix, major, meta.version, hash);
  const pKey = pointerKey(ctx.storage.prefix, major);
  const log = { key, version: meta.version, exporterId: meta.exporterId };

  const before = await readPointer(ctx.storage, pKey);
  if (before.state === 'corrupt') ctx.logger.warn({ err: before.error, pointerKey: pKey }, 'fallback: the pointer is unreadable; it will be rewritten');
  const first = pointerDecision(before.state === 'ok' ? before.pointer : undefined, meta.version, hash);
  if (first !== 'move') {
    const pointer = before.state === 'ok' ? before.pointer : undefined;
    if (first === 'conflict') ctx.logger.warn({ ...log, pointer }, 'fallback: storage already holds another config with this version; kept it');
    else ctx.logger.info({ ...log, pointerVersion: pointer?.version }, 'fallback: export skipped, storage is already at or past this version');
    return { key, written: false, pointerMoved: false, skippedReason: first, pointerRepaired: false, pointer, deleted: [] };
  }

  const exportedAt = ctx.now();
  const body = sealEnvelope({
    canonical, formatVersion: formatVersion as string, gatehouseVersion: meta.gatehouseVersion, version: meta.version, hash,
    exporterId: meta.exporterId, exportedAt, encryptionKey: ctx.encryptionKey, signingKey: ctx.signingKey,
  });
  await ctx.storage.putObject(key, body, {
    contentType: JSON_TYPE,
    metadata: snapshotMetadata({
      version: meta.version, hash, exporterId: meta.exporterId, exportedAt: exportedAt.toISOString(),
      gatehouseVersion: meta.gatehouseVersion, encrypted: ctx.encryptionKey !== undefined, signed: ctx.signingKey !== undefined,
    }),
    ...(ctx.putObjectExtra === undefined ? {} : { extra: ctx.putObjectExtra }),
  });

  // Read again right before moving: another exporter may have moved it during the upload.
  const current = await readPointer(ctx.storage, pKey);
  const second = pointerDecision(current.state === 'ok' ? current.pointer : undefined, meta.version, hash);
  let pointerMoved = false;
  if (second === 'move') {
    await writePointer(ctx, pKey, { version: meta.version, hash, key, exported_at: exportedAt.toISOString(), exporter: meta.exporterId });
    pointerMoved = true;
  } else if (second === 'conflict') {
    ctx.logger.warn(log, 'fallback: another exporter wrote a different config with this version first; kept its pointer');
  }
  const settled = await settlePointer(ctx, major, meta.exporterId);
  let deleted: string[] = [];
  let retentionError: FallbackError | undefined;
  try {
    deleted = await applyRetention(ctx, settled.listing, settled.pointer);
  } catch (err) {
    retentionError = err instanceof FallbackError ? err : new FallbackError('GW_ERR_FALLBACK_STORAGE', 'fallback: retention failed', { cause: err });
    ctx.logger.warn({ err: retentionError, ...log }, 'fallback: could not delete old snapshots');
  }
  ctx.logger.info({ ...log, pointerMoved, deleted: deleted.length }, 'fallback: config exported');
  return {
    key, written: true, pointerMoved, ...(second === 'move' ? {} : { skippedReason: second }), pointerRepaired: settled.repaired,
    pointer: settled.pointer, deleted, ...(retentionError === undefined ? {} : { retentionError }),
  };
}
