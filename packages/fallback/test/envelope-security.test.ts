// What a data plane refuses, each with its own code and a message naming the reason.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { canonicalJson } from '@gatehouse/config';
import { openSnapshotStore, snapshotKey } from '../src/index.js';
import type { SnapshotEnvelope, SnapshotStore } from '../src/index.js';
import { startS3 } from './helpers/s3-harness.js';
import type { S3Harness } from './helpers/s3-harness.js';
import { sampleConfig } from './helpers/sample-config.js';

let s3: S3Harness;
before(async () => {
  s3 = await startS3();
});
after(async () => {
  await s3.close();
});

const PREFIX = 'gh/cluster-a';
const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('hex');
const signer = generateKeyPairSync('ed25519');
const otherSigner = generateKeyPairSync('ed25519');
const publicPem = signer.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = signer.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

type Mutable = { header: Record<string, unknown>; payload: string; signature: string | null };

async function rewrite(store: SnapshotStore, version: number, hash: string, change: (envelope: Mutable) => void): Promise<void> {
  const key = snapshotKey(PREFIX, 3, version, hash);
  const envelope = JSON.parse((await store.storage.getObject(key, 1 << 24)).toString()) as Mutable;
  change(envelope);
  await store.storage.putObject(key, Buffer.from(JSON.stringify(envelope)), { contentType: 'application/json' });
}

async function refusal(store: SnapshotStore, options: { minVersion?: number } = {}): Promise<{ code: string; message: string }> {
  try {
    await store.readLatest(options);
  } catch (err) {
    const e = err as { code: string; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error('readLatest accepted the snapshot');
}

describe('snapshot envelope: encryption, signatures, integrity', () => {
  test('encrypted and signed: round trip, and the stored object holds no plaintext config', async () => {
    const bucket = await s3.bucket();
    const { config, meta } = sampleConfig(5);
    await s3.store(bucket, { encryptionKey: keyA, signingKey: privatePem }).export(config, meta);
    const raw = await s3.store(bucket).storage.getObject(snapshotKey(PREFIX, 3, 5, meta.hash), 1 << 24);
    assert.ok(!raw.toString().includes('/v5-a'));
    assert.throws(() => gunzipSync(Buffer.from((JSON.parse(raw.toString()) as SnapshotEnvelope).payload, 'base64')));
    const imported = await s3.store(bucket, { encryptionKey: keyA, verifyKey: publicPem }).readLatest();
    assert.equal(imported.version, 5);
    assert.equal(imported.encrypted, true);
    assert.equal(imported.signature, 'verified');
    assert.equal(canonicalJson(imported.config), canonicalJson(config));
  });

  const cases: Array<{ name: string; code: string; reason: RegExp; run: (bucket: string) => Promise<{ code: string; message: string }> }> = [
    {
      name: 'a payload changed in storage (no keys) is refused as tampered',
      code: 'GW_ERR_FALLBACK_TAMPERED', reason: /hash of its config/,
      async run(bucket) {
        const store = s3.store(bucket);
        const { config, meta } = sampleConfig(5);
        await store.export(config, meta);
        // A valid gzip of another config, sizes fixed up: only the hash can catch it.
        const forged = canonicalJson({ ...config, services: [] });
        await rewrite(store, 5, meta.hash, (e) => {
          e.payload = gzipSync(forged).toString('base64');
          (e.header['payload'] as Record<string, unknown>)['size'] = Buffer.byteLength(forged);
        });
        return refusal(store);
      },
    },
    {
      name: 'a flipped byte in an encrypted payload fails the GCM tag',
      code: 'GW_ERR_FALLBACK_TAMPERED', reason: /authentication tag/,
      async run(bucket) {
        const { config, meta } = sampleConfig(5);
        const store = s3.store(bucket, { encryptionKey: keyA });
        await store.export(config, meta);
        await rewrite(store, 5, meta.hash, (e) => {
          const bytes = Buffer.from(e.payload, 'base64');
          bytes[3] = (bytes[3] ?? 0) ^ 0xff;
          e.payload = bytes.toString('base64');
        });
        return refusal(store);
      },
    },
    {
      name: 'a reader with a public key refuses an unsigned snapshot',
      code: 'GW_ERR_FALLBACK_UNSIGNED', reason: /no signature/,
      async run(bucket) {
        const { config, meta } = sampleConfig(5);
        await s3.store(bucket).export(config, meta);
        return refusal(s3.store(bucket, { verifyKey: publicPem }));
      },
    },
    {
      name: 'a signed snapshot whose header was edited fails the signature',
      code: 'GW_ERR_FALLBACK_BAD_SIGNATURE', reason: /signature does not match/,
      async run(bucket) {
        const { config, meta } = sampleConfig(5);
        const store = s3.store(bucket, { signingKey: privatePem });
        await store.export(config, meta);
        await rewrite(store, 5, meta.hash, (e) => {
          e.header['exporter'] = 'mallory';
        });
        return refusal(s3.store(bucket, { verifyKey: publicPem }));
      },
    },
    {
      name: 'a snapshot signed by another key is refused naming both key ids',
      code: 'GW_ERR_FALLBACK_BAD_SIGNATURE', reason: /signed by key [0-9a-f]{16}, and this node trusts key [0-9a-f]{16}/,
      async run(bucket) {
        const { config, meta } = sampleConfig(5);
        await s3.store(bucket, { signingKey: otherSigner.privateKey }).export(config, meta);
        return refusal(s3.store(bucket, { verifyKey: publicPem }));
      },
    },
    {
      name: 'a snapshot encrypted with another key is refused as the wrong key, not as tampered',
      code: 'GW_ERR_FALLBACK_WRONG_KEY', reason: /encrypted with key [0-9a-f]{16}/,
      async run(bucket) {
        const { config, meta } = sampleConfig(5);
        await s3.store(bucket, { encryptionKey: keyA }).export(config, meta);
        return refusal(s3.store(bucket, { encryptionKey: keyB }));
      },
    },
    {
      name: 'a reader with an encryption key refuses an unencrypted snapshot',
      code: 'GW_ERR_FALLBACK_UNENCRYPTED', reason: /not encrypted/,
      async run(bucket) {
        const { config, meta } = sampleConfig(5);
        await s3.store(bucket).export(config, meta);
        return refusal(s3.store(bucket, { encryptionKey: keyA }));
      },
    },
    {
      name: 'a reader without a key cannot open an encrypted snapshot and says which variable to set',
      code: 'GW_ERR_FALLBACK_KEY_REQUIRED', reason: /GATEHOUSE_CLUSTER_FALLBACK_CONFIG_ENCRYPTION_KEY is not set/,
      async run(bucket) {
        const { config, meta } = sampleConfig(5);
        await s3.store(bucket, { encryptionKey: keyA }).export(config, meta);
        return refusal(s3.store(bucket));
      },
    },
    {
      name: 'a snapshot older than the version the node already ran is refused as a rollback',
      code: 'GW_ERR_FALLBACK_ROLLBACK', reason: /version 4, older than version 6/,
      async run(bucket) {
        const store = s3.store(bucket);
        for (const v of [3, 4]) {
          const { config, meta } = sampleConfig(v);
          await store.export(config, meta);
        }
        return refusal(store, { minVersion: 6 });
      },
    },
  ];

  for (const c of cases) {
    test(c.name, async () => {
      const got = await c.run(await s3.bucket());
      assert.equal(got.code, c.code, got.message);
      assert.match(got.message, c.reason);
      assert.match(got.message, /snapshot "gh\/cluster-a\/v3\/snapshots\/0+\d-[0-9a-f]{64}\.json" refused/);
    });
  }

  test('the refusals have distinct codes', () => {
    const codes = new Set(cases.map((c) => c.code));
    assert.equal(codes.size, 7);
  });

  test('a tampered newest snapshot is skipped for the newest good one, never for one below minVersion', async () => {
    const bucket = await s3.bucket();
    const store = s3.store(bucket, { signingKey: privatePem });
    const v1 = sampleConfig(1);
    const v2 = sampleConfig(2);
    await store.export(v1.config, v1.meta);
    await store.export(v2.config, v2.meta);
    await rewrite(store, 2, v2.meta.hash, (e) => {
      e.header['exporter'] = 'mallory';
    });
    const reader = s3.store(bucket, { verifyKey: publicPem });
    const imported = await reader.readLatest();
    assert.equal(imported.version, 1);
    assert.equal(imported.source, 'scan');
    assert.match(imported.fallbackReason ?? '', /signature does not match/);
    const refused = await refusal(reader, { minVersion: 2 });
    assert.equal(refused.code, 'GW_ERR_FALLBACK_BAD_SIGNATURE');
    assert.match(refused.message, /no other snapshot to try/);
  });

  test('openSnapshotStore takes the encryption key from GATEHOUSE_CLUSTER_FALLBACK_CONFIG_ENCRYPTION_KEY', async () => {
    const bucket = await s3.bucket();
    const url = `s3://${bucket}/${PREFIX}`;
    const withKey = s3.env({ GATEHOUSE_CLUSTER_FALLBACK_CONFIG_ENCRYPTION_KEY: keyA });
    const exporter = openSnapshotStore({ url, env: withKey });
    const { config, meta } = sampleConfig(8);
    await exporter.export(config, meta);
    exporter.close();
    const reader = openSnapshotStore({ url, env: withKey });
    const imported = await reader.readLatest();
    assert.equal(imported.encrypted, true);
    reader.close();
    const keyless = openSnapshotStore({ url, env: s3.env() });
    await assert.rejects(keyless.readLatest(), { code: 'GW_ERR_FALLBACK_KEY_REQUIRED' });
    keyless.close();
    assert.throws(() => openSnapshotStore({ url, env: s3.env({ GATEHOUSE_CLUSTER_FALLBACK_CONFIG_ENCRYPTION_KEY: 'short' }) }), { code: 'GW_ERR_FALLBACK_BAD_KEY' });
  });
});
