// list() and verify(): what `gatehouse fallback list | verify` shows. Read-only like the import.
import { FallbackError } from './fallback-error.js';
import type { FallbackErrorCode } from './fallback-error.js';
import { readPointer } from './latest-pointer.js';
import type { LatestPointer } from './latest-pointer.js';
import { pointerKey } from './object-layout.js';
import { openSnapshot } from './snapshot-read.js';
import { listSnapshots, readSnapshotMetadata } from './store-context.js';
import type { StoreContext } from './store-context.js';

export interface SnapshotInfo {
  readonly key: string;
  readonly version: number;
  readonly hash: string;
  readonly size: number;
  readonly lastModified: string | undefined;
  /** From the object's metadata; undefined when the store dropped it. */
  readonly exporter: string | undefined;
  readonly exportedAt: string | undefined;
  readonly gatehouseVersion: string | undefined;
  readonly encrypted: boolean | undefined;
  readonly signed: boolean | undefined;
  /** Whether latest.json names this snapshot. */
  readonly latest: boolean;
}

export interface SnapshotCheck {
  readonly key: string;
  readonly version: number;
  readonly hash: string;
  readonly ok: boolean;
  readonly code?: FallbackErrorCode;
  readonly message?: string;
  readonly encrypted?: boolean;
  readonly signature?: 'verified' | 'unverified' | 'none';
}

export interface PointerCheck {
  readonly key: string;
  /** ok; missing; corrupt (unparsable); dangling (names no usable snapshot); behind (a newer usable snapshot exists). */
  readonly state: 'ok' | 'missing' | 'corrupt' | 'dangling' | 'behind';
  readonly pointer?: LatestPointer;
  readonly message?: string;
}

export interface VerifyReport {
  /** True when every snapshot opens and the pointer names the newest of them (or there is nothing at all). */
  readonly ok: boolean;
  readonly pointer: PointerCheck;
  readonly snapshots: readonly SnapshotCheck[];
}

export async function listSnapshotInfo(ctx: StoreContext): Promise<SnapshotInfo[]> {
  const read = await readPointer(ctx.storage, pointerKey(ctx.storage.prefix, ctx.major));
  const pointer = read.state === 'ok' ? read.pointer : undefined;
  const infos: SnapshotInfo[] = [];
  for (const snapshot of await listSnapshots(ctx, ctx.major)) {
    let meta = readSnapshotMetadata({});
    try {
      meta = readSnapshotMetadata(await ctx.storage.headObject(snapshot.key));
    } catch (err) {
      if (!(err instanceof FallbackError && err.code === 'GW_ERR_FALLBACK_NOT_FOUND')) throw err;
      continue; // deleted between the listing and the HEAD
    }
    infos.push({
      key: snapshot.key, version: snapshot.version, hash: snapshot.hash, size: snapshot.size,
      lastModified: snapshot.lastModified?.toISOString(), ...meta,
      latest: pointer !== undefined && pointer.version === snapshot.version && pointer.hash === snapshot.hash,
    });
  }
  return infos;
}

function pointerCheck(key: string, read: Awaited<ReturnType<typeof readPointer>>, checks: readonly SnapshotCheck[]): PointerCheck {
  const newestOk = checks.find((c) => c.ok);
  if (read.state === 'missing') {
    return checks.length === 0 ? { key, state: 'missing', message: 'nothing exported yet' } : { key, state: 'missing', message: `${checks.length} snapshot(s) but no pointer` };
  }
  if (read.state === 'corrupt') return { key, state: 'corrupt', message: read.error.message };
  const { pointer } = read;
  const target = checks.find((c) => c.version === pointer.version && c.hash === pointer.hash);
  if (target === undefined || !target.ok || pointer.key !== target.key) {
    const why = target === undefined ? 'no such snapshot' : target.ok ? `its key is not "${target.key}"` : (target.message ?? 'unusable');
    return { key, state: 'dangling', pointer, message: `names version ${pointer.version} (${pointer.key}): ${why}` };
  }
  if (newestOk !== undefined && newestOk.version > pointer.version) {
    return { key, state: 'behind', pointer, message: `names version ${pointer.version}; version ${newestOk.version} is newer` };
  }
  return { key, state: 'ok', pointer };
}

export async function verifyStore(ctx: StoreContext): Promise<VerifyReport> {
  const pKey = pointerKey(ctx.storage.prefix, ctx.major);
  const read = await readPointer(ctx.storage, pKey);
  const checks: SnapshotCheck[] = [];
  for (const snapshot of await listSnapshots(ctx, ctx.major)) {
    const name = { key: snapshot.key, version: snapshot.version, hash: snapshot.hash };
    try {
      const opened = await openSnapshot(ctx, name, undefined);
      checks.push({ ...name, ok: true, encrypted: opened.encrypted, signature: opened.signature });
    } catch (err) {
      if (!(err instanceof FallbackError) || err.code === 'GW_ERR_FALLBACK_UNREACHABLE' || err.code === 'GW_ERR_FALLBACK_ACCESS_DENIED') throw err;
      checks.push({ ...name, ok: false, code: err.code, message: err.message });
    }
  }
  const pointer = pointerCheck(pKey, read, checks);
  const ok = checks.every((c) => c.ok) && (pointer.state === 'ok' || (pointer.state === 'missing' && checks.length === 0));
  return { ok, pointer, snapshots: checks };
}
