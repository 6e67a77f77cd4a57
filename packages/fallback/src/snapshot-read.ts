// Reading snapshots: read-only operations only (GetObject, ListObjectsV2, HeadObject), so an
// importing data plane works with read-only credentials. readLatest() follows the pointer and,
// when the snapshot it names is missing or unusable, falls back to the newest usable snapshot
// in the listing and says so.
import { FallbackError } from './fallback-error.js';
import type { FallbackErrorCode } from './fallback-error.js';
import { readPointer } from './latest-pointer.js';
import { majorDir, pointerKey, snapshotKey } from './object-layout.js';
import { openEnvelope } from './snapshot-envelope.js';
import type { OpenedSnapshot } from './snapshot-envelope.js';
import { listSnapshots } from './store-context.js';
import type { StoreContext } from './store-context.js';

export interface ReadLatestOptions {
  /** The newest config version this node already ran: older snapshots are refused (GW_ERR_FALLBACK_ROLLBACK). */
  readonly minVersion?: number;
}

export interface ImportedSnapshot {
  /** The config as exported: a plain object the caller still normalises and validates with its plugins. */
  readonly config: Record<string, unknown>;
  readonly version: number;
  readonly hash: string;
  readonly exported_at: string;
  readonly exporter: string;
  readonly gatehouse_version: string;
  readonly format_version: string;
  readonly key: string;
  readonly encrypted: boolean;
  readonly signature: OpenedSnapshot['signature'];
  /** pointer: the one latest.json names; scan: found by listing because that one was unusable; version: asked for by get(). */
  readonly source: 'pointer' | 'scan' | 'version';
  /** When source is scan: why the pointer was not followed. */
  readonly fallbackReason?: string;
}

/** Snapshot problems a reader can route around by trying another snapshot; storage trouble is not one. */
const SNAPSHOT_PROBLEMS: ReadonlySet<FallbackErrorCode> = new Set<FallbackErrorCode>([
  'GW_ERR_FALLBACK_NOT_FOUND', 'GW_ERR_FALLBACK_TOO_LARGE', 'GW_ERR_FALLBACK_BAD_ENVELOPE', 'GW_ERR_FALLBACK_UNSUPPORTED_ENVELOPE',
  'GW_ERR_FALLBACK_TAMPERED', 'GW_ERR_FALLBACK_UNENCRYPTED', 'GW_ERR_FALLBACK_KEY_REQUIRED', 'GW_ERR_FALLBACK_WRONG_KEY',
  'GW_ERR_FALLBACK_UNSIGNED', 'GW_ERR_FALLBACK_BAD_SIGNATURE', 'GW_ERR_FALLBACK_ROLLBACK',
]);
const MAX_SCAN = 20;

export function isSnapshotProblem(err: unknown): err is FallbackError {
  return err instanceof FallbackError && SNAPSHOT_PROBLEMS.has(err.code);
}

/** Fetches and verifies one snapshot object. */
export async function openSnapshot(
  ctx: StoreContext,
  name: { key: string; version: number; hash: string },
  minVersion: number | undefined,
): Promise<ImportedSnapshot> {
  const bytes = await ctx.storage.getObject(name.key, ctx.maxObjectBytes);
  const opened = openEnvelope(bytes, {
    what: `"${name.key}"`, expectedMajor: ctx.major, encryptionKey: ctx.encryptionKey, verifyKey: ctx.verifyKey,
    minVersion, expected: { version: name.version, hash: name.hash }, maxConfigBytes: ctx.maxConfigBytes,
  });
  const h = opened.header;
  return {
    config: opened.config, version: h.config_version, hash: h.hash, exported_at: h.exported_at, exporter: h.exporter,
    gatehouse_version: h.gatehouse_version, format_version: h.format_version, key: name.key,
    encrypted: opened.encrypted, signature: opened.signature, source: 'pointer',
  };
}

function where(ctx: StoreContext): string {
  return `s3://${ctx.storage.bucket}/${majorDir(ctx.storage.prefix, ctx.major)}`;
}

export async function readLatest(ctx: StoreContext, options: ReadLatestOptions = {}): Promise<ImportedSnapshot> {
  const { minVersion } = options;
  const pKey = pointerKey(ctx.storage.prefix, ctx.major);
  const read = await readPointer(ctx.storage, pKey);
  let problem: FallbackError | undefined;
  let tried: string | undefined;
  if (read.state === 'ok') {
    const { pointer } = read;
    const expectedKey = snapshotKey(ctx.storage.prefix, ctx.major, pointer.version, pointer.hash);
    if (pointer.key !== expectedKey) {
      problem = new FallbackError('GW_ERR_FALLBACK_BAD_ENVELOPE', `pointer "${pKey}" names "${pointer.key}", not "${expectedKey}" as its version and hash give`);
    } else {
      tried = expectedKey;
      try {
        return await openSnapshot(ctx, { key: expectedKey, version: pointer.version, hash: pointer.hash }, minVersion);
      } catch (err) {
        if (!isSnapshotProblem(err)) throw err;
        problem = err;
      }
    }
  } else if (read.state === 'corrupt') {
    problem = read.error;
  }
  const reason = problem?.message ?? `there is no pointer "${pKey}"`;

  const candidates = (await listSnapshots(ctx, ctx.major))
    .filter((s) => s.key !== tried && (minVersion === undefined || s.version >= minVersion))
    .slice(0, MAX_SCAN);
  let firstScanError: FallbackError | undefined;
  for (const candidate of candidates) {
    try {
      const found = await openSnapshot(ctx, candidate, minVersion);
      ctx.logger.warn(
        { reason, key: found.key, version: found.version, problem: problem?.code },
        'fallback: did not use the pointer; imported the newest usable snapshot found by listing',
      );
      return { ...found, source: 'scan', fallbackReason: reason };
    } catch (err) {
      if (!isSnapshotProblem(err)) throw err;
      firstScanError ??= err;
      ctx.logger.warn({ err, key: candidate.key }, 'fallback: snapshot unusable, trying an older one');
    }
  }
  const primary = problem ?? firstScanError;
  if (primary === undefined) {
    throw new FallbackError(
      'GW_ERR_FALLBACK_NO_SNAPSHOT',
      minVersion === undefined
        ? `no snapshot under ${where(ctx)}: no backup node has exported a ${ctx.major}.x config there yet (check cluster_fallback_config_storage on both sides)`
        : `no snapshot of version ${minVersion} or newer under ${where(ctx)}`,
    );
  }
  const others = candidates.length === 0 ? 'no other snapshot to try' : `${candidates.length} other snapshot(s) unusable too`;
  throw new FallbackError(primary.code, `${primary.message} (${others})`, { cause: primary, ...(primary.key === undefined ? {} : { key: primary.key }) });
}

/** The snapshot of one config version (the pointed one when two exporters wrote the same version). */
export async function getVersion(ctx: StoreContext, version: number): Promise<ImportedSnapshot> {
  const matches = (await listSnapshots(ctx, ctx.major)).filter((s) => s.version === version);
  if (matches.length === 0) {
    throw new FallbackError('GW_ERR_FALLBACK_NOT_FOUND', `no snapshot of config version ${version} under ${where(ctx)}`);
  }
  const read = matches.length > 1 ? await readPointer(ctx.storage, pointerKey(ctx.storage.prefix, ctx.major)) : undefined;
  const pointed = read?.state === 'ok' ? read.pointer : undefined;
  matches.sort((a, b) => Number(b.hash === pointed?.hash) - Number(a.hash === pointed?.hash));
  let first: unknown;
  for (const match of matches) {
    try {
      return { ...(await openSnapshot(ctx, match, undefined)), source: 'version' };
    } catch (err) {
      first ??= err;
    }
  }
  throw first;
}
