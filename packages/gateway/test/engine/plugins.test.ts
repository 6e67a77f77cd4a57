import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { httpRequest, startOrigin } from '@gatehouse/testkit';
import type { GatewayPlugin } from '../../src/index.js';
import { apply, startGateway } from './helpers.js';

// Test plugins exercising the contract: phases, priorities, exits, consumers.
const tag: GatewayPlugin = {
  name: 'tag',
  version: '1.0.0',
  priority: 100,
  configSchema: { type: 'object', properties: { value: { type: 'string' } }, required: ['value'], additionalProperties: false },
  build: ({ instance }) => ({
    access: (ctx) => {
      ctx.upstream.setHeader('x-tag', String(instance.config['value']));
      (ctx.shared.get('order') as string[] | undefined)?.push('tag');
      return undefined;
    },
    header_filter: (ctx) => {
      ctx.response!.headers['x-tag'] = String(instance.config['value']);
      ctx.response!.headers['x-order'] = ((ctx.shared.get('order') as string[] | undefined) ?? []).join(',');
    },
  }),
};

const auth: GatewayPlugin = {
  name: 'header-auth',
  version: '1.0.0',
  priority: 1000,
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  build: ({ consumersById }) => {
    const byName = new Map([...consumersById.values()].map((c) => [c.username, c]));
    return {
      access: (ctx) => {
        ctx.shared.set('order', ['header-auth']);
        const consumer = byName.get(String(ctx.request.headers['x-user']));
        if (!consumer) return { status: 401, body: { message: 'Unauthorized' } };
        ctx.authenticate({ consumer, credential: null });
        ctx.upstream.setHeader('x-consumer-username', consumer.username ?? '');
        return undefined;
      },
    };
  },
};

const deny: GatewayPlugin = {
  name: 'deny',
  version: '1.0.0',
  priority: 500,
  configSchema: { type: 'object', properties: { status: { type: 'integer', default: 403 } }, additionalProperties: false },
  build: ({ instance }) => ({ access: () => ({ status: Number(instance.config['status']), body: { message: 'denied' } }) }),
};

describe('engine: plugin phases and precedence', () => {
  test('for each plugin name the most specific attachment wins: consumer > route > service > global', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const gw = await startGateway(t, { plugins: [tag, auth, deny] });
    apply(gw.node, {
      consumers: [{ username: 'alice', plugins: [{ name: 'tag', config: { value: 'consumer' } }] }, { username: 'bob' }],
      plugins: [{ name: 'tag', config: { value: 'global' } }, { name: 'header-auth' }],
      services: [
        {
          name: 'with-service-tag',
          url: origin.url,
          plugins: [{ name: 'tag', config: { value: 'service' } }],
          routes: [
            { name: 'route-tagged', paths: ['/route'], plugins: [{ name: 'tag', config: { value: 'route' } }] },
            { name: 'plain', paths: ['/plain'] },
          ],
        },
        { name: 'untagged', url: origin.url, routes: [{ name: 'global-only', paths: ['/global'] }] },
      ],
    });
    const tagFor = async (path: string, user: string) => (await httpRequest(`${gw.url}${path}`, { headers: { 'x-user': user } })).headers['x-tag'];
    assert.equal(await tagFor('/global', 'bob'), 'global');
    assert.equal(await tagFor('/plain', 'bob'), 'service');
    assert.equal(await tagFor('/route', 'bob'), 'route');
    assert.equal(await tagFor('/route', 'alice'), 'consumer', 'a consumer-scoped plugin applies once auth identifies the consumer');
    const echoed = await httpRequest(`${gw.url}/route`, { headers: { 'x-user': 'bob' } });
    const seen = echoed.json<{ headers: Record<string, string> }>().headers;
    assert.equal(seen['x-tag'], 'route', 'access-phase header edits reach the upstream');
    assert.equal(seen['x-consumer-username'], 'bob');
  });

  test('plugins run by priority, and an exit answers the client without proxying', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const gw = await startGateway(t, { plugins: [tag, auth, deny] });
    apply(gw.node, {
      consumers: [{ username: 'carol' }],
      plugins: [{ name: 'tag', config: { value: 'x' } }, { name: 'header-auth' }],
      services: [
        {
          name: 'svc',
          url: origin.url,
          routes: [{ name: 'open', paths: ['/open'] }, { name: 'closed', paths: ['/closed'], plugins: [{ name: 'deny', config: { status: 451 } }] }],
        },
      ],
    });
    const open = await httpRequest(`${gw.url}/open`, { headers: { 'x-user': 'carol' } });
    assert.equal(open.headers['x-order'], 'header-auth,tag', 'priority 1000 runs before priority 100');
    const anonymous = await httpRequest(`${gw.url}/open`);
    assert.equal(anonymous.status, 401);
    const before = origin.requests.length;
    const closed = await httpRequest(`${gw.url}/closed`, { headers: { 'x-user': 'carol' } });
    assert.equal(closed.status, 451);
    assert.deepEqual(closed.json(), { message: 'denied' });
    assert.equal(origin.requests.length, before, 'the upstream never saw the denied request');
  });

  test('plugin configs are validated with the plugin schema before they reach the engine', async (t) => {
    const gw = await startGateway(t, { plugins: [tag] });
    assert.throws(
      () => apply(gw.node, { plugins: [{ name: 'tag', config: { value: 1 } }] }),
      /plugins\.0\.config\.value: must be a string/,
    );
    assert.throws(() => apply(gw.node, { plugins: [{ name: 'rate-limiting' }] }), /unknown plugin "rate-limiting"; available: tag/);
  });
});
