import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startAdmin } from './helpers.js';
import type { Obj } from './helpers.js';

test('upstreams: CRUD with Kong defaults and a nested healthcheck PATCH that merges', async (t) => {
  const admin = await startAdmin(t);
  const created = await admin.call('POST', '/upstreams', { json: { name: 'pool' } });
  assert.equal(created.status, 201);
  assert.equal(created.json()['algorithm'], 'round-robin');
  assert.equal(created.json()['slots'], 10000);
  const patched = await admin.call('PATCH', '/upstreams/pool', { json: { healthchecks: { active: { healthy: { interval: 5 } } } } });
  assert.equal(patched.status, 200);
  const active = (patched.json()['healthchecks'] as Obj)['active'] as Record<string, Obj>;
  assert.equal(active['healthy']!['interval'], 5);
  assert.deepEqual(active['healthy']!['http_statuses'], [200, 302], 'the rest of the record is kept');
  const bad = await admin.call('PATCH', '/upstreams/pool', { json: { hash_on: 'header' } });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json()['fields'], { hash_on_header: 'required when hash_on is "header"' });
});

test('targets live under their upstream: POST adds the default port, GET by host:port or id, DELETE', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/upstreams', { json: { name: 'pool' } });
  await admin.call('POST', '/upstreams', { json: { name: 'other' } });
  const target = await admin.call('POST', '/upstreams/pool/targets', { json: { target: '10.0.0.1' } });
  assert.equal(target.status, 201);
  assert.equal(target.json()['target'], '10.0.0.1:8000');
  assert.equal(target.json()['weight'], 100);
  const id = String(target.json()['id']);
  assert.equal((await admin.call('GET', '/upstreams/pool/targets/10.0.0.1:8000')).json()['id'], id);
  assert.equal((await admin.call('GET', `/upstreams/pool/targets/${id}`)).status, 200);
  assert.equal((await admin.call('GET', `/upstreams/other/targets/${id}`)).status, 404);
  assert.equal((await admin.call('PATCH', '/upstreams/pool/targets/10.0.0.1:8000', { json: { weight: 0 } })).json()['weight'], 0);
  const list = (await admin.call('GET', '/upstreams/pool/targets')).json<{ data: Obj[] }>();
  assert.equal(list.data.length, 1);
  assert.equal((await admin.call('DELETE', '/upstreams/pool/targets/10.0.0.1:8000')).status, 204);
  assert.equal((await admin.call('GET', '/upstreams/pool/targets')).json<{ data: Obj[] }>().data.length, 0);
});

test('the same target twice in one upstream is 409; Kong has no top-level /targets (404)', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/upstreams', { json: { name: 'pool' } });
  await admin.call('POST', '/upstreams/pool/targets', { json: { target: '10.0.0.1:80' } });
  const dup = await admin.call('POST', '/upstreams/pool/targets', { json: { target: '10.0.0.1:80' } });
  assert.equal(dup.status, 409);
  assert.equal(dup.json()['code'], 5);
  assert.match(String(dup.json()['message']), /^UNIQUE violation detected on '\{.*target="10\.0\.0\.1:80".*\}'$/);
  assert.equal((await admin.call('GET', '/targets')).status, 404);
  const weight = await admin.call('POST', '/upstreams/pool/targets', { json: { target: '10.0.0.2:80', weight: 70000 } });
  assert.equal(weight.status, 400);
  assert.deepEqual(weight.json()['fields'], { weight: 'must be between 0 and 65535 (got 70000)' });
});

test('deleting an upstream deletes its targets with it (Kong cascades) in one version', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/upstreams', { json: { name: 'pool' } });
  await admin.call('POST', '/upstreams/pool/targets', { json: { target: '10.0.0.1:80' } });
  await admin.call('POST', '/upstreams/pool/targets', { json: { target: '10.0.0.2:80' } });
  const before = await admin.version();
  assert.equal((await admin.call('DELETE', '/upstreams/pool')).status, 204);
  assert.equal(await admin.version(), before + 1);
  const config = (await admin.call('GET', '/config')).json();
  assert.equal(config['upstreams'], undefined);
  assert.equal(config['targets'], undefined);
});
