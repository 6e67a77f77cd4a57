import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GatewayPlugin } from '@gatehouse/gateway';
import { httpRequest } from '@gatehouse/testkit';
import type { HttpResponse } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { keyAuthPlugin } from '../key-auth/index.js';
import { AUTHENTICATED_GROUPS, aclPlugin } from './index.js';

const consumers = [
  { username: 'alice', keyauth_credentials: [{ key: 'alice-key' }], acls: [{ group: 'admins' }, { group: 'ops' }] },
  { username: 'bob', keyauth_credentials: [{ key: 'bob-key' }], acls: [{ group: 'users' }] },
  { username: 'carol', keyauth_credentials: [{ key: 'carol-key' }] },
  { username: 'mallory', keyauth_credentials: [{ key: 'mallory-key' }], acls: [{ group: 'banned' }, { group: 'users' }] },
  { username: 'guest', acls: [{ group: 'public' }] },
];

// A test auth plugin of the kind Kong's ldap-auth is: it reports groups (x-groups) rather than a
// consumer, or a credential without a consumer (x-credential-only).
const groupAuth: GatewayPlugin = {
  name: 'group-auth',
  version: '1.0.0',
  priority: 1000,
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  build: () => ({
    access(ctx) {
      const groups = ctx.request.headers['x-groups'];
      if (typeof groups === 'string') ctx.shared.set(AUTHENTICATED_GROUPS, groups.split(','));
      if (ctx.request.headers['x-credential-only'] !== undefined) ctx.authenticate({ consumer: null, credential: { id: 'external' } });
      return undefined;
    },
  }),
};

const echoHeaders = (res: HttpResponse) => res.json<{ headers: Record<string, string | undefined> }>().headers;
const asKey = (key: string, extra: Record<string, string> = {}) => ({ headers: { apikey: key, ...extra } });

function assertRefused(res: HttpResponse): void {
  assert.equal(res.status, 403);
  assert.deepEqual(res.json(), { message: 'You cannot consume this service' });
}

async function aclGateway(t: Parameters<typeof startPluginGateway>[0], acl: Record<string, unknown>, keyAuth: Record<string, unknown> = {}) {
  const gw = await startPluginGateway(t, [keyAuthPlugin, aclPlugin, groupAuth]);
  gw.apply(oneRoute(gw.originUrl, { consumers, plugins: [{ name: 'key-auth', config: keyAuth }, { name: 'acl', config: acl }] }));
  return gw;
}

describe('acl', () => {
  test('allow: a consumer in a listed group gets in, and the upstream gets its groups in X-Consumer-Groups', async (t) => {
    const gw = await aclGateway(t, { allow: ['admins', 'users'] });
    const alice = await httpRequest(`${gw.url}/`, asKey('alice-key', { 'x-consumer-groups': 'forged' }));
    assert.equal(alice.status, 200);
    assert.equal(echoHeaders(alice)['x-consumer-groups'], 'admins, ops');
    assert.equal(echoHeaders(await httpRequest(`${gw.url}/`, asKey('bob-key')))['x-consumer-groups'], 'users');
  });

  test('allow: a consumer in no listed group, or in no group at all, gets 403 "You cannot consume this service"', async (t) => {
    const gw = await aclGateway(t, { allow: ['admins'] });
    const before = gw.origin.requests.length;
    assertRefused(await httpRequest(`${gw.url}/`, asKey('bob-key')));
    assertRefused(await httpRequest(`${gw.url}/`, asKey('carol-key')));
    assert.equal(gw.origin.requests.length, before);
  });

  test('deny: a consumer in a listed group is refused; others, also without groups, get in', async (t) => {
    const gw = await aclGateway(t, { deny: ['banned'] });
    assertRefused(await httpRequest(`${gw.url}/`, asKey('mallory-key')));
    assert.equal(echoHeaders(await httpRequest(`${gw.url}/`, asKey('bob-key')))['x-consumer-groups'], 'users');
    const carol = await httpRequest(`${gw.url}/`, asKey('carol-key', { 'x-consumer-groups': 'admins' }));
    assert.equal(carol.status, 200);
    assert.equal(echoHeaders(carol)['x-consumer-groups'], undefined, 'no groups: no header, and a client-sent one is removed');
  });

  test('hide_groups_header: no X-Consumer-Groups upstream, and a client-sent one is removed', async (t) => {
    const gw = await aclGateway(t, { allow: ['admins'], hide_groups_header: true });
    const res = await httpRequest(`${gw.url}/`, asKey('alice-key', { 'x-consumer-groups': 'forged' }));
    assert.equal(res.status, 200);
    assert.equal(echoHeaders(res)['x-consumer-groups'], undefined);
  });

  test('without an authenticated consumer: 401 {"message":"Unauthorized"}', async (t) => {
    const gw = await startPluginGateway(t, [aclPlugin]);
    gw.apply(oneRoute(gw.originUrl, { consumers, plugins: [{ name: 'acl', config: { deny: ['banned'] } }] }));
    const res = await httpRequest(`${gw.url}/`, asKey('alice-key'));
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { message: 'Unauthorized' });
  });

  test('a credential without a consumer (and without groups) is refused with 403', async (t) => {
    const gw = await startPluginGateway(t, [aclPlugin, groupAuth]);
    gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'group-auth' }, { name: 'acl', config: { deny: ['banned'] } }] }));
    assertRefused(await httpRequest(`${gw.url}/`, { headers: { 'x-credential-only': '1' } }));
  });

  test('an anonymous consumer is checked by its own groups', async (t) => {
    const gw = await aclGateway(t, { allow: ['public', 'admins'] }, { anonymous: 'guest' });
    const anonymous = await httpRequest(`${gw.url}/`);
    assert.equal(anonymous.status, 200);
    assert.equal(echoHeaders(anonymous)['x-consumer-username'], 'guest');
    assert.equal(echoHeaders(anonymous)['x-consumer-groups'], 'public');
    assert.equal((await httpRequest(`${gw.url}/`, asKey('alice-key'))).status, 200);
    assertRefused(await httpRequest(`${gw.url}/`, asKey('bob-key')));

    const strict = await aclGateway(t, { allow: ['admins'] }, { anonymous: 'guest' });
    assertRefused(await httpRequest(`${strict.url}/`));
  });

  test('authenticated groups: used without a consumer (X-Authenticated-Groups), or always with always_use_authenticated_groups', async (t) => {
    const gw = await startPluginGateway(t, [keyAuthPlugin, aclPlugin, groupAuth]);
    gw.apply({
      consumers,
      plugins: [{ name: 'group-auth' }],
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'groups-only', paths: ['/groups-only'], plugins: [{ name: 'acl', config: { allow: ['ldap-admins'] } }] },
            {
              name: 'consumer-first',
              paths: ['/consumer-first'],
              plugins: [{ name: 'key-auth' }, { name: 'acl', config: { allow: ['ldap-admins'] } }],
            },
            {
              name: 'always',
              paths: ['/always'],
              plugins: [{ name: 'key-auth' }, { name: 'acl', config: { allow: ['ldap-admins'], always_use_authenticated_groups: true } }],
            },
          ],
        },
      ],
    });
    const byGroups = await httpRequest(`${gw.url}/groups-only`, { headers: { 'x-groups': 'ldap-admins,ldap-users' } });
    assert.equal(byGroups.status, 200);
    assert.equal(echoHeaders(byGroups)['x-authenticated-groups'], 'ldap-admins, ldap-users');
    assertRefused(await httpRequest(`${gw.url}/groups-only`, { headers: { 'x-groups': 'ldap-users' } }));
    assert.equal((await httpRequest(`${gw.url}/groups-only`)).status, 401);

    assertRefused(await httpRequest(`${gw.url}/consumer-first`, asKey('alice-key', { 'x-groups': 'ldap-admins' })));
    const always = await httpRequest(`${gw.url}/always`, asKey('bob-key', { 'x-groups': 'ldap-admins' }));
    assert.equal(always.status, 200);
    assert.equal(echoHeaders(always)['x-authenticated-groups'], 'ldap-admins');
    assertRefused(await httpRequest(`${gw.url}/always`, asKey('alice-key')));
  });

  test('a route-level instance beats the global one', async (t) => {
    const gw = await startPluginGateway(t, [keyAuthPlugin, aclPlugin]);
    gw.apply({
      consumers,
      plugins: [{ name: 'key-auth' }, { name: 'acl', config: { allow: ['admins'] } }],
      services: [{ name: 'svc', url: gw.originUrl, routes: [{ name: 'users', paths: ['/users'], plugins: [{ name: 'acl', config: { allow: ['users'] } }] }, { name: 'admin', paths: ['/admin'] }] }],
    });
    assert.equal((await httpRequest(`${gw.url}/users`, asKey('bob-key'))).status, 200);
    assertRefused(await httpRequest(`${gw.url}/users`, asKey('alice-key')));
    assert.equal((await httpRequest(`${gw.url}/admin`, asKey('alice-key'))).status, 200);
    assertRefused(await httpRequest(`${gw.url}/admin`, asKey('bob-key')));
  });

  test('exactly one of allow and deny is required', async (t) => {
    const gw = await startPluginGateway(t, [aclPlugin]);
    const load = (config: Record<string, unknown>) => () => gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'acl', config }] }));
    assert.throws(load({ allow: ['a'], deny: ['b'] }), /plugins\.0\.config: set only one of "allow" and "deny", not both/);
    assert.throws(load({}), /plugins\.0\.config: one of "allow" or "deny" must list at least one group/);
    assert.throws(load({ allow: [] }), /one of "allow" or "deny" must list at least one group/);
    assert.doesNotThrow(load({ allow: [], deny: ['b'] }));
  });
});
