import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, httpRequest, startOrigin } from '../src/index.js';

test('json option sends a JSON body and json() parses the answer', async (t) => {
  const origin = await startOrigin();
  t.after(() => origin.close());
  const res = await httpRequest(`${origin.url}/things`, { method: 'POST', json: { a: 1 } });
  const echo = res.json<{ body: string; headers: Record<string, string> }>();
  assert.equal(echo.body, '{"a":1}');
  assert.equal(echo.headers['content-type'], 'application/json');
});

test('each request uses a fresh connection by default', async (t) => {
  const origin = await startOrigin();
  t.after(() => origin.close());
  for (let i = 0; i < 3; i += 1) await httpRequest(origin.url);
  assert.equal(origin.stats().connections, 3);
});

test('discardBody counts the body without keeping it', async (t) => {
  const origin = await startOrigin();
  t.after(() => origin.close());
  const res = await httpRequest(`${origin.url}/stream/1000000`, { discardBody: true });
  assert.equal(res.bodyBytes, 1_000_000);
  assert.equal(res.body.length, 0);
});

test('a refused connection rejects with ECONNREFUSED', async () => {
  const port = await freePort();
  await assert.rejects(httpRequest(`http://127.0.0.1:${port}/`), { code: 'ECONNREFUSED' });
});

test('a body cut short by the origin rejects with ECONNRESET', async (t) => {
  const origin = await startOrigin({
    handler: (req, res) => {
      res.writeHead(200, { 'content-length': 100 });
      res.write('only ten b', () => req.socket.destroy());
    },
  });
  t.after(() => origin.close());
  await assert.rejects(httpRequest(origin.url), { code: 'ECONNRESET' });
});

test('a slow answer rejects with GW_ERR_TESTKIT_TIMEOUT', async (t) => {
  const origin = await startOrigin({ delayMs: 2_000 });
  t.after(() => origin.close());
  await assert.rejects(httpRequest(origin.url, { timeoutMs: 50 }), {
    code: 'GW_ERR_TESTKIT_TIMEOUT',
    message: /no complete response within 50 ms/,
  });
});
