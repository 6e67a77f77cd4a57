import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FileConfigStore } from '../../src/store/index.js';
import { describeStoreContract } from './store-contract.js';
import { input, tempDir } from './helpers.js';

describeStoreContract('FileConfigStore', async (t, options) => {
  const { store } = await FileConfigStore.open(await tempDir(t), options);
  t.after(() => store.close());
  return store;
});

describe('FileConfigStore on disk', () => {
  test('reopening returns the same current config, history and contents', async (t) => {
    const dir = await tempDir(t);
    const first = await FileConfigStore.open(dir);
    assert.equal(first.recovered, null);
    await first.store.commit(input('{"r":1}', { author: 'ann' }));
    await first.store.commit(input('{"r":2}'));
    await first.store.rollback(1);
    const before = { current: await first.store.current(), history: await first.store.history() };
    await first.store.close();

    const again = await FileConfigStore.open(dir);
    t.after(() => again.store.close());
    assert.equal(again.recovered, null);
    assert.deepEqual(await again.store.current(), before.current);
    assert.deepEqual(await again.store.history(), before.history);
    assert.equal((await again.store.get(2)).content, '{"r":2}');
    const next = await again.store.commit(input('{"r":4}'));
    assert.equal('version' in next && next.version, 4);
  });

  test('lays out one self-checking record per version and a current pointer', async (t) => {
    const dir = await tempDir(t);
    const { store } = await FileConfigStore.open(join(dir, 'nested', 'store'));
    t.after(() => store.close());
    const meta = await store.commit(input('{"layout":true}'));
    assert.ok('version' in meta);
    const root = join(dir, 'nested', 'store');
    assert.deepEqual((await readdir(root)).sort(), ['corrupt', 'current', 'versions']);
    assert.deepEqual(await readdir(join(root, 'versions')), [`0000000001-${meta.hash}.json`]);
    const record = JSON.parse(await readFile(join(root, 'versions', `0000000001-${meta.hash}.json`), 'utf8'));
    assert.equal(record.format, 'gatehouse.config-version.v1');
    assert.match(record.checksum, /^[0-9a-f]{64}$/);
    assert.deepEqual(record.meta, meta);
    assert.equal(record.content, '{"layout":true}');
    const pointer = JSON.parse(await readFile(join(root, 'current'), 'utf8'));
    assert.equal(pointer.version, 1);
    assert.equal(pointer.hash, meta.hash);
  });

  test('pruning deletes the files of versions beyond keep', async (t) => {
    const dir = await tempDir(t);
    const { store } = await FileConfigStore.open(dir, { keep: 2 });
    t.after(() => store.close());
    for (let i = 1; i <= 4; i++) await store.commit(input(`{"k":${i}}`));
    const names = (await readdir(join(dir, 'versions'))).sort();
    assert.deepEqual(names.map((n) => n.slice(0, 10)), ['0000000003', '0000000004']);
  });

  test('an unwritable location is reported with the path and what to do', async (t) => {
    const dir = await tempDir(t);
    const { store } = await FileConfigStore.open(dir);
    await store.commit(input('{}'));
    await store.close();
    // A regular file where the store directory should be.
    const blocked = join(dir, 'current', 'store');
    await assert.rejects(FileConfigStore.open(blocked), (err: Error & { code?: string; cause?: unknown }) => {
      assert.equal(err.code, 'GW_ERR_STORE_IO');
      assert.ok(err.message.includes(blocked), err.message);
      assert.match(err.message, /not a directory/);
      assert.ok(err.cause !== undefined);
      return true;
    });
  });
});
