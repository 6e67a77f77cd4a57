// The on-disk formats of the file store, and their validation. Nothing read from disk is
// trusted: a record or pointer that fails any check is reported as corrupt with a reason.
//
//   versions/<10-digit version>-<hash>.json
//     {"format":"gatehouse.config-version.v1","checksum":"<sha256 hex>","meta":{...},"content":"..."}
//     checksum = sha256(JSON.stringify(meta, fixed key order) + "\n" + content)
//   current
//     {"format":"gatehouse.config-current.v1","version":7,"hash":"<sha256 hex>","checksum":"<sha256 hex>"}
//     checksum = sha256("<version>:<hash>")

import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { HASH_PATTERN } from './commit-rules.js';
import type { ConfigMeta, StoredConfig } from './config-store.js';

export const RECORD_FORMAT = 'gatehouse.config-version.v1';
export const POINTER_FORMAT = 'gatehouse.config-current.v1';

const VERSION_DIGITS = 10;
const VERSION_FILE = /^(\d{10,})-([0-9a-f]{64})\.json$/;

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface VersionRef {
  readonly version: number;
  readonly hash: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

export function versionFileName(ref: VersionRef): string {
  return `${String(ref.version).padStart(VERSION_DIGITS, '0')}-${ref.hash}.json`;
}

/** The version and hash a file name in versions/ stands for. */
export function parseVersionFileName(name: string): VersionRef | undefined {
  const match = VERSION_FILE.exec(name);
  if (match === null || match[1] === undefined || match[2] === undefined) return undefined;
  const version = Number(match[1]);
  return isVersion(version) ? { version, hash: match[2] } : undefined;
}

/** The version of a version file set aside in corrupt/ as `<name>.<stamp>`. */
export function versionOfSetAside(name: string): number | undefined {
  return parseVersionFileName(name.replace(/(\.json)\.[^.]+$/, '$1'))?.version;
}

function checkMeta(raw: unknown): Decoded<ConfigMeta> {
  if (!isRecord(raw)) return { ok: false, reason: 'meta is not an object' };
  const { version, hash, created_at, source, author, size } = raw;
  if (!isVersion(version)) return { ok: false, reason: 'meta.version is not a positive integer' };
  if (typeof hash !== 'string' || !HASH_PATTERN.test(hash)) return { ok: false, reason: 'meta.hash is not sha256 hex' };
  if (typeof created_at !== 'string' || Number.isNaN(Date.parse(created_at))) {
    return { ok: false, reason: 'meta.created_at is not an ISO time' };
  }
  if (typeof source !== 'string') return { ok: false, reason: 'meta.source is not a string' };
  if (author !== undefined && typeof author !== 'string') return { ok: false, reason: 'meta.author is not a string' };
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    return { ok: false, reason: 'meta.size is not a byte count' };
  }
  // Rebuilt in the fixed key order the checksum is computed over.
  const meta = Object.freeze({ version, hash, created_at, source, ...(author === undefined ? {} : { author }), size });
  return { ok: true, value: meta };
}

function recordChecksum(meta: ConfigMeta, content: string): string {
  return sha256(`${JSON.stringify(meta)}\n${content}`);
}

export function encodeRecord(meta: ConfigMeta, content: string): string {
  return JSON.stringify({ format: RECORD_FORMAT, checksum: recordChecksum(meta, content), meta, content });
}

/** Decodes a version file and checks it against the version and hash its name promises. */
export function decodeRecord(text: string, expected: VersionRef): Decoded<StoredConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON (torn or overwritten)' };
  }
  if (!isRecord(parsed) || parsed.format !== RECORD_FORMAT) {
    return { ok: false, reason: `not a ${RECORD_FORMAT} record` };
  }
  const meta = checkMeta(parsed.meta);
  if (!meta.ok) return meta;
  const { content, checksum } = parsed;
  if (typeof content !== 'string') return { ok: false, reason: 'content is not a string' };
  if (checksum !== recordChecksum(meta.value, content)) return { ok: false, reason: 'checksum mismatch' };
  if (Buffer.byteLength(content, 'utf8') !== meta.value.size) return { ok: false, reason: 'size mismatch' };
  if (meta.value.version !== expected.version || meta.value.hash !== expected.hash) {
    return { ok: false, reason: 'record does not match its file name' };
  }
  return { ok: true, value: Object.freeze({ meta: meta.value, content }) };
}

export function encodePointer(ref: VersionRef): string {
  const { version, hash } = ref;
  return `${JSON.stringify({ format: POINTER_FORMAT, version, hash, checksum: sha256(`${version}:${hash}`) })}\n`;
}

export function decodePointer(text: string): Decoded<VersionRef> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (!isRecord(parsed) || parsed.format !== POINTER_FORMAT) {
    return { ok: false, reason: `not a ${POINTER_FORMAT} pointer` };
  }
  const { version, hash, checksum } = parsed;
  if (!isVersion(version) || typeof hash !== 'string' || !HASH_PATTERN.test(hash)) {
    return { ok: false, reason: 'version or hash malformed' };
  }
  if (checksum !== sha256(`${version}:${hash}`)) return { ok: false, reason: 'checksum mismatch' };
  return { ok: true, value: { version, hash } };
}
