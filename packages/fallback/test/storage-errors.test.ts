// Every storage failure an operator can meet gets its own code, names the bucket and key, and
// never shows a credential. Real servers throughout: s3rver for what it produces, a local HTTP
// server answering with S3's documented XML errors for what it cannot, and a closed port.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { freePort, startOrigin } from '@gatehouse/testkit';
import { Exporter, SnapshotStore, createStorageClient } from '../src/index.js';
import type { StorageClient } from '../src/index.js';
import { captureLogger } from './helpers/capture-logger.js';
import { startS3ErrorOrigin } from './helpers/s3-error-origin.js';
import type { S3ErrorReply } from './helpers/s3-error-origin.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, startS3 } from './helpers/s3-harness.js';
import type { S3Harness } from './helpers/s3-harness.js';
import { sampleConfig } from './helpers/sample-config.js';

let s3: S3Harness;
before(async () => {
  s3 = await startS3();
});
after(async () => {
  await s3.close();
});

const SECRETS = [SECRET_ACCESS_KEY, SESSION_TOKEN];

/** Everything an operator could ever see of an error: message, stack, JSON, inspect with causes. */
function everyRendering(err: unknown): string {
  const e = err as Error & { cause?: unknown };
  return [
    e.message, e.stack, JSON.stringify(e), JSON.stringify(e.cause), inspect(e, { depth: 10 }), inspect(e, { depth: 10, showHidden: true }),
  ].join('\n');
}

function assertNoSecrets(err: unknown, alsoHidden: string[] = []): void {
  const text = everyRendering(err);
  for (const secret of [...SECRETS, ...alsoHidden]) assert.ok(!text.includes(secret), `error shows ${secret.slice(0, 6)}...`);
}

async function failure(promise: Promise<unknown>): Promise<Error & { code: string; bucket?: string; key?: string; cause?: unknown }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code: string };
  }
  throw new Error('expected a failure');
}

function clientFor(endpoint: string, extra: Record<string, string> = {}, options: Partial<Parameters<typeof createStorageClient>[0]> = {}): StorageClient {
  return createStorageClient({ url: 's3://gh-bucket/gh/cluster-a', env: s3.env({ AWS_CONFIG_STORAGE_ENDPOINT: endpoint, ...extra }), ...options });
}

describe('configuration errors, before any request', () => {
  test('a bad storage URL', () => {
    assert.throws(() => createStorageClient({ url: 's3://Bad_Bucket/x', env: s3.env() }), { code: 'GW_ERR_FALLBACK_BAD_URL', message: /Bad_Bucket.*lowercase/ });
    assert.throws(() => createStorageClient({ url: 'gcs://bucket/x', env: s3.env() }), { code: 'GW_ERR_FALLBACK_BAD_URL', message: /not supported yet/ });
  });

  test('a missing region names the variables to set', () => {
    const env = s3.env();
    delete env['AWS_REGION'];
    assert.throws(() => createStorageClient({ url: 's3://gh-bucket', env }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'GW_ERR_FALLBACK_MISSING_REGION');
      assert.match(err.message, /AWS_REGION \(or AWS_DEFAULT_REGION\) is not set/);
      return true;
    });
    assert.equal(createStorageClient({ url: 's3://gh-bucket', env: { ...env, AWS_DEFAULT_REGION: 'eu-west-1' } }).region, 'eu-west-1');
  });

  test('half a credential pair, or credentials inside the endpoint URL, are refused without echoing them', () => {
    const env = s3.env();
    delete env['AWS_ACCESS_KEY_ID'];
    assert.throws(() => createStorageClient({ url: 's3://gh-bucket', env }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'GW_ERR_FALLBACK_BAD_ENV');
      assert.match(err.message, /AWS_ACCESS_KEY_ID is not set/);
      assertNoSecrets(err);
      return true;
    });
    const leaky = s3.env({ AWS_CONFIG_STORAGE_ENDPOINT: `http://user:${SECRET_ACCESS_KEY}@127.0.0.1:9000/` });
    assert.throws(() => createStorageClient({ url: 's3://gh-bucket', env: leaky }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'GW_ERR_FALLBACK_BAD_ENV');
      assertNoSecrets(err);
      return true;
    });
  });
});

describe('errors from a real S3 server (s3rver)', () => {
  test('a bucket that does not exist', async () => {
    const storage = s3.client('no-such-bucket-here');
    const err = await failure(storage.getObject('gh/cluster-a/v3/latest.json', 1024));
    assert.equal(err.code, 'GW_ERR_FALLBACK_BUCKET_MISSING');
    assert.equal(err.bucket, 'no-such-bucket-here');
    assert.match(err.message, /bucket "no-such-bucket-here" does not exist/);
    assert.equal((err.cause as { name?: string }).name, 'NoSuchBucket');
    assertNoSecrets(err);
  });

  test('an object that does not exist', async () => {
    const storage = s3.client(await s3.bucket());
    const err = await failure(storage.getObject('gh/cluster-a/v3/latest.json', 1024));
    assert.equal(err.code, 'GW_ERR_FALLBACK_NOT_FOUND');
    assert.equal(err.key, 'gh/cluster-a/v3/latest.json');
    assert.equal((err.cause as { name?: string }).name, 'NoSuchKey');
  });

  test('an unknown access key id (InvalidAccessKeyId) is access denied, and the echoed key id is blanked', async () => {
    const bucket = await s3.bucket();
    const storage = createStorageClient({ url: `s3://${bucket}/p`, env: s3.env({ AWS_ACCESS_KEY_ID: 'AKIAWRONGKEYID000000' }) });
    const err = await failure(storage.putObject('p/x.json', Buffer.from('{}'), { contentType: 'application/json' }));
    storage.close();
    assert.equal(err.code, 'GW_ERR_FALLBACK_ACCESS_DENIED');
    assert.match(err.message, /PutObject of "p\/x.json" in bucket "b-[0-9a-f]+" was refused \(InvalidAccessKeyId/);
    assert.match(err.message, /s3:PutObject/);
    assertNoSecrets(err, ['AKIAWRONGKEYID000000']);
  });
});

describe('S3 error responses served over HTTP', () => {
  const cases: Array<{ name: string; reply: S3ErrorReply; code: string; message: RegExp; head?: boolean }> = [
    { name: 'AccessDenied', reply: { status: 403, code: 'AccessDenied', message: 'Access Denied' }, code: 'GW_ERR_FALLBACK_ACCESS_DENIED', message: /refused \(AccessDenied: Access Denied\).*s3:GetObject/ },
    {
      name: 'SignatureDoesNotMatch (a wrong secret key)',
      reply: {
        status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        extra: { AWSAccessKeyId: ACCESS_KEY_ID, StringToSign: 'AWS4-HMAC-SHA256\n20260101T000000Z', SignatureProvided: 'deadbeef' },
      },
      code: 'GW_ERR_FALLBACK_ACCESS_DENIED', message: /SignatureDoesNotMatch.*AWS_SECRET_ACCESS_KEY/,
    },
    { name: 'ExpiredToken', reply: { status: 400, code: 'ExpiredToken', message: 'The provided token has expired.' }, code: 'GW_ERR_FALLBACK_ACCESS_DENIED', message: /ExpiredToken/ },
    {
      name: 'PermanentRedirect (bucket in another region)',
      reply: {
        status: 301, code: 'PermanentRedirect', message: 'The bucket you are attempting to access must be addressed using the specified endpoint.',
        extra: { Endpoint: 'gh-bucket.s3.eu-west-1.amazonaws.com', Bucket: 'gh-bucket' }, headers: { 'x-amz-bucket-region': 'eu-west-1' },
      },
      code: 'GW_ERR_FALLBACK_WRONG_REGION', message: /AWS_REGION=us-east-1 is not the bucket's region.*set AWS_REGION=eu-west-1/,
    },
    {
      name: 'AuthorizationHeaderMalformed naming the region',
      reply: { status: 400, code: 'AuthorizationHeaderMalformed', message: "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'ap-south-1'", extra: { Region: 'ap-south-1' } },
      code: 'GW_ERR_FALLBACK_WRONG_REGION', message: /set AWS_REGION=ap-south-1/,
    },
    { name: 'a 403 to a HEAD (no body)', reply: { status: 403, code: 'AccessDenied', message: 'Access Denied' }, code: 'GW_ERR_FALLBACK_ACCESS_DENIED', message: /HeadObject/, head: true },
    { name: 'a 301 to a HEAD (no body)', reply: { status: 301, code: 'PermanentRedirect', message: '', headers: { 'x-amz-bucket-region': 'eu-central-1' } }, code: 'GW_ERR_FALLBACK_WRONG_REGION', message: /set AWS_REGION=eu-central-1/, head: true },
    { name: 'InternalError (5xx) is a generic storage error', reply: { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' }, code: 'GW_ERR_FALLBACK_STORAGE', message: /failed with HTTP 500 \(InternalError/ },
  ];
  for (const c of cases) {
    test(c.name, async (t) => {
      const origin = await startS3ErrorOrigin(c.reply);
      t.after(() => origin.close());
      const storage = clientFor(origin.url, {}, { maxAttempts: 2 });
      t.after(() => storage.close());
      const key = 'gh/cluster-a/v3/latest.json';
      const err = await failure(c.head === true ? storage.headObject(key) : storage.getObject(key, 1024));
      assert.equal(err.code, c.code, err.message);
      assert.match(err.message, c.message);
      assert.equal(err.bucket, 'gh-bucket');
      assert.equal(err.key, key);
      assert.ok(err.cause !== undefined);
      assertNoSecrets(err, [ACCESS_KEY_ID]);
    });
  }
});

describe('an endpoint that does not answer fails within bounded time, with bounded retries', () => {
  test('connection refused (a closed port)', async () => {
    const port = await freePort();
    const storage = clientFor(`http://127.0.0.1:${port}`);
    const err = await failure(storage.listObjects('gh/cluster-a/v3/snapshots/'));
    storage.close();
    assert.equal(err.code, 'GW_ERR_FALLBACK_UNREACHABLE');
    assert.match(err.message, new RegExp(`storage endpoint http://127.0.0.1:${port} is unreachable \\(ECONNREFUSED\\)`));
    assertNoSecrets(err);
  });

  test('a server that accepts and never answers hits the request timeout, once per attempt', async (t) => {
    const origin = await startOrigin({ hangForever: true });
    t.after(() => origin.close());
    const storage = clientFor(origin.url, {}, { maxAttempts: 2, timeouts: { connectMs: 500, requestMs: 300 } });
    t.after(() => storage.close());
    const err = await failure(storage.getObject('gh/cluster-a/v3/latest.json', 1024));
    assert.equal(err.code, 'GW_ERR_FALLBACK_UNREACHABLE');
    assert.match(err.message, /unreachable \(ETIMEDOUT\)/);
    assert.equal(origin.requests.length, 2);
  });
});

test('no log line of a failing export or import carries a credential', async () => {
  const logger = captureLogger();
  const bucket = await s3.bucket();
  const storage = createStorageClient({ url: `s3://${bucket}/p`, env: s3.env({ AWS_ACCESS_KEY_ID: 'AKIAWRONGKEYID000000' }), logger });
  const store = new SnapshotStore({ storage, logger });
  const { config, meta } = sampleConfig(1);
  const errors = [await failure(store.export(config, meta)), await failure(store.readLatest())];
  storage.close();
  for (const err of errors) assertNoSecrets(err, ['AKIAWRONGKEYID000000']);
  const exporter = new Exporter({ store, delayMs: 0, logger, retryDelayMs: 60_000 });
  exporter.scheduleExport(config, meta);
  await assert.rejects(exporter.flush());
  assert.ok(logger.lines.length > 0);
  for (const line of logger.lines) {
    for (const secret of [...SECRETS, 'AKIAWRONGKEYID000000']) assert.ok(!line.includes(secret), `log line shows a credential: ${line.slice(0, 120)}`);
  }
  await exporter.close();
});
