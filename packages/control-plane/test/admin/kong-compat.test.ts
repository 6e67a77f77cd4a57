// A Kong-format kong.yml (services, routes, plugins, consumers, credentials, upstreams) is
// applied with POST /config and read back with GET /config to the same canonical hash.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDeclarativeConfig, normaliseConfig } from '@gatehouse/config';
import { fixture, startAdmin, testPlugins, yaml } from './helpers.js';
import type { Obj } from './helpers.js';

const kongYml = fixture('kong.yml');

function expectedHash(): string {
  const result = loadDeclarativeConfig(kongYml, { fileName: 'kong.yml', plugins: testPlugins() });
  assert.ok(result.ok, 'the fixture is valid');
  return result.hash;
}

test('kong.yml applied with POST /config is stored under its canonical hash', async (t) => {
  const admin = await startAdmin(t);
  const res = await admin.call('POST', '/config', { body: kongYml, headers: yaml });
  assert.equal(res.status, 201);
  assert.equal(res.json()['hash'], expectedHash());
  assert.equal((await admin.store.current())?.meta.hash, expectedHash());
});

test('GET /config?include_secrets=1 as JSON reads back to the same canonical hash, and applying it makes no version', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/config', { body: kongYml, headers: yaml });
  const exported = (await admin.call('GET', '/config?include_secrets=1')).json();
  const again = normaliseConfig(exported, { plugins: testPlugins() });
  assert.ok(again.ok);
  assert.equal(again.hash, expectedHash());
  const reapplied = await admin.call('POST', '/config', { json: exported });
  assert.equal(reapplied.status, 200);
  assert.equal(reapplied.json()['unchanged'], true);
  assert.equal(await admin.version(), 1);
});

test('GET /config?include_secrets=1 as YAML reads back to the same canonical hash', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/config', { body: kongYml, headers: yaml });
  const text = (await admin.call('GET', '/config?include_secrets=1', { headers: { accept: 'application/yaml' } })).text;
  const again = loadDeclarativeConfig(text, { fileName: 'export.yml', plugins: testPlugins() });
  assert.ok(again.ok, again.ok ? '' : JSON.stringify(again.errors));
  assert.equal(again.hash, expectedHash());
  const reapplied = await admin.call('POST', '/config?check_hash=1', { body: text, headers: yaml });
  assert.equal(reapplied.status, 304);
});

test('the export nests as kong.yml does and redacts every secret without include_secrets', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/config', { body: kongYml, headers: yaml });
  const doc = (await admin.call('GET', '/config')).json();
  const services = doc['services'] as Obj[];
  const example = services.find((s) => s['name'] === 'example-service')!;
  assert.deepEqual((example['routes'] as Obj[]).map((r) => r['name']), ['example-route']);
  assert.deepEqual((example['plugins'] as Obj[]).map((p) => p['name']), ['key-auth']);
  const route = (example['routes'] as Obj[])[0]!;
  assert.deepEqual((route['plugins'] as Obj[]).map((p) => p['name']), ['rate-limiting']);
  assert.equal(route['service'], undefined, 'a nested route does not repeat its parent');
  assert.equal(doc['routes'], undefined, 'every route with a service nests under it, the top-level orphan-route too');
  const consumers = doc['consumers'] as Obj[];
  const alice = consumers.find((c) => c['username'] === 'alice')!;
  const bob = consumers.find((c) => c['username'] === 'bob')!;
  assert.equal((alice['keyauth_credentials'] as Obj[])[0]!['key'], '<redacted>');
  assert.equal((bob['basicauth_credentials'] as Obj[])[0]!['password'], '<redacted>');
  assert.equal((bob['jwt_secrets'] as Obj[])[0]!['secret'], '<redacted>');
  const global = (doc['plugins'] as Obj[])[0]!;
  assert.equal((global['config'] as Obj)['redis_password'], '<redacted>');
  const text = JSON.stringify(doc);
  for (const secret of ['alice-secret-key', 'bob-password', 'bob-hmac-secret', 'redis-secret']) assert.ok(!text.includes(secret), secret);
});

test('entities from kong.yml answer on Kong\'s paths by name', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/config', { body: kongYml, headers: yaml });
  assert.equal((await admin.call('GET', '/services/example-service')).json()['host'], 'example.internal');
  assert.equal((await admin.call('GET', '/services/items/routes')).json<{ data: Obj[] }>().data.length, 2);
  assert.equal((await admin.call('GET', '/upstreams/items.internal/targets/10.0.0.2:8000')).json()['weight'], 100);
  assert.equal((await admin.call('GET', '/consumers/alice/key-auth/alice-secret-key')).status, 200);
  assert.equal((await admin.call('GET', '/consumers/alice/plugins')).json<{ data: Obj[] }>().data.length, 1);
});
