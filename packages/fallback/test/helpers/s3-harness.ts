// A real S3 server (s3rver) on 127.0.0.1 for one test file, and a fresh bucket per test.
// s3rver accepts the access key id S3RVER and does not check SigV4 signatures, so the secret
// can be any value: the tests use one that must never show up in errors or logs.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { startS3Server } from '@gatehouse/testkit';
import { SnapshotStore, createStorageClient } from '../../src/index.js';
import type { SnapshotStoreOptions, StorageClient } from '../../src/index.js';

export const ACCESS_KEY_ID = 'S3RVER';
export const SECRET_ACCESS_KEY = 'sekrit-Zq9wX3vN7pL2mK8jH4gF6dS1aT5yU0';
export const SESSION_TOKEN = 'session-token-Vb7nM2cX9zL4kJ8hG3fD6sA1qW5eR0t';

export interface S3Harness {
  readonly endpoint: string;
  /** Environment for createStorageClient pointing at the server. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Creates a bucket (a unique name unless given) and returns its name. */
  bucket(name?: string): Promise<string>;
  /** A storage client on `s3://<bucket>/<prefix>`; closed after the test. */
  client(bucket: string, prefix?: string): StorageClient;
  store(bucket: string, options?: Partial<SnapshotStoreOptions> & { prefix?: string }): SnapshotStore;
  close(): Promise<void>;
}

export async function startS3(): Promise<S3Harness> {
  const server = await startS3Server();
  const { endpoint } = server;
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN,
    AWS_REGION: 'us-east-1', AWS_CONFIG_STORAGE_ENDPOINT: endpoint, ...extra,
  });
  const admin = new S3Client({
    region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
  });
  const clients: StorageClient[] = [];
  const client = (bucket: string, prefix = 'gh/cluster-a'): StorageClient => {
    const c = createStorageClient({ url: `s3://${bucket}/${prefix}`, env: env() });
    clients.push(c);
    return c;
  };
  return {
    endpoint,
    env,
    async bucket(name = `b-${randomBytes(6).toString('hex')}`) {
      await admin.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    client,
    store(bucket, options = {}) {
      const { prefix, ...rest } = options;
      return new SnapshotStore({ storage: client(bucket, prefix), ...rest });
    },
    async close() {
      for (const c of clients) c.close();
      admin.destroy();
      await server.close();
    },
  };
}
