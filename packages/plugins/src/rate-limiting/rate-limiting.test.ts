import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayPlugin } from '@gatehouse/gateway';
import { httpRequest } from '@gatehouse/testkit';
import type { HttpResponse } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { rateLimitingPlugin } from './index.js';

/**
 * Counting tests must not straddle a window boundary: when the current window of `seconds`
 * ends within 3 s, wait for the next one. (A wait, not a timing assertion.)
 */
async function awayFromWindowEdge(seconds: number): Promise<void> {
  const left = seconds * 1000 - (Date.now() % (seconds * 1000));
  if (left < 3000) await sleep(left + 50);
}

/** A test-only auth plugin: `x-user` names the consumer, `x-cred` the credential id. */
const headerAuth: GatewayPlugin = {
  name: 'header-auth',
  version: '1.0.0',
  priority: 1000,
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  build: ({ consumers }) => ({
    access: (ctx) => {
      const consumer = consumers.byIdOrUsername(String(ctx.request.headers['x-user'] ?? '')) ?? null;
      const cred = ctx.request.headers['x-cred'];
      if (consumer || cred) ctx.authenticate({ consumer, credential: typeof cred === 'string' ? { id: cred } : null });
      return undefined;
    },
  }),
};

/**
 * A gateway with a global rate-limiting instance. Counters are process-wide and keyed by the
 * plugin id (derived from name and scope when absent), so each gateway gets its own id.
 */
async function limitedGateway(t: TestContext, config: Record<string, unknown>, extra: Partial<Parameters<typeof oneRoute>[1]> = {}) {
  const gw = await startPluginGateway(t, [rateLimitingPlugin, headerAuth]);
  const id = randomUUID();
  const doc = (c: Record<string, unknown>) => oneRoute(gw.originUrl, { plugins: [{ id, name: 'rate-limiting', config: c }, { name: 'header-auth' }], ...extra });
  gw.apply(doc(config));
  return {
    ...gw,
    id,
    reapply: (c: Record<string, unknown>) => void gw.apply(doc(c)),
    get: (path = '/', headers: Record<string, string> = {}) => httpRequest(`${gw.url}${path}`, { headers }),
  };
}

const statuses = async (n: number, send: () => Promise<HttpResponse>) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).status);
  return out;
};

describe('rate-limiting: limits and headers', () => {
  test('a per-minute limit: headers count down, then 429 with Retry-After, and the upstream is spared', async (t) => {
    await awayFromWindowEdge(60);
    const gw = await limitedGateway(t, { minute: 3 });
    for (const expected of ['2', '1', '0']) {
      const res = await gw.get();
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-ratelimit-limit-minute'], '3');
      assert.equal(res.headers['x-ratelimit-remaining-minute'], expected);
      assert.equal(res.headers['ratelimit-limit'], '3');
      assert.equal(res.headers['ratelimit-remaining'], expected);
      const reset = Number(res.headers['ratelimit-reset']);
      assert.ok(reset >= 1 && reset <= 60, `RateLimit-Reset ${reset}`);
      assert.equal(res.headers['retry-after'], undefined);
    }
    const seen = gw.origin.requests.length;
    const refused = await gw.get();
    assert.equal(refused.status, 429);
    assert.deepEqual(refused.json(), { message: 'API rate limit exceeded' });
    assert.equal(refused.headers['x-ratelimit-remaining-minute'], '0');
    assert.equal(refused.headers['ratelimit-remaining'], '0');
    assert.equal(refused.headers['retry-after'], refused.headers['ratelimit-reset']);
    assert.equal(gw.origin.requests.length, seen, 'the refused request never reached the upstream');
    assert.ok(!('x-ratelimit-limit-hour' in refused.headers), 'only configured periods get headers');
  });

  test('several periods: a header pair for each, RateLimit-* for the one closest to its limit; a refused request is not counted', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await limitedGateway(t, { minute: 2, hour: 10, day: 100, month: 1000, year: 10000 });
    const first = await gw.get();
    assert.deepEqual(
      ['minute', 'hour', 'day', 'month', 'year'].map((p) => [first.headers[`x-ratelimit-limit-${p}`], first.headers[`x-ratelimit-remaining-${p}`]]),
      [['2', '1'], ['10', '9'], ['100', '99'], ['1000', '999'], ['10000', '9999']],
    );
    assert.equal(first.headers['ratelimit-limit'], '2', 'the minute is closest to its limit');
    await gw.get();
    const refused = await gw.get();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['x-ratelimit-remaining-minute'], '0');
    assert.equal(refused.headers['x-ratelimit-remaining-hour'], '8', 'the hour still shows the 2 requests let through');
    assert.equal((await gw.get()).headers['x-ratelimit-remaining-hour'], '8', 'refused requests are not counted');
  });

  test('the headers are added to upstream error responses too', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await limitedGateway(t, { hour: 5 });
    const res = await gw.get('/status/503');
    assert.equal(res.status, 503);
    assert.equal(res.headers['x-ratelimit-remaining-hour'], '4');
  });

  test('error_code and error_message change the refusal', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await limitedGateway(t, { hour: 1, error_code: 503, error_message: 'Slow down' });
    assert.equal((await gw.get()).status, 200);
    const res = await gw.get();
    assert.equal(res.status, 503);
    assert.deepEqual(res.json(), { message: 'Slow down' });
  });

  test('hide_client_headers leaves out every rate-limit header, Retry-After included', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await limitedGateway(t, { hour: 1, hide_client_headers: true });
    const ok = await gw.get();
    const refused = await gw.get();
    assert.deepEqual([ok.status, refused.status], [200, 429]);
    for (const res of [ok, refused]) {
      const names = Object.keys(res.headers).filter((h) => h.includes('ratelimit') || h === 'retry-after');
      assert.deepEqual(names, []);
    }
  });

  test('concurrent requests cannot overshoot the limit', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await limitedGateway(t, { hour: 5 });
    const all = await Promise.all(Array.from({ length: 12 }, () => gw.get()));
    assert.equal(all.filter((r) => r.status === 200).length, 5);
    assert.equal(all.filter((r) => r.status === 429).length, 7);
  });
});

describe('rate-limiting: what requests are counted by', () => {
  test('limit_by ip (the client address)', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await limitedGateway(t, { hour: 2, limit_by: 'ip' });
    assert.deepEqual(await statuses(3, () => gw.get('/', { 'x-user': 'anyone' })), [200, 200, 429]);
  });

  test('limit_by header: each value has its own count; without the header, the client IP', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await limitedGateway(t, { hour: 2, limit_by: 'header', header_name: 'X-Tenant' });
    assert.deepEqual(await statuses(3, () => gw.get('/', { 'x-tenant': 'a' })), [200, 200, 429]);
    assert.deepEqual(await statuses(3, () => gw.get('/', { 'x-tenant': 'b' })), [200, 200, 429]);
    assert.deepEqual(await statuses(3, () => gw.get('/')), [200, 200, 429]);
  });

  test('limit_by path: requests to that path share a count; other paths are counted by client IP', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await limitedGateway(t, { hour: 2, limit_by: 'path', path: '/a' });
    assert.deepEqual(await statuses(3, () => gw.get('/a')), [200, 200, 429]);
    assert.deepEqual(await statuses(2, () => gw.get('/b')), [200, 200]);
    assert.equal((await gw.get('/c')).status, 429, '/b and /c share the IP count');
  });

  test('limit_by consumer (the default): each consumer has its own count; anonymous callers by IP', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await limitedGateway(t, { hour: 2 }, { consumers: [{ username: 'alice' }, { username: 'bob' }] });
    assert.deepEqual(await statuses(3, () => gw.get('/', { 'x-user': 'alice' })), [200, 200, 429]);
    assert.deepEqual(await statuses(3, () => gw.get('/', { 'x-user': 'bob' })), [200, 200, 429]);
    assert.deepEqual(await statuses(3, () => gw.get('/')), [200, 200, 429]);
    assert.deepEqual(await statuses(3, () => gw.get('/', { 'x-cred': 'c-1' })), [200, 200, 429], 'a credential without consumer is counted by credential');
  });

  test('limit_by credential: two credentials of one consumer are counted apart', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await limitedGateway(t, { hour: 1, limit_by: 'credential' }, { consumers: [{ username: 'alice' }] });
    assert.deepEqual(await statuses(2, () => gw.get('/', { 'x-user': 'alice', 'x-cred': 'key-1' })), [200, 429]);
    assert.deepEqual(await statuses(2, () => gw.get('/', { 'x-user': 'alice', 'x-cred': 'key-2' })), [200, 429]);
  });

  test('limit_by service: the routes of one service share a count', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await startPluginGateway(t, [rateLimitingPlugin]);
    gw.apply({
      plugins: [{ id: randomUUID(), name: 'rate-limiting', config: { hour: 2, limit_by: 'service' } }],
      services: [
        { name: 'one', url: gw.originUrl, routes: [{ name: 'one-a', paths: ['/one-a'] }, { name: 'one-b', paths: ['/one-b'] }] },
        { name: 'two', url: gw.originUrl, routes: [{ name: 'two', paths: ['/two'] }] },
      ],
    });
    const get = (path: string) => () => httpRequest(`${gw.url}${path}`);
    assert.deepEqual([...(await statuses(1, get('/one-a'))), ...(await statuses(2, get('/one-b')))], [200, 200, 429]);
    assert.deepEqual(await statuses(2, get('/two')), [200, 200]);
  });
});

describe('rate-limiting: counters across config changes', () => {
  test('re-applying the config keeps the counts of the same plugin instance', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await limitedGateway(t, { hour: 3 });
    assert.deepEqual(await statuses(2, () => gw.get()), [200, 200]);
    gw.reapply({ hour: 3, error_message: 'Too many' });
    const third = await gw.get();
    assert.equal(third.status, 200);
    assert.equal(third.headers['x-ratelimit-remaining-hour'], '0', 'the count went on from 2');
    assert.deepEqual((await gw.get()).json(), { message: 'Too many' });
    gw.reapply({ hour: 5 });
    assert.equal((await gw.get()).headers['x-ratelimit-remaining-hour'], '1', 'a raised limit applies to the kept count');
  });

  test('a plugin instance with another scope has its own counters, and route-level config beats global', async (t) => {
    await awayFromWindowEdge(3600);
    const gw = await limitedGateway(t, { hour: 1 });
    assert.deepEqual(await statuses(2, () => gw.get()), [200, 429]);
    const routeLevel = { id: randomUUID(), name: 'rate-limiting', config: { hour: 3 } };
    gw.apply(oneRoute(gw.originUrl, { plugins: [{ id: gw.id, name: 'rate-limiting', config: { hour: 1 } }], routePlugins: [routeLevel] }));
    const res = await gw.get();
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-ratelimit-limit-hour'], '3');
    assert.equal(res.headers['x-ratelimit-remaining-hour'], '2', 'the route-level instance counts from zero');
  });
});

describe('rate-limiting: config validation', () => {
  test('the redis and cluster policies are refused with a clear message; limits and limit_by are checked', async (t) => {
    const gw = await limitedGateway(t, { minute: 1 });
    assert.throws(() => gw.reapply({ minute: 1, policy: 'redis', redis: { host: 'redis.internal' } }), /config\.policy: "redis" is not supported yet: cluster-wide limits are not implemented.*use "local"/);
    assert.throws(() => gw.reapply({ minute: 1, policy: 'cluster' }), /config\.policy: "cluster" is not supported yet/);
    assert.throws(() => gw.reapply({}), /at least one of these fields must be non-empty/);
    assert.throws(() => gw.reapply({ minute: 10, hour: 5 }), /config\.hour: The limit for hour\(5\.0\) cannot be lower than the limit for minute\(10\.0\)/);
    assert.throws(() => gw.reapply({ minute: 1, limit_by: 'header' }), /config\.header_name: required when limit_by is "header"/);
    assert.throws(() => gw.reapply({ minute: 0 }), /config\.minute: must be > 0/);
  });
});
