// Keys of the snapshot envelope: the AES-256-GCM key (32 bytes as base64 or hex, environment
// only) and Ed25519 keys (PEM). Each has a short public id, so a reader can tell "encrypted /
// signed with another key" from "tampered". Messages never quote key material.
import { createHash, createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { FallbackError } from './fallback-error.js';
import type { Env } from './storage-env.js';

/** The environment variable holding cluster_fallback_config_encryption_key. */
export const ENCRYPTION_KEY_ENV = 'GATEHOUSE_CLUSTER_FALLBACK_CONFIG_ENCRYPTION_KEY';

export interface EncryptionKey {
  readonly bytes: Buffer;
  /** First 8 bytes of sha256("gatehouse-fallback-key\0" + key), hex: names the key without revealing it. */
  readonly id: string;
}

export interface SigningKey {
  readonly privateKey: KeyObject;
  /** Key id of the matching public key. */
  readonly id: string;
}

export interface VerifyKey {
  readonly publicKey: KeyObject;
  /** First 8 bytes of sha256 of the SPKI DER, hex. */
  readonly id: string;
}

function badKey(message: string, cause?: unknown): FallbackError {
  return new FallbackError('GW_ERR_FALLBACK_BAD_KEY', message, cause === undefined ? {} : { cause });
}

/** Parses a 32-byte key given as 64 hex digits or base64 (standard or url-safe). */
export function parseEncryptionKey(text: string, source = ENCRYPTION_KEY_ENV): EncryptionKey {
  const trimmed = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) bytes = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) bytes = Buffer.from(trimmed, 'base64');
  if (bytes?.length !== 32) {
    throw badKey(`${source} must be 32 bytes written as 64 hex digits or 44 base64 characters (e.g. \`openssl rand -base64 32\`)`);
  }
  const id = createHash('sha256').update('gatehouse-fallback-key\0').update(bytes).digest('hex').slice(0, 16);
  return { bytes, id };
}

/** The encryption key from the environment, or undefined when the variable is unset or empty. */
export function encryptionKeyFromEnv(env: Env): EncryptionKey | undefined {
  const text = env[ENCRYPTION_KEY_ENV];
  return text === undefined || text.trim() === '' ? undefined : parseEncryptionKey(text);
}

function publicKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function asKeyObject(key: string | Buffer | KeyObject, kind: 'private' | 'public', what: string): KeyObject {
  if (key instanceof KeyObject) return key;
  try {
    return kind === 'private' ? createPrivateKey(key) : createPublicKey(key);
  } catch (err) {
    throw badKey(`${what} is not a PEM ${kind} key`, err);
  }
}

/** An Ed25519 private key (PEM or KeyObject) for exporters. */
export function parseSigningKey(key: string | Buffer | KeyObject, what = 'the snapshot signing key'): SigningKey {
  const privateKey = asKeyObject(key, 'private', what);
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw badKey(`${what} must be an Ed25519 private key (openssl genpkey -algorithm ed25519)`);
  }
  return { privateKey, id: publicKeyId(createPublicKey(privateKey)) };
}

/** An Ed25519 public key (PEM or KeyObject) for importers; a private key is accepted and reduced to its public half. */
export function parseVerifyKey(key: string | Buffer | KeyObject, what = 'the snapshot verification key'): VerifyKey {
  let publicKey = asKeyObject(key, 'public', what);
  if (publicKey.type === 'private') publicKey = createPublicKey(publicKey);
  if (publicKey.type !== 'public' || publicKey.asymmetricKeyType !== 'ed25519') {
    throw badKey(`${what} must be an Ed25519 public key (openssl pkey -in signing.pem -pubout)`);
  }
  return { publicKey, id: publicKeyId(publicKey) };
}
