// Where objects live under the storage prefix. Keyed by the config format's major version (not
// the Gatehouse build), so any node that reads `_format_version` 3.x finds the snapshots:
//
//   <prefix>/v3/latest.json                                   the pointer to the newest snapshot
//   <prefix>/v3/snapshots/<version, 16 digits>-<sha256>.json  immutable snapshot envelopes
//
// The version is zero-padded so that the keys of one directory sort by version.
import { FallbackError } from './fallback-error.js';

export const VERSION_DIGITS = 16;
const SNAPSHOT_NAME = /^(\d{16})-([0-9a-f]{64})\.json$/;

export interface SnapshotName {
  readonly key: string;
  readonly version: number;
  readonly hash: string;
}

/** "3.0" -> 3; throws for anything that is not "<major>.<minor>". */
export function formatMajor(formatVersion: unknown): number {
  const match = typeof formatVersion === 'string' ? /^(\d{1,4})\.\d{1,4}$/.exec(formatVersion) : null;
  if (match?.[1] === undefined) {
    throw new FallbackError('GW_ERR_FALLBACK_BAD_INPUT', `_format_version ${JSON.stringify(formatVersion)} is not "<major>.<minor>"`);
  }
  return Number(match[1]);
}

function join(prefix: string, rest: string): string {
  return prefix === '' ? rest : `${prefix}/${rest}`;
}

/** `<prefix>/v3/` */
export function majorDir(prefix: string, major: number): string {
  return join(prefix, `v${major}/`);
}

export function pointerKey(prefix: string, major: number): string {
  return `${majorDir(prefix, major)}latest.json`;
}

export function snapshotsDir(prefix: string, major: number): string {
  return `${majorDir(prefix, major)}snapshots/`;
}

export function isConfigVersion(version: unknown): version is number {
  return typeof version === 'number' && Number.isSafeInteger(version) && version >= 0;
}

export function isConfigHash(hash: unknown): hash is string {
  return typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash);
}

export function snapshotKey(prefix: string, major: number, version: number, hash: string): string {
  if (!isConfigVersion(version)) throw new FallbackError('GW_ERR_FALLBACK_BAD_INPUT', `config version ${String(version)} is not a non-negative integer`);
  if (!isConfigHash(hash)) throw new FallbackError('GW_ERR_FALLBACK_BAD_INPUT', `config hash ${JSON.stringify(hash)} is not a sha256 hex digest`);
  return `${snapshotsDir(prefix, major)}${String(version).padStart(VERSION_DIGITS, '0')}-${hash}.json`;
}

/** Parses a key listed under snapshotsDir(); undefined for anything else (stray objects are ignored). */
export function parseSnapshotKey(dir: string, key: string): SnapshotName | undefined {
  if (!key.startsWith(dir)) return undefined;
  const match = SNAPSHOT_NAME.exec(key.slice(dir.length));
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const version = Number(match[1]);
  return Number.isSafeInteger(version) ? { key, version, hash: match[2] } : undefined;
}

/** Newest first: by version, then by key so that equal versions have a stable order. */
export function newestFirst<T extends { version: number; key: string }>(a: T, b: T): number {
  return b.version - a.version || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
