import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from '@gatehouse/testkit';
import { loadOrCreateNodeId } from '../src/index.js';

describe('node id', () => {
  test('is generated once and kept across restarts', async (t) => {
    const dir = await tempDir();
    t.after(() => dir.cleanup());
    const prefix = join(dir.path, 'prefix');
    const first = await loadOrCreateNodeId(prefix);
    assert.equal(first.created, true);
    assert.match(first.id, /^[0-9a-f-]{36}$/);
    const second = await loadOrCreateNodeId(prefix);
    assert.deepEqual({ id: second.id, created: second.created }, { id: first.id, created: false });
    assert.equal((await readFile(join(prefix, 'node_id'), 'utf8')).trim(), first.id);
  });

  test('a corrupt id file is replaced and reported', async (t) => {
    const dir = await tempDir();
    t.after(() => dir.cleanup());
    await writeFile(join(dir.path, 'node_id'), 'garbage\n');
    const result = await loadOrCreateNodeId(dir.path);
    assert.equal(result.replaced, 'garbage');
    assert.notEqual(result.id, 'garbage');
  });
});
