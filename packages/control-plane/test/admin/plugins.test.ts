import assert from 'node:assert/strict';
import { test } from 'node:test';
import { form, startAdmin } from './helpers.js';
import type { Obj } from './helpers.js';

test('plugins attach globally and under services, routes and consumers; lists are scoped', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/services', { json: { name: 'svc', host: 'a.internal' } });
  await admin.call('POST', '/services/svc/routes', { json: { name: 'r', paths: ['/'] } });
  await admin.call('POST', '/consumers', { json: { username: 'alice' } });
  assert.equal((await admin.call('POST', '/plugins', { json: { name: 'key-auth' } })).status, 201);
  const onService = await admin.call('POST', '/services/svc/plugins', { json: { name: 'key-auth', config: { hide_credentials: true } } });
  assert.equal(onService.status, 201);
  assert.deepEqual(onService.json()['config'], {
    key_names: ['apikey'], hide_credentials: true, key_in_header: true, key_in_query: true, key_in_body: false, anonymous: null, run_on_preflight: true,
  });
  assert.equal((await admin.call('POST', '/routes/r/plugins', { json: { name: 'rate-limiting', config: { minute: 10 } } })).status, 201);
  assert.equal((await admin.call('POST', '/consumers/alice/plugins', { json: { name: 'rate-limiting', config: { hour: 10 } } })).status, 201);
  const count = async (path: string) => (await admin.call('GET', path)).json<{ data: Obj[] }>().data.length;
  assert.deepEqual([await count('/plugins'), await count('/services/svc/plugins'), await count('/routes/r/plugins'), await count('/consumers/alice/plugins')], [4, 1, 1, 1]);
});

test('a plugin config that fails its plugin\'s schema is 400 with the errors under config', async (t) => {
  const admin = await startAdmin(t);
  const res = await admin.call('POST', '/plugins', { json: { name: 'rate-limiting', config: { minute: 0, policy: 'cluster' } } });
  assert.equal(res.status, 400);
  assert.deepEqual(res.json()['fields'], { config: { minute: 'must be >= 1 (got 0)', policy: 'must be one of: local, redis (got "cluster")' } });
  const check = await admin.call('POST', '/plugins', { json: { name: 'rate-limiting', config: {} } });
  assert.deepEqual(check.json()['fields'], { config: 'at least one of second, minute or hour must be set' });
  const unknown = await admin.call('POST', '/plugins', { json: { name: 'key-aut' } });
  assert.equal(unknown.status, 400);
  assert.match(String((unknown.json()['fields'] as Obj)['name']), /unknown plugin "key-aut" \(did you mean "key-auth"\?\)/);
});

test('the same plugin twice on one service is 409; PATCH merges config fields', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/services', { json: { name: 'svc', host: 'a.internal' } });
  const first = await admin.call('POST', '/services/svc/plugins', { json: { name: 'rate-limiting', config: { minute: 5, hour: 100 } } });
  const dup = await admin.call('POST', '/services/svc/plugins', { json: { name: 'rate-limiting', config: { minute: 1 } } });
  assert.equal(dup.status, 409);
  assert.equal(dup.json()['name'], 'unique constraint violation');
  const id = String(first.json()['id']);
  const patched = await admin.call('PATCH', `/plugins/${id}`, { json: { config: { minute: 7 } } });
  assert.equal(patched.status, 200);
  assert.deepEqual([(patched.json()['config'] as Obj)['minute'], (patched.json()['config'] as Obj)['hour']], [7, 100]);
  assert.equal((await admin.call('PATCH', `/services/svc/plugins/${id}`, { json: { enabled: false } })).json()['enabled'], false);
});

test('form bodies type plugin config fields by the plugin\'s schema (config.minute=5)', async (t) => {
  const admin = await startAdmin(t);
  const res = await admin.call('POST', '/plugins', { body: 'name=rate-limiting&config.minute=5&config.fault_tolerant=false&instance_name=rl', headers: form });
  assert.equal(res.status, 201);
  assert.deepEqual([(res.json()['config'] as Obj)['minute'], (res.json()['config'] as Obj)['fault_tolerant']], [5, false]);
  const patched = await admin.call('PATCH', '/plugins/rl', { body: 'config.hour=60', headers: form });
  assert.equal((patched.json()['config'] as Obj)['hour'], 60);
});

test('deleting a route or service deletes the plugins attached to it (Kong cascades)', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/services', { json: { name: 'svc', host: 'a.internal' } });
  await admin.call('POST', '/services/svc/routes', { json: { name: 'r', paths: ['/'] } });
  await admin.call('POST', '/routes/r/plugins', { json: { name: 'key-auth' } });
  await admin.call('POST', '/services/svc/plugins', { json: { name: 'key-auth' } });
  assert.equal((await admin.call('DELETE', '/routes/r')).status, 204);
  assert.equal((await admin.call('GET', '/plugins')).json<{ data: Obj[] }>().data.length, 1);
  assert.equal((await admin.call('DELETE', '/services/svc')).status, 204);
  assert.equal((await admin.call('GET', '/plugins')).json<{ data: Obj[] }>().data.length, 0);
});
