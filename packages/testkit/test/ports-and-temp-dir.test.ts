import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort, tempDir, waitForPort } from '../src/index.js';

test('freePort returns a port that can be listened on', async (t) => {
  const port = await freePort();
  assert.ok(Number.isInteger(port) && port > 0 && port < 65_536);
  const server = createServer();
  t.after(() => server.close());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
});

test('waitForPort resolves once something listens', async (t) => {
  const port = await freePort();
  const server = createServer();
  t.after(() => server.close());
  const timer = setTimeout(() => server.listen(port, '127.0.0.1'), 150);
  t.after(() => clearTimeout(timer));
  await waitForPort(port, '127.0.0.1', 5_000);
});

test('waitForPort rejects with GW_ERR_TESTKIT_TIMEOUT and the last error when nothing listens', async () => {
  const port = await freePort();
  await assert.rejects(waitForPort(port, '127.0.0.1', 200), {
    code: 'GW_ERR_TESTKIT_TIMEOUT',
    message: new RegExp(`127\\.0\\.0\\.1:${port} within 200 ms \\(last error: ECONNREFUSED\\)`),
  });
});

test('tempDir creates a writable directory and cleanup removes it', async () => {
  const dir = await tempDir('testkit-');
  assert.match(dir.path, /testkit-[^/]+$/);
  await writeFile(join(dir.path, 'a.txt'), 'x');
  assert.equal(await readFile(join(dir.path, 'a.txt'), 'utf8'), 'x');
  await dir.cleanup();
  assert.equal(existsSync(dir.path), false);
  await dir.cleanup();
});
