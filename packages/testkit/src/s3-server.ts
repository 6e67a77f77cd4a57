/**
 * A real S3-compatible HTTP server (s3rver) on 127.0.0.1 with data in a temp dir, for tests and
 * the local demo. It speaks the S3 REST API the AWS SDK uses (path-style); it does not verify
 * request signatures, so any credentials work.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface S3Server {
  readonly endpoint: string;
  readonly port: number;
  /** The environment a node needs to reach it (AWS_* and AWS_CONFIG_STORAGE_ENDPOINT). */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export async function startS3Server(opts: { buckets?: readonly string[]; port?: number; directory?: string } = {}): Promise<S3Server> {
  const directory = opts.directory ?? (await mkdtemp(join(tmpdir(), 'gatehouse-s3-')));
  const server = new S3rver({
    port: opts.port ?? 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: (opts.buckets ?? []).map((name) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    env: () => ({ AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_CONFIG_STORAGE_ENDPOINT: endpoint }),
    async close() {
      await server.close();
      if (!opts.directory) await rm(directory, { recursive: true, force: true });
    },
  };
}
