// The pointer object `<prefix>/v<major>/latest.json`: which snapshot is the newest. Small,
// mutable, and never moved to an older version by an exporter. Readers do not trust it
// blindly: the snapshot it names is verified on its own, and its key must be the one its
// version and hash give.
import { FallbackError } from './fallback-error.js';
import type { StorageClient } from './storage-client.js';
import { isConfigHash, isConfigVersion } from './object-layout.js';

export const POINTER_VERSION = 1;
const MAX_POINTER_BYTES = 64 * 1024;

export interface LatestPointer {
  readonly version: number;
  readonly hash: string;
  /** Full key of the snapshot object. */
  readonly key: string;
  readonly exported_at: string;
  /** Node id of the exporter that moved the pointer. */
  readonly exporter: string;
}

/** The pointer read from storage: absent, readable, or present but unusable (with the reason). */
export type PointerRead =
  | { readonly state: 'missing' }
  | { readonly state: 'ok'; readonly pointer: LatestPointer }
  | { readonly state: 'corrupt'; readonly error: FallbackError };

export function serialisePointer(pointer: LatestPointer): Buffer {
  const { version, hash, key, exported_at, exporter } = pointer;
  return Buffer.from(`${JSON.stringify({ gatehouse_fallback_pointer: POINTER_VERSION, version, hash, key, exported_at, exporter }, null, 2)}\n`, 'utf8');
}

export function parsePointer(bytes: Buffer, what: string): LatestPointer {
  const bad = (reason: string): FallbackError =>
    new FallbackError('GW_ERR_FALLBACK_BAD_ENVELOPE', `pointer ${what} is not a valid Gatehouse pointer: ${reason}`);
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw bad('not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad('not a JSON object');
  const d = doc as Record<string, unknown>;
  if (d['gatehouse_fallback_pointer'] !== POINTER_VERSION) throw bad('gatehouse_fallback_pointer is missing or not 1');
  if (!isConfigVersion(d['version'])) throw bad('version is not a non-negative integer');
  if (!isConfigHash(d['hash'])) throw bad('hash is not a sha256 hex digest');
  if (typeof d['key'] !== 'string' || d['key'] === '') throw bad('key is not a string');
  if (typeof d['exported_at'] !== 'string') throw bad('exported_at is not a string');
  if (typeof d['exporter'] !== 'string') throw bad('exporter is not a string');
  return { version: d['version'], hash: d['hash'], key: d['key'], exported_at: d['exported_at'], exporter: d['exporter'] };
}

/** Reads the pointer. A missing or unparsable pointer is a state; storage failures throw. */
export async function readPointer(storage: StorageClient, key: string): Promise<PointerRead> {
  let bytes: Buffer;
  try {
    bytes = await storage.getObject(key, MAX_POINTER_BYTES);
  } catch (err) {
    if (err instanceof FallbackError && err.code === 'GW_ERR_FALLBACK_NOT_FOUND') return { state: 'missing' };
    if (err instanceof FallbackError && err.code === 'GW_ERR_FALLBACK_TOO_LARGE') return { state: 'corrupt', error: err };
    throw err;
  }
  try {
    return { state: 'ok', pointer: parsePointer(bytes, key) };
  } catch (err) {
    if (err instanceof FallbackError) return { state: 'corrupt', error: err };
    throw err;
  }
}

/** Whether `candidate` may replace `current`: only a strictly newer version moves the pointer. */
export function pointerDecision(
  current: LatestPointer | undefined,
  version: number,
  hash: string,
): 'move' | 'pointer_newer' | 'already_exported' | 'conflict' {
  if (current === undefined || current.version < version) return 'move';
  if (current.version > version) return 'pointer_newer';
  return current.hash === hash ? 'already_exported' : 'conflict';
}
