// The backup node's export loop: first config at once, then one write per window (the newest),
// retries with backoff, newest pending config wins. No timing assertions: tests wait for the
// exporter's own attempt events or call flush().
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Exporter } from '../src/index.js';
import type { ExportAttempt, SnapshotStore } from '../src/index.js';
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

/** Attempts as they happen, with a way to wait for the n-th. */
function attempts(): { list: ExportAttempt[]; onAttempt: (a: ExportAttempt) => void; next: (n: number) => Promise<ExportAttempt> } {
  const list: ExportAttempt[] = [];
  const waiters: Array<{ n: number; resolve: (a: ExportAttempt) => void }> = [];
  return {
    list,
    onAttempt(a) {
      list.push(a);
      for (const w of waiters.filter((w) => w.n === list.length)) w.resolve(a);
    },
    next(n) {
      const done = list[n - 1];
      return done !== undefined ? Promise.resolve(done) : new Promise((resolve) => waiters.push({ n, resolve }));
    },
  };
}

function snapshotPuts(store: SnapshotStore): () => string[] {
  const sent = recordCommands(store.storage);
  return () => sent.filter((c) => c.name === 'PutObjectCommand' && c.key?.includes('/snapshots/') === true).map((c) => c.key ?? '');
}

describe('Exporter', { timeout: 30_000 }, () => {
  test('the first config after start is exported at once, without waiting for the window', async () => {
    const store = s3.store(await s3.bucket());
    const seen = attempts();
    const exporter = new Exporter({ store, delayMs: 600_000, onAttempt: seen.onAttempt });
    const { config, meta } = sampleConfig(1);
    exporter.scheduleExport(config, meta);
    const first = await seen.next(1);
    assert.equal(first.ok, true);
    assert.equal((await store.readLatest()).version, 1);
    assert.equal(exporter.stats().exports, 1);
    await exporter.close();
  });

  test('five rapid changes after the start export give exactly one write, of the last', async () => {
    const store = s3.store(await s3.bucket());
    const puts = snapshotPuts(store);
    const exporter = new Exporter({ store, delayMs: 600_000 });
    const start = sampleConfig(1);
    exporter.scheduleExport(start.config, start.meta);
    await exporter.flush();
    for (const v of [2, 3, 4, 5, 6]) {
      const { config, meta } = sampleConfig(v);
      exporter.scheduleExport(config, meta);
    }
    assert.equal(exporter.stats().pending_version, 6);
    await exporter.flush();
    const v6 = sampleConfig(6);
    assert.deepEqual(puts(), [`gh/cluster-a/v3/snapshots/0000000000000001-${start.meta.hash}.json`, `gh/cluster-a/v3/snapshots/0000000000000006-${v6.meta.hash}.json`]);
    assert.equal((await store.readLatest()).version, 6);
    const stats = exporter.stats();
    assert.equal(stats.exports, 2);
    assert.equal(stats.coalesced, 4);
    assert.equal(stats.last_exported_version, 6);
    await exporter.close();
  });

  test('when the window closes, the newest config of the window is written', async () => {
    const store = s3.store(await s3.bucket());
    const puts = snapshotPuts(store);
    const seen = attempts();
    const exporter = new Exporter({ store, delayMs: 50, onAttempt: seen.onAttempt });
    for (const v of [1, 2, 3]) {
      const { config, meta } = sampleConfig(v);
      exporter.scheduleExport(config, meta);
      if (v === 1) await seen.next(1);
    }
    const second = await seen.next(2);
    assert.equal(second.version, 3);
    assert.equal(puts().length, 2);
    await exporter.close();
  });

  test('versions older than the pending or the last exported one are ignored', async () => {
    const store = s3.store(await s3.bucket());
    const puts = snapshotPuts(store);
    const exporter = new Exporter({ store, delayMs: 600_000 });
    for (const v of [5, 3]) {
      const { config, meta } = sampleConfig(v);
      exporter.scheduleExport(config, meta);
    }
    await exporter.flush();
    const old = sampleConfig(4);
    exporter.scheduleExport(old.config, old.meta);
    assert.equal(exporter.stats().pending_version, null);
    assert.equal(puts().length, 1);
    await exporter.close();
  });

  test('a failed export is retried with backoff, and a config scheduled meanwhile replaces it', async () => {
    const bucket = `late-${randomBytes(4).toString('hex')}`;
    const store = s3.store(bucket);
    const seen = attempts();
    let created: Promise<string> | undefined;
    const exporter = new Exporter({
      store, delayMs: 600_000, retryDelayMs: 20, maxRetryDelayMs: 40,
      onAttempt(a) {
        // The bucket appears after the first failure; a newer config arrives at the same time.
        if (!a.ok && created === undefined) {
          created = s3.bucket(bucket);
          const v2 = sampleConfig(2);
          exporter.scheduleExport(v2.config, v2.meta);
        }
        seen.onAttempt(a);
      },
    });
    const v1 = sampleConfig(1);
    exporter.scheduleExport(v1.config, v1.meta);
    const first = await seen.next(1);
    assert.equal(first.ok, false);
    assert.equal(first.ok ? undefined : first.error.code, 'GW_ERR_FALLBACK_BUCKET_MISSING');
    assert.equal(first.ok ? undefined : first.retryInMs, 20);
    await created;
    let last = await seen.next(2);
    for (let n = 3; !last.ok; n++) last = await seen.next(n); // the bucket may appear after a second try
    assert.equal(last.version, 2);
    const stats = exporter.stats();
    assert.equal(stats.exports, 1);
    assert.ok(stats.failures >= 1);
    assert.equal(stats.last_error?.code, 'GW_ERR_FALLBACK_BUCKET_MISSING');
    assert.equal((await store.readLatest()).version, 2);
    assert.deepEqual((await store.list()).map((s) => s.version), [2]);
    await exporter.close();
  });

  test('flush() rejects with the storage error; close() writes what is pending and then ignores new configs', async () => {
    const store = s3.store('missing-bucket-x');
    const exporter = new Exporter({ store, delayMs: 600_000, retryDelayMs: 600_000 });
    const v1 = sampleConfig(1);
    exporter.scheduleExport(v1.config, v1.meta);
    await assert.rejects(exporter.flush(), { code: 'GW_ERR_FALLBACK_BUCKET_MISSING' });

    const okStore = s3.store(await s3.bucket());
    const closing = new Exporter({ store: okStore, delayMs: 600_000 });
    closing.scheduleExport(v1.config, v1.meta);
    await closing.flush();
    const v2 = sampleConfig(2);
    closing.scheduleExport(v2.config, v2.meta);
    await closing.close();
    assert.equal((await okStore.readLatest()).version, 2);
    const v3 = sampleConfig(3);
    closing.scheduleExport(v3.config, v3.meta);
    assert.equal(closing.stats().pending_version, null);
    await exporter.close();
  });
});
