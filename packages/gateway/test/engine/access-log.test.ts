import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { httpRequest, startOrigin } from '@gatehouse/testkit';
import { pino } from 'pino';
import { apply, startGateway } from './helpers.js';

/** A pino logger whose lines land in `lines` (parsed). */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('engine: access log and trace context', () => {
  test('one JSON line per request with route, status, latencies and trace id, never the query string', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const { logger, lines } = capture();
    const gw = await startGateway(t, { logger });
    apply(gw.node, { services: [{ name: 'orders', url: origin.url, routes: [{ name: 'orders-api', paths: ['/orders'] }] }] });
    const res = await httpRequest(`${gw.url}/orders/7?apikey=secret-key`, { headers: { traceparent: VALID } });
    assert.equal(res.status, 200);
    assert.equal((await httpRequest(`${gw.url}/nowhere?apikey=secret-key`)).status, 404);
    const entries = lines.filter((l) => l['component'] === 'access');
    assert.equal(entries.length, 2);
    const [ok, missing] = entries;
    assert.equal(ok!['path'], '/orders/7');
    assert.equal(ok!['status'], 200);
    assert.equal(ok!['route'], 'orders-api');
    assert.equal(ok!['service'], 'orders');
    assert.equal(ok!['trace_id'], '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(typeof ok!['upstream_latency_ms'], 'number');
    assert.match(String(ok!['upstream']), /^127\.0\.0\.1:\d+$/);
    assert.equal(ok!['request_id'], res.headers['x-gatehouse-request-id']);
    assert.equal(missing!['status'], 404);
    assert.equal(missing!['route'], null);
    assert.ok(!JSON.stringify(lines).includes('secret-key'), 'the query string (and its API key) is never logged');
  });

  test('proxy_access_log off: no request lines', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const { logger, lines } = capture();
    const gw = await startGateway(t, { logger, accessLog: false });
    apply(gw.node, { services: [{ name: 's', url: origin.url, routes: [{ name: 'r', paths: ['/'] }] }] });
    await httpRequest(`${gw.url}/x`);
    assert.equal(lines.filter((l) => l['component'] === 'access').length, 0);
  });

  test('the upstream gets the client\'s valid traceparent unchanged, or a new trace when it had none', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const gw = await startGateway(t);
    apply(gw.node, { services: [{ name: 's', url: origin.url, routes: [{ name: 'r', paths: ['/'] }] }] });
    const seen = async (headers: Record<string, string>) => (await httpRequest(`${gw.url}/x`, { headers })).json<{ headers: Record<string, string> }>().headers;
    const forwarded = await seen({ traceparent: VALID, tracestate: 'vendor=abc' });
    assert.equal(forwarded['traceparent'], VALID);
    assert.equal(forwarded['tracestate'], 'vendor=abc');
    const created = (await seen({}))['traceparent'];
    assert.match(created ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    assert.notEqual((await seen({ traceparent: 'not-a-trace' }))['traceparent'], 'not-a-trace');
  });
});
