import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { httpRequest, startOrigin } from '../src/index.js';

interface Echo {
  method: string;
  url: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: string;
  bodyBytes: number;
  bodyTruncated: boolean;
  origin: string;
}

test('echo answers 200 with method, path, query, headers, body and the origin name', async (t) => {
  const origin = await startOrigin({ name: 'alpha' });
  t.after(() => origin.close());
  const res = await httpRequest(`${origin.url}/v1/things?a=1&a=2&b=x`, {
    method: 'POST',
    headers: { 'x-test': 'yes' },
    body: 'héllo',
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers['x-origin-name'], 'alpha');
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const echo = res.json<Echo>();
  assert.equal(echo.method, 'POST');
  assert.equal(echo.url, '/v1/things?a=1&a=2&b=x');
  assert.equal(echo.path, '/v1/things');
  assert.deepEqual(echo.query, { a: ['1', '2'], b: 'x' });
  assert.equal(echo.headers['x-test'], 'yes');
  assert.equal(echo.body, 'héllo');
  assert.equal(echo.bodyBytes, Buffer.byteLength('héllo'));
  assert.equal(echo.bodyTruncated, false);
  assert.equal(echo.origin, 'alpha');

  assert.equal(origin.requests.length, 1);
  const [recorded] = origin.requests;
  assert.equal(recorded?.path, '/v1/things');
  assert.equal(recorded?.body, 'héllo');
  assert.equal(recorded?.headers['x-test'], 'yes');
});

test('echo keeps only bodyLimit bytes of a large body but counts all of them', async (t) => {
  const origin = await startOrigin({ bodyLimit: 10 });
  t.after(() => origin.close());
  const echo = (await httpRequest(origin.url, { method: 'PUT', body: 'x'.repeat(1000) })).json<Echo>();
  assert.equal(echo.body, 'x'.repeat(10));
  assert.equal(echo.bodyBytes, 1000);
  assert.equal(echo.bodyTruncated, true);
});

test('status option sets the echo status and /status/<code> answers that code', async (t) => {
  const origin = await startOrigin({ status: 503 });
  t.after(() => origin.close());
  assert.equal((await httpRequest(`${origin.url}/any`)).status, 503);
  assert.equal((await httpRequest(`${origin.url}/status/418`)).status, 418);
  const noContent = await httpRequest(`${origin.url}/status/204`);
  assert.equal(noContent.status, 204);
  assert.equal(noContent.bodyBytes, 0);
  assert.equal((await httpRequest(`${origin.url}/status/99`)).status, 400);
});

test('/health follows setHealthy at runtime', async (t) => {
  const origin = await startOrigin();
  t.after(() => origin.close());
  assert.equal((await httpRequest(`${origin.url}/health`)).status, 200);
  origin.setHealthy(false);
  const down = await httpRequest(`${origin.url}/health`);
  assert.equal(down.status, 503);
  assert.deepEqual(down.json(), { status: 'unhealthy', origin: 'origin' });
  origin.setHealthy(true);
  assert.equal((await httpRequest(`${origin.url}/health`)).status, 200);
});

test('a custom handler replaces the routes and still gets the x-origin-name header', async (t) => {
  const origin = await startOrigin({
    name: 'custom',
    handler: (_req, res, record) => {
      res.writeHead(201, { 'content-type': 'text/plain' });
      res.end(`made ${record.path}`);
    },
  });
  t.after(() => origin.close());
  const res = await httpRequest(`${origin.url}/health`);
  assert.equal(res.status, 201);
  assert.equal(res.text(), 'made /health');
  assert.equal(res.headers['x-origin-name'], 'custom');
});

test('a handler that throws answers 500 instead of hanging', async (t) => {
  const origin = await startOrigin({
    handler: () => {
      throw new Error('boom');
    },
  });
  t.after(() => origin.close());
  const res = await httpRequest(origin.url);
  assert.equal(res.status, 500);
  assert.match(res.text(), /boom/);
});

test('delayMs holds the response headers back', async (t) => {
  const origin = await startOrigin({ delayMs: 150 });
  t.after(() => origin.close());
  const started = Date.now();
  const res = await httpRequest(origin.url);
  assert.equal(res.status, 200);
  // Timers may fire a millisecond early; the point is that the answer waited.
  assert.ok(Date.now() - started >= 140, `answered after ${Date.now() - started} ms`);
});

test('resetConnection makes the client see ECONNRESET', async (t) => {
  const origin = await startOrigin({ resetConnection: true });
  t.after(() => origin.close());
  await assert.rejects(httpRequest(origin.url), { code: 'ECONNRESET' });
  assert.equal(origin.requests.length, 1);
});

test('hangForever never answers, and close() still ends the connection', async () => {
  const origin = await startOrigin({ hangForever: true });
  await assert.rejects(httpRequest(origin.url, { timeoutMs: 100 }), { code: 'GW_ERR_TESTKIT_TIMEOUT' });
  const pending = httpRequest(origin.url, { timeoutMs: 10_000 });
  while (origin.requests.length < 2) await new Promise((resolve) => setImmediate(resolve));
  await origin.close();
  await assert.rejects(pending, { code: 'ECONNRESET' });
});

test('setBehaviour switches a healthy origin to resetting and back', async (t) => {
  const origin = await startOrigin();
  t.after(() => origin.close());
  origin.setBehaviour({ resetConnection: true });
  await assert.rejects(httpRequest(origin.url), { code: 'ECONNRESET' });
  origin.setBehaviour({ resetConnection: false, status: 202 });
  assert.equal((await httpRequest(origin.url)).status, 202);
});

test('keep-alive connections are reused, and close() does not wait for idle ones', async () => {
  const origin = await startOrigin();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 5; i += 1) await httpRequest(origin.url, { agent });
  assert.equal(origin.stats().connections, 1);
  assert.equal(origin.stats().openConnections, 1);
  await origin.close();
  agent.destroy();
  await assert.rejects(httpRequest(origin.url), { code: 'ECONNREFUSED' });
});
