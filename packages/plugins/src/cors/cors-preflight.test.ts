import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { httpRequest } from '@gatehouse/testkit';
import type { OriginOptions } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { corsPlugin } from './index.js';

const ALL_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT';

async function gatewayWith(t: TestContext, config: Record<string, unknown>, origin?: OriginOptions) {
  const gw = await startPluginGateway(t, [corsPlugin], origin ? { origin } : {});
  gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'cors', config }] }));
  return gw;
}

const preflight = (origin: string, extra: Record<string, string> = {}) => ({
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': 'PUT', ...extra },
});

describe('cors: preflight requests', () => {
  test('are answered 200 by the gateway with the defaults: any origin, every method, the requested headers echoed', async (t) => {
    const gw = await gatewayWith(t, {});
    const res = await httpRequest(`${gw.url}/things`, preflight('https://app.example.com', { 'access-control-request-headers': 'X-Token, Content-Type' }));
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers['content-type'], undefined, 'an empty answer has no Content-Type, as in Kong');
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-allow-methods'], ALL_METHODS);
    assert.equal(res.headers['access-control-allow-headers'], 'X-Token, Content-Type');
    assert.equal(res.headers['access-control-max-age'], undefined);
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
    assert.equal(res.headers['vary'], undefined);
    assert.equal(gw.origin.requests.length, 0, 'the upstream never sees the preflight');
  });

  test('without Access-Control-Request-Headers and without `headers` configured, no Allow-Headers is sent', async (t) => {
    const gw = await gatewayWith(t, {});
    const res = await httpRequest(`${gw.url}/`, preflight('https://app.example.com'));
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-headers'], undefined);
  });

  test('use the configured headers, methods, max_age, credentials and private_network', async (t) => {
    const gw = await gatewayWith(t, {
      origins: ['https://app.example.com', 'https://admin.example.com'],
      headers: ['X-Token', 'Content-Type'],
      methods: ['GET', 'POST'],
      max_age: 3600,
      credentials: true,
      private_network: true,
    });
    const res = await httpRequest(
      `${gw.url}/`,
      preflight('https://admin.example.com', { 'access-control-request-headers': 'X-Other', 'access-control-request-private-network': 'true' }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], 'https://admin.example.com');
    assert.equal(res.headers['vary'], 'Origin');
    assert.equal(res.headers['access-control-allow-headers'], 'X-Token,Content-Type');
    assert.equal(res.headers['access-control-allow-methods'], 'GET,POST');
    assert.equal(res.headers['access-control-max-age'], '3600');
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
    assert.equal(res.headers['access-control-allow-private-network'], 'true');
  });

  test('private network access is only granted when the browser asks for it', async (t) => {
    const gw = await gatewayWith(t, { private_network: true });
    const res = await httpRequest(`${gw.url}/`, preflight('https://app.example.com'));
    assert.equal(res.headers['access-control-allow-private-network'], undefined);
    const off = await gatewayWith(t, {});
    const asked = await httpRequest(`${off.url}/`, preflight('https://app.example.com', { 'access-control-request-private-network': 'true' }));
    assert.equal(asked.headers['access-control-allow-private-network'], undefined);
  });

  test('from an origin that is not allowed are still answered 200, without Allow-Origin', async (t) => {
    const gw = await gatewayWith(t, { origins: ['https://app.example.com', 'https://admin.example.com'] });
    const res = await httpRequest(`${gw.url}/`, preflight('https://evil.example.org'));
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(res.headers['vary'], 'Origin');
    assert.equal(res.headers['access-control-allow-methods'], ALL_METHODS);
  });

  test('with preflight_continue go to the upstream, whose answer gets no CORS headers', async (t) => {
    const gw = await gatewayWith(t, { preflight_continue: true, exposed_headers: ['X-Total'] });
    const res = await httpRequest(`${gw.url}/pre`, preflight('https://app.example.com'));
    assert.equal(res.status, 200);
    assert.equal(res.json<{ method: string }>().method, 'OPTIONS');
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(res.headers['access-control-allow-methods'], undefined);
    assert.equal(res.headers['access-control-expose-headers'], undefined);
  });

  test('an OPTIONS request without Access-Control-Request-Method or without Origin is not a preflight: it is proxied', async (t) => {
    const gw = await gatewayWith(t, {});
    const noMethod = await httpRequest(`${gw.url}/`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com' } });
    assert.equal(noMethod.json<{ method: string }>().method, 'OPTIONS');
    assert.equal(noMethod.headers['access-control-allow-origin'], '*');
    assert.equal(noMethod.headers['access-control-allow-methods'], undefined);
    const noOrigin = await httpRequest(`${gw.url}/`, { method: 'OPTIONS', headers: { 'access-control-request-method': 'GET' } });
    assert.equal(noOrigin.json<{ method: string }>().method, 'OPTIONS');
    assert.equal(gw.origin.requests.length, 2);
  });
});
