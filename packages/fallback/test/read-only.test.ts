// An importing data plane works with read-only credentials: every read path sends only
// GetObject, ListObjectsV2 and HeadObject.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { snapshotKey } from '../src/index.js';
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

const READ_COMMANDS = new Set(['GetObjectCommand', 'ListObjectsV2Command', 'HeadObjectCommand']);

test('readLatest, its fallback path, list, get and verify send only read commands', async () => {
  const bucket = await s3.bucket();
  const writer = s3.store(bucket, { keep: 2 });
  for (const v of [1, 2, 3]) {
    const { config, meta } = sampleConfig(v);
    await writer.export(config, meta);
  }
  const reader = s3.store(bucket);
  const sent = recordCommands(reader.storage);

  assert.equal((await reader.readLatest()).version, 3);
  await writer.storage.deleteObject(snapshotKey('gh/cluster-a', 3, 3, sampleConfig(3).meta.hash));
  const fallback = await reader.readLatest();
  assert.equal(fallback.source, 'scan');
  assert.equal(fallback.version, 2);
  await assert.rejects(reader.readLatest({ minVersion: 3 }), { code: 'GW_ERR_FALLBACK_NOT_FOUND' });
  assert.equal((await reader.list()).length, 1);
  assert.equal((await reader.get(2)).version, 2);
  const report = await reader.verify();
  assert.equal(report.pointer.state, 'dangling');

  const names = new Set(sent.map((c) => c.name));
  assert.ok(sent.length >= 10);
  for (const name of names) assert.ok(READ_COMMANDS.has(name), `the reader sent ${name}`);
  assert.ok(names.has('GetObjectCommand') && names.has('ListObjectsV2Command') && names.has('HeadObjectCommand'));
});
