// Sealing and opening a snapshot envelope. Sealing: gzip the canonical JSON, optionally encrypt
// it with AES-256-GCM (the header is the additional data), optionally sign header + payload with
// Ed25519. Opening checks, in this order: the reader's policy (encryption / signature required),
// the signature, the GCM tag, the gzip stream within the size limit, the hash of the parsed
// config, and last the version (rollback). Each failure has its own code.
import { createCipheriv, createDecipheriv, randomBytes, sign, verify } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { canonicalJson, configHash } from '@gatehouse/config';
import { FallbackError } from './fallback-error.js';
import type { FallbackErrorCode } from './fallback-error.js';
import type { EncryptionKey, SigningKey, VerifyKey } from './envelope-keys.js';
import { ENCRYPTION_KEY_ENV } from './envelope-keys.js';
import { ENVELOPE_DOMAIN, ENVELOPE_VERSION, parseEnvelope } from './envelope-schema.js';
import type { EnvelopeHeader, SnapshotEnvelope } from './envelope-schema.js';
import { formatMajor } from './object-layout.js';

const TAG_BYTES = 16;

export interface SealInput {
  /** canonicalJson() of the normalised config; its sha256 is `hash`. */
  readonly canonical: string;
  readonly formatVersion: string;
  readonly gatehouseVersion: string;
  readonly version: number;
  readonly hash: string;
  readonly exporterId: string;
  readonly exportedAt: Date;
  readonly encryptionKey?: EncryptionKey | undefined;
  readonly signingKey?: SigningKey | undefined;
}

export interface OpenOptions {
  /** Names the object in messages: its key. */
  readonly what: string;
  readonly expectedMajor: number;
  /** When set, the snapshot must be encrypted with this key. */
  readonly encryptionKey?: EncryptionKey | undefined;
  /** When set, the snapshot must be signed by this key. */
  readonly verifyKey?: VerifyKey | undefined;
  /** Refuse snapshots older than this config version (the newest one this node ran). */
  readonly minVersion?: number | undefined;
  /** The version and hash the object's key promises. */
  readonly expected?: { readonly version: number; readonly hash: string } | undefined;
  /** Limit on the decompressed canonical JSON. */
  readonly maxConfigBytes: number;
}

export interface OpenedSnapshot {
  readonly header: EnvelopeHeader;
  readonly config: Record<string, unknown>;
  readonly encrypted: boolean;
  /** verified: checked with the node's public key; unverified: signed but the node has no public key. */
  readonly signature: 'verified' | 'unverified' | 'none';
}

function signedMessage(header: EnvelopeHeader, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${ENVELOPE_DOMAIN}${canonicalJson(header)}\n`, 'utf8'), payload]);
}

function additionalData(header: EnvelopeHeader): Buffer {
  return Buffer.from(`${ENVELOPE_DOMAIN}${canonicalJson(header)}`, 'utf8');
}

/** Builds the stored bytes of one snapshot. */
export function sealEnvelope(input: SealInput): Buffer {
  const plain = Buffer.from(input.canonical, 'utf8');
  const compressed = gzipSync(plain);
  const iv = input.encryptionKey === undefined ? undefined : randomBytes(12);
  const header: EnvelopeHeader = {
    format_version: input.formatVersion,
    gatehouse_version: input.gatehouseVersion,
    config_version: input.version,
    hash: input.hash,
    exported_at: input.exportedAt.toISOString(),
    exporter: input.exporterId,
    payload: {
      encoding: 'gzip',
      size: plain.length,
      encryption: input.encryptionKey === undefined || iv === undefined ? null : { alg: 'A256GCM', key_id: input.encryptionKey.id, iv: iv.toString('base64') },
    },
    signature: input.signingKey === undefined ? null : { alg: 'Ed25519', key_id: input.signingKey.id },
  };
  let payload = compressed;
  if (input.encryptionKey !== undefined && iv !== undefined) {
    const cipher = createCipheriv('aes-256-gcm', input.encryptionKey.bytes, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(header));
    payload = Buffer.concat([cipher.update(compressed), cipher.final(), cipher.getAuthTag()]);
  }
  const signature = input.signingKey === undefined ? null : sign(null, signedMessage(header, payload), input.signingKey.privateKey).toString('base64');
  const envelope: SnapshotEnvelope = { gatehouse_fallback_snapshot: ENVELOPE_VERSION, header, payload: payload.toString('base64'), signature };
  return Buffer.from(JSON.stringify(envelope), 'utf8');
}

/** Verifies and opens stored snapshot bytes; throws a FallbackError with a distinct code per reason. */
export function openEnvelope(bytes: Buffer, options: OpenOptions): OpenedSnapshot {
  const { what } = options;
  const refuse = (code: FallbackErrorCode, reason: string, cause?: unknown): FallbackError =>
    new FallbackError(code, `snapshot ${what} refused: ${reason}`, cause === undefined ? {} : { cause });
  const envelope = parseEnvelope(bytes, what);
  const { header } = envelope;
  const payload = Buffer.from(envelope.payload, 'base64');
  const encryption = header.payload.encryption;
  if (formatMajor(header.format_version) !== options.expectedMajor) {
    throw refuse('GW_ERR_FALLBACK_TAMPERED', `it holds format ${header.format_version}, not ${options.expectedMajor}.x as its location says`);
  }
  if (options.expected !== undefined && (options.expected.version !== header.config_version || options.expected.hash !== header.hash)) {
    throw refuse('GW_ERR_FALLBACK_TAMPERED', `its name says version ${options.expected.version} but its header says version ${header.config_version} (hash ${header.hash.slice(0, 12)})`);
  }
  // Policy first: a node that requires encryption or signatures says so, whatever else is wrong.
  if (options.encryptionKey !== undefined && encryption === null) {
    throw refuse('GW_ERR_FALLBACK_UNENCRYPTED', `it is not encrypted and this node requires encrypted snapshots (${ENCRYPTION_KEY_ENV} is set); re-export it from a backup node with the same key`);
  }
  if (options.verifyKey !== undefined && (header.signature === null || envelope.signature === null)) {
    throw refuse('GW_ERR_FALLBACK_UNSIGNED', 'it carries no signature and this node requires signed snapshots; give the backup node the signing key');
  }
  let signature: OpenedSnapshot['signature'] = header.signature === null ? 'none' : 'unverified';
  if (options.verifyKey !== undefined && header.signature !== null && envelope.signature !== null) {
    if (header.signature.key_id !== options.verifyKey.id) {
      throw refuse('GW_ERR_FALLBACK_BAD_SIGNATURE', `it is signed by key ${header.signature.key_id}, and this node trusts key ${options.verifyKey.id}`);
    }
    const ok = verify(null, signedMessage(header, payload), options.verifyKey.publicKey, Buffer.from(envelope.signature, 'base64'));
    if (!ok) throw refuse('GW_ERR_FALLBACK_BAD_SIGNATURE', 'its Ed25519 signature does not match its content (modified after signing)');
    signature = 'verified';
  }
  let compressed = payload;
  if (encryption !== null) {
    if (options.encryptionKey === undefined) {
      throw refuse('GW_ERR_FALLBACK_KEY_REQUIRED', `it is encrypted (key ${encryption.key_id}) and ${ENCRYPTION_KEY_ENV} is not set on this node`);
    }
    if (encryption.key_id !== options.encryptionKey.id) {
      throw refuse('GW_ERR_FALLBACK_WRONG_KEY', `it is encrypted with key ${encryption.key_id}, and this node's ${ENCRYPTION_KEY_ENV} is key ${options.encryptionKey.id}`);
    }
    if (payload.length < TAG_BYTES) throw refuse('GW_ERR_FALLBACK_TAMPERED', 'its encrypted payload is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', options.encryptionKey.bytes, Buffer.from(encryption.iv, 'base64'), { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(header));
      decipher.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
      compressed = Buffer.concat([decipher.update(payload.subarray(0, payload.length - TAG_BYTES)), decipher.final()]);
    } catch (err) {
      throw refuse('GW_ERR_FALLBACK_TAMPERED', 'its AES-GCM authentication tag does not match (payload or header modified)', err);
    }
  }
  if (header.payload.size > options.maxConfigBytes) {
    throw refuse('GW_ERR_FALLBACK_TOO_LARGE', `its config is ${header.payload.size} bytes, over the limit of ${options.maxConfigBytes}`);
  }
  let plain: Buffer;
  try {
    plain = gunzipSync(compressed, { maxOutputLength: Math.max(1, header.payload.size) });
  } catch (err) {
    throw refuse('GW_ERR_FALLBACK_TAMPERED', `its payload does not decompress to the ${header.payload.size} bytes its header announces`, err);
  }
  if (plain.length !== header.payload.size) {
    throw refuse('GW_ERR_FALLBACK_TAMPERED', `its payload is ${plain.length} bytes, its header says ${header.payload.size}`);
  }
  let config: unknown;
  try {
    config = JSON.parse(plain.toString('utf8'));
  } catch (err) {
    throw refuse('GW_ERR_FALLBACK_TAMPERED', 'its payload is not JSON', err);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw refuse('GW_ERR_FALLBACK_TAMPERED', 'its payload is not a config object');
  }
  const actual = configHash(config);
  if (actual !== header.hash) {
    throw refuse('GW_ERR_FALLBACK_TAMPERED', `the hash of its config is ${actual.slice(0, 12)}…, its header says ${header.hash.slice(0, 12)}…`);
  }
  if ((config as Record<string, unknown>)['_format_version'] !== header.format_version) {
    throw refuse('GW_ERR_FALLBACK_TAMPERED', 'its config\'s _format_version differs from its header');
  }
  if (options.minVersion !== undefined && header.config_version < options.minVersion) {
    throw refuse('GW_ERR_FALLBACK_ROLLBACK', `it holds config version ${header.config_version}, older than version ${options.minVersion} this node already ran`);
  }
  return { header, config: config as Record<string, unknown>, encrypted: encryption !== null, signature };
}
