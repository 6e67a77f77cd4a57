import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { httpRequest } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { requestSizeLimitingPlugin } from '../request-size-limiting/index.js';
import { correlationIdPlugin } from './index.js';

interface Echo {
  headers: Record<string, string | undefined>;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

async function gatewayWith(t: TestContext, config: Record<string, unknown>) {
  const gw = await startPluginGateway(t, [correlationIdPlugin, requestSizeLimitingPlugin]);
  gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'correlation-id', config }] }));
  return gw;
}

const upstreamId = async (url: string, headers: Record<string, string> = {}, name = 'gatehouse-request-id') => {
  const res = await httpRequest(url, { headers });
  assert.equal(res.status, 200);
  return { id: res.json<Echo>().headers[name], res };
};

describe('correlation-id', () => {
  test('by default sends Gatehouse-Request-ID upstream as <process uuid>#<counter>, and not to the client', async (t) => {
    const gw = await gatewayWith(t, {});
    const first = await upstreamId(`${gw.url}/`);
    const second = await upstreamId(`${gw.url}/`);
    const a = new RegExp(`^(${UUID})#(\\d+)$`).exec(first.id ?? '');
    const b = new RegExp(`^(${UUID})#(\\d+)$`).exec(second.id ?? '');
    assert.ok(a && b, `unexpected ids ${first.id} ${second.id}`);
    assert.equal(a[1], b[1], 'one uuid per gateway process');
    assert.ok(Number(b[2]) > Number(a[2]), 'the counter goes up');
    assert.equal(first.res.headers['gatehouse-request-id'], undefined, 'echo_downstream is off by default');
  });

  test('an id the client sent is kept, whatever the case of the header name', async (t) => {
    const gw = await gatewayWith(t, { header_name: 'X-Correlation-ID' });
    const { id } = await upstreamId(`${gw.url}/`, { 'x-correlation-id': 'client-trace-1' }, 'x-correlation-id');
    assert.equal(id, 'client-trace-1');
  });

  test('an empty header from the client is replaced by a generated id', async (t) => {
    const gw = await gatewayWith(t, { generator: 'uuid' });
    const { id } = await upstreamId(`${gw.url}/`, { 'gatehouse-request-id': '' });
    assert.match(id ?? '', new RegExp(`^${UUID}$`));
  });

  test('the uuid generator makes a fresh random UUID per request', async (t) => {
    const gw = await gatewayWith(t, { generator: 'uuid' });
    const a = (await upstreamId(`${gw.url}/`)).id;
    const b = (await upstreamId(`${gw.url}/`)).id;
    assert.match(a ?? '', new RegExp(`^${UUID}$`));
    assert.match(b ?? '', new RegExp(`^${UUID}$`));
    assert.notEqual(a, b);
  });

  test("the tracker generator follows Kong's address-port-pid-connection-requests-time shape", async (t) => {
    const gw = await gatewayWith(t, { generator: 'tracker' });
    const port = new URL(gw.url).port;
    const before = Date.now() / 1000;
    const { id } = await upstreamId(`${gw.url}/`);
    const m = /^(\d+\.\d+\.\d+\.\d+)-(\d+)-(\d+)-(\d+)-(\d+)-(\d+\.\d{3})$/.exec(id ?? '');
    assert.ok(m, `unexpected tracker id ${id}`);
    assert.equal(m[2], port);
    assert.equal(m[3], String(process.pid));
    assert.ok(Number(m[6]) >= Math.floor(before * 1000) / 1000 && Number(m[6]) <= Date.now() / 1000 + 0.001);
    const next = (await upstreamId(`${gw.url}/`)).id;
    assert.notEqual(next, id, 'two requests never share a tracker id');
  });

  test('echo_downstream returns the generated id to the client, the same the upstream got', async (t) => {
    const gw = await gatewayWith(t, { echo_downstream: true, header_name: 'X-Request-Trace' });
    const { id, res } = await upstreamId(`${gw.url}/`, {}, 'x-request-trace');
    assert.ok(id);
    assert.equal(res.headers['x-request-trace'], id);
    const kept = await upstreamId(`${gw.url}/`, { 'x-request-trace': 'from-client' }, 'x-request-trace');
    assert.equal(kept.id, 'from-client');
    assert.equal(kept.res.headers['x-request-trace'], 'from-client');
  });

  test('echo_downstream also tags answers another plugin gave (a 413)', async (t) => {
    const gw = await startPluginGateway(t, [correlationIdPlugin, requestSizeLimitingPlugin]);
    gw.apply(
      oneRoute(gw.originUrl, {
        plugins: [
          { name: 'correlation-id', config: { echo_downstream: true } },
          { name: 'request-size-limiting', config: { allowed_payload_size: 1, size_unit: 'bytes' } },
        ],
      }),
    );
    const res = await httpRequest(`${gw.url}/`, { method: 'POST', body: 'too long' });
    assert.equal(res.status, 413);
    assert.match(String(res.headers['gatehouse-request-id']), new RegExp(`^${UUID}#\\d+$`));
  });

  test('a route-level config beats the global one', async (t) => {
    const gw = await startPluginGateway(t, [correlationIdPlugin]);
    gw.apply({
      plugins: [{ name: 'correlation-id', config: { header_name: 'X-Global-ID' } }],
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'plain', paths: ['/plain'] },
            { name: 'special', paths: ['/special'], plugins: [{ name: 'correlation-id', config: { header_name: 'X-Route-ID', generator: 'uuid' } }] },
          ],
        },
      ],
    });
    const plain = (await httpRequest(`${gw.url}/plain`)).json<Echo>().headers;
    assert.ok(plain['x-global-id']);
    assert.equal(plain['x-route-id'], undefined);
    const special = (await httpRequest(`${gw.url}/special`)).json<Echo>().headers;
    assert.match(special['x-route-id'] ?? '', new RegExp(`^${UUID}$`));
    assert.equal(special['x-global-id'], undefined);
  });
});
