import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GatewayPlugin } from '@gatehouse/gateway';
import { httpRequest } from '@gatehouse/testkit';
import { startPluginGateway } from '../../test/harness.js';
import { createPrometheus } from './index.js';

// A test plugin that answers 403 itself on /denied, to see source="kong".
const denyPath: GatewayPlugin = {
  name: 'deny-path',
  version: '1.0.0',
  priority: 1000,
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  build: () => ({ access: (ctx) => (ctx.request.path === '/denied' ? { status: 403, body: { message: 'no' } } : undefined) }),
};

/** The value of one sample line, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    const found = Object.fromEntries([...body.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

async function gatewayWithPrometheus(t: Parameters<typeof startPluginGateway>[0]) {
  const exporter = createPrometheus();
  const gw = await startPluginGateway(t, [exporter.plugin, denyPath], { statusRoutes: (app, engine) => exporter.mount(app, engine) });
  return { gw, scrape: async () => (await httpRequest(`${gw.statusUrl}/metrics`)).text() };
}

const allOn = { per_consumer: true, status_code_metrics: true, latency_metrics: true, bandwidth_metrics: true, upstream_health_metrics: true };

describe('prometheus', () => {
  test('counts requests by service, route, code and source, with latency histograms and bandwidth', async (t) => {
    const { gw, scrape } = await gatewayWithPrometheus(t);
    gw.apply({
      plugins: [{ name: 'prometheus', config: allOn }, { name: 'deny-path' }],
      services: [{ name: 'orders', url: gw.originUrl, routes: [{ name: 'orders-api', paths: ['/'] }] }],
    });
    for (let i = 0; i < 3; i++) assert.equal((await httpRequest(`${gw.url}/ok`, { method: 'POST', body: 'x'.repeat(100) })).status, 200);
    assert.equal((await httpRequest(`${gw.url}/status/503`)).status, 503);
    assert.equal((await httpRequest(`${gw.url}/denied`)).status, 403);
    const text = await scrape();
    const labels = { service: 'orders', route: 'orders-api' };
    assert.equal(sample(text, 'gatehouse_http_requests_total', { ...labels, code: '200', source: 'service' }), 3);
    assert.equal(sample(text, 'gatehouse_http_requests_total', { ...labels, code: '503', source: 'service' }), 1);
    assert.equal(sample(text, 'gatehouse_http_requests_total', { ...labels, code: '403', source: 'kong' }), 1);
    assert.equal(sample(text, 'gatehouse_request_latency_ms_count', labels), 5);
    assert.equal(sample(text, 'gatehouse_upstream_latency_ms_count', labels), 4, 'the 403 never reached the upstream');
    assert.equal(sample(text, 'gatehouse_gateway_latency_ms_count', labels), 5);
    assert.equal(sample(text, 'gatehouse_request_latency_ms_bucket', { ...labels, le: '+Inf' }), 5);
    assert.equal(sample(text, 'gatehouse_bandwidth_bytes', { ...labels, direction: 'ingress' }), 300);
    assert.ok((sample(text, 'gatehouse_bandwidth_bytes', { ...labels, direction: 'egress' }) ?? 0) > 0);
    assert.match(text, /^gatehouse_process_cpu_seconds_total /m, 'process metrics are always there');
  });

  test('families are off by default, as in Kong; counters survive a config change', async (t) => {
    const { gw, scrape } = await gatewayWithPrometheus(t);
    const doc = (config: Record<string, unknown>) => ({
      plugins: [{ name: 'prometheus', config }],
      services: [{ name: 's', url: gw.originUrl, routes: [{ name: 'r', paths: ['/'] }] }],
    });
    gw.apply(doc({}));
    await httpRequest(`${gw.url}/x`);
    let text = await scrape();
    assert.equal(sample(text, 'gatehouse_http_requests_total', { route: 'r' }), undefined);
    assert.equal(sample(text, 'gatehouse_request_latency_ms_count', { route: 'r' }), undefined);
    gw.apply(doc({ status_code_metrics: true }));
    await httpRequest(`${gw.url}/x`);
    gw.apply(doc({ status_code_metrics: true, latency_metrics: true }));
    await httpRequest(`${gw.url}/x`);
    text = await scrape();
    assert.equal(sample(text, 'gatehouse_http_requests_total', { route: 'r', code: '200', consumer: '' }), 2, 'the count went on across the swap');
  });

  test('upstream target health is read at scrape time, one state set to 1', async (t) => {
    const { gw, scrape } = await gatewayWithPrometheus(t);
    const port = new URL(gw.originUrl).port;
    gw.apply({
      plugins: [{ name: 'prometheus', config: { upstream_health_metrics: true } }],
      upstreams: [{ name: 'pool', targets: [{ target: `127.0.0.1:${port}` }] }],
      services: [{ name: 's', host: 'pool', protocol: 'http', routes: [{ name: 'r', paths: ['/'] }] }],
    });
    const text = await scrape();
    const labels = { upstream: 'pool', target: `127.0.0.1:${port}` };
    assert.equal(sample(text, 'gatehouse_upstream_target_health', { ...labels, state: 'healthchecks_off' }), 1);
    assert.equal(sample(text, 'gatehouse_upstream_target_health', { ...labels, state: 'healthy' }), 0);
    gw.apply({ plugins: [{ name: 'prometheus' }], services: [{ name: 's', url: gw.originUrl, routes: [{ name: 'r', paths: ['/'] }] }] });
    assert.equal(sample(await scrape(), 'gatehouse_upstream_target_health', { ...labels, state: 'healthchecks_off' }), undefined, 'off again: the family is empty');
  });

  test('an unknown option is refused with its name', async (t) => {
    const { gw } = await gatewayWithPrometheus(t);
    assert.throws(() => gw.apply({ plugins: [{ name: 'prometheus', config: { per_consumers: true } }] }), /per_consumers/);
  });
});
