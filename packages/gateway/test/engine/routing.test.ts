import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { httpRequest, startOrigin } from '@gatehouse/testkit';
import { apply, startGateway } from './helpers.js';

describe('engine: routing requests to services', () => {
  test('before any config: 503 from the proxy and /status/ready says why', async (t) => {
    const gw = await startGateway(t);
    const res = await httpRequest(`${gw.url}/anything`);
    assert.equal(res.status, 503);
    const ready = await httpRequest(`${gw.statusUrl}/status/ready`);
    assert.equal(ready.status, 503);
    assert.deepEqual(ready.json(), { message: 'no configuration loaded yet' });
  });

  test('a matched route is proxied with strip_path and the service path; no match is Kong\'s 404', async (t) => {
    const origin = await startOrigin({ name: 'orders' });
    t.after(() => origin.close());
    const gw = await startGateway(t);
    apply(gw.node, {
      services: [
        {
          name: 'orders',
          url: `${origin.url}/v1`,
          routes: [
            { name: 'strip', paths: ['/orders'] },
            { name: 'keep', paths: ['/keep'], strip_path: false },
          ],
        },
      ],
    });
    const stripped = await httpRequest(`${gw.url}/orders/42?x=1`);
    assert.equal(stripped.status, 200);
    assert.equal(stripped.json<{ url: string }>().url, '/v1/42?x=1');
    const kept = await httpRequest(`${gw.url}/keep/a`);
    assert.equal(kept.json<{ url: string }>().url, '/v1/keep/a');
    const none = await httpRequest(`${gw.url}/elsewhere`);
    assert.equal(none.status, 404);
    assert.deepEqual(none.json(), { message: 'no Route matched with those values' });
    assert.equal((await httpRequest(`${gw.statusUrl}/status/ready`)).status, 200);
  });

  test('preserve_host forwards the client Host; otherwise the upstream host is sent', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const gw = await startGateway(t);
    apply(gw.node, {
      services: [
        {
          name: 's',
          url: origin.url,
          routes: [
            { name: 'preserve', hosts: ['public.example.test'], preserve_host: true },
            { name: 'rewrite', hosts: ['other.example.test'] },
          ],
        },
      ],
    });
    const preserved = await httpRequest(`${gw.url}/`, { headers: { host: 'public.example.test' } });
    assert.equal(preserved.json<{ headers: Record<string, string> }>().headers['host'], 'public.example.test');
    const rewritten = await httpRequest(`${gw.url}/`, { headers: { host: 'other.example.test' } });
    assert.equal(rewritten.json<{ headers: Record<string, string> }>().headers['host'], `127.0.0.1:${origin.port}`);
  });

  test('an https-only route over http answers 426, or redirects with its https_redirect_status_code', async (t) => {
    const gw = await startGateway(t);
    apply(gw.node, {
      services: [
        {
          name: 's',
          url: 'http://127.0.0.1:9',
          routes: [
            { name: 'upgrade', paths: ['/secure'], protocols: ['https'] },
            { name: 'redirect', paths: ['/moved'], protocols: ['https'], https_redirect_status_code: 308 },
          ],
        },
      ],
    });
    const upgrade = await httpRequest(`${gw.url}/secure`);
    assert.equal(upgrade.status, 426);
    assert.deepEqual(upgrade.json(), { message: 'Please use HTTPS protocol' });
    const redirect = await httpRequest(`${gw.url}/moved/x?y=1`, { headers: { host: 'gw.example.test' } });
    assert.equal(redirect.status, 308);
    assert.equal(redirect.headers['location'], 'https://gw.example.test/moved/x?y=1');
  });

  test('the routes of a disabled service do not exist (404), as in Kong', async (t) => {
    const gw = await startGateway(t);
    apply(gw.node, { services: [{ name: 's', url: 'http://127.0.0.1:9', enabled: false, routes: [{ paths: ['/off'] }] }] });
    assert.equal((await httpRequest(`${gw.url}/off`)).status, 404);
  });

  test('a route without a service answers 503 "no Service found with those values"', async (t) => {
    const gw = await startGateway(t);
    apply(gw.node, { routes: [{ name: 'orphan', paths: ['/orphan'] }] });
    const res = await httpRequest(`${gw.url}/orphan`);
    assert.equal(res.status, 503);
    assert.deepEqual(res.json(), { message: 'no Service found with those values' });
  });

  test('an unreachable upstream is a 502 with Kong\'s message; a slow one a 504', async (t) => {
    const slow = await startOrigin({ delayMs: 2000 });
    t.after(() => slow.close());
    const gw = await startGateway(t);
    apply(gw.node, {
      services: [
        { name: 'down', url: 'http://127.0.0.1:9', retries: 1, routes: [{ paths: ['/down'] }] },
        { name: 'slow', url: slow.url, read_timeout: 200, routes: [{ paths: ['/slow'] }] },
      ],
    });
    const down = await httpRequest(`${gw.url}/down`);
    assert.equal(down.status, 502);
    assert.deepEqual(down.json(), { message: 'An invalid response was received from the upstream server' });
    const timeout = await httpRequest(`${gw.url}/slow`);
    assert.equal(timeout.status, 504);
    assert.deepEqual(timeout.json(), { message: 'The upstream server is timing out' });
  });
});
