import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startAdmin } from './helpers.js';
import type { Obj } from './helpers.js';

const cert = fixture('server-cert.pem');
const key = fixture('server-key.pem');
const ca = fixture('ca-cert.pem');

test('certificates with snis: nested POST, lookup by SNI name, 400 while snis use it', async (t) => {
  const admin = await startAdmin(t);
  const created = await admin.call('POST', '/certificates', { json: { cert, key, snis: undefined } });
  assert.equal(created.status, 201);
  const id = String(created.json()['id']);
  const sni = await admin.call('POST', `/certificates/${id}/snis`, { json: { name: 'api.example.com' } });
  assert.equal(sni.status, 201);
  assert.equal((await admin.call('GET', '/certificates/api.example.com')).json()['id'], id);
  assert.equal((await admin.call('GET', '/snis/api.example.com')).json()['name'], 'api.example.com');
  assert.equal((await admin.call('GET', `/certificates/${id}/snis`)).json<{ data: Obj[] }>().data.length, 1);
  assert.equal((await admin.call('POST', '/snis', { json: { name: 'api.example.com', certificate: { id } } })).status, 409);
  const refused = await admin.call('DELETE', `/certificates/${id}`);
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.json()['fields'], { '@referenced_by': 'snis' });
  assert.equal((await admin.call('DELETE', '/snis/api.example.com')).status, 204);
  assert.equal((await admin.call('DELETE', `/certificates/${id}`)).status, 204);
});

test('a key that does not match the certificate is 400; certificates have no name key (PUT needs a UUID)', async (t) => {
  const admin = await startAdmin(t);
  const mismatch = await admin.call('POST', '/certificates', { json: { cert: ca, key } });
  assert.equal(mismatch.status, 400);
  assert.deepEqual(Object.keys(mismatch.json()['fields'] as Obj), ['key']);
  const put = await admin.call('PUT', '/certificates/not-a-uuid', { json: { cert, key } });
  assert.equal(put.status, 400);
  assert.deepEqual(put.json()['fields'], { id: 'expected a valid UUID' });
});

test('ca_certificates: CRUD; a service that trusts one blocks its delete', async (t) => {
  const admin = await startAdmin(t);
  const created = await admin.call('POST', '/ca_certificates', { json: { cert: ca } });
  assert.equal(created.status, 201);
  const id = String(created.json()['id']);
  assert.equal((await admin.call('POST', '/ca_certificates', { json: { cert } })).status, 400, 'not a CA');
  await admin.call('POST', '/services', { json: { name: 'svc', url: 'https://a.internal', ca_certificates: [id] } });
  assert.equal((await admin.call('DELETE', `/ca_certificates/${id}`)).status, 400);
  await admin.call('PATCH', '/services/svc', { json: { ca_certificates: null } });
  assert.equal((await admin.call('DELETE', `/ca_certificates/${id}`)).status, 204);
});
