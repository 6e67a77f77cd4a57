// The behaviour every ConfigStore backend must show; run against each implementation.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { isUnchanged } from '../../src/store/index.js';
import type { CommitResult, ConfigMeta, ConfigStore } from '../../src/store/index.js';
import { input } from './helpers.js';

export type OpenStore = (t: TestContext, options?: { keep?: number }) => Promise<ConfigStore>;

function committed(result: CommitResult): ConfigMeta {
  assert.ok(!isUnchanged(result), 'expected a new version');
  return result;
}

export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`${name}: ConfigStore contract`, () => {
    test('an empty store has no current config and no history', async (t) => {
      const store = await open(t);
      assert.equal(await store.current(), null);
      assert.deepEqual(await store.history(), []);
      await assert.rejects(store.get(1), { code: 'GW_ERR_STORE_VERSION_NOT_FOUND' });
    });

    test('commits get versions 1, 2, 3 with their metadata; history is newest first', async (t) => {
      const store = await open(t);
      const before = Date.now();
      const one = committed(await store.commit(input('{"a":1}', { source: 'admin-api POST /config', author: 'ann' })));
      const two = committed(await store.commit(input('{"a":"é"}')));
      const three = committed(await store.commit(input('{"a":3}')));
      assert.deepEqual([one.version, two.version, three.version], [1, 2, 3]);
      assert.equal(one.source, 'admin-api POST /config');
      assert.equal(one.author, 'ann');
      assert.ok(Object.isFrozen(one), 'metadata cannot be changed behind the store');
      assert.equal('author' in two, false);
      assert.equal(two.size, 10, 'size counts UTF-8 bytes (é is two)');
      assert.ok(Date.parse(one.created_at) >= before - 1000 && one.created_at.endsWith('Z'));
      assert.deepEqual(await store.current(), { meta: three, content: '{"a":3}' });
      assert.deepEqual(await store.history(), [three, two, one]);
      assert.deepEqual(await store.get(1), { meta: one, content: '{"a":1}' });
      assert.equal((await store.get(2)).content, '{"a":"é"}');
    });

    test('committing the hash of the current config writes no new version', async (t) => {
      const store = await open(t);
      const first = committed(await store.commit(input('{"x":1}')));
      const again = await store.commit(input('{"x":1}', { source: 'other' }));
      assert.deepEqual(again, { unchanged: first });
      assert.equal((await store.history()).length, 1);
      assert.equal(committed(await store.commit(input('{"x":2}'))).version, 2);
    });

    test('rollback commits the old content as a new version', async (t) => {
      const store = await open(t);
      const one = committed(await store.commit(input('{"v":1}')));
      committed(await store.commit(input('{"v":2}')));
      const back = committed(await store.rollback(1, { author: 'bob' }));
      assert.equal(back.version, 3);
      assert.equal(back.hash, one.hash);
      assert.equal(back.source, 'rollback to 1');
      assert.equal(back.author, 'bob');
      assert.equal((await store.current())?.content, '{"v":1}');
      assert.deepEqual((await store.history()).map((m) => m.version), [3, 2, 1]);
      const custom = committed(await store.rollback(2, { source: 'admin-api POST /config/rollback' }));
      assert.equal(custom.source, 'admin-api POST /config/rollback');
      assert.deepEqual(await store.rollback(4), { unchanged: custom }, 'rolling back to the current is a no-op');
      await assert.rejects(store.rollback(99), { code: 'GW_ERR_STORE_VERSION_NOT_FOUND', message: /history\(\)/ });
    });

    test('only the last `keep` versions are retained', async (t) => {
      const store = await open(t, { keep: 3 });
      for (let i = 1; i <= 5; i++) await store.commit(input(`{"n":${i}}`));
      assert.deepEqual((await store.history()).map((m) => m.version), [5, 4, 3]);
      await assert.rejects(store.get(2), { code: 'GW_ERR_STORE_VERSION_NOT_FOUND' });
      await assert.rejects(store.rollback(1), { code: 'GW_ERR_STORE_VERSION_NOT_FOUND' });
      assert.equal((await store.get(3)).content, '{"n":3}');
    });

    test('expectVersion rejects a change based on a stale version', async (t) => {
      const store = await open(t);
      committed(await store.commit(input('{"e":1}', { expectVersion: 0 })));
      committed(await store.commit(input('{"e":2}', { expectVersion: 1 })));
      await assert.rejects(store.commit(input('{"e":3}', { expectVersion: 1 })), {
        code: 'GW_ERR_STORE_CONFLICT',
        message: /expected version 1 but the current version is 2; reload/,
      });
      await assert.rejects(store.rollback(1, { expectVersion: 5 }), { code: 'GW_ERR_STORE_CONFLICT' });
      assert.equal((await store.current())?.meta.version, 2);
    });

    test('concurrent commits get distinct consecutive versions', async (t) => {
      const store = await open(t);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.commit(input(`{"c":${i}}`, { source: `caller ${i}` }))),
      );
      const versions = results.map((r) => committed(r).version).sort((a, b) => a - b);
      assert.deepEqual(versions, Array.from({ length: 20 }, (_, i) => i + 1));
      assert.equal((await store.current())?.meta.version, 20);
    });

    test('of concurrent commits based on the same version exactly one wins', async (t) => {
      const store = await open(t);
      const settled = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => store.commit(input(`{"race":${i}}`, { expectVersion: 0 }))),
      );
      assert.equal(settled.filter((s) => s.status === 'fulfilled').length, 1);
      for (const s of settled.filter((r) => r.status === 'rejected')) {
        assert.equal((s.reason as { code?: string }).code, 'GW_ERR_STORE_CONFLICT');
      }
    });

    test('malformed arguments are refused with GW_ERR_STORE_INVALID_INPUT', async (t) => {
      const store = await open(t);
      const code = 'GW_ERR_STORE_INVALID_INPUT';
      await assert.rejects(store.commit({ content: '{}', hash: 'ABC', source: 'x' }), { code, message: /sha256/ });
      await assert.rejects(store.commit({ ...input('{}'), source: '' }), { code });
      await assert.rejects(store.commit(input('{}', { expectVersion: -1 })), { code });
      await assert.rejects(store.get(0), { code });
      await assert.rejects(open(t, { keep: 0 }), { code, message: /keep/ });
    });

    test('close lets a pending commit finish, then refuses use', async (t) => {
      const store = await open(t);
      const pending = store.commit(input('{"p":1}'));
      await store.close();
      assert.equal(committed(await pending).version, 1);
      await assert.rejects(store.commit(input('{"p":2}')), { code: 'GW_ERR_STORE_CLOSED' });
      await assert.rejects(store.current(), { code: 'GW_ERR_STORE_CLOSED' });
      await store.close();
    });
  });
}
