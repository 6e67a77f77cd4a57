import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertLoopbackUrl, isLoopbackHost, loadGenerator, percentile, startOrigin } from '../src/index.js';

test('counts 2xx, non-2xx by status and socket errors by code', async (t) => {
  let seen = 0;
  const origin = await startOrigin({
    handler: (req, res) => {
      seen += 1;
      if (seen % 10 === 0) req.socket.resetAndDestroy();
      else if (seen % 5 === 0) res.writeHead(503).end();
      else if (seen % 7 === 0) res.writeHead(404).end();
      else res.writeHead(200).end('ok');
    },
  });
  t.after(() => origin.close());
  const result = await loadGenerator({ url: `${origin.url}/`, concurrency: 4, requests: 100 });
  // Of 1..100: 10 multiples of 10, 10 other multiples of 5, 12 multiples of 7 not of 5.
  assert.equal(result.total, 100);
  assert.equal(result.ok, 68);
  assert.equal(result.failed, 32);
  assert.deepEqual(result.byStatus, { 503: 10, 404: 12 });
  assert.deepEqual(result.errors, { ECONNRESET: 10 });
  assert.equal(seen, 100);
});

test('reuses keep-alive connections and reports latencies', async (t) => {
  const origin = await startOrigin();
  t.after(() => origin.close());
  const result = await loadGenerator({ url: origin.url, concurrency: 3, requests: 60, method: 'POST', body: 'x' });
  assert.equal(result.ok, 60);
  assert.deepEqual(result.errors, {});
  assert.ok(origin.stats().connections <= 3, `${origin.stats().connections} connections for 3 loops`);
  assert.equal(origin.requests[0]?.method, 'POST');
  const { min, p50, p99, max } = result.latencyMs;
  assert.ok(min > 0 && min <= p50 && p50 <= p99 && p99 <= max);
});

test('durationMs bounds the run in time', async (t) => {
  const origin = await startOrigin();
  t.after(() => origin.close());
  const result = await loadGenerator({ url: origin.url, concurrency: 2, durationMs: 200 });
  assert.ok(result.total > 0);
  assert.equal(result.ok, result.total);
  assert.ok(result.durationMs >= 190, `ran ${result.durationMs} ms`);
});

test('requests without an answer in time count as GW_ERR_TESTKIT_TIMEOUT', async (t) => {
  const origin = await startOrigin({ hangForever: true });
  t.after(() => origin.close());
  const result = await loadGenerator({ url: origin.url, concurrency: 3, requests: 3, timeoutMs: 100 });
  assert.deepEqual(result.errors, { GW_ERR_TESTKIT_TIMEOUT: 3 });
  assert.equal(result.failed, 3);
});

test('refuses anything but http:// on loopback, and bad options', async () => {
  for (const url of ['http://example.com/', 'http://10.0.0.1/', 'https://127.0.0.1/', 'http://[::2]/']) {
    await assert.rejects(loadGenerator({ url, requests: 1 }), { code: 'GW_ERR_TESTKIT_NOT_LOOPBACK' }, url);
  }
  await assert.rejects(loadGenerator({ url: 'http://127.0.0.1:1/' }), { code: 'GW_ERR_TESTKIT_BAD_OPTION' });
  await assert.rejects(loadGenerator({ url: 'http://127.0.0.1:1/', concurrency: 0, requests: 1 }), {
    code: 'GW_ERR_TESTKIT_BAD_OPTION',
  });
});

test('isLoopbackHost accepts 127.0.0.0/8, ::1 and localhost only', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]']) assert.ok(isLoopbackHost(host), host);
  for (const host of ['128.0.0.1', '10.0.0.1', 'localhost.example.com', '::2', '0.0.0.0', 'example.com']) {
    assert.equal(isLoopbackHost(host), false, host);
  }
  assert.equal(assertLoopbackUrl('http://127.1:8080/x').hostname, '127.0.0.1');
});

test('percentile uses the nearest rank', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(values, 0.5), 50);
  assert.equal(percentile(values, 0.99), 99);
  assert.equal(percentile([7], 0.99), 7);
  assert.equal(percentile([], 0.5), 0);
});
