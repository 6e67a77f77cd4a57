import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { httpRequest } from '@gatehouse/testkit';
import type { OriginOptions } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { requestSizeLimitingPlugin } from '../request-size-limiting/index.js';
import { corsPlugin } from './index.js';

async function gatewayWith(t: TestContext, config: Record<string, unknown>, origin?: OriginOptions) {
  const gw = await startPluginGateway(t, [corsPlugin, requestSizeLimitingPlugin], origin ? { origin } : {});
  gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'cors', config }] }));
  return gw;
}

const preflight = (origin: string, extra: Record<string, string> = {}) => ({
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': 'PUT', ...extra },
});

describe('cors: normal requests', () => {
  test('with the defaults get Allow-Origin * and no Vary, with or without an Origin header', async (t) => {
    const gw = await gatewayWith(t, {});
    const res = await httpRequest(`${gw.url}/`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['vary'], undefined);
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
    assert.equal(res.headers['access-control-expose-headers'], undefined);
    const bare = await httpRequest(`${gw.url}/`);
    assert.equal(bare.headers['access-control-allow-origin'], '*');
  });

  test('with allow_origin_absent off, a request without Origin gets no CORS headers', async (t) => {
    const gw = await gatewayWith(t, { allow_origin_absent: false, exposed_headers: ['X-Total'] });
    const bare = await httpRequest(`${gw.url}/`);
    assert.equal(bare.headers['access-control-allow-origin'], undefined);
    assert.equal(bare.headers['access-control-expose-headers'], undefined);
    const withOrigin = await httpRequest(`${gw.url}/`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(withOrigin.headers['access-control-allow-origin'], '*');
    assert.equal(withOrigin.headers['access-control-expose-headers'], 'X-Total');
  });

  test('a single plain origin is always the Allow-Origin, with Vary: Origin (the browser enforces it)', async (t) => {
    const gw = await gatewayWith(t, { origins: ['https://app.example.com'] });
    for (const origin of ['https://app.example.com', 'https://other.example.org']) {
      const res = await httpRequest(`${gw.url}/`, { headers: { origin } });
      assert.equal(res.headers['access-control-allow-origin'], 'https://app.example.com');
      assert.equal(res.headers['vary'], 'Origin');
    }
  });

  test('several origins: the matching one is echoed after normalisation, others get no Allow-Origin', async (t) => {
    const gw = await gatewayWith(t, { origins: ['https://app.example.com:443', 'http://localhost:8080'] });
    const ok = await httpRequest(`${gw.url}/`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(ok.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(ok.headers['vary'], 'Origin');
    const withPort = await httpRequest(`${gw.url}/`, { headers: { origin: 'http://localhost:8080' } });
    assert.equal(withPort.headers['access-control-allow-origin'], 'http://localhost:8080');
    const wrongPort = await httpRequest(`${gw.url}/`, { headers: { origin: 'http://localhost:9090' } });
    assert.equal(wrongPort.headers['access-control-allow-origin'], undefined);
    assert.equal(wrongPort.headers['vary'], 'Origin');
    const none = await httpRequest(`${gw.url}/`);
    assert.equal(none.headers['access-control-allow-origin'], undefined);
  });

  test('a regex entry matches the whole origin, never a prefix of it', async (t) => {
    const gw = await gatewayWith(t, { origins: ['https://.*\\.example\\.com'] });
    const allowed = await httpRequest(`${gw.url}/`, { headers: { origin: 'https://api.example.com' } });
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://api.example.com');
    for (const origin of ['https://api.example.com.evil.org', 'http://api.example.com', 'https://example.org']) {
      const res = await httpRequest(`${gw.url}/`, { headers: { origin } });
      assert.equal(res.headers['access-control-allow-origin'], undefined, origin);
      assert.equal(res.headers['vary'], 'Origin');
    }
  });

  test('a regex entry without a colon is matched against the host alone', async (t) => {
    const gw = await gatewayWith(t, { origins: ['(.*\\.)?example\\.com'] });
    for (const origin of ['http://example.com', 'https://api.example.com:8443']) {
      const res = await httpRequest(`${gw.url}/`, { headers: { origin } });
      assert.equal(res.headers['access-control-allow-origin'], origin);
    }
    const other = await httpRequest(`${gw.url}/`, { headers: { origin: 'https://notexample.com' } });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });

  test('a * entry in a list allows every origin that sent an Origin header', async (t) => {
    const gw = await gatewayWith(t, { origins: ['https://app.example.com', '*'] });
    const res = await httpRequest(`${gw.url}/`, { headers: { origin: 'https://anything.example.org' } });
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['vary'], 'Origin');
  });

  test('credentials with origins * echo the request origin instead of *', async (t) => {
    const gw = await gatewayWith(t, { credentials: true, exposed_headers: ['X-Total', 'X-Page'] });
    const res = await httpRequest(`${gw.url}/`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(res.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
    assert.equal(res.headers['vary'], 'Origin');
    assert.equal(res.headers['access-control-expose-headers'], 'X-Total,X-Page');
    const bare = await httpRequest(`${gw.url}/`);
    assert.equal(bare.headers['access-control-allow-origin'], '*');
    assert.equal(bare.headers['access-control-allow-credentials'], undefined);
  });

  test('credentials with listed origins send Allow-Credentials, as Kong does, even when the origin did not match', async (t) => {
    const gw = await gatewayWith(t, { origins: ['https://a.example.com', 'https://b.example.com'], credentials: true });
    const ok = await httpRequest(`${gw.url}/`, { headers: { origin: 'https://b.example.com' } });
    assert.equal(ok.headers['access-control-allow-origin'], 'https://b.example.com');
    assert.equal(ok.headers['access-control-allow-credentials'], 'true');
    const miss = await httpRequest(`${gw.url}/`, { headers: { origin: 'https://c.example.com' } });
    assert.equal(miss.headers['access-control-allow-origin'], undefined);
    assert.equal(miss.headers['access-control-allow-credentials'], 'true');
  });

  test("the upstream's Allow-Origin is replaced or removed, and Origin is added to its Vary", async (t) => {
    const origin: OriginOptions = {
      handler: (req, res) => {
        req.resume();
        res.writeHead(200, { 'access-control-allow-origin': 'https://upstream.example.com', vary: 'Accept-Encoding', 'content-type': 'text/plain' });
        res.end('ok');
      },
    };
    const gw = await gatewayWith(t, { origins: ['https://a.example.com', 'https://b.example.com'] }, origin);
    const ok = await httpRequest(`${gw.url}/`, { headers: { origin: 'https://a.example.com' } });
    assert.equal(ok.headers['access-control-allow-origin'], 'https://a.example.com');
    assert.equal(ok.headers['vary'], 'Accept-Encoding, Origin');
    const miss = await httpRequest(`${gw.url}/`, { headers: { origin: 'https://c.example.com' } });
    assert.equal(miss.headers['access-control-allow-origin'], undefined);
    assert.equal(miss.text(), 'ok');
  });

  test("answers from other plugins (a 413 from request-size-limiting) get the CORS headers too", async (t) => {
    const gw = await startPluginGateway(t, [corsPlugin, requestSizeLimitingPlugin]);
    gw.apply(
      oneRoute(gw.originUrl, {
        plugins: [
          { name: 'cors', config: { origins: ['https://app.example.com', 'https://admin.example.com'] } },
          { name: 'request-size-limiting', config: { allowed_payload_size: 4, size_unit: 'bytes' } },
        ],
      }),
    );
    const res = await httpRequest(`${gw.url}/`, { method: 'POST', headers: { origin: 'https://app.example.com' }, body: 'too long' });
    assert.equal(res.status, 413);
    assert.equal(res.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(res.headers['vary'], 'Origin');
  });

  test('a route-level cors config beats the global one', async (t) => {
    const gw = await startPluginGateway(t, [corsPlugin]);
    gw.apply({
      plugins: [{ name: 'cors', config: { origins: ['https://global.example.com'] } }],
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'plain', paths: ['/plain'] },
            { name: 'special', paths: ['/special'], plugins: [{ name: 'cors', config: { origins: ['https://route.example.com'], max_age: 60 } }] },
          ],
        },
      ],
    });
    const plain = await httpRequest(`${gw.url}/plain`, preflight('https://x.example.com'));
    assert.equal(plain.headers['access-control-allow-origin'], 'https://global.example.com');
    assert.equal(plain.headers['access-control-max-age'], undefined);
    const special = await httpRequest(`${gw.url}/special`, preflight('https://x.example.com'));
    assert.equal(special.headers['access-control-allow-origin'], 'https://route.example.com');
    assert.equal(special.headers['access-control-max-age'], '60');
  });
});
