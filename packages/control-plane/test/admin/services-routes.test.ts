import assert from 'node:assert/strict';
import { test } from 'node:test';
import { form, startAdmin } from './helpers.js';
import type { Obj } from './helpers.js';

test('POST /services answers 201 with the entity, defaults filled, url expanded, and one new version', async (t) => {
  const admin = await startAdmin(t);
  const res = await admin.call('POST', '/services', { json: { name: 'svc', url: 'https://api.internal:8443/v1' } });
  assert.equal(res.status, 201);
  const svc = res.json();
  assert.match(String(svc['id']), /^[0-9a-f-]{36}$/);
  assert.deepEqual(
    { protocol: svc['protocol'], host: svc['host'], port: svc['port'], path: svc['path'], retries: svc['retries'], tags: svc['tags'] },
    { protocol: 'https', host: 'api.internal', port: 8443, path: '/v1', retries: 5, tags: null },
  );
  assert.equal(await admin.version(), 1);
  const history = await admin.store.history();
  assert.equal(history[0]?.source, 'admin-api POST /services');
});

test('GET /services/{name or id} finds the service both ways; an unknown one is 404 {"message":"Not found"}', async (t) => {
  const admin = await startAdmin(t);
  const svc = (await admin.call('POST', '/services', { json: { name: 'svc', host: 'a.internal' } })).json();
  assert.equal((await admin.call('GET', '/services/svc')).json()['id'], svc['id']);
  assert.equal((await admin.call('GET', `/services/${String(svc['id'])}`)).json()['name'], 'svc');
  const missing = await admin.call('GET', '/services/nope');
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json(), { message: 'Not found' });
  assert.ok(admin.logs.some((l) => l['code'] === 'GW_ERR_ADMIN_NOT_FOUND'));
});

test('GET /services lists { data, next: null }', async (t) => {
  const admin = await startAdmin(t);
  assert.deepEqual((await admin.call('GET', '/services')).json(), { data: [], next: null });
  await admin.call('POST', '/services', { json: { name: 'a', host: 'a.internal' } });
  await admin.call('POST', '/services', { json: { name: 'b', host: 'b.internal' } });
  const list = (await admin.call('GET', '/services')).json<{ data: Obj[]; next: null }>();
  assert.deepEqual(list.data.map((s) => s['name']).sort(), ['a', 'b']);
  assert.equal(list.next, null);
});

test('a schema violation is 400 in Kong\'s shape with the field errors, and writes nothing', async (t) => {
  const admin = await startAdmin(t);
  const res = await admin.call('POST', '/services', { json: { name: 'svc', port: 70000, colour: 'red' } });
  assert.equal(res.status, 400);
  const body = res.json();
  assert.equal(body['name'], 'schema violation');
  assert.equal(body['code'], 2);
  assert.deepEqual(body['fields'], {
    colour: 'unknown field "colour"',
    host: 'required field missing',
    port: 'must be between 0 and 65535 (got 70000)',
  });
  assert.match(String(body['message']), /^3 schema violations \(/);
  assert.equal(await admin.version(), 0);
});

test('a duplicate name is 409 unique constraint violation, as Kong words it', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/services', { json: { name: 'svc', host: 'a.internal' } });
  const res = await admin.call('POST', '/services', { json: { name: 'svc', host: 'b.internal' } });
  assert.equal(res.status, 409);
  assert.deepEqual(res.json(), {
    message: `UNIQUE violation detected on '{name="svc"}'`,
    name: 'unique constraint violation',
    code: 5,
    fields: { name: 'svc' },
  });
  assert.equal(await admin.version(), 1);
});

test('POST with an id already used is 400 primary key violation', async (t) => {
  const admin = await startAdmin(t);
  const id = '11111111-2222-4333-8444-555555555555';
  assert.equal((await admin.call('POST', '/services', { json: { id, name: 'a', host: 'a.internal' } })).status, 201);
  const res = await admin.call('POST', '/services', { json: { id, name: 'b', host: 'b.internal' } });
  assert.equal(res.status, 400);
  assert.deepEqual(res.json(), { message: `primary key violation on key '{id="${id}"}'`, name: 'primary key violation', code: 3, fields: { id } });
});

test('PATCH merges fields (url replaces protocol, host, port and path); PUT replaces and upserts by name', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/services', { json: { name: 'svc', url: 'http://a.internal:8080/base', retries: 2 } });
  const patched = await admin.call('PATCH', '/services/svc', { json: { url: 'https://b.internal' } });
  assert.equal(patched.status, 200);
  const p = patched.json();
  assert.deepEqual([p['protocol'], p['host'], p['port'], p['path'], p['retries']], ['https', 'b.internal', 443, null, 2]);

  const put = await admin.call('PUT', '/services/svc', { json: { host: 'c.internal' } });
  assert.equal(put.status, 200);
  assert.deepEqual([put.json()['host'], put.json()['retries'], put.json()['id']], ['c.internal', 5, p['id']]);

  const created = await admin.call('PUT', '/services/new-one', { json: { host: 'd.internal' } });
  assert.equal(created.status, 200);
  assert.equal(created.json()['name'], 'new-one');
  assert.equal(await admin.version(), 4);
  assert.equal((await admin.call('PATCH', '/services/missing', { json: { retries: 1 } })).status, 404);
});

test('PATCH that changes nothing answers 200 and makes no new version', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/services', { json: { name: 'svc', host: 'a.internal', retries: 2 } });
  const res = await admin.call('PATCH', '/services/svc', { json: { retries: 2 } });
  assert.equal(res.status, 200);
  assert.equal(await admin.version(), 1);
});

test('PATCH cannot change the id', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/services', { json: { name: 'svc', host: 'a.internal' } });
  const res = await admin.call('PATCH', '/services/svc', { json: { id: '11111111-2222-4333-8444-555555555555' } });
  assert.equal(res.status, 400);
  assert.deepEqual(res.json()['fields'], { id: 'cannot be changed' });
});

test('routes nest under services: POST, GET list, GET/PATCH/DELETE one, 404 for another service\'s route', async (t) => {
  const admin = await startAdmin(t);
  const a = (await admin.call('POST', '/services', { json: { name: 'a', host: 'a.internal' } })).json();
  await admin.call('POST', '/services', { json: { name: 'b', host: 'b.internal' } });
  const route = await admin.call('POST', '/services/a/routes', { json: { name: 'ra', paths: ['/a'] } });
  assert.equal(route.status, 201);
  assert.deepEqual(route.json()['service'], { id: a['id'] });
  await admin.call('POST', '/services/b/routes', { json: { name: 'rb', paths: ['/b'] } });

  const list = (await admin.call('GET', '/services/a/routes')).json<{ data: Obj[] }>();
  assert.deepEqual(list.data.map((r) => r['name']), ['ra']);
  assert.equal((await admin.call('GET', '/services/a/routes/ra')).status, 200);
  assert.equal((await admin.call('GET', '/services/a/routes/rb')).status, 404);
  assert.equal((await admin.call('GET', '/services/zzz/routes')).status, 404);
  assert.equal((await admin.call('POST', '/services/zzz/routes', { json: { paths: ['/z'] } })).status, 404);

  const patched = await admin.call('PATCH', '/services/a/routes/ra', { json: { methods: ['GET'] } });
  assert.deepEqual(patched.json()['methods'], ['GET']);
  assert.equal((await admin.call('DELETE', '/services/a/routes/rb')).status, 404);
  assert.equal((await admin.call('DELETE', '/services/a/routes/ra')).status, 204);
  assert.equal((await admin.call('GET', '/routes/ra')).status, 404);
});

test('a route that cannot match is a 400 schema violation naming the field', async (t) => {
  const admin = await startAdmin(t);
  const res = await admin.call('POST', '/routes', { json: { name: 'r', paths: ['no-slash'] } });
  assert.equal(res.status, 400);
  assert.equal(res.json()['code'], 2);
  assert.deepEqual(Object.keys(res.json()['fields'] as Obj), ['paths']);
});

test('a route referencing an unknown service is 400 foreign key violation', async (t) => {
  const admin = await startAdmin(t);
  const id = '00000000-0000-4000-8000-000000000000';
  const res = await admin.call('POST', '/routes', { json: { paths: ['/x'], service: { id } } });
  assert.equal(res.status, 400);
  assert.deepEqual(res.json(), {
    message: `the foreign key '{id="${id}"}' does not reference an existing 'services' entity.`,
    name: 'foreign key violation',
    code: 4,
    fields: { service: { id } },
  });
});

test('deleting a service its routes use is 400 (Kong restricts); without routes it is 204; an unknown one is 204', async (t) => {
  const admin = await startAdmin(t);
  await admin.call('POST', '/services', { json: { name: 'svc', host: 'a.internal' } });
  await admin.call('POST', '/services/svc/routes', { json: { name: 'r', paths: ['/'] } });
  const refused = await admin.call('DELETE', '/services/svc');
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.json(), {
    message: "an existing 'routes' entity references this 'services' entity",
    name: 'foreign key violation',
    code: 4,
    fields: { '@referenced_by': 'routes' },
  });
  assert.equal((await admin.call('DELETE', '/routes/r')).status, 204);
  const before = await admin.version();
  assert.equal((await admin.call('DELETE', '/services/svc')).status, 204);
  assert.equal(await admin.version(), before + 1);
  assert.equal((await admin.call('DELETE', '/services/svc')).status, 204);
  assert.equal(await admin.version(), before + 1, 'deleting nothing makes no version');
});

test('form bodies are typed by the schema, as Kong infers them', async (t) => {
  const admin = await startAdmin(t);
  const res = await admin.call('POST', '/services', { body: 'name=svc&host=a.internal&port=8080&retries=1&tags[]=x&tags[]=y', headers: form });
  assert.equal(res.status, 201);
  const svc = res.json();
  assert.deepEqual([svc['port'], svc['retries'], svc['tags']], [8080, 1, ['x', 'y']]);
  const route = await admin.call('POST', '/services/svc/routes', { body: 'paths=/a&paths=/b&strip_path=false&methods=GET', headers: form });
  assert.equal(route.status, 201);
  assert.deepEqual([route.json()['paths'], route.json()['strip_path'], route.json()['methods']], [['/a', '/b'], false, ['GET']]);
});

test('a body that is not JSON is 400 "Cannot parse JSON body"; multipart is 415', async (t) => {
  const admin = await startAdmin(t);
  const bad = await admin.call('POST', '/services', { body: '{"name":', headers: { 'content-type': 'application/json' } });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json(), { message: 'Cannot parse JSON body' });
  const array = await admin.call('POST', '/services', { body: '[1]', headers: { 'content-type': 'application/json' } });
  assert.equal(array.status, 400);
  const multipart = await admin.call('POST', '/services', { body: '--x--', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
  assert.equal(multipart.status, 415);
  assert.match(String(multipart.json()['message']), /unsupported Content-Type/);
});

test('methods an endpoint does not take are 405 {"message":"Method not allowed"}; unknown paths 404', async (t) => {
  const admin = await startAdmin(t);
  const res = await admin.call('DELETE', '/services');
  assert.equal(res.status, 405);
  assert.deepEqual(res.json(), { message: 'Method not allowed' });
  assert.equal((await admin.call('POST', '/services/x')).status, 405);
  assert.deepEqual((await admin.call('GET', '/no-such-thing')).json(), { message: 'Not found' });
});

test('GET / tells the node and the plugins it knows', async (t) => {
  const admin = await startAdmin(t, { version: '9.9.9' });
  const info = (await admin.call('GET', '/')).json();
  assert.equal(info['version'], '9.9.9');
  assert.deepEqual((info['plugins'] as Obj)['available_on_server'], ['key-auth', 'rate-limiting']);
});
