// Two exporters writing to the same prefix, without conditional PUTs: the pointer must end on
// the newest snapshot whatever the interleaving, and an exporter never leaves it older.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pointerKey } from '../src/index.js';
import type { LatestPointer, StorageClient } from '../src/index.js';
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

const POINTER = pointerKey('gh/cluster-a', 3);

/** Holds the client's next PutObject of the pointer until release() is called. */
function gatePointerWrite(storage: StorageClient): { reached: Promise<void>; release: () => void } {
  let release!: () => void;
  let reachedResolve!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (reachedResolve = resolve));
  let armed = true;
  storage.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const key = (args.input as { Key?: string }).Key;
      if (armed && context.commandName === 'PutObjectCommand' && key === POINTER) {
        armed = false;
        reachedResolve();
        await released;
      }
      return next(args);
    },
    { step: 'initialize', name: 'gatePointerWrite' },
  );
  return { reached, release };
}

/** Every pointer body written through this client, in order of completion. */
function recordPointerWrites(storage: StorageClient, into: number[]): void {
  storage.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string; Body?: unknown };
      const out = await next(args);
      if (context.commandName === 'PutObjectCommand' && input.Key === POINTER && Buffer.isBuffer(input.Body)) {
        into.push((JSON.parse(input.Body.toString()) as LatestPointer).version);
      }
      return out;
    },
    { step: 'initialize', name: 'recordPointerWrites' },
  );
}

describe('two exporters racing', () => {
  test('an exporter whose pointer write lands after a newer one moves the pointer forward again before export() returns', async () => {
    const bucket = await s3.bucket();
    const a = s3.store(bucket);
    const b = s3.store(bucket);
    const writes: number[] = [];
    recordPointerWrites(a.storage, writes);
    recordPointerWrites(b.storage, writes);
    const gate = gatePointerWrite(a.storage);

    const v6 = sampleConfig(6, 'exporter-a');
    const v7 = sampleConfig(7, 'exporter-b');
    // A has read the pointer (none yet), uploaded its snapshot and read the pointer again; its
    // pointer write is held while B exports version 7 from start to end.
    const aDone = a.export(v6.config, v6.meta);
    await gate.reached;
    const bResult = await b.export(v7.config, v7.meta);
    assert.equal(bResult.pointer?.version, 7);
    gate.release();
    const aResult = await aDone;

    assert.equal(aResult.pointerMoved, true, 'A wrote its pointer (it read "no pointer" before B moved it)');
    assert.equal(aResult.pointerRepaired, true);
    assert.equal(aResult.pointer?.version, 7);
    // Without conditional PUTs the stale write happens (6 after 7); A's own settle step repairs it.
    assert.deepEqual(writes, [7, 6, 7]);
    const latest = await s3.store(bucket).readLatest();
    assert.equal(latest.version, 7);
    assert.equal(latest.exporter, 'exporter-b');
    assert.equal(latest.source, 'pointer');
  });

  test('interleaved exports from two exporters end with the pointer on the newest version, and no export leaves it older than its own', async () => {
    const bucket = await s3.bucket();
    const a = s3.store(bucket);
    const b = s3.store(bucket);
    const run = async (store: typeof a, versions: number[], id: string): Promise<void> => {
      for (const v of versions) {
        const { config, meta } = sampleConfig(v, id);
        const result = await store.export(config, meta);
        assert.ok((result.pointer?.version ?? -1) >= v, `after exporting ${v}, ${id} left the pointer at ${result.pointer?.version}`);
      }
    };
    const odd = [1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
    const even = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20];
    await Promise.all([run(a, odd, 'exporter-a'), run(b, even, 'exporter-b')]);
    const latest = await s3.store(bucket).readLatest();
    assert.equal(latest.version, 20);
    const report = await s3.store(bucket).verify();
    assert.equal(report.pointer.state, 'ok');
    assert.ok(report.snapshots.length <= 10 + 1, 'retention ran');
  });
});
