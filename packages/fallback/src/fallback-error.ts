// Errors of the fallback storage: every code is stable API (the CLI prints them, the docs list
// them from FALLBACK_ERROR_CODES, callers branch on `code`). Messages name the bucket and key
// and say what to change; they never contain a credential or a key.

export const FALLBACK_ERROR_CODES = {
  GW_ERR_FALLBACK_BAD_URL: 'cluster_fallback_config_storage is not a valid s3://<bucket>[/<prefix>] URL.',
  GW_ERR_FALLBACK_MISSING_REGION: 'Neither AWS_REGION nor AWS_DEFAULT_REGION is set.',
  GW_ERR_FALLBACK_BAD_ENV: 'A storage environment variable is malformed or incomplete (endpoint URL, key id without secret).',
  GW_ERR_FALLBACK_BUCKET_MISSING: 'The bucket does not exist (NoSuchBucket).',
  GW_ERR_FALLBACK_ACCESS_DENIED: 'The storage refused the credentials or the request (AccessDenied, SignatureDoesNotMatch, InvalidAccessKeyId, expired token, no credentials).',
  GW_ERR_FALLBACK_WRONG_REGION: 'The bucket lives in another region than AWS_REGION (PermanentRedirect, AuthorizationHeaderMalformed).',
  GW_ERR_FALLBACK_UNREACHABLE: 'The storage endpoint did not answer: connection refused, DNS failure or timeout.',
  GW_ERR_FALLBACK_NOT_FOUND: 'The object does not exist (NoSuchKey).',
  GW_ERR_FALLBACK_STORAGE: 'Any other storage failure (5xx, throttling, unexpected response); the cause has the details.',
  GW_ERR_FALLBACK_TOO_LARGE: 'An object or its decompressed payload is over the size limit.',
  GW_ERR_FALLBACK_NO_SNAPSHOT: 'There is no snapshot for this config format version under the prefix.',
  GW_ERR_FALLBACK_BAD_ENVELOPE: 'A snapshot or pointer object is not a well-formed Gatehouse envelope.',
  GW_ERR_FALLBACK_UNSUPPORTED_ENVELOPE: 'A snapshot was written in a newer envelope format than this node reads.',
  GW_ERR_FALLBACK_TAMPERED: 'A snapshot failed its integrity check (hash, size, GCM tag, gzip stream, or a header that disagrees with its key).',
  GW_ERR_FALLBACK_UNENCRYPTED: 'This node requires encrypted snapshots and the snapshot is not encrypted.',
  GW_ERR_FALLBACK_KEY_REQUIRED: 'The snapshot is encrypted and this node has no encryption key.',
  GW_ERR_FALLBACK_WRONG_KEY: 'The snapshot is encrypted with another key than this node\'s.',
  GW_ERR_FALLBACK_UNSIGNED: 'This node requires signed snapshots and the snapshot carries no signature.',
  GW_ERR_FALLBACK_BAD_SIGNATURE: 'The snapshot\'s signature does not verify with this node\'s public key (modified, or signed by another key).',
  GW_ERR_FALLBACK_ROLLBACK: 'The snapshot is older than a config version this node already ran.',
  GW_ERR_FALLBACK_BAD_KEY: 'An encryption, signing or verification key is malformed.',
  GW_ERR_FALLBACK_BAD_INPUT: 'An export was asked with a config or metadata that cannot be exported (hash mismatch, bad version).',
} as const;

export type FallbackErrorCode = keyof typeof FALLBACK_ERROR_CODES;

export interface FallbackErrorOptions {
  cause?: unknown;
  bucket?: string;
  key?: string;
  /** The S3 operation that failed (GetObject, PutObject, ...). */
  operation?: string;
}

export class FallbackError extends Error {
  readonly code: FallbackErrorCode;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly operation: string | undefined;

  constructor(code: FallbackErrorCode, message: string, options: FallbackErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FallbackError';
    this.code = code;
    this.bucket = options.bucket;
    this.key = options.key;
    this.operation = options.operation;
  }
}

/** True for an error carrying one of this package's codes (branch on `code`, not `instanceof`). */
export function isFallbackError(err: unknown): err is FallbackError {
  return (
    typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' &&
    Object.hasOwn(FALLBACK_ERROR_CODES, (err as { code: string }).code)
  );
}
