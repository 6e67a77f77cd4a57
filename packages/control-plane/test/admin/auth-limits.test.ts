import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { PluginRegistry } from '@gatehouse/config';
import { createAdminApi, isLoopbackHost, MemoryConfigStore } from '../../src/index.js';
import { startAdmin, yaml } from './helpers.js';

const TOKEN = 's3cret-admin-token';

test('with a token set, a missing or wrong token is 401 in Kong\'s words and nothing changes', async (t) => {
  const admin = await startAdmin(t, { adminToken: TOKEN });
  const cases: Record<string, string>[] = [{}, { 'kong-admin-token': 'wrong' }, { authorization: 'Bearer wrong' }, { authorization: `Basic ${TOKEN}` }];
  for (const headers of cases) {
    const res = await admin.call('POST', '/services', { json: { name: 'svc', host: 'a.internal' }, headers });
    assert.equal(res.status, 401, JSON.stringify(headers));
    assert.deepEqual(res.json(), { message: 'Invalid credentials. Token or User credentials required' });
  }
  assert.equal((await admin.call('GET', '/config')).status, 401, 'reads need the token too');
  assert.equal(await admin.version(), 0);
  assert.ok(admin.logs.some((l) => l['code'] === 'GW_ERR_ADMIN_UNAUTHORIZED'));
  assert.ok(!JSON.stringify(admin.logs).includes(TOKEN), 'the token never reaches the log');
});

test('the right token works as Kong-Admin-Token or Authorization: Bearer, and is the author of the change', async (t) => {
  const admin = await startAdmin(t, { adminToken: TOKEN });
  assert.equal((await admin.call('POST', '/services', { json: { name: 'a', host: 'a.internal' }, headers: { 'kong-admin-token': TOKEN } })).status, 201);
  assert.equal((await admin.call('POST', '/services', { json: { name: 'b', host: 'b.internal' }, headers: { authorization: `Bearer ${TOKEN}` } })).status, 201);
  const history = await admin.store.history();
  assert.deepEqual(history.map((m) => m.author), ['admin-token', 'admin-token']);
});

test('a non-loopback Admin API without a token is refused at creation', () => {
  assert.throws(
    () => createAdminApi({ store: new MemoryConfigStore(), plugins: new PluginRegistry(), logger: pino({ level: 'silent' }), listenIsLoopback: false }),
    (err: Error & { code?: string }) => err.code === 'GW_ERR_ADMIN_TOKEN_REQUIRED' && /GATEHOUSE_ADMIN_TOKEN/.test(err.message),
  );
  const withToken = createAdminApi({ store: new MemoryConfigStore(), plugins: new PluginRegistry(), logger: pino({ level: 'silent' }), listenIsLoopback: false, adminToken: TOKEN });
  assert.ok(withToken);
});

test('loopback means 127.0.0.0/8, ::1 and localhost only', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) assert.equal(isLoopbackHost(host), true, host);
  for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1']) assert.equal(isLoopbackHost(host), false, host);
});

test('a body over the limit is 413 with the limit in the message, and nothing changes', async (t) => {
  const admin = await startAdmin(t, { bodyLimit: 1024 });
  const big = `_format_version: "3.0"\n# ${'x'.repeat(2048)}\n`;
  const res = await admin.call('POST', '/config', { body: big, headers: yaml });
  assert.equal(res.status, 413);
  assert.deepEqual(res.json(), { message: 'request body too large (limit 1024 bytes)' });
  const entity = await admin.call('POST', '/services', { json: { name: 'svc', host: 'a.internal', tags: ['t'.repeat(2000)] } });
  assert.equal(entity.status, 413);
  assert.equal(await admin.version(), 0);
  assert.ok(admin.logs.some((l) => l['code'] === 'GW_ERR_ADMIN_BODY_TOO_LARGE'));
});
