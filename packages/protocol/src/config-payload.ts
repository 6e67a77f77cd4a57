// The config payload: gzip of the canonical JSON of a normalised config. Because the config
// hash is the sha256 of that same canonical JSON, a receiver checks integrity by hashing the
// decompressed bytes, before parsing them. Compression runs on libuv's thread pool.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, gunzip, gzip } from 'node:zlib';
import { canonicalJson } from '@gatehouse/config';
import type { Result } from './cluster-errors.js';
import { ClusterError, fail } from './cluster-errors.js';
import { mib } from './limits.js';
import type { SizeLimits } from './limits.js';
import type { ConfigMessage } from './message-schemas.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface CompressedConfig {
  /** sha256 (hex) of the canonical JSON: the same as `configHash(config)`. */
  readonly hash: string;
  /** gzip of the canonical JSON. */
  readonly payload: Buffer;
  /** Length of the canonical JSON, bytes. */
  readonly size: number;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Canonical JSON → sha256 → gzip. With `expectedHash`, a config whose canonical form hashes
 * differently is refused (GW_ERR_CLUSTER_HASH_MISMATCH): every node would reject it.
 */
export async function compressConfig(config: unknown, options: { expectedHash?: string; level?: number } = {}): Promise<CompressedConfig> {
  const json = Buffer.from(canonicalJson(config));
  const hash = sha256(json);
  if (options.expectedHash !== undefined && options.expectedHash !== hash) {
    throw new ClusterError('GW_ERR_CLUSTER_HASH_MISMATCH', `config hash ${options.expectedHash} does not match its canonical JSON (sha256 ${hash})`);
  }
  const payload = await gzipAsync(json, { level: options.level ?? constants.Z_DEFAULT_COMPRESSION });
  return { hash, payload, size: json.length };
}

export type DecompressedConfig = Result<Record<string, unknown>>;

/** Decompresses (bounded), checks size and hash, parses. Never throws on bad input. */
export async function decompressConfig(message: ConfigMessage, limits: SizeLimits): Promise<DecompressedConfig> {
  const cap = Math.min(message.size, limits.maxDecompressedBytes);
  const tooBig = () =>
    message.size >= limits.maxDecompressedBytes
      ? fail('GW_ERR_CLUSTER_MESSAGE_TOO_LARGE', `config ${message.version} decompresses to more than the ${mib(limits.maxDecompressedBytes)} cap`)
      : fail('GW_ERR_CLUSTER_CONFIG_CORRUPT', `config ${message.version} decompresses to more than its declared ${message.size} bytes`);
  let json: Buffer;
  try {
    // One byte over the declared size is enough to tell a lying header.
    json = await gunzipAsync(message.payload, { maxOutputLength: cap + 1 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) return tooBig();
    return fail('GW_ERR_CLUSTER_CONFIG_CORRUPT', `config ${message.version} could not be decompressed: ${e.message}`);
  }
  if (json.length > cap) return tooBig();
  if (json.length !== message.size) {
    return fail('GW_ERR_CLUSTER_CONFIG_CORRUPT', `config ${message.version} decompresses to ${json.length} bytes, not the declared ${message.size}`);
  }
  const actual = sha256(json);
  if (actual !== message.hash) {
    return fail('GW_ERR_CLUSTER_HASH_MISMATCH', `config ${message.version} hashes to ${actual}, not the announced ${message.hash}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch (err) {
    return fail('GW_ERR_CLUSTER_CONFIG_CORRUPT', `config ${message.version} is not JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('GW_ERR_CLUSTER_CONFIG_CORRUPT', `config ${message.version} is not a JSON object`);
  }
  return { ok: true, value: value as Record<string, unknown> };
}
