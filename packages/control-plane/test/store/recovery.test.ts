import assert from 'node:assert/strict';
import { readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { FileConfigStore } from '../../src/store/index.js';
import type { ConfigMeta } from '../../src/store/index.js';
import { input, tempDir } from './helpers.js';

/** A store in a fresh dir with versions 1..n committed, closed again. */
async function seeded(t: TestContext, n: number): Promise<{ dir: string; metas: ConfigMeta[] }> {
  const dir = await tempDir(t);
  const { store } = await FileConfigStore.open(dir);
  const metas: ConfigMeta[] = [];
  for (let i = 1; i <= n; i++) {
    const result = await store.commit(input(`{"seeded":${i}}`));
    assert.ok('version' in result);
    metas.push(result);
  }
  await store.close();
  return { dir, metas };
}

function versionFile(dir: string, meta: ConfigMeta): string {
  return join(dir, 'versions', `${String(meta.version).padStart(10, '0')}-${meta.hash}.json`);
}

async function reopen(t: TestContext, dir: string): ReturnType<typeof FileConfigStore.open> {
  const opened = await FileConfigStore.open(dir);
  t.after(() => opened.store.close());
  return opened;
}

test('a corrupt current pointer falls back to the newest intact version and is set aside', async (t) => {
  const { dir } = await seeded(t, 3);
  await writeFile(join(dir, 'current'), '{"format":"gatehouse.config-curr');
  const { store, recovered } = await reopen(t, dir);
  assert.equal((await store.current())?.meta.version, 3);
  assert.match(recovered?.reason ?? '', /pointer was corrupt/);
  assert.equal(recovered?.moved_aside.length, 1);
  assert.match(recovered?.moved_aside[0] ?? '', /^corrupt\/current\./);
  assert.equal((await readdir(join(dir, 'corrupt'))).length, 1);
  await store.close();
  assert.equal((await FileConfigStore.open(dir)).recovered, null, 'the pointer was rewritten');
});

test('a torn current version file falls back to the previous version; numbers are not reused', async (t) => {
  const { dir, metas } = await seeded(t, 3);
  const third = metas[2];
  assert.ok(third);
  await truncate(versionFile(dir, third), 40);
  const { store, recovered } = await reopen(t, dir);
  assert.equal((await store.current())?.content, '{"seeded":2}');
  assert.deepEqual((await store.history()).map((m) => m.version), [2, 1]);
  assert.match(recovered?.reason ?? '', /versions\/0000000003-\w+\.json was set aside: not valid JSON/);
  assert.match(recovered?.reason ?? '', /named version 3, whose file is missing or corrupt/);
  assert.deepEqual(await readdir(join(dir, 'corrupt')), [recovered?.moved_aside[0]?.slice('corrupt/'.length)]);
  const next = await store.commit(input('{"after":"recovery"}'));
  assert.equal('version' in next && next.version, 4, 'version 3 may have been served: it is never reused');
});

test('a version file whose content was altered fails its checksum and is set aside', async (t) => {
  const { dir, metas } = await seeded(t, 3);
  const first = metas[0];
  assert.ok(first);
  const path = versionFile(dir, first);
  await writeFile(path, (await readFile(path, 'utf8')).replace('seeded', 'SEEDED'));
  const { store, recovered } = await reopen(t, dir);
  assert.equal((await store.current())?.meta.version, 3);
  assert.deepEqual((await store.history()).map((m) => m.version), [3, 2]);
  assert.match(recovered?.reason ?? '', /checksum mismatch/);
  await assert.rejects(store.get(1), { code: 'GW_ERR_STORE_VERSION_NOT_FOUND' });
});

test('a missing current pointer makes the newest intact version current', async (t) => {
  const { dir } = await seeded(t, 2);
  await rm(join(dir, 'current'));
  const { store, recovered } = await reopen(t, dir);
  assert.equal((await store.current())?.meta.version, 2);
  assert.match(recovered?.reason ?? '', /pointer was missing; version 2 is current now/);
});

test('a version written by a commit killed before the pointer moved is discarded', async (t) => {
  const { dir } = await seeded(t, 1);
  const pointerOfOne = await readFile(join(dir, 'current'));
  const { store: writer } = await FileConfigStore.open(dir);
  await writer.commit(input('{"never":"acknowledged"}'));
  await writer.close();
  await writeFile(join(dir, 'current'), pointerOfOne);
  const { store, recovered } = await reopen(t, dir);
  assert.equal((await store.current())?.content, '{"seeded":1}');
  assert.deepEqual((await store.history()).map((m) => m.version), [1]);
  assert.match(recovered?.reason ?? '', /discarded version 2/);
  assert.equal((await readdir(join(dir, 'versions'))).length, 1);
  const next = await store.commit(input('{"next":true}'));
  assert.equal('version' in next && next.version, 3);
});

test('stray temp files are removed at open; other files are left alone', async (t) => {
  const { dir } = await seeded(t, 1);
  await writeFile(join(dir, '.tmp-current.123.abc'), '{"format":');
  await writeFile(join(dir, 'versions', '.tmp-0000000002-x.json.123.abc'), 'half a rec');
  await writeFile(join(dir, 'README'), 'operator notes');
  const { store, recovered } = await reopen(t, dir);
  assert.match(recovered?.reason ?? '', /removed 2 temp file\(s\)/);
  assert.deepEqual((await readdir(dir)).sort(), ['README', 'corrupt', 'current', 'versions']);
  assert.equal((await readdir(join(dir, 'versions'))).length, 1);
  assert.equal((await store.current())?.meta.version, 1);
});

test('with no intact version left the store is empty but keeps counting upwards', async (t) => {
  const { dir, metas } = await seeded(t, 2);
  for (const meta of metas) await writeFile(versionFile(dir, meta), 'garbage');
  const { store, recovered } = await reopen(t, dir);
  assert.equal(await store.current(), null);
  assert.deepEqual(await store.history(), []);
  assert.match(recovered?.reason ?? '', /the store is empty/);
  assert.equal(recovered?.moved_aside.length, 3, 'both version files and the dangling pointer');
  await store.close();
  const { store: again } = await reopen(t, dir);
  const next = await again.commit(input('{"fresh":true}'));
  assert.equal('version' in next && next.version, 3);
});

test('a version corrupted while the store is open is reported as GW_ERR_STORE_CORRUPT', async (t) => {
  const { dir, metas } = await seeded(t, 2);
  const { store } = await reopen(t, dir);
  const first = metas[0];
  assert.ok(first);
  await writeFile(versionFile(dir, first), '{}');
  await assert.rejects(store.get(1), { code: 'GW_ERR_STORE_CORRUPT', message: /version 1 is unreadable/ });
  await assert.rejects(store.rollback(1), { code: 'GW_ERR_STORE_CORRUPT' });
});
