import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveSettings } from '@gatehouse/config';
import type { LoadedSettings } from '@gatehouse/config';
import { httpRequest, tempDir } from '@gatehouse/testkit';
import { pino } from 'pino';
import { startControlPlane } from '../../src/index.js';
import type { ConfigChange } from '../../src/index.js';
import { testPlugins } from './helpers.js';

function settingsFor(prefix: string, env: Record<string, string> = {}): LoadedSettings {
  const result = resolveSettings({
    env: { GATEHOUSE_PREFIX: prefix, GATEHOUSE_ADMIN_LISTEN: '127.0.0.1:0', GATEHOUSE_STATUS_LISTEN: '127.0.0.1:0', ...env },
    roleHint: 'control_plane',
  });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return result;
}

const quiet = { logger: pino({ level: 'silent' }), plugins: testPlugins(), handleSignals: false };

test('startControlPlane serves the Admin API and status, reports changes, and keeps the store under <prefix>/cp/store', async (t) => {
  const dir = await tempDir();
  t.after(() => dir.cleanup());
  const { settings, secrets } = settingsFor(dir.path);
  const cp = await startControlPlane(settings, secrets, quiet);
  t.after(() => cp.close());
  const heard: ConfigChange[] = [];
  cp.onConfigChange((change) => heard.push(change));
  assert.equal(await cp.current(), null);
  assert.equal((await httpRequest(`${cp.statusUrls[0]!}/status/ready`)).status, 200);
  const res = await httpRequest(`${cp.adminUrls[0]!}/consumers`, { method: 'POST', json: { username: 'alice' } });
  assert.equal(res.status, 201);
  assert.deepEqual(heard.map((c) => c.version), [1]);
  assert.equal((await cp.current())?.config.consumers[0]?.username, 'alice');
  assert.equal((cp.store as { dir?: string }).dir, join(dir.path, 'cp', 'store'));
  const status = (await httpRequest(`${cp.statusUrls[0]!}/status`)).json<Record<string, unknown>>();
  assert.equal(status['role'], 'control_plane');
  assert.equal((status['config'] as Record<string, unknown>)['version'], 1);
  assert.ok(typeof (status['memory'] as Record<string, unknown>)['rss_bytes'] === 'number');
  assert.equal((await httpRequest(`${cp.statusUrls[0]!}/nope`)).status, 404);
});

test('close() lets an in-flight request finish, then refuses new connections; a second close is harmless', async (t) => {
  const dir = await tempDir();
  t.after(() => dir.cleanup());
  const { settings, secrets } = settingsFor(dir.path);
  const cp = await startControlPlane(settings, secrets, quiet);
  const admin = new URL(cp.adminUrls[0]!);
  const body = JSON.stringify({ username: 'slow' });
  const answer = new Promise<number>((resolve, reject) => {
    const req = request({ host: admin.hostname, port: admin.port, path: '/consumers', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.write(body.slice(0, 5));
    setTimeout(() => {
      const closing = cp.close();
      setTimeout(() => req.end(body.slice(5)), 100);
      closing.catch(reject);
    }, 50);
  });
  assert.equal(await answer, 201);
  await cp.close();
  await assert.rejects(httpRequest(`${cp.adminUrls[0]!}/`), /ECONNREFUSED/);
  const reopened = await startControlPlane(settings, secrets, quiet);
  t.after(() => reopened.close());
  assert.equal((await reopened.current())?.version, 1, 'the in-flight write was kept');
});

test('a start that cannot listen fails with GW_ERR_CP_LISTEN and closes what it opened', async (t) => {
  const dir = await tempDir();
  t.after(() => dir.cleanup());
  const first = await startControlPlane(settingsFor(join(dir.path, 'a')).settings, {}, quiet);
  t.after(() => first.close());
  const taken = new URL(first.adminUrls[0]!).port;
  const { settings, secrets } = settingsFor(join(dir.path, 'b'), { GATEHOUSE_ADMIN_LISTEN: `127.0.0.1:${taken}` });
  await assert.rejects(startControlPlane(settings, secrets, quiet), (err: Error & { code?: string }) => err.code === 'GW_ERR_CP_LISTEN' && /EADDRINUSE/.test(err.message));
  const again = await startControlPlane(settingsFor(join(dir.path, 'b')).settings, {}, quiet);
  await again.close();
});

test('a data-plane role or an ssl admin listener is refused before anything opens', async (t) => {
  const dir = await tempDir();
  t.after(() => dir.cleanup());
  const dp = resolveSettings({ env: { GATEHOUSE_PREFIX: dir.path, GATEHOUSE_ROLE: 'data_plane', GATEHOUSE_DECLARATIVE_CONFIG: '/dev/null' } });
  assert.ok(dp.ok);
  await assert.rejects(startControlPlane(dp.settings, dp.secrets, quiet), { code: 'GW_ERR_CP_ROLE' });
  const tls = settingsFor(dir.path, { GATEHOUSE_ADMIN_LISTEN: '127.0.0.1:0 ssl' });
  await assert.rejects(startControlPlane(tls.settings, tls.secrets, quiet), { code: 'GW_ERR_CP_ADMIN_TLS' });
});
