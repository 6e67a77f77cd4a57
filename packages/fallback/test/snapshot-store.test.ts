import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { configHash } from '@gatehouse/config';
import { SnapshotStore, pointerKey, snapshotKey } from '../src/index.js';
import type { StorageClient } from '../src/index.js';
import { captureLogger } from './helpers/capture-logger.js';
import { recordCommands } from './helpers/record-commands.js';
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

describe('SnapshotStore against a real S3 server', () => {
  test('round trip: export, then readLatest returns the same config, version, hash and exporter', async () => {
    const bucket = await s3.bucket();
    const store = s3.store(bucket, { now: () => new Date('2026-01-02T03:04:05.000Z') });
    const { config, meta } = sampleConfig(42);
    const result = await store.export(config, meta);
    assert.equal(result.key, `${PREFIX}/v3/snapshots/0000000000000042-${meta.hash}.json`);
    assert.equal(result.written, true);
    assert.equal(result.pointerMoved, true);
    assert.equal(result.skippedReason, undefined);

    const imported = await s3.store(bucket).readLatest();
    assert.deepEqual(imported.config, JSON.parse(JSON.stringify(config)));
    assert.equal(configHash(imported.config), meta.hash);
    assert.equal(imported.version, 42);
    assert.equal(imported.hash, meta.hash);
    assert.equal(imported.exporter, 'backup-1');
    assert.equal(imported.exported_at, '2026-01-02T03:04:05.000Z');
    assert.equal(imported.gatehouse_version, '0.1.0');
    assert.equal(imported.source, 'pointer');
    assert.equal(imported.encrypted, false);
    assert.equal(imported.signature, 'none');
  });

  test('the pointer object names the newest snapshot with version, hash, key, time and exporter', async () => {
    const bucket = await s3.bucket();
    const store = s3.store(bucket, { now: () => new Date('2026-01-02T03:04:05.000Z') });
    const { config, meta } = sampleConfig(7);
    await store.export(config, meta);
    const pointer = JSON.parse((await store.storage.getObject(pointerKey(PREFIX, 3), 1 << 16)).toString()) as Record<string, unknown>;
    assert.deepEqual(pointer, {
      gatehouse_fallback_pointer: 1, version: 7, hash: meta.hash, key: snapshotKey(PREFIX, 3, 7, meta.hash),
      exported_at: '2026-01-02T03:04:05.000Z', exporter: 'backup-1',
    });
  });

  test('an export older than the pointer writes nothing and leaves the pointer', async () => {
    const bucket = await s3.bucket();
    const store = s3.store(bucket);
    const newer = sampleConfig(5);
    const older = sampleConfig(4);
    await store.export(newer.config, newer.meta);
    const result = await store.export(older.config, older.meta);
    assert.equal(result.written, false);
    assert.equal(result.pointerMoved, false);
    assert.equal(result.skippedReason, 'pointer_newer');
    assert.equal((await store.readLatest()).version, 5);
    assert.deepEqual((await store.list()).map((s) => s.version), [5]);
  });

  test('same version with another hash keeps the existing snapshot and reports a conflict', async () => {
    const bucket = await s3.bucket();
    const logger = captureLogger();
    const first = sampleConfig(9, 'cp-1', 'a');
    const second = sampleConfig(9, 'backup-2', 'b');
    await s3.store(bucket).export(first.config, first.meta);
    const result = await s3.store(bucket, { logger }).export(second.config, second.meta);
    assert.equal(result.skippedReason, 'conflict');
    assert.equal(result.pointerMoved, false);
    assert.equal((await s3.store(bucket).readLatest()).hash, first.meta.hash);
    assert.ok(logger.messages('warn').some((m) => m.includes('another config with this version')));
  });

  test('exporting the same version again is a no-op', async () => {
    const bucket = await s3.bucket();
    const store = s3.store(bucket);
    const { config, meta } = sampleConfig(3);
    await store.export(config, meta);
    const again = await store.export(config, meta);
    assert.equal(again.written, false);
    assert.equal(again.skippedReason, 'already_exported');
  });

  test('an export whose hash does not match the config is refused before anything is written', async () => {
    const bucket = await s3.bucket();
    const store = s3.store(bucket);
    const sent = recordCommands(store.storage);
    const { config, meta } = sampleConfig(3);
    await assert.rejects(store.export(config, { ...meta, hash: 'f'.repeat(64) }), { code: 'GW_ERR_FALLBACK_BAD_INPUT' });
    assert.deepEqual(sent, []);
  });

  test('retention keeps the newest N snapshots', async () => {
    const bucket = await s3.bucket();
    const store = s3.store(bucket, { keep: 3 });
    for (let v = 1; v <= 6; v++) {
      const { config, meta } = sampleConfig(v);
      await store.export(config, meta);
    }
    assert.deepEqual((await store.list()).map((s) => s.version), [6, 5, 4]);

  });

  test('retention never deletes the snapshot the pointer names, even when it is not among the newest N', async () => {
    const bucket = await s3.bucket();
    const storage = s3.client(bucket);
    const first = sampleConfig(1);
    await new SnapshotStore({ storage, keep: 2 }).export(first.config, first.meta);
    // From here on the pointer stays on version 1: its writes are dropped, as if the exporter
    // that should move it had died between its two writes every time.
    const stuck: StorageClient = {
      ...storage,
      putObject: (key, body, options) => (key === pointerKey(PREFIX, 3) ? Promise.resolve() : storage.putObject(key, body, options)),
    };
    const store = new SnapshotStore({ storage: stuck, keep: 2 });
    for (let v = 2; v <= 5; v++) {
      const { config, meta } = sampleConfig(v);
      const result = await store.export(config, meta);
      assert.equal(result.pointer?.version, 1);
    }
    const listed = await store.list();
    assert.deepEqual(listed.map((s) => [s.version, s.latest]), [[5, false], [4, false], [1, true]]);
  });

  test('cluster_fallback_export_s3_config fields reach every PutObject, but cannot change the bucket, key or body', async () => {
    const bucket = await s3.bucket();
    const store = s3.store(bucket, { putObjectExtra: { ServerSideEncryption: 'AES256', CacheControl: 'no-store', Bucket: 'elsewhere', Key: 'x', Body: 'y' } });
    const inputs: Array<Record<string, unknown>> = [];
    store.storage.s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutObjectCommand') inputs.push(args.input as Record<string, unknown>);
        return next(args);
      },
      { step: 'initialize', name: 'capturePut' },
    );
    const { config, meta } = sampleConfig(1);
    await store.export(config, meta);
    assert.deepEqual(inputs.map((i) => [i['Key'], i['Bucket'], i['ServerSideEncryption'], i['CacheControl'], Buffer.isBuffer(i['Body'])]), [
      [snapshotKey(PREFIX, 3, 1, meta.hash), bucket, 'AES256', 'no-store', true],
      [pointerKey(PREFIX, 3), bucket, 'AES256', 'no-store', true],
    ]);
    assert.equal((await store.readLatest()).version, 1);
  });

  test('readLatest falls back to the newest readable snapshot when the pointed one is missing, and says so', async () => {
    const bucket = await s3.bucket();
    const logger = captureLogger();
    const store = s3.store(bucket);
    for (const v of [1, 2, 3]) {
      const { config, meta } = sampleConfig(v);
      await store.export(config, meta);
    }
    const v3 = sampleConfig(3);
    await store.storage.deleteObject(snapshotKey(PREFIX, 3, 3, v3.meta.hash));
    const imported = await s3.store(bucket, { logger }).readLatest();
    assert.equal(imported.version, 2);
    assert.equal(imported.source, 'scan');
    assert.match(imported.fallbackReason ?? '', /does not exist/);
    assert.ok(logger.messages('warn').some((m) => m.includes('did not use the pointer')));
  });

  test('readLatest without a pointer finds the newest snapshot by listing', async () => {
    const bucket = await s3.bucket();
    const store = s3.store(bucket);
    for (const v of [10, 11]) {
      const { config, meta } = sampleConfig(v);
      await store.export(config, meta);
    }
    await store.storage.deleteObject(pointerKey(PREFIX, 3));
    const imported = await store.readLatest();
    assert.equal(imported.version, 11);
    assert.equal(imported.source, 'scan');
  });

  test('an empty prefix gives GW_ERR_FALLBACK_NO_SNAPSHOT naming where it looked', async () => {
    const bucket = await s3.bucket();
    await assert.rejects(s3.store(bucket).readLatest(), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'GW_ERR_FALLBACK_NO_SNAPSHOT');
      assert.match(err.message, new RegExp(`s3://${bucket}/gh/cluster-a/v3/`));
      return true;
    });
  });

  test('list, get and verify describe the stored snapshots', async () => {
    const bucket = await s3.bucket();
    const store = s3.store(bucket);
    for (const v of [1, 2]) {
      const { config, meta } = sampleConfig(v, `node-${v}`);
      await store.export(config, meta);
    }
    const listed = await store.list();
    assert.deepEqual(listed.map((s) => [s.version, s.exporter, s.latest, s.encrypted, s.signed]), [[2, 'node-2', true, false, false], [1, 'node-1', false, false, false]]);
    assert.equal((await store.get(1)).version, 1);
    await assert.rejects(store.get(99), { code: 'GW_ERR_FALLBACK_NOT_FOUND' });
    const report = await store.verify();
    assert.equal(report.ok, true);
    assert.equal(report.pointer.state, 'ok');
    assert.equal(report.snapshots.length, 2);

    // Corrupt the older snapshot: verify reports it and the report is no longer ok.
    const v1 = sampleConfig(1, 'node-1');
    await store.storage.putObject(snapshotKey(PREFIX, 3, 1, v1.meta.hash), Buffer.from('{"nope":true}'), { contentType: 'application/json' });
    const broken = await store.verify();
    assert.equal(broken.ok, false);
    assert.deepEqual(broken.snapshots.map((s) => [s.version, s.ok, s.code]), [[2, true, undefined], [1, false, 'GW_ERR_FALLBACK_BAD_ENVELOPE']]);
  });
});
