import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { httpRequest, startOrigin } from '@gatehouse/testkit';
import type { GatewayPlugin, RequestOutcome } from '../../src/index.js';
import { apply, startGateway } from './helpers.js';

// Test plugins exercising the body parts of the contract: readBody/setBody, body_filter,
// exits through header_filter, the outcome seen by log, and the consumer index.
const upper: GatewayPlugin = {
  name: 'upper-body',
  version: '1.0.0',
  priority: 200,
  configSchema: { type: 'object', properties: { limit: { type: 'integer', default: 1024 } }, additionalProperties: false },
  build: ({ instance }) => ({
    access: async (ctx) => {
      const body = await ctx.request.readBody(Number(instance.config['limit']));
      if (body === null) return { status: 413, body: { message: 'too long to inspect' } };
      ctx.upstream.setBody(Buffer.from(body.toString('utf8').toUpperCase()));
      return undefined;
    },
  }),
};

const peek: GatewayPlugin = {
  name: 'peek',
  version: '1.0.0',
  priority: 300,
  configSchema: { type: 'object', properties: { limit: { type: 'integer' } }, required: ['limit'], additionalProperties: false },
  build: ({ instance }) => ({
    access: async (ctx) => {
      const body = await ctx.request.readBody(Number(instance.config['limit']));
      ctx.upstream.setHeader('x-peeked', body === null ? 'too-long' : String(body.length));
      return undefined;
    },
  }),
};

const outcomes: RequestOutcome[] = [];
const rewrite: GatewayPlugin = {
  name: 'rewrite-json',
  version: '1.0.0',
  priority: 100,
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  build: () => ({
    header_filter: (ctx) => {
      ctx.response!.headers['x-seen-status'] = String(ctx.response!.status);
    },
    wantsBody: (ctx) => String(ctx.response?.headers['content-type'] ?? '').startsWith('application/json'),
    body_filter: (_ctx, body) => {
      const value = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      return Buffer.from(JSON.stringify({ rewritten: true, path: value['path'] ?? null, message: value['message'] ?? null }));
    },
    log: (ctx) => {
      outcomes.push(ctx.outcome!);
    },
  }),
};

const keyLookup: GatewayPlugin = {
  name: 'key-lookup',
  version: '1.0.0',
  priority: 1000,
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  build: ({ consumers }) => ({
    access: (ctx) => {
      const found = consumers.keyauth(String(ctx.request.headers['apikey'] ?? ''));
      if (!found) return { status: 401, body: { message: 'Invalid authentication credentials' } };
      ctx.authenticate({ consumer: found.consumer, credential: { id: found.credential.id } });
      ctx.upstream.setHeader('x-consumer-username', found.consumer.username ?? '');
      ctx.upstream.setHeader('x-groups', consumers.groups(found.consumer.id).map((a) => a.group).join(','));
      return undefined;
    },
  }),
};

const setHost: GatewayPlugin = {
  name: 'set-host',
  version: '1.0.0',
  priority: 10,
  configSchema: { type: 'object', properties: { host: { type: 'string' } }, required: ['host'], additionalProperties: false },
  build: ({ instance }) => ({
    access: (ctx) => {
      ctx.upstream.setHeader('host', String(instance.config['host']));
      return undefined;
    },
  }),
};

describe('engine: request and response bodies for plugins', () => {
  test('a Host set by a plugin is the upstream Host, even with preserve_host', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const gw = await startGateway(t, { plugins: [setHost] });
    apply(gw.node, {
      services: [
        {
          name: 's',
          url: origin.url,
          routes: [
            { name: 'plain', paths: ['/plain'], plugins: [{ name: 'set-host', config: { host: 'api.internal' } }] },
            { name: 'kept', paths: ['/kept'], preserve_host: true, plugins: [{ name: 'set-host', config: { host: 'kept.internal' } }] },
            { name: 'none', paths: ['/none'], preserve_host: true },
          ],
        },
      ],
    });
    const hostSeen = async (path: string) => (await httpRequest(`${gw.url}${path}`, { headers: { host: 'client.example' } })).json<{ headers: Record<string, string> }>().headers['host'];
    assert.equal(await hostSeen('/plain'), 'api.internal');
    assert.equal(await hostSeen('/kept'), 'kept.internal');
    assert.equal(await hostSeen('/none'), 'client.example');
  });

  test('a plugin reads the request body and sends a replacement upstream, with a matching length', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const gw = await startGateway(t, { plugins: [upper] });
    apply(gw.node, { plugins: [{ name: 'upper-body' }], services: [{ name: 's', url: origin.url, routes: [{ name: 'r', paths: ['/'] }] }] });
    const res = await httpRequest(`${gw.url}/x`, { method: 'POST', body: 'hello body', headers: { 'content-type': 'text/plain' } });
    const seen = res.json<{ body: string; headers: Record<string, string> }>();
    assert.equal(seen.body, 'HELLO BODY');
    assert.equal(seen.headers['content-length'], '10');
  });

  test('a body longer than the plugin reads is still proxied whole: the prefix, then the rest', async (t) => {
    const origin = await startOrigin({ bodyLimit: 1 << 20 });
    t.after(() => origin.close());
    const gw = await startGateway(t, { plugins: [peek] });
    apply(gw.node, { plugins: [{ name: 'peek', config: { limit: 1000 } }], services: [{ name: 's', url: origin.url, routes: [{ name: 'r', paths: ['/'] }] }] });
    const payload = 'abcdefghij'.repeat(20_000); // 200,000 bytes, sent chunked
    const { Readable } = await import('node:stream');
    const res = await httpRequest(`${gw.url}/x`, { method: 'POST', body: Readable.from([payload.slice(0, 500), payload.slice(500)]) });
    const seen = res.json<{ body: string; bodyBytes: number; headers: Record<string, string> }>();
    assert.equal(seen.headers['x-peeked'], 'too-long');
    assert.equal(seen.bodyBytes, 200_000);
    assert.equal(seen.body, payload);
  });

  test('a request body beyond the limit can be refused by the plugin', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const gw = await startGateway(t, { plugins: [upper] });
    apply(gw.node, { plugins: [{ name: 'upper-body', config: { limit: 4 } }], services: [{ name: 's', url: origin.url, routes: [{ name: 'r', paths: ['/'] }] }] });
    const res = await httpRequest(`${gw.url}/x`, { method: 'POST', body: 'longer than four' });
    assert.equal(res.status, 413);
    assert.equal(origin.requests.length, 0);
  });

  test('body_filter rewrites a JSON response and Content-Length follows; other bodies stream untouched', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const gw = await startGateway(t, { plugins: [rewrite] });
    apply(gw.node, { plugins: [{ name: 'rewrite-json' }], services: [{ name: 's', url: origin.url, routes: [{ name: 'r', paths: ['/'] }] }] });
    outcomes.length = 0;
    const res = await httpRequest(`${gw.url}/json-here`);
    assert.deepEqual(res.json(), { rewritten: true, path: '/json-here', message: null });
    assert.equal(res.headers['content-length'], String(res.body.length));
    assert.equal(res.headers['x-seen-status'], '200');
    const streamed = await httpRequest(`${gw.url}/stream/100000`);
    assert.equal(streamed.bodyBytes, 100_000, 'a non-JSON body is not buffered or changed');
    assert.equal(outcomes.length, 2);
    assert.equal(outcomes[1]!.status, 200);
    assert.equal(outcomes[1]!.local, false);
    assert.equal(outcomes[1]!.bytes.responseBody, 100_000);
    assert.ok(outcomes[1]!.latencies.upstream !== null && outcomes[1]!.latencies.request >= outcomes[1]!.latencies.upstream);
    assert.match(outcomes[1]!.peer ?? '', /^127\.0\.0\.1:\d+$/);
  });

  test('an exit goes through the other plugins\' header_filter and body_filter, and log sees it as local', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const gw = await startGateway(t, { plugins: [rewrite, keyLookup] });
    apply(gw.node, { plugins: [{ name: 'rewrite-json' }, { name: 'key-lookup' }], services: [{ name: 's', url: origin.url, routes: [{ name: 'r', paths: ['/'] }] }] });
    outcomes.length = 0;
    const res = await httpRequest(`${gw.url}/x`);
    assert.equal(res.status, 401);
    assert.equal(res.headers['x-seen-status'], '401');
    assert.deepEqual(res.json(), { rewritten: true, path: null, message: 'Invalid authentication credentials' });
    assert.equal(outcomes[0]!.local, true);
    assert.equal(outcomes[0]!.latencies.upstream, null);
  });

  test('the consumer index finds credentials and groups of the snapshot in force', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const gw = await startGateway(t, { plugins: [keyLookup] });
    const doc = (key: string) => ({
      consumers: [{ username: 'ann', keyauth_credentials: [{ key }], acls: [{ group: 'admins' }, { group: 'ops' }] }],
      plugins: [{ name: 'key-lookup' }],
      services: [{ name: 's', url: origin.url, routes: [{ name: 'r', paths: ['/'] }] }],
    });
    apply(gw.node, doc('k-one'), 1);
    const ok = await httpRequest(`${gw.url}/x`, { headers: { apikey: 'k-one' } });
    assert.equal(ok.json<{ headers: Record<string, string> }>().headers['x-consumer-username'], 'ann');
    assert.equal(ok.json<{ headers: Record<string, string> }>().headers['x-groups'], 'admins,ops');
    apply(gw.node, doc('k-two'), 2);
    assert.equal((await httpRequest(`${gw.url}/x`, { headers: { apikey: 'k-one' } })).status, 401, 'the old key died with its snapshot');
    assert.equal((await httpRequest(`${gw.url}/x`, { headers: { apikey: 'k-two' } })).status, 200);
  });
});

describe('engine: a config whose plugin fails to build', () => {
  test('is refused, the old config keeps serving, and the instances already built are closed', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const closed: string[] = [];
    const fragile: GatewayPlugin = {
      name: 'fragile',
      version: '1.0.0',
      priority: 1,
      configSchema: { type: 'object', properties: { fail: { type: 'boolean', default: false } }, additionalProperties: false },
      build: ({ instance }) => {
        if (instance.config['fail'] === true) throw new Error('cannot build');
        return { close: () => void closed.push(instance.id) };
      },
    };
    const gw = await startGateway(t, { plugins: [fragile] });
    apply(gw.node, { services: [{ name: 's', url: origin.url, routes: [{ name: 'r', paths: ['/old'] }] }] }, 1);
    const doc = {
      services: [
        {
          name: 's',
          url: origin.url,
          routes: [
            // Explicit ids: instances are built in id order, so "a" is built before "b" fails.
            { name: 'a', paths: ['/a'], plugins: [{ id: '00000000-0000-4000-8000-000000000001', name: 'fragile' }] },
            { name: 'b', paths: ['/b'], plugins: [{ id: '00000000-0000-4000-8000-000000000002', name: 'fragile', config: { fail: true } }] },
          ],
        },
      ],
    };
    assert.throws(() => apply(gw.node, doc, 2), /cannot build/);
    assert.deepEqual(closed, ['00000000-0000-4000-8000-000000000001'], 'the instance built before the failure was closed');
    assert.equal((await httpRequest(`${gw.url}/old`)).status, 200, 'the old config serves');
  });
});
