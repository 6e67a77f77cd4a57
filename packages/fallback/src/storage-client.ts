// The S3 client of the fallback storage, built from the environment only. It speaks the subset
// every S3-compatible store supports: plain PUT with a Buffer body (no aws-chunked streaming,
// no conditional writes, checksums only where S3 requires them), GET, HEAD, ListObjectsV2 and
// single-object DELETE. Timeouts and retries are bounded so a dead endpoint fails in seconds.
import {
  DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import type { PutObjectCommandInput } from '@aws-sdk/client-s3';
import { parseStorageUrl } from '@gatehouse/config';
import type { StorageLocation } from '@gatehouse/config';
import { FallbackError } from './fallback-error.js';
import type { FallbackLogger } from './fallback-logger.js';
import { readStorageEnv } from './storage-env.js';
import type { Env } from './storage-env.js';
import { mapStorageError } from './storage-errors.js';
import { readBody } from './read-body.js';

export interface StorageTimeouts {
  /** TCP (and TLS) connect, per attempt; default 3000 ms. */
  readonly connectMs?: number;
  /** From sending the request to the response headers, per attempt; default 10000 ms. */
  readonly requestMs?: number;
  /** Socket idle while reading a body; default 10000 ms. */
  readonly socketIdleMs?: number;
}

export interface StorageClientOptions {
  /** cluster_fallback_config_storage: `s3://bucket/prefix`, or an already parsed location. */
  readonly url: string | StorageLocation;
  /** Usually process.env; read for AWS_* variables only. */
  readonly env: Env;
  readonly timeouts?: StorageTimeouts;
  /** Attempts per request, first included (the SDK's maxAttempts); default 3. */
  readonly maxAttempts?: number;
  readonly logger?: FallbackLogger;
}

export interface StoredObject {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date | undefined;
}

export interface StorageClient {
  readonly bucket: string;
  /** Key prefix without slashes at either end; "" for the bucket root. */
  readonly prefix: string;
  readonly url: string;
  /** Where requests go, for messages: the custom endpoint or "AWS S3 (<region>)". */
  readonly endpoint: string;
  readonly region: string;
  /** The SDK client; exposed so callers can add middleware (metrics, tests recording commands). */
  readonly s3: S3Client;
  /** The object's bytes; GW_ERR_FALLBACK_NOT_FOUND when it does not exist, _TOO_LARGE over maxBytes. */
  getObject(key: string, maxBytes: number): Promise<Buffer>;
  /** The object's user metadata (x-amz-meta-*), lower-case names. */
  headObject(key: string): Promise<Record<string, string>>;
  putObject(key: string, body: Buffer, options: PutOptions): Promise<void>;
  /** Every object under `keyPrefix`, following continuation tokens. */
  listObjects(keyPrefix: string): Promise<StoredObject[]>;
  deleteObject(key: string): Promise<void>;
  /** Releases the connection pool. */
  close(): void;
}

export interface PutOptions {
  readonly contentType: string;
  readonly metadata?: Record<string, string>;
  /** Extra PutObject fields (cluster_fallback_export_s3_config), e.g. { ServerSideEncryption: 'aws:kms' }. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

const MAX_LIST_PAGES = 1000;

function parseLocation(url: string | StorageLocation): StorageLocation {
  if (typeof url !== 'string') return url;
  const parsed = parseStorageUrl(url);
  if (!parsed.ok) throw new FallbackError('GW_ERR_FALLBACK_BAD_URL', `cluster_fallback_config_storage: ${parsed.message}`);
  return parsed.value;
}

/** Builds the client; throws GW_ERR_FALLBACK_BAD_URL / _MISSING_REGION / _BAD_ENV before any request. */
export function createStorageClient(options: StorageClientOptions): StorageClient {
  const location = parseLocation(options.url);
  const env = readStorageEnv(options.env);
  const timeouts = options.timeouts ?? {};
  const maxAttempts = options.maxAttempts ?? 3;
  const s3 = new S3Client({
    region: env.region,
    ...(env.endpoint === undefined ? {} : { endpoint: env.endpoint, forcePathStyle: true }),
    ...(env.credentials === undefined ? {} : { credentials: { ...env.credentials } }),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts,
    requestHandler: {
      connectionTimeout: timeouts.connectMs ?? 3000,
      requestTimeout: timeouts.requestMs ?? 10_000,
      socketTimeout: timeouts.socketIdleMs ?? 10_000,
      throwOnRequestTimeout: true,
    },
  });
  const endpoint = env.endpoint ?? `AWS S3 (${env.region})`;
  options.logger?.debug(
    { bucket: location.bucket, prefix: location.prefix, endpoint, region: env.region, credentials: env.credentials === undefined ? 'sdk-default-chain' : 'environment' },
    'fallback storage client created',
  );
  const fail = (err: unknown, operation: string, key?: string): FallbackError =>
    mapStorageError(err, {
      bucket: location.bucket, operation, endpoint, region: env.region, regionVariable: env.regionSource,
      ...(key === undefined ? {} : { key }),
    });
  const Bucket = location.bucket;

  return {
    bucket: location.bucket,
    prefix: location.prefix,
    url: location.url,
    endpoint,
    region: env.region,
    s3,
    async getObject(key, maxBytes) {
      // The SDK retries a request until the response headers; a connection that breaks while
      // the body streams is retried here, the same number of times.
      for (let attempt = 1; ; attempt++) {
        let body: unknown;
        let length: number | undefined;
        try {
          const out = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
          body = out.Body;
          length = out.ContentLength;
        } catch (err) {
          throw fail(err, 'GetObject', key);
        }
        try {
          return await readBody(body, length, maxBytes, `"${key}" in bucket "${Bucket}"`);
        } catch (err) {
          if (err instanceof FallbackError || attempt >= maxAttempts) throw fail(err, 'GetObject', key);
        }
      }
    },
    async headObject(key) {
      try {
        const out = await s3.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { ...(out.Metadata ?? {}) };
      } catch (err) {
        throw fail(err, 'HeadObject', key);
      }
    },
    async putObject(key, body, put) {
      // Ours last: the extra settings may add SSE and the like, never change what is written where.
      const input: PutObjectCommandInput = {
        ...(put.extra ?? {}),
        Bucket, Key: key, Body: body, ContentLength: body.length, ContentType: put.contentType,
        ...(put.metadata === undefined ? {} : { Metadata: { ...(put.metadata) } }),
      };
      try {
        await s3.send(new PutObjectCommand(input));
      } catch (err) {
        throw fail(err, 'PutObject', key);
      }
    },
    async listObjects(keyPrefix) {
      const found: StoredObject[] = [];
      let token: string | undefined;
      for (let page = 0; page < MAX_LIST_PAGES; page++) {
        try {
          const out = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: keyPrefix, ContinuationToken: token }));
          for (const item of out.Contents ?? []) {
            if (item.Key !== undefined) found.push({ key: item.Key, size: item.Size ?? 0, lastModified: item.LastModified });
          }
          token = out.IsTruncated === true ? out.NextContinuationToken : undefined;
        } catch (err) {
          throw fail(err, 'ListObjectsV2', keyPrefix);
        }
        if (token === undefined) return found;
      }
      throw new FallbackError('GW_ERR_FALLBACK_STORAGE', `fallback storage: listing "${keyPrefix}" in bucket "${Bucket}" did not end after ${MAX_LIST_PAGES} pages`);
    },
    async deleteObject(key) {
      try {
        await s3.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (err) {
        throw fail(err, 'DeleteObject', key);
      }
    },
    close() {
      s3.destroy();
    },
  };
}
