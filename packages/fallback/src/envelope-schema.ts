// The snapshot envelope as it is stored (one JSON object) and the checks that turn untrusted
// bytes from storage into that type. Shape only: integrity, keys and signatures are checked by
// openEnvelope() in snapshot-envelope.ts.
import { FallbackError } from './fallback-error.js';
import { isConfigHash, isConfigVersion } from './object-layout.js';

export const ENVELOPE_VERSION = 1;
/** Prefix of the GCM additional data and of the signed message: binds both to this format. */
export const ENVELOPE_DOMAIN = 'gatehouse-fallback-snapshot/1\n';

export interface EnvelopeEncryption {
  readonly alg: 'A256GCM';
  /** Id of the key (see envelope-keys.ts), so a reader can tell "another key" from "tampered". */
  readonly key_id: string;
  /** 12 random bytes, base64. The 16-byte GCM tag is appended to the ciphertext. */
  readonly iv: string;
}

export interface EnvelopeHeader {
  readonly format_version: string;
  readonly gatehouse_version: string;
  readonly config_version: number;
  readonly hash: string;
  readonly exported_at: string;
  readonly exporter: string;
  readonly payload: {
    readonly encoding: 'gzip';
    /** Bytes of the canonical JSON before compression: bounds and checks decompression. */
    readonly size: number;
    readonly encryption: EnvelopeEncryption | null;
  };
  readonly signature: { readonly alg: 'Ed25519'; readonly key_id: string } | null;
}

export interface SnapshotEnvelope {
  readonly gatehouse_fallback_snapshot: typeof ENVELOPE_VERSION;
  readonly header: EnvelopeHeader;
  /** base64 of gzip(canonical JSON), or of AES-256-GCM(gzip(...)) || tag when encrypted. */
  readonly payload: string;
  /** base64 Ed25519 signature of ENVELOPE_DOMAIN + canonicalJson(header) + "\n" + payload bytes. */
  readonly signature: string | null;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const KEY_ID = /^[0-9a-f]{16}$/;

/** Parses and shape-checks an envelope; `what` names the object in messages. */
export function parseEnvelope(bytes: Buffer, what: string): SnapshotEnvelope {
  const bad = (reason: string): FallbackError =>
    new FallbackError('GW_ERR_FALLBACK_BAD_ENVELOPE', `snapshot ${what} is not a valid Gatehouse snapshot: ${reason}`);
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw bad('not JSON');
  }
  if (!isObj(doc)) throw bad('not a JSON object');
  const envelopeVersion = doc['gatehouse_fallback_snapshot'];
  if (typeof envelopeVersion === 'number' && Number.isInteger(envelopeVersion) && envelopeVersion > ENVELOPE_VERSION) {
    throw new FallbackError(
      'GW_ERR_FALLBACK_UNSUPPORTED_ENVELOPE',
      `snapshot ${what} uses envelope format ${envelopeVersion}; this Gatehouse reads format ${ENVELOPE_VERSION} (upgrade this node)`,
    );
  }
  if (envelopeVersion !== ENVELOPE_VERSION) throw bad('gatehouse_fallback_snapshot is missing or not 1');
  const h = doc['header'];
  if (!isObj(h)) throw bad('header is missing');
  if (typeof h['format_version'] !== 'string' || !/^\d{1,4}\.\d{1,4}$/.test(h['format_version'])) {
    throw bad('header.format_version is not "<major>.<minor>"');
  }
  if (typeof h['gatehouse_version'] !== 'string') throw bad('header.gatehouse_version is not a string');
  if (!isConfigVersion(h['config_version'])) throw bad('header.config_version is not a non-negative integer');
  if (!isConfigHash(h['hash'])) throw bad('header.hash is not a sha256 hex digest');
  if (typeof h['exported_at'] !== 'string' || Number.isNaN(Date.parse(h['exported_at']))) throw bad('header.exported_at is not a timestamp');
  if (typeof h['exporter'] !== 'string') throw bad('header.exporter is not a string');
  const p = h['payload'];
  if (!isObj(p) || p['encoding'] !== 'gzip') throw bad('header.payload.encoding is not "gzip"');
  if (!isConfigVersion(p['size'])) throw bad('header.payload.size is not a byte count');
  const enc = p['encryption'];
  if (enc !== null) {
    if (!isObj(enc) || enc['alg'] !== 'A256GCM') throw bad('header.payload.encryption.alg is not "A256GCM"');
    if (typeof enc['key_id'] !== 'string' || !KEY_ID.test(enc['key_id'])) throw bad('header.payload.encryption.key_id is malformed');
    if (typeof enc['iv'] !== 'string' || !BASE64.test(enc['iv']) || Buffer.from(enc['iv'], 'base64').length !== 12) {
      throw bad('header.payload.encryption.iv is not 12 bytes of base64');
    }
  }
  const sig = h['signature'];
  if (sig !== null) {
    if (!isObj(sig) || sig['alg'] !== 'Ed25519') throw bad('header.signature.alg is not "Ed25519"');
    if (typeof sig['key_id'] !== 'string' || !KEY_ID.test(sig['key_id'])) throw bad('header.signature.key_id is malformed');
  }
  if (typeof doc['payload'] !== 'string' || !BASE64.test(doc['payload'])) throw bad('payload is not base64');
  const signature = doc['signature'];
  if (signature !== null && (typeof signature !== 'string' || !BASE64.test(signature))) throw bad('signature is not base64');
  return doc as unknown as SnapshotEnvelope;
}
