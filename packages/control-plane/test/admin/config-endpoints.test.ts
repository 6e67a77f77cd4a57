import assert from 'node:assert/strict';
import { test } from 'node:test';
import { form, startAdmin, yaml } from './helpers.js';
import type { Obj } from './helpers.js';

const SMALL = `_format_version: "3.0"
services:
  - name: svc
    url: http://a.internal
    routes:
      - name: r
        paths: [/a]
consumers:
  - username: alice
    keyauth_credentials:
      - key: alice-key
`;

test('POST /config with YAML applies it as version 1 (201); the same config again makes no version (200 unchanged)', async (t) => {
  const admin = await startAdmin(t);
  const res = await admin.call('POST', '/config', { body: SMALL, headers: yaml });
  assert.equal(res.status, 201);
  const body = res.json();
  assert.equal(body['version'], 1);
  assert.match(String(body['hash']), /^[0-9a-f]{64}$/);
  assert.equal(body['source'], 'admin-api POST /config');
  const again = await admin.call('POST', '/config', { body: SMALL, headers: yaml });
  assert.equal(again.status, 200);
  assert.equal(again.json()['unchanged'], true);
  assert.equal(again.json()['version'], 1);
  assert.equal(await admin.version(), 1);
});

test('POST /config?check_hash=1 answers 304 when the hash is unchanged, as Kong', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/config', { body: SMALL, headers: yaml });
  const res = await admin.call('POST', '/config?check_hash=1', { body: SMALL, headers: yaml });
  assert.equal(res.status, 304);
  assert.equal(res.text, '');
});

test('POST /config takes JSON, Kong\'s {"config": "..."} wrapper and the form field "config"', async (t) => {
  const admin = await startAdmin(t);
  const doc = { _format_version: '3.0', services: [{ name: 'svc', host: 'a.internal' }] };
  assert.equal((await admin.call('POST', '/config', { json: doc })).status, 201);
  const wrapped = { _format_version: '3.0', services: [{ name: 'svc2', host: 'a.internal' }] };
  assert.equal((await admin.call('POST', '/config', { json: { config: JSON.stringify(wrapped) } })).status, 201);
  const formBody = `config=${encodeURIComponent(SMALL)}`;
  assert.equal((await admin.call('POST', '/config', { body: formBody, headers: form })).status, 201);
  assert.equal(await admin.version(), 3);
  const missing = await admin.call('POST', '/config', { json: { services: [] } });
  assert.equal(missing.status, 400);
  assert.equal(missing.json()['code'], 14);
});

test('an invalid config is 400 with the complete error list: path, line:col, message, code', async (t) => {
  const admin = await startAdmin(t);
  const bad = `_format_version: "3.0"
services:
  - name: svc
    port: 99999
    routes:
      - name: r
        paths: [nope]
  - name: svc
    host: b.internal
`;
  const res = await admin.call('POST', '/config', { body: bad, headers: yaml });
  assert.equal(res.status, 400);
  const body = res.json<{ name: string; code: number; message: string; errors: Obj[]; fields: Obj }>();
  assert.equal(body.name, 'invalid declarative configuration');
  assert.equal(body.code, 14);
  assert.deepEqual(
    body.errors.map((e) => [e['path'], e['code']]),
    [
      ['services[0].host', 'GW_ERR_CONFIG_SCHEMA'],
      ['services[0].port', 'GW_ERR_CONFIG_SCHEMA'],
      ['services[0].routes[0].paths[0]', 'GW_ERR_CONFIG_ROUTE'],
      ['services[1].name', 'GW_ERR_CONFIG_UNIQUE'],
    ],
  );
  assert.deepEqual(body.errors[1]!['position'], { file: 'request body', line: 4, col: 11 });
  assert.match(String(body.errors[1]!['message']), /between 0 and 65535/);
  assert.ok(Array.isArray(body.fields['services']));
  assert.equal(await admin.version(), 0);
  assert.ok(admin.logs.some((l) => l['code'] === 'GW_ERR_ADMIN_INVALID_CONFIG'));
});

test('a YAML syntax error is 400 with its line:col', async (t) => {
  const admin = await startAdmin(t);
  const res = await admin.call('POST', '/config', { body: '_format_version: "3.0"\nservices: [\n', headers: yaml });
  assert.equal(res.status, 400);
  const errors = res.json<{ errors: Obj[] }>().errors;
  assert.equal(errors[0]!['code'], 'GW_ERR_CONFIG_SYNTAX');
  assert.ok(errors[0]!['position']);
});

test('POST /config/validate and POST /config?check=1 are dry runs: 200 or 400, never a version', async (t) => {
  const admin = await startAdmin(t);
  for (const path of ['/config/validate', '/config?check=1']) {
    const ok = await admin.call('POST', path, { body: SMALL, headers: yaml });
    assert.equal(ok.status, 200, path);
    assert.equal(ok.json()['message'], 'the configuration is valid');
    assert.equal(ok.json()['changed'], true);
    const bad = await admin.call('POST', path, { body: '_format_version: "2.1"\n', headers: yaml });
    assert.equal(bad.status, 400, path);
    assert.equal(bad.json<{ errors: Obj[] }>().errors[0]!['code'], 'GW_ERR_CONFIG_FORMAT_VERSION');
  }
  assert.equal(await admin.version(), 0);
});

test('an empty config never replaces a non-empty one unless ?force=1', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/config', { body: SMALL, headers: yaml });
  const refused = await admin.call('POST', '/config', { body: '_format_version: "3.0"\n', headers: yaml });
  assert.equal(refused.status, 409);
  assert.match(String(refused.json()['message']), /empty .* \?force=1/);
  assert.equal(await admin.version(), 1);
  const forced = await admin.call('POST', '/config?force=1', { body: '_format_version: "3.0"\n', headers: yaml });
  assert.equal(forced.status, 201);
  assert.equal(await admin.version(), 2);
  assert.deepEqual((await admin.call('GET', '/config')).json(), { _format_version: '3.0' });
});

test('GET /config redacts secrets unless ?include_secrets=1, and says which version it is', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/config', { body: SMALL, headers: yaml });
  const res = await admin.call('GET', '/config');
  assert.equal(res.status, 200);
  assert.equal(res.headers['gatehouse-config-version'], '1');
  const key = (c: Obj) => (((c['consumers'] as Obj[])[0]!['keyauth_credentials'] as Obj[])[0]!)['key'];
  assert.equal(key(res.json()), '<redacted>');
  assert.ok(!res.text.includes('alice-key'));
  assert.equal(key((await admin.call('GET', '/config?include_secrets=1')).json()), 'alice-key');
});

test('GET /config answers YAML when Accept asks for it', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/config', { body: SMALL, headers: yaml });
  const res = await admin.call('GET', '/config', { headers: { accept: 'application/yaml' } });
  assert.match(String(res.headers['content-type']), /^application\/yaml/);
  assert.match(res.text, /^_format_version: "3\.0"\nservices:\n\s*- id: /);
  const json = await admin.call('GET', '/config', { headers: { accept: 'application/yaml;q=0.5, application/json' } });
  assert.match(String(json.headers['content-type']), /^application\/json/);
});

test('a config exported without secrets is refused when applied back', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/config', { body: SMALL, headers: yaml });
  const redacted = (await admin.call('GET', '/config')).text;
  const res = await admin.call('POST', '/config', { body: redacted, headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 400);
  assert.match(String(res.json()['message']), /include_secrets=1/);
  assert.ok(admin.logs.some((l) => l['code'] === 'GW_ERR_ADMIN_REDACTED_SECRET'));
});

test('GET /config/history lists versions newest first with hash, time, source, author and size', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/config', { body: SMALL, headers: { ...yaml, 'kong-admin-user': 'ops-alice' } });
  await admin.call('PATCH', '/services/svc', { json: { retries: 1 } });
  const history = (await admin.call('GET', '/config/history')).json<{ data: Obj[]; next: null }>();
  assert.deepEqual(history.data.map((m) => [m['version'], m['source'], m['author']]), [
    [2, 'admin-api PATCH /services/svc', undefined],
    [1, 'admin-api POST /config', 'ops-alice'],
  ]);
  assert.ok(typeof history.data[0]!['size'] === 'number' && typeof history.data[0]!['created_at'] === 'string');
});

test('POST /config/rollback/{version} commits that content as a new version', async (t) => {
  const admin = await startAdmin(t);
  const v1 = (await admin.call('POST', '/config', { body: SMALL, headers: yaml })).json();
  await admin.call('PATCH', '/services/svc', { json: { retries: 1 } });
  const res = await admin.call('POST', '/config/rollback/1');
  assert.equal(res.status, 201);
  assert.deepEqual([res.json()['version'], res.json()['hash']], [3, v1['hash']]);
  assert.equal((await admin.call('GET', '/services/svc')).json()['retries'], 5);
  const again = await admin.call('POST', '/config/rollback/1');
  assert.equal(again.status, 200);
  assert.equal(again.json()['unchanged'], true);
  const missing = await admin.call('POST', '/config/rollback/99');
  assert.equal(missing.status, 404);
  assert.match(String(missing.json()['message']), /version 99 is not in the store/);
  assert.equal((await admin.call('POST', '/config/rollback/abc')).status, 400);
});

test('rolling back to an empty version needs ?force=1 as well', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/config', { body: '_format_version: "3.0"\n', headers: yaml });
  await admin.call('POST', '/config', { body: SMALL, headers: yaml });
  assert.equal((await admin.call('POST', '/config/rollback/1')).status, 409);
  assert.equal((await admin.call('POST', '/config/rollback/1?force=1')).status, 201);
});
