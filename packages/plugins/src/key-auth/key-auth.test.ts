import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { httpRequest } from '@gatehouse/testkit';
import type { HttpResponse } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { ipRestrictionPlugin } from '../ip-restriction/index.js';
import { keyAuthPlugin } from './index.js';

const ALICE = '0b7c5a40-1b2f-4a59-9d5e-3b1f6f3c0a01';
const ALICE_KEY_ID = '6a1f8f5e-5c1e-4b8e-9f2a-7d0c1e2b3a01';
const BOB = '0b7c5a40-1b2f-4a59-9d5e-3b1f6f3c0a02';
const BOB_KEY_ID = '6a1f8f5e-5c1e-4b8e-9f2a-7d0c1e2b3a02';
const GUEST = '0b7c5a40-1b2f-4a59-9d5e-3b1f6f3c0a03';

const consumers = [
  { id: ALICE, username: 'alice', custom_id: 'crm-42', keyauth_credentials: [{ id: ALICE_KEY_ID, key: 'alice-key' }] },
  { id: BOB, username: 'bob', keyauth_credentials: [{ id: BOB_KEY_ID, key: 'bob-key' }] },
  { id: GUEST, username: 'guest' },
];

interface Echo {
  method: string;
  url: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | undefined>;
  body: string;
}
const echo = (res: HttpResponse): Echo => res.json<Echo>();

async function keyAuthGateway(t: Parameters<typeof startPluginGateway>[0], config: Record<string, unknown> = {}) {
  const gw = await startPluginGateway(t, [keyAuthPlugin]);
  gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'key-auth', config }], consumers }));
  return gw;
}

function assertUnauthorized(res: HttpResponse, message: string, realm = 'gatehouse'): void {
  assert.equal(res.status, 401);
  assert.deepEqual(res.json(), { message });
  assert.equal(res.headers['www-authenticate'], `Key realm="${realm}"`);
}

describe('key-auth', () => {
  test('a key in the apikey header authenticates: the upstream learns the consumer and credential, and still gets the key', async (t) => {
    const gw = await keyAuthGateway(t);
    const res = await httpRequest(`${gw.url}/orders`, { headers: { apikey: 'alice-key', 'x-anonymous-consumer': 'true' } });
    assert.equal(res.status, 200);
    const { headers } = echo(res);
    assert.equal(headers['x-consumer-id'], ALICE);
    assert.equal(headers['x-consumer-username'], 'alice');
    assert.equal(headers['x-consumer-custom-id'], 'crm-42');
    assert.equal(headers['x-credential-identifier'], ALICE_KEY_ID);
    assert.equal(headers['x-anonymous-consumer'], undefined, 'a client-sent X-Anonymous-Consumer is removed');
    assert.equal(headers['apikey'], 'alice-key', 'hide_credentials is off by default');
  });

  test('client-sent identity headers the consumer does not have are removed', async (t) => {
    const gw = await keyAuthGateway(t);
    const res = await httpRequest(`${gw.url}/`, {
      headers: { apikey: 'bob-key', 'x-consumer-custom-id': 'forged', 'x-consumer-id': 'forged', 'x-credential-identifier': 'forged' },
    });
    const { headers } = echo(res);
    assert.equal(headers['x-consumer-custom-id'], undefined);
    assert.equal(headers['x-consumer-id'], BOB);
    assert.equal(headers['x-credential-identifier'], BOB_KEY_ID);
  });

  test('a key in the query string authenticates and stays in the query by default', async (t) => {
    const gw = await keyAuthGateway(t);
    const res = await httpRequest(`${gw.url}/items?apikey=bob-key&page=2`);
    assert.equal(res.status, 200);
    const seen = echo(res);
    assert.equal(seen.headers['x-consumer-username'], 'bob');
    assert.deepEqual(seen.query, { apikey: 'bob-key', page: '2' });
  });

  test('no key: 401 "No API key found in request" with WWW-Authenticate, and the upstream never sees the request', async (t) => {
    const gw = await keyAuthGateway(t);
    const before = gw.origin.requests.length;
    assertUnauthorized(await httpRequest(`${gw.url}/`), 'No API key found in request');
    assertUnauthorized(await httpRequest(`${gw.url}/`, { headers: { apikey: '' } }), 'No API key found in request');
    assertUnauthorized(await httpRequest(`${gw.url}/?apikey=`), 'No API key found in request');
    assertUnauthorized(await httpRequest(`${gw.url}/`, { headers: { 'x-api-key': 'alice-key' } }), 'No API key found in request');
    assert.equal(gw.origin.requests.length, before);
  });

  test('an unknown key: 401 "Invalid authentication credentials" with WWW-Authenticate', async (t) => {
    const gw = await keyAuthGateway(t);
    assertUnauthorized(await httpRequest(`${gw.url}/`, { headers: { apikey: 'nope' } }), 'Invalid authentication credentials');
    assertUnauthorized(await httpRequest(`${gw.url}/?apikey=ALICE-KEY`), 'Invalid authentication credentials');
  });

  test('a key given twice in the query: 401 "Duplicate API key found"', async (t) => {
    const gw = await keyAuthGateway(t);
    assertUnauthorized(await httpRequest(`${gw.url}/?apikey=alice-key&apikey=bob-key`), 'Duplicate API key found');
  });

  test('the header is looked at before the query string', async (t) => {
    const gw = await keyAuthGateway(t);
    const res = await httpRequest(`${gw.url}/?apikey=bob-key`, { headers: { apikey: 'alice-key' } });
    assert.equal(echo(res).headers['x-consumer-username'], 'alice');
    assertUnauthorized(await httpRequest(`${gw.url}/?apikey=bob-key`, { headers: { apikey: 'wrong' } }), 'Invalid authentication credentials');
  });

  test('key_names are tried in order; header names are case-insensitive, query names are not', async (t) => {
    const gw = await keyAuthGateway(t, { key_names: ['X-API-Key', 'token'] });
    assert.equal(echo(await httpRequest(`${gw.url}/`, { headers: { 'x-api-key': 'alice-key' } })).headers['x-consumer-username'], 'alice');
    assert.equal(echo(await httpRequest(`${gw.url}/?token=bob-key`)).headers['x-consumer-username'], 'bob');
    assert.equal(echo(await httpRequest(`${gw.url}/?X-API-Key=bob-key`)).headers['x-consumer-username'], 'bob');
    const first = await httpRequest(`${gw.url}/?token=bob-key`, { headers: { 'x-api-key': 'alice-key' } });
    assert.equal(echo(first).headers['x-consumer-username'], 'alice', 'the first name that has a value decides');
    assertUnauthorized(await httpRequest(`${gw.url}/?x-api-key=bob-key`), 'No API key found in request');
    assertUnauthorized(await httpRequest(`${gw.url}/`, { headers: { apikey: 'alice-key' } }), 'No API key found in request');
  });

  test('key_in_header false ignores headers; key_in_query false ignores the query string', async (t) => {
    const gw = await startPluginGateway(t, [keyAuthPlugin]);
    gw.apply({
      consumers,
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'query-only', paths: ['/query-only'], plugins: [{ name: 'key-auth', config: { key_in_header: false } }] },
            { name: 'header-only', paths: ['/header-only'], plugins: [{ name: 'key-auth', config: { key_in_query: false } }] },
          ],
        },
      ],
    });
    assertUnauthorized(await httpRequest(`${gw.url}/query-only`, { headers: { apikey: 'alice-key' } }), 'No API key found in request');
    assert.equal((await httpRequest(`${gw.url}/query-only?apikey=alice-key`)).status, 200);
    assertUnauthorized(await httpRequest(`${gw.url}/header-only?apikey=alice-key`), 'No API key found in request');
    assert.equal((await httpRequest(`${gw.url}/header-only`, { headers: { apikey: 'alice-key' } })).status, 200);
  });

  test('hide_credentials removes the key from the header and the query string, keeping everything else', async (t) => {
    const gw = await keyAuthGateway(t, { hide_credentials: true, key_names: ['apikey', 'token'] });
    const fromHeader = echo(await httpRequest(`${gw.url}/a`, { headers: { apikey: 'alice-key', 'x-other': '1' } }));
    assert.equal(fromHeader.headers['apikey'], undefined);
    assert.equal(fromHeader.headers['x-other'], '1');
    assert.equal(fromHeader.headers['x-consumer-username'], 'alice');
    const fromQuery = echo(await httpRequest(`${gw.url}/a?page=2&apikey=bob-key&sort=asc`));
    assert.deepEqual(fromQuery.query, { page: '2', sort: 'asc' });
    assert.equal(fromQuery.url, '/a?page=2&sort=asc');
    const other = echo(await httpRequest(`${gw.url}/a?apikey=alice-key&token=kept`, { headers: { token: 'kept-too' } }));
    assert.deepEqual(other.query, { token: 'kept' }, 'only the name that held the key is removed');
    assert.equal(other.headers['token'], 'kept-too');
  });

  test('key_in_body reads JSON and url-encoded bodies; hide_credentials removes the key from the body', async (t) => {
    const gw = await startPluginGateway(t, [keyAuthPlugin]);
    gw.apply({
      consumers,
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'body', paths: ['/body'], plugins: [{ name: 'key-auth', config: { key_in_body: true } }] },
            { name: 'hidden', paths: ['/hidden'], plugins: [{ name: 'key-auth', config: { key_in_body: true, hide_credentials: true } }] },
          ],
        },
      ],
    });
    const json = await httpRequest(`${gw.url}/body`, { method: 'POST', json: { apikey: 'alice-key', order: 7 } });
    assert.equal(json.status, 200);
    assert.equal(echo(json).headers['x-consumer-username'], 'alice');
    assert.deepEqual(JSON.parse(echo(json).body), { apikey: 'alice-key', order: 7 });

    const form = await httpRequest(`${gw.url}/body`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'apikey=bob-key&x=1',
    });
    assert.equal(echo(form).headers['x-consumer-username'], 'bob');

    const hiddenJson = echo(await httpRequest(`${gw.url}/hidden`, { method: 'POST', json: { apikey: 'alice-key', order: 7 } }));
    assert.deepEqual(JSON.parse(hiddenJson.body), { order: 7 });
    assert.equal(hiddenJson.headers['content-length'], String(Buffer.byteLength(hiddenJson.body)));

    const hiddenForm = echo(
      await httpRequest(`${gw.url}/hidden`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1&apikey=bob-key&y=2' }),
    );
    assert.equal(hiddenForm.body, 'x=1&y=2');
    assert.equal(hiddenForm.headers['x-consumer-username'], 'bob');

    const fromHeader = echo(await httpRequest(`${gw.url}/hidden`, { method: 'POST', headers: { apikey: 'alice-key' }, json: { apikey: 'other', keep: true } }));
    assert.equal(fromHeader.headers['apikey'], undefined);
    assert.deepEqual(JSON.parse(fromHeader.body), { keep: true }, 'the key name is removed from the body too, wherever the key was found');
  });

  test('key_in_body: repeated fields are a duplicate key; other content types, non-string values and bad JSON are no key', async (t) => {
    const gw = await keyAuthGateway(t, { key_in_body: true });
    const post = (body: string, type: string) => httpRequest(`${gw.url}/`, { method: 'POST', headers: { 'content-type': type }, body });
    assertUnauthorized(await post('apikey=a&apikey=b', 'application/x-www-form-urlencoded'), 'Duplicate API key found');
    assertUnauthorized(await post('{"apikey":["alice-key"]}', 'application/json'), 'Duplicate API key found');
    assertUnauthorized(await post('{"apikey":42}', 'application/json'), 'No API key found in request');
    assertUnauthorized(await post('{"apikey":', 'application/json'), 'No API key found in request');
    assertUnauthorized(await post('apikey=alice-key', 'text/plain'), 'No API key found in request');
    assertUnauthorized(await post('{"apikey":"nope"}', 'application/json'), 'Invalid authentication credentials');
  });

  test('the body is not read unless key_in_body is on', async (t) => {
    const gw = await keyAuthGateway(t);
    assertUnauthorized(await httpRequest(`${gw.url}/`, { method: 'POST', json: { apikey: 'alice-key' } }), 'No API key found in request');
  });

  test('preflight OPTIONS requests are authenticated by default, and pass when run_on_preflight is false', async (t) => {
    const gw = await startPluginGateway(t, [keyAuthPlugin]);
    gw.apply({
      consumers,
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'strict', paths: ['/strict'], plugins: [{ name: 'key-auth' }] },
            { name: 'lenient', paths: ['/lenient'], plugins: [{ name: 'key-auth', config: { run_on_preflight: false } }] },
          ],
        },
      ],
    });
    assertUnauthorized(await httpRequest(`${gw.url}/strict`, { method: 'OPTIONS' }), 'No API key found in request');
    const preflight = await httpRequest(`${gw.url}/lenient`, { method: 'OPTIONS' });
    assert.equal(preflight.status, 200);
    assert.equal(echo(preflight).headers['x-consumer-id'], undefined);
    assertUnauthorized(await httpRequest(`${gw.url}/lenient`, { method: 'GET' }), 'No API key found in request');
  });

  test('realm sets the WWW-Authenticate realm', async (t) => {
    const gw = await keyAuthGateway(t, { realm: 'orders-api' });
    assertUnauthorized(await httpRequest(`${gw.url}/`), 'No API key found in request', 'orders-api');
    assertUnauthorized(await httpRequest(`${gw.url}/?apikey=x`), 'Invalid authentication credentials', 'orders-api');
  });

  test('anonymous (by username or id): a failed authentication proceeds as that consumer, marked anonymous', async (t) => {
    const gw = await startPluginGateway(t, [keyAuthPlugin]);
    gw.apply({
      consumers,
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'by-name', paths: ['/by-name'], plugins: [{ name: 'key-auth', config: { anonymous: 'guest', hide_credentials: true } }] },
            { name: 'by-id', paths: ['/by-id'], plugins: [{ name: 'key-auth', config: { anonymous: GUEST } }] },
          ],
        },
      ],
    });
    for (const path of ['/by-name', '/by-id']) {
      const res = await httpRequest(`${gw.url}${path}`, { headers: { 'x-credential-identifier': 'forged', 'x-consumer-custom-id': 'forged' } });
      assert.equal(res.status, 200);
      const { headers } = echo(res);
      assert.equal(headers['x-consumer-id'], GUEST);
      assert.equal(headers['x-consumer-username'], 'guest');
      assert.equal(headers['x-anonymous-consumer'], 'true');
      assert.equal(headers['x-credential-identifier'], undefined);
      assert.equal(headers['x-consumer-custom-id'], undefined);
    }
    const invalid = echo(await httpRequest(`${gw.url}/by-name`, { headers: { apikey: 'wrong' } }));
    assert.equal(invalid.headers['x-consumer-username'], 'guest');
    assert.equal(invalid.headers['apikey'], undefined, 'a found key is hidden even when it is not valid');
    const real = echo(await httpRequest(`${gw.url}/by-name`, { headers: { apikey: 'alice-key' } }));
    assert.equal(real.headers['x-consumer-username'], 'alice');
    assert.equal(real.headers['x-anonymous-consumer'], undefined);
  });

  test('anonymous naming no consumer: 500 "An unexpected error occurred" when authentication fails', async (t) => {
    const gw = await keyAuthGateway(t, { anonymous: 'nobody' });
    const res = await httpRequest(`${gw.url}/`);
    assert.equal(res.status, 500);
    assert.deepEqual(res.json(), { message: 'An unexpected error occurred' });
    assert.equal((await httpRequest(`${gw.url}/`, { headers: { apikey: 'alice-key' } })).status, 200);
  });

  test('a route-level instance with other key_names beats the global one', async (t) => {
    const gw = await startPluginGateway(t, [keyAuthPlugin]);
    gw.apply({
      consumers,
      plugins: [{ name: 'key-auth' }],
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'token', paths: ['/token'], plugins: [{ name: 'key-auth', config: { key_names: ['x-token'], realm: 'token' } }] },
            { name: 'plain', paths: ['/plain'] },
          ],
        },
      ],
    });
    assert.equal(echo(await httpRequest(`${gw.url}/token`, { headers: { 'x-token': 'alice-key' } })).headers['x-consumer-username'], 'alice');
    assertUnauthorized(await httpRequest(`${gw.url}/token`, { headers: { apikey: 'alice-key' } }), 'No API key found in request', 'token');
    assert.equal(echo(await httpRequest(`${gw.url}/plain`, { headers: { apikey: 'bob-key' } })).headers['x-consumer-username'], 'bob');
    assertUnauthorized(await httpRequest(`${gw.url}/plain`, { headers: { 'x-token': 'alice-key' } }), 'No API key found in request');
  });

  test('a plugin attached to a consumer applies only once key-auth has identified that consumer', async (t) => {
    const gw = await startPluginGateway(t, [keyAuthPlugin, ipRestrictionPlugin]);
    gw.apply({
      consumers: [
        { ...consumers[0], plugins: [{ name: 'ip-restriction', config: { deny: ['127.0.0.0/8'], message: 'alice may not call from here' } }] },
        consumers[1],
        consumers[2],
      ],
      plugins: [{ name: 'key-auth' }, { name: 'ip-restriction', config: { allow: ['127.0.0.1'] } }],
      services: [{ name: 'svc', url: gw.originUrl, routes: [{ name: 'r', paths: ['/'] }] }],
    });
    const alice = await httpRequest(`${gw.url}/`, { headers: { apikey: 'alice-key' } });
    assert.equal(alice.status, 403);
    assert.deepEqual(alice.json(), { message: 'alice may not call from here' });
    assert.equal((await httpRequest(`${gw.url}/`, { headers: { apikey: 'bob-key' } })).status, 200, 'bob gets the global instance, which allows loopback');
    assertUnauthorized(await httpRequest(`${gw.url}/`), 'No API key found in request');
  });
});
