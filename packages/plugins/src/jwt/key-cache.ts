/**
 * Verification keys of jwt_secrets, imported once per config snapshot: each plugin instance
 * builds one cache, and a secret's key is imported on first use, then reused by every request
 * (HMAC secrets as WebCrypto keys, public keys as KeyObjects that jose converts once).
 */
import { createPublicKey, webcrypto } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { JwtSecret } from '@gatehouse/config';
import { decodeBase64 } from './jwt-token.js';

export type VerifyKey = webcrypto.CryptoKey | KeyObject;

/** A jwt_secret whose public key does not parse: an operator's mistake, answered with a 500. */
export class InvalidPublicKeyError extends Error {
  readonly code = 'GW_ERR_JWT_PUBLIC_KEY_INVALID';
}

const HMAC_HASH: Record<string, string> = { HS256: 'SHA-256', HS384: 'SHA-384', HS512: 'SHA-512' };

type Entry = { key: Promise<VerifyKey> | VerifyKey | null } | { error: InvalidPublicKeyError };

export class KeyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #secretIsBase64: boolean;

  constructor(secretIsBase64: boolean) {
    this.#secretIsBase64 = secretIsBase64;
  }

  /**
   * The key that verifies tokens of `secret`, or null when it has none (Kong's "Invalid
   * key/secret"). Throws InvalidPublicKeyError when its public key does not parse.
   */
  keyFor(secret: JwtSecret): Promise<VerifyKey> | VerifyKey | null {
    let entry = this.#entries.get(secret.id);
    if (!entry) {
      entry = this.#import(secret);
      this.#entries.set(secret.id, entry);
    }
    if ('error' in entry) throw entry.error;
    return entry.key;
  }

  #import(secret: JwtSecret): Entry {
    const hash = HMAC_HASH[secret.algorithm];
    if (hash) {
      if (secret.secret === null) return { key: null };
      const bytes = this.#secretIsBase64 ? decodeBase64(secret.secret) : Buffer.from(secret.secret, 'utf8');
      if (!bytes || bytes.length === 0) return { key: null };
      return { key: webcrypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash }, false, ['verify']) };
    }
    if (secret.rsa_public_key === null) return { key: null };
    try {
      return { key: createPublicKey(secret.rsa_public_key) };
    } catch (cause) {
      return { error: new InvalidPublicKeyError(`jwt_secret ${secret.id} (key "${secret.key}"): rsa_public_key is not a valid PEM public key`, { cause }) };
    }
  }
}
