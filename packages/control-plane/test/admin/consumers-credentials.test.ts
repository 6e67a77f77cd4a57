import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startAdmin } from './helpers.js';
import type { Obj } from './helpers.js';

test('consumers: CRUD by username or id, ?custom_id= filter, at least one of username/custom_id', async (t) => {
  const admin = await startAdmin(t);
  assert.equal((await admin.call('POST', '/consumers', { json: { username: 'alice', custom_id: 'a-1' } })).status, 201);
  await admin.call('POST', '/consumers', { json: { username: 'bob' } });
  const byCustomId = (await admin.call('GET', '/consumers?custom_id=a-1')).json<{ data: Obj[] }>();
  assert.deepEqual(byCustomId.data.map((c) => c['username']), ['alice']);
  const empty = await admin.call('POST', '/consumers', { json: {} });
  assert.equal(empty.status, 400);
  assert.deepEqual(empty.json()['fields'], { '@entity': ["at least one of 'username' or 'custom_id' must be set"] });
  assert.equal(empty.json()['message'], "schema violation (at least one of 'username' or 'custom_id' must be set)");
  const dup = await admin.call('POST', '/consumers', { json: { username: 'carol', custom_id: 'a-1' } });
  assert.equal(dup.status, 409);
  assert.deepEqual(dup.json()['fields'], { custom_id: 'a-1' });
});

test('key-auth: Kong generates a key when none is given; the key is unique across consumers', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/consumers', { json: { username: 'alice' } });
  await admin.call('POST', '/consumers', { json: { username: 'bob' } });
  const generated = await admin.call('POST', '/consumers/alice/key-auth', { json: {} });
  assert.equal(generated.status, 201);
  assert.match(String(generated.json()['key']), /^[0-9a-f]{32}$/);
  assert.equal((await admin.call('POST', '/consumers/alice/key-auth', { json: { key: 'k1' } })).status, 201);
  const dup = await admin.call('POST', '/consumers/bob/key-auth', { json: { key: 'k1' } });
  assert.equal(dup.status, 409);
  assert.equal(dup.json()['message'], `UNIQUE violation detected on '{key="k1"}'`);
  const list = (await admin.call('GET', '/consumers/alice/key-auth')).json<{ data: Obj[] }>();
  assert.equal(list.data.length, 2);
  assert.equal((await admin.call('GET', '/consumers/bob/key-auth/k1')).status, 404, 'another consumer\'s key');
  assert.equal((await admin.call('GET', '/key-auths/k1')).json()['key'], 'k1');
  assert.equal((await admin.call('GET', '/key-auths')).json<{ data: Obj[] }>().data.length, 2);
  assert.equal((await admin.call('DELETE', '/consumers/alice/key-auth/k1')).status, 204);
});

test('basic-auth never shows the password back; jwt generates key and secret; acls by group', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/consumers', { json: { username: 'alice' } });
  const basic = await admin.call('POST', '/consumers/alice/basic-auth', { json: { username: 'al', password: 'pw' } });
  assert.equal(basic.status, 201);
  assert.equal(basic.json()['password'], '<redacted>');
  const stored = (await admin.call('GET', '/config?include_secrets=1')).json();
  const consumer = (stored['consumers'] as Obj[])[0]!;
  assert.equal(((consumer['basicauth_credentials'] as Obj[])[0]!)['password'], 'pw');
  const renamed = await admin.call('PATCH', '/consumers/alice/basic-auth/al', { json: { username: 'alice2' } });
  assert.equal(renamed.status, 200);

  const jwt = await admin.call('POST', '/consumers/alice/jwt', { json: {} });
  assert.equal(jwt.status, 201);
  assert.equal(jwt.json()['algorithm'], 'HS256');
  assert.match(String(jwt.json()['key']), /^[0-9a-f]{32}$/);
  assert.match(String(jwt.json()['secret']), /^[0-9a-f]{32}$/);
  const rs = await admin.call('POST', '/consumers/alice/jwt', { json: { algorithm: 'RS256' } });
  assert.equal(rs.status, 400);
  assert.ok('rsa_public_key' in (rs.json()['fields'] as Obj));

  assert.equal((await admin.call('POST', '/consumers/alice/acls', { json: { group: 'gold' } })).status, 201);
  assert.equal((await admin.call('POST', '/consumers/alice/acls', { json: { group: 'gold' } })).status, 409);
  assert.equal((await admin.call('GET', '/consumers/alice/acls/gold')).json()['group'], 'gold');
  assert.equal((await admin.call('GET', '/acls/gold')).status, 404, 'a group is unique per consumer only: top level takes ids');
  assert.equal((await admin.call('POST', '/consumers/nobody/acls', { json: { group: 'x' } })).status, 404);
});

test('deleting a consumer deletes its credentials and plugins in one version', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/consumers', { json: { username: 'alice' } });
  await admin.call('POST', '/consumers/alice/key-auth', { json: { key: 'k' } });
  await admin.call('POST', '/consumers/alice/acls', { json: { group: 'g' } });
  await admin.call('POST', '/consumers/alice/plugins', { json: { name: 'rate-limiting', config: { minute: 5 } } });
  const before = await admin.version();
  assert.equal((await admin.call('DELETE', '/consumers/alice')).status, 204);
  assert.equal(await admin.version(), before + 1);
  assert.deepEqual((await admin.call('GET', '/config')).json(), { _format_version: '3.0' });
});
