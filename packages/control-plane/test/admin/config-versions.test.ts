import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PluginRegistry, configHash } from '@gatehouse/config';
import { pino } from 'pino';
import { ConfigChanges, ConfigService, MemoryConfigStore, createAdminApi } from '../../src/index.js';
import type { ConfigChange } from '../../src/index.js';
import { startAdmin, testPlugins } from './helpers.js';

test('every successful write is exactly one version; refused writes make none', async (t) => {
  const admin = await startAdmin(t);
  const steps: [string, string, unknown, number][] = [
    ['POST', '/services', { name: 'svc', host: 'a.internal' }, 201],
    ['POST', '/services/svc/routes', { name: 'r', paths: ['/'] }, 201],
    ['POST', '/services/svc/routes', { name: 'r', paths: ['/x'] }, 409],
    ['PUT', '/routes/r', { paths: ['/y'], service: { name: 'svc' } }, 200],
    ['PATCH', '/routes/r', { paths: ['bad'] }, 400],
    ['DELETE', '/services/svc', undefined, 400],
    ['DELETE', '/routes/r', undefined, 204],
  ];
  let expected = 0;
  for (const [method, path, json, status] of steps) {
    const res = await admin.call(method, path, json === undefined ? {} : { json });
    assert.equal(res.status, status, `${method} ${path}: ${res.text}`);
    if (status < 300) expected++;
    assert.equal(await admin.version(), expected, `${method} ${path}`);
  }
});

test('concurrent writes are serialised: each gets its own version and none is lost', async (t) => {
  const admin = await startAdmin(t);
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => admin.call('POST', '/services', { json: { name: `s${i}`, host: 'a.internal' } })),
  );
  assert.deepEqual(new Set(results.map((r) => r.status)), new Set([201]));
  assert.equal(await admin.version(), 20);
  assert.equal((await admin.call('GET', '/services')).json<{ data: unknown[] }>().data.length, 20);
});

test('the stored hash is the canonical hash of the stored config', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/services', { json: { name: 'svc', host: 'a.internal' } });
  const current = await admin.store.current();
  assert.ok(current);
  assert.equal(configHash(JSON.parse(current.content)), current.meta.hash);
});

test('listeners hear every new version once, with its config; an unchanged write is silent', async (t) => {
  const store = new MemoryConfigStore();
  const changes = new ConfigChanges();
  const heard: ConfigChange[] = [];
  changes.on((change) => heard.push(change));
  changes.on(() => {
    throw new Error('a broken listener does not break writes');
  });
  const service = new ConfigService(store, testPlugins(), changes);
  const app = createAdminApi({ store, plugins: service.plugins, logger: pino({ level: 'silent' }), listenIsLoopback: true, service });
  t.after(() => app.close());
  const post = (payload: object) => app.inject({ method: 'POST', url: '/services', payload });
  assert.equal((await post({ name: 'a', host: 'a.internal' })).statusCode, 201);
  assert.equal((await app.inject({ method: 'PATCH', url: '/services/a', payload: { host: 'a.internal' } })).statusCode, 200);
  assert.equal((await post({ name: 'b', host: 'b.internal' })).statusCode, 201);
  assert.deepEqual(heard.map((c) => c.version), [1, 2]);
  assert.deepEqual(heard[1]!.config.services.map((s) => s.name).sort(), ['a', 'b']);
  assert.equal(heard[1]!.hash, (await store.current())?.meta.hash);
});

test('two Admin APIs on one store share the write queue', async () => {
  const store = new MemoryConfigStore();
  const options = { store, plugins: new PluginRegistry(), logger: pino({ level: 'silent' }), listenIsLoopback: true };
  const [a, b] = [createAdminApi(options), createAdminApi(options)];
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).inject({ method: 'POST', url: '/consumers', payload: { username: `u${i}` } })),
  );
  assert.deepEqual(new Set(results.map((r) => r.statusCode)), new Set([201]));
  assert.equal((await store.current())?.meta.version, 10);
  await Promise.all([a.close(), b.close()]);
});
