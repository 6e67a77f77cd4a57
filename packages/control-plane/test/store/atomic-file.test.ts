import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { STORE_ERROR_CODES, removeStrayTemps, writeFileAtomic } from '../../src/store/index.js';
import { fsError } from '../../src/store/store-error.js';
import { tempDir } from './helpers.js';

test('writeFileAtomic replaces the target and leaves no temp file behind', async (t) => {
  const dir = await tempDir(t);
  const target = join(dir, 'file.json');
  await writeFile(target, 'old');
  await writeFileAtomic(target, 'new');
  assert.equal(await readFile(target, 'utf8'), 'new');
  assert.deepEqual(await readdir(dir), ['file.json']);
});

test('a failed atomic write keeps the old file and removes its temp file', async (t) => {
  const dir = await tempDir(t);
  const target = join(dir, 'file.json');
  await writeFile(target, 'old');
  await assert.rejects(writeFileAtomic(join(dir, 'missing-dir', 'x'), 'new'), { code: 'GW_ERR_STORE_IO' });
  await assert.rejects(writeFileAtomic(dir, 'a directory is in the way'), { code: 'GW_ERR_STORE_IO' });
  assert.equal(await readFile(target, 'utf8'), 'old');
  assert.deepEqual(await readdir(dir), ['file.json']);
});

test('removeStrayTemps deletes only temp files', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, '.tmp-a.1.ff'), '');
  await writeFile(join(dir, 'keep.json'), '');
  assert.deepEqual(await removeStrayTemps(dir), ['.tmp-a.1.ff']);
  assert.deepEqual(await readdir(dir), ['keep.json']);
});

test('file-system errors become stable codes that name the path and keep the cause', () => {
  const errno = (code: string): Error => Object.assign(new Error(code), { code });
  const denied = fsError('create the config store directory', '/var/lib/gatehouse', errno('EACCES'));
  assert.equal(denied.code, 'GW_ERR_STORE_ACCESS_DENIED');
  assert.match(denied.message, /permission denied on \/var\/lib\/gatehouse; give the gateway's user/);
  assert.equal((denied.cause as Error).message, 'EACCES');
  assert.equal(fsError('write', '/ro', errno('EROFS')).code, 'GW_ERR_STORE_ACCESS_DENIED');
  assert.match(fsError('write', '/full', errno('ENOSPC')).message, /no space left for \/full/);
  assert.equal(fsError('write', '/x', errno('EIO')).code, 'GW_ERR_STORE_IO');
  for (const code of Object.keys(STORE_ERROR_CODES)) assert.match(code, /^GW_ERR_STORE_[A-Z_]+$/);
});
