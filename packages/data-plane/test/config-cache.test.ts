import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { normaliseConfig } from '@gatehouse/config';
import { tempDir } from '@gatehouse/testkit';
import { ConfigCache } from '../src/config-cache.js';

function sample() {
  const r = normaliseConfig({ _format_version: '3.0', services: [{ name: 's', url: 'http://a.internal', routes: [{ paths: ['/'] }] }] });
  assert.ok(r.ok);
  return r;
}

test('a saved config loads back intact, with its version, hash and source', async (t) => {
  const dir = await tempDir();
  t.after(() => dir.cleanup());
  const cache = new ConfigCache(dir.path);
  assert.deepEqual(await cache.load(), { ok: false, reason: 'missing' });
  const { config, hash } = sample();
  await cache.save({ version: 7, hash, source: 'control_plane', config });
  const loaded = await cache.load();
  assert.ok(loaded.ok);
  assert.equal(loaded.entry.version, 7);
  assert.equal(loaded.entry.hash, hash);
  assert.equal(loaded.entry.source, 'control_plane');
  assert.deepEqual(loaded.entry.config, config);
});

test('a torn, edited or foreign cache file is moved aside, not fatal', async (t) => {
  const dir = await tempDir();
  t.after(() => dir.cleanup());
  const cache = new ConfigCache(dir.path);
  const { config, hash } = sample();
  for (const damage of [
    (text: string) => text.slice(0, text.length / 2),
    (text: string) => text.replace('a.internal', 'evil.internal'),
    () => JSON.stringify({ hello: 'world' }),
  ]) {
    await cache.save({ version: 1, hash, source: 'control_plane', config });
    await writeFile(cache.path, damage(await readFile(cache.path, 'utf8')));
    const loaded = await cache.load();
    assert.equal(loaded.ok, false);
    assert.equal(!loaded.ok && loaded.reason, 'corrupt');
    assert.deepEqual(await cache.load(), { ok: false, reason: 'missing' }, 'the bad file no longer blocks the node');
  }
  const names = await readdir(join(dir.path, 'dp'));
  assert.equal(names.filter((n) => n.includes('.corrupt-')).length, 3, 'each bad file is kept for inspection');
});
