import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { httpRequest } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { ipRestrictionPlugin } from './index.js';

describe('ip-restriction', () => {
  test('a client in allow is proxied; the refused one gets 403 "Your IP address is not allowed" and the upstream never sees it', async (t) => {
    const gw = await startPluginGateway(t, [ipRestrictionPlugin]);
    gw.apply({
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'loopback', paths: ['/loopback'], plugins: [{ name: 'ip-restriction', config: { allow: ['127.0.0.0/8'] } }] },
            { name: 'single', paths: ['/single'], plugins: [{ name: 'ip-restriction', config: { allow: ['127.0.0.1'] } }] },
            { name: 'elsewhere', paths: ['/elsewhere'], plugins: [{ name: 'ip-restriction', config: { allow: ['10.0.0.0/8', '::1'] } }] },
          ],
        },
      ],
    });
    assert.equal((await httpRequest(`${gw.url}/loopback`)).status, 200);
    assert.equal((await httpRequest(`${gw.url}/single`)).status, 200);
    const before = gw.origin.requests.length;
    const refused = await httpRequest(`${gw.url}/elsewhere`);
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.json(), { message: 'Your IP address is not allowed' });
    assert.match(String(refused.headers['content-type']), /^application\/json/);
    assert.equal(gw.origin.requests.length, before);
  });

  test('deny refuses a matching client and lets others through', async (t) => {
    const gw = await startPluginGateway(t, [ipRestrictionPlugin]);
    gw.apply({
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'denied', paths: ['/denied'], plugins: [{ name: 'ip-restriction', config: { deny: ['127.0.0.1'] } }] },
            { name: 'other', paths: ['/other'], plugins: [{ name: 'ip-restriction', config: { deny: ['192.168.0.0/16', '::1'] } }] },
          ],
        },
      ],
    });
    const denied = await httpRequest(`${gw.url}/denied`);
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.json(), { message: 'Your IP address is not allowed' });
    assert.equal((await httpRequest(`${gw.url}/other`)).status, 200);
  });

  test('deny beats allow when both match', async (t) => {
    const gw = await startPluginGateway(t, [ipRestrictionPlugin]);
    gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'ip-restriction', config: { allow: ['127.0.0.0/8'], deny: ['127.0.0.1'] } }] }));
    const res = await httpRequest(`${gw.url}/`);
    assert.equal(res.status, 403);
    assert.deepEqual(res.json(), { message: 'Your IP address is not allowed' });
  });

  test('status and message replace the default refusal', async (t) => {
    const gw = await startPluginGateway(t, [ipRestrictionPlugin]);
    gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'ip-restriction', config: { deny: ['127.0.0.0/8'], status: 451, message: 'Not from here' } }] }));
    const res = await httpRequest(`${gw.url}/`);
    assert.equal(res.status, 451);
    assert.deepEqual(res.json(), { message: 'Not from here' });
  });

  test('a route-level instance beats the global one', async (t) => {
    const gw = await startPluginGateway(t, [ipRestrictionPlugin]);
    gw.apply({
      plugins: [{ name: 'ip-restriction', config: { deny: ['127.0.0.1'] } }],
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'open', paths: ['/open'], plugins: [{ name: 'ip-restriction', config: { allow: ['127.0.0.1'] } }] },
            { name: 'plain', paths: ['/plain'] },
          ],
        },
      ],
    });
    assert.equal((await httpRequest(`${gw.url}/open`)).status, 200);
    assert.equal((await httpRequest(`${gw.url}/plain`)).status, 403);
  });

  test('invalid entries and configs without any list are refused at load time, naming the entry', async (t) => {
    const gw = await startPluginGateway(t, [ipRestrictionPlugin]);
    assert.throws(
      () => gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'ip-restriction', config: { allow: ['10.0.0.1', '10.0.0.0/33'], deny: ['nope'] } }] })),
      (err: Error) => {
        assert.match(err.message, /config\.allow\.1: "10\.0\.0\.0\/33" is not a valid IP address or CIDR range/);
        assert.match(err.message, /config\.deny\.0: "nope" is not a valid IP address or CIDR range/);
        return true;
      },
    );
    assert.throws(() => gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'ip-restriction', config: { allow: [] } }] })), /at least one of "allow" and "deny"/);
    assert.throws(() => gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'ip-restriction' }] })), /at least one of "allow" and "deny"/);
  });
});
