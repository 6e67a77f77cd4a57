import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { httpRequest } from '@gatehouse/testkit';
import type { HttpResponse } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { keyAuthPlugin } from '../key-auth/index.js';
import { basicAuthPlugin } from './index.js';
import { parseBasic } from './credentials.js';

const ALICE = '1c2d3e4f-0000-4a59-9d5e-3b1f6f3c0a01';
const ALICE_CRED = '1c2d3e4f-1111-4a59-9d5e-3b1f6f3c0a01';
const GUEST = '1c2d3e4f-0000-4a59-9d5e-3b1f6f3c0a03';

const consumers = [
  { id: ALICE, username: 'alice', custom_id: 'crm-42', basicauth_credentials: [{ id: ALICE_CRED, username: 'alice@example.com', password: 'pa:ss wörd' }] },
  { username: 'bob', basicauth_credentials: [{ username: 'bob', password: 'hunter2' }], keyauth_credentials: [{ key: 'bob-key' }] },
  { id: GUEST, username: 'guest' },
];

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

interface Echo {
  headers: Record<string, string | undefined>;
}
const echo = (res: HttpResponse): Echo => res.json<Echo>();

function assertUnauthorized(res: HttpResponse, message: string, realm = 'service'): void {
  assert.equal(res.status, 401);
  assert.deepEqual(res.json(), { message });
  assert.equal(res.headers['www-authenticate'], `Basic realm="${realm}"`);
}

async function basicAuthGateway(t: Parameters<typeof startPluginGateway>[0], config: Record<string, unknown> = {}) {
  const gw = await startPluginGateway(t, [basicAuthPlugin]);
  gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'basic-auth', config }], consumers }));
  return gw;
}

describe('basic-auth: header parsing', () => {
  test('splits at the first colon; the password may be empty or contain colons', () => {
    assert.deepEqual(parseBasic(basic('alice', 'a:b:c')), { username: 'alice', password: 'a:b:c' });
    assert.deepEqual(parseBasic(basic('alice', '')), { username: 'alice', password: '' });
    assert.deepEqual(parseBasic(`basic ${Buffer.from('u:p').toString('base64')}`), { username: 'u', password: 'p' });
    assert.deepEqual(parseBasic(`Basic ${Buffer.from('u:p').toString('base64').replace(/=+$/, '')}`), { username: 'u', password: 'p' });
  });

  test('refuses other schemes, bad base64, and a missing or empty username', () => {
    for (const bad of [undefined, '', 'Bearer abc', 'Basic', 'Basic !!!!', `Basic ${Buffer.from('nocolon').toString('base64')}`, `Basic ${Buffer.from(':pw').toString('base64')}`, 'Basic a b']) {
      assert.equal(parseBasic(bad), null, String(bad));
    }
  });
});

describe('basic-auth', () => {
  test('valid credentials authenticate; the upstream learns consumer and credential and still gets the header', async (t) => {
    const gw = await basicAuthGateway(t);
    const authorization = basic('alice@example.com', 'pa:ss wörd');
    const res = await httpRequest(`${gw.url}/`, { headers: { authorization, 'x-anonymous-consumer': 'true' } });
    assert.equal(res.status, 200);
    const { headers } = echo(res);
    assert.equal(headers['x-consumer-id'], ALICE);
    assert.equal(headers['x-consumer-username'], 'alice');
    assert.equal(headers['x-consumer-custom-id'], 'crm-42');
    assert.equal(headers['x-credential-identifier'], 'alice@example.com');
    assert.equal(headers['x-anonymous-consumer'], undefined);
    assert.equal(headers['authorization'], authorization, 'hide_credentials is off by default');
  });

  test('no Authorization header: 401 "Unauthorized" with WWW-Authenticate: Basic realm="service"', async (t) => {
    const gw = await basicAuthGateway(t);
    const before = gw.origin.requests.length;
    assertUnauthorized(await httpRequest(`${gw.url}/`), 'Unauthorized');
    assert.equal(gw.origin.requests.length, before);
  });

  test('wrong password, unknown user or malformed header: 401 "Invalid authentication credentials"', async (t) => {
    const gw = await basicAuthGateway(t);
    const get = (authorization: string) => httpRequest(`${gw.url}/`, { headers: { authorization } });
    assertUnauthorized(await get(basic('bob', 'hunter3')), 'Invalid authentication credentials');
    assertUnauthorized(await get(basic('bob', '')), 'Invalid authentication credentials');
    assertUnauthorized(await get(basic('carol', 'hunter2')), 'Invalid authentication credentials');
    assertUnauthorized(await get('Bearer abc'), 'Invalid authentication credentials');
    assertUnauthorized(await get('Basic %%%'), 'Invalid authentication credentials');
  });

  test('Proxy-Authorization is read first, and Authorization when it names no known user', async (t) => {
    const gw = await basicAuthGateway(t);
    const viaProxy = await httpRequest(`${gw.url}/`, { headers: { 'proxy-authorization': basic('bob', 'hunter2') } });
    assert.equal(echo(viaProxy).headers['x-consumer-username'], 'bob');
    const both = await httpRequest(`${gw.url}/`, {
      headers: { 'proxy-authorization': basic('bob', 'hunter2'), authorization: basic('alice@example.com', 'pa:ss wörd') },
    });
    assert.equal(echo(both).headers['x-consumer-username'], 'bob');
    const fallback = await httpRequest(`${gw.url}/`, {
      headers: { 'proxy-authorization': basic('nobody', 'x'), authorization: basic('alice@example.com', 'pa:ss wörd') },
    });
    assert.equal(echo(fallback).headers['x-consumer-username'], 'alice');
    const wrongProxyPassword = await httpRequest(`${gw.url}/`, {
      headers: { 'proxy-authorization': basic('bob', 'nope'), authorization: basic('alice@example.com', 'pa:ss wörd') },
    });
    assertUnauthorized(wrongProxyPassword, 'Invalid authentication credentials');
  });

  test('hide_credentials removes the authorization headers before proxying', async (t) => {
    const gw = await basicAuthGateway(t, { hide_credentials: true });
    const res = await httpRequest(`${gw.url}/`, { headers: { authorization: basic('bob', 'hunter2'), 'proxy-authorization': 'Basic junk' } });
    assert.equal(res.status, 200);
    const { headers } = echo(res);
    assert.equal(headers['authorization'], undefined);
    assert.equal(headers['proxy-authorization'], undefined);
    assert.equal(headers['x-consumer-username'], 'bob');
  });

  test('realm sets the WWW-Authenticate realm', async (t) => {
    const gw = await basicAuthGateway(t, { realm: 'orders' });
    assertUnauthorized(await httpRequest(`${gw.url}/`), 'Unauthorized', 'orders');
    assertUnauthorized(await httpRequest(`${gw.url}/`, { headers: { authorization: basic('bob', 'x') } }), 'Invalid authentication credentials', 'orders');
  });

  test('anonymous: a failed authentication proceeds as that consumer; a missing one is a 500', async (t) => {
    const gw = await startPluginGateway(t, [basicAuthPlugin]);
    gw.apply({
      consumers,
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'guest', paths: ['/guest'], plugins: [{ name: 'basic-auth', config: { anonymous: GUEST } }] },
            { name: 'broken', paths: ['/broken'], plugins: [{ name: 'basic-auth', config: { anonymous: 'nobody' } }] },
          ],
        },
      ],
    });
    for (const headers of [{}, { authorization: basic('bob', 'wrong') }]) {
      const res = await httpRequest(`${gw.url}/guest`, { headers: { ...headers, 'x-credential-identifier': 'forged' } });
      assert.equal(res.status, 200);
      const seen = echo(res).headers;
      assert.equal(seen['x-consumer-id'], GUEST);
      assert.equal(seen['x-consumer-username'], 'guest');
      assert.equal(seen['x-anonymous-consumer'], 'true');
      assert.equal(seen['x-credential-identifier'], undefined);
    }
    assert.equal(echo(await httpRequest(`${gw.url}/guest`, { headers: { authorization: basic('bob', 'hunter2') } })).headers['x-consumer-username'], 'bob');
    const broken = await httpRequest(`${gw.url}/broken`);
    assert.equal(broken.status, 500);
    assert.deepEqual(broken.json(), { message: 'An unexpected error occurred' });
  });

  test('with anonymous on both, key-auth OR basic-auth: either credential works, neither gives the anonymous consumer', async (t) => {
    const gw = await startPluginGateway(t, [keyAuthPlugin, basicAuthPlugin]);
    gw.apply(
      oneRoute(gw.originUrl, {
        consumers,
        plugins: [
          { name: 'key-auth', config: { anonymous: 'guest' } },
          { name: 'basic-auth', config: { anonymous: 'guest' } },
        ],
      }),
    );
    const byKey = echo(await httpRequest(`${gw.url}/`, { headers: { apikey: 'bob-key' } })).headers;
    assert.equal(byKey['x-consumer-username'], 'bob', 'basic-auth skips: key-auth already authenticated');
    assert.equal(byKey['x-anonymous-consumer'], undefined);
    const byPassword = echo(await httpRequest(`${gw.url}/`, { headers: { authorization: basic('alice@example.com', 'pa:ss wörd') } })).headers;
    assert.equal(byPassword['x-consumer-username'], 'alice', 'key-auth fell back to anonymous, then basic-auth authenticated');
    assert.equal(byPassword['x-anonymous-consumer'], undefined);
    assert.equal(byPassword['x-credential-identifier'], 'alice@example.com');
    const neither = echo(await httpRequest(`${gw.url}/`)).headers;
    assert.equal(neither['x-consumer-username'], 'guest');
    assert.equal(neither['x-anonymous-consumer'], 'true');
  });

  test('without anonymous, both auth plugins must pass (logical AND)', async (t) => {
    const gw = await startPluginGateway(t, [keyAuthPlugin, basicAuthPlugin]);
    gw.apply(oneRoute(gw.originUrl, { consumers, plugins: [{ name: 'key-auth' }, { name: 'basic-auth' }] }));
    assertUnauthorized(await httpRequest(`${gw.url}/`, { headers: { apikey: 'bob-key' } }), 'Unauthorized');
    const both = await httpRequest(`${gw.url}/`, { headers: { apikey: 'bob-key', authorization: basic('bob', 'hunter2') } });
    assert.equal(both.status, 200);
  });

  test('a route-level instance beats the global one', async (t) => {
    const gw = await startPluginGateway(t, [basicAuthPlugin]);
    gw.apply({
      consumers,
      plugins: [{ name: 'basic-auth' }],
      services: [{ name: 'svc', url: gw.originUrl, routes: [{ name: 'open', paths: ['/open'], plugins: [{ name: 'basic-auth', config: { anonymous: 'guest' } }] }, { name: 'closed', paths: ['/closed'] }] }],
    });
    assert.equal((await httpRequest(`${gw.url}/open`)).status, 200);
    assertUnauthorized(await httpRequest(`${gw.url}/closed`), 'Unauthorized');
  });
});
