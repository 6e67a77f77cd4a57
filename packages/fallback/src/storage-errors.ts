// Maps what the AWS SDK throws onto this package's codes. S3 tells us what went wrong through
// the error name (the XML <Code>), the HTTP status (HEAD responses have no body, so only the
// status) and, for network failures, the Node error code.
// The `cause` is a copy of the SDK error, not the error itself: the SDK pins the raw HTTP
// response on it (a hidden, non-configurable `$response`) and that links back to the request
// and its headers: x-amz-security-token and Authorization. The copy keeps name, message, stack,
// code, $fault, $metadata and the fields S3 returned, minus the ones about the signature.
import { FallbackError } from './fallback-error.js';
import type { FallbackErrorCode } from './fallback-error.js';

export interface StorageErrorContext {
  readonly bucket: string;
  readonly key?: string;
  /** The S3 operation: GetObject, PutObject, ListObjectsV2, HeadObject, DeleteObject. */
  readonly operation: string;
  /** The endpoint, for unreachable errors: AWS_CONFIG_STORAGE_ENDPOINT or "AWS S3 (<region>)". */
  readonly endpoint: string;
  readonly region: string;
  readonly regionVariable: string;
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  Region?: unknown;
  Endpoint?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: { headers?: Record<string, string | undefined> };
}

const ACCESS_DENIED = new Set([
  'AccessDenied', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'InvalidToken', 'ExpiredToken', 'TokenRefreshRequired',
  'AllAccessDisabled', 'AccountProblem', 'InvalidSecurity', 'CredentialsProviderError', 'Forbidden',
]);
const WRONG_REGION = new Set(['PermanentRedirect', 'TemporaryRedirect', 'IllegalLocationConstraintException', 'Redirect']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  'ECONNABORTED', 'ESOCKETTIMEDOUT', 'EHOSTDOWN', 'ENETDOWN',
]);
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
/** Fields S3 and compatible stores echo about the failed signature: not secret, but no business in logs. */
const SIGNATURE_FIELDS = [
  'AWSAccessKeyId', 'StringToSign', 'StringToSignBytes', 'CanonicalRequest', 'CanonicalRequestBytes', 'SignatureProvided',
];

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A detached copy of an SDK or network error: plain fields only, nothing that leads to the request. */
export function copySdkError(err: unknown, depth = 0): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const source = err as Record<string, unknown> & { name?: unknown; message?: unknown; stack?: unknown; cause?: unknown };
  const copy = new Error(typeof source.message === 'string' ? source.message : String(source.message));
  copy.name = typeof source.name === 'string' ? source.name : 'Error';
  if (typeof source.stack === 'string') copy.stack = source.stack;
  const fields = copy as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    if (SIGNATURE_FIELDS.includes(key)) fields[key] = '[redacted]';
    else if (key === '$metadata' && typeof value === 'object' && value !== null) fields[key] = { ...value };
    else if (['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  if (source.cause !== undefined && depth < 3) {
    Object.defineProperty(copy, 'cause', { value: copySdkError(source.cause, depth + 1), enumerable: false, writable: true, configurable: true });
  }
  return copy;
}

function networkCode(err: SdkErrorShape): string | undefined {
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const shape = e as SdkErrorShape;
    const code = str(shape.code);
    if (code !== undefined && NETWORK_CODES.has(code)) return code;
    const name = str(shape.name);
    if (name !== undefined && NETWORK_NAMES.has(name)) return name;
    e = shape.cause;
  }
  return undefined;
}

/** The region S3 says the bucket lives in, when it says so. */
function bucketRegion(err: SdkErrorShape): string | undefined {
  const header = str(err.$response?.headers?.['x-amz-bucket-region']);
  if (header !== undefined) return header;
  const region = str(err.Region);
  if (region !== undefined) return region;
  const message = str(err.message) ?? '';
  return /expecting '([a-z0-9-]+)'/.exec(message)?.[1] ?? /\.s3[.-]([a-z0-9-]+)\.amazonaws\.com/.exec(str(err.Endpoint) ?? '')?.[1];
}

function classify(err: SdkErrorShape, status: number | undefined): FallbackErrorCode {
  const name = str(err.Code) ?? str(err.name) ?? '';
  if (networkCode(err) !== undefined) return 'GW_ERR_FALLBACK_UNREACHABLE';
  if (name === 'NoSuchBucket') return 'GW_ERR_FALLBACK_BUCKET_MISSING';
  if (name === 'NoSuchKey' || name === 'NotFound') return 'GW_ERR_FALLBACK_NOT_FOUND';
  if (WRONG_REGION.has(name)) return 'GW_ERR_FALLBACK_WRONG_REGION';
  if (name === 'AuthorizationHeaderMalformed' || name === 'InvalidRegion') {
    return bucketRegion(err) === undefined ? 'GW_ERR_FALLBACK_ACCESS_DENIED' : 'GW_ERR_FALLBACK_WRONG_REGION';
  }
  if (ACCESS_DENIED.has(name)) return 'GW_ERR_FALLBACK_ACCESS_DENIED';
  // HEAD responses carry no XML body: only the status says what happened.
  if (status === 301 || status === 307) return 'GW_ERR_FALLBACK_WRONG_REGION';
  if (status === 403) return 'GW_ERR_FALLBACK_ACCESS_DENIED';
  if (status === 404) return 'GW_ERR_FALLBACK_NOT_FOUND';
  return 'GW_ERR_FALLBACK_STORAGE';
}

const PERMISSION: Record<string, string> = {
  GetObject: 's3:GetObject', HeadObject: 's3:GetObject', PutObject: 's3:PutObject',
  DeleteObject: 's3:DeleteObject', ListObjectsV2: 's3:ListBucket',
};

function describe(code: FallbackErrorCode, err: SdkErrorShape, ctx: StorageErrorContext): string {
  const target = ctx.key === undefined ? `bucket "${ctx.bucket}"` : `"${ctx.key}" in bucket "${ctx.bucket}"`;
  const what = `${ctx.operation} of ${target}`;
  const name = str(err.Code) ?? str(err.name) ?? 'error';
  const detail = str(err.message) === undefined || err.message === 'UnknownError' ? name : `${name}: ${String(err.message)}`;
  switch (code) {
    case 'GW_ERR_FALLBACK_BUCKET_MISSING':
      return `bucket "${ctx.bucket}" does not exist (${ctx.endpoint}); create it or fix cluster_fallback_config_storage`;
    case 'GW_ERR_FALLBACK_NOT_FOUND':
      return `${target} does not exist`;
    case 'GW_ERR_FALLBACK_ACCESS_DENIED':
      return `${what} was refused (${detail}); check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN and that the bucket policy grants ${PERMISSION[ctx.operation] ?? 'this operation'} on the prefix`;
    case 'GW_ERR_FALLBACK_WRONG_REGION': {
      const region = bucketRegion(err);
      const hint = region === undefined ? `set ${ctx.regionVariable} to the bucket's region` : `the bucket is in ${region}; set ${ctx.regionVariable}=${region}`;
      return `${what} was redirected: ${ctx.regionVariable}=${ctx.region} is not the bucket's region (${name}); ${hint}`;
    }
    case 'GW_ERR_FALLBACK_UNREACHABLE':
      return `${what}: storage endpoint ${ctx.endpoint} is unreachable (${networkCode(err) ?? name}); check AWS_CONFIG_STORAGE_ENDPOINT, DNS and the network`;
    default: {
      const status = err.$metadata?.httpStatusCode;
      return `${what} failed${typeof status === 'number' ? ` with HTTP ${status}` : ''} (${detail})`;
    }
  }
}

/** Wraps an SDK failure in a FallbackError with a distinct code; returns FallbackErrors unchanged. */
export function mapStorageError(err: unknown, ctx: StorageErrorContext): FallbackError {
  if (err instanceof FallbackError) return err;
  const shape: SdkErrorShape = typeof err === 'object' && err !== null ? (err as SdkErrorShape) : { message: String(err) };
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const code = classify(shape, status);
  return new FallbackError(code, `fallback storage: ${describe(code, shape, ctx)}`, {
    cause: copySdkError(err), bucket: ctx.bucket, ...(ctx.key === undefined ? {} : { key: ctx.key }), operation: ctx.operation,
  });
}
