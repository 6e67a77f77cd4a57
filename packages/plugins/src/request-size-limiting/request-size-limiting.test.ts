import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { httpRequest } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { requestSizeLimitingPlugin } from './index.js';

interface Echo {
  method: string;
  body: string;
  bodyBytes: number;
  headers: Record<string, string>;
}

async function gatewayWith(t: TestContext, config: Record<string, unknown>) {
  const gw = await startPluginGateway(t, [requestSizeLimitingPlugin]);
  gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'request-size-limiting', config }] }));
  return gw;
}

/** A body sent with Transfer-Encoding: chunked (no Content-Length), in pieces. */
const chunked = (...pieces: string[]) => Readable.from(pieces.map((p) => Buffer.from(p)));

const LIMIT_EXCEEDED = { message: 'Request size limit exceeded' };

describe('request-size-limiting', () => {
  test('a Content-Length within the limit is proxied with its body; one byte over is refused with 413', async (t) => {
    const gw = await gatewayWith(t, { allowed_payload_size: 10, size_unit: 'bytes' });
    const ok = await httpRequest(`${gw.url}/upload`, { method: 'POST', body: '0123456789' });
    assert.equal(ok.status, 200);
    assert.equal(ok.json<Echo>().body, '0123456789');
    const over = await httpRequest(`${gw.url}/upload`, { method: 'POST', body: '0123456789A' });
    assert.equal(over.status, 413);
    assert.deepEqual(over.json(), LIMIT_EXCEEDED);
    assert.match(String(over.headers['content-type']), /^application\/json/);
    assert.equal(gw.origin.requests.length, 1, 'the refused request never reaches the upstream');
  });

  test('kilobytes and megabytes are binary (2^10 and 2^20 bytes), as in Kong', async (t) => {
    const kb = await gatewayWith(t, { allowed_payload_size: 1, size_unit: 'kilobytes' });
    assert.equal((await httpRequest(`${kb.url}/`, { method: 'POST', body: 'x'.repeat(1024) })).status, 200);
    assert.equal((await httpRequest(`${kb.url}/`, { method: 'POST', body: 'x'.repeat(1025) })).status, 413);
    const mb = await gatewayWith(t, { allowed_payload_size: 1 });
    assert.equal((await httpRequest(`${mb.url}/`, { method: 'POST', body: Buffer.alloc(1024 * 1024, 120) })).status, 200);
    assert.equal((await httpRequest(`${mb.url}/`, { method: 'POST', body: Buffer.alloc(1024 * 1024 + 1, 120) })).status, 413);
  });

  test('the default limit is 128 megabytes, judged by Content-Length without reading the body', async (t) => {
    const gw = await gatewayWith(t, {});
    const limit = 128 * 1024 * 1024;
    const within = await httpRequest(`${gw.url}/`, { method: 'POST', headers: { 'content-length': String(limit) }, body: chunkOf(limit) });
    assert.equal(within.status, 200);
    assert.equal(within.json<Echo>().bodyBytes, limit);
    // The refusal comes from the header alone: only a few bytes of the declared body are sent.
    const over = await httpRequest(`${gw.url}/`, { method: 'POST', headers: { 'content-length': String(limit + 1) }, body: 'tiny' }).catch(
      (err: NodeJS.ErrnoException) => err,
    );
    if (over instanceof Error) assert.fail(`expected a 413 answer, got ${over.message}`);
    assert.equal(over.status, 413);
    assert.deepEqual(over.json(), LIMIT_EXCEEDED);
  });

  test('with Expect: 100-continue a body over the limit is refused with 417', async (t) => {
    const gw = await gatewayWith(t, { allowed_payload_size: 4, size_unit: 'bytes' });
    const res = await httpRequest(`${gw.url}/`, { method: 'PUT', headers: { expect: '100-continue' }, body: 'too long' });
    assert.equal(res.status, 417);
    assert.deepEqual(res.json(), LIMIT_EXCEEDED);
  });

  test('a chunked body is read up to the limit: within it is proxied whole, over it is refused with 413', async (t) => {
    const gw = await gatewayWith(t, { allowed_payload_size: 10, size_unit: 'bytes' });
    const ok = await httpRequest(`${gw.url}/`, { method: 'POST', body: chunked('01234', '56789') });
    assert.equal(ok.status, 200);
    const echo = ok.json<Echo>();
    assert.equal(echo.body, '0123456789');
    assert.equal(echo.headers['content-length'], '10');
    const over = await httpRequest(`${gw.url}/`, { method: 'POST', body: chunked('01234', '56789', 'A') });
    assert.equal(over.status, 413);
    assert.deepEqual(over.json(), LIMIT_EXCEEDED);
    assert.equal(gw.origin.requests.length, 1);
  });

  test('requests without a body pass by default', async (t) => {
    const gw = await gatewayWith(t, { allowed_payload_size: 0 });
    const res = await httpRequest(`${gw.url}/`);
    assert.equal(res.status, 200);
    assert.equal((await httpRequest(`${gw.url}/`, { method: 'POST', body: 'x' })).status, 413, 'a zero limit refuses any body');
  });

  test('require_content_length refuses requests without Content-Length with 411, but lets chunked bodies be measured', async (t) => {
    const gw = await gatewayWith(t, { allowed_payload_size: 10, size_unit: 'bytes', require_content_length: true });
    const bare = await httpRequest(`${gw.url}/`);
    assert.equal(bare.status, 411);
    assert.deepEqual(bare.json(), { message: 'A valid Content-Length header is required' });
    const withLength = await httpRequest(`${gw.url}/`, { method: 'POST', body: 'short' });
    assert.equal(withLength.status, 200);
    const chunkedOk = await httpRequest(`${gw.url}/`, { method: 'POST', body: chunked('abc') });
    assert.equal(chunkedOk.status, 200);
    assert.equal(chunkedOk.json<Echo>().body, 'abc');
    const chunkedOver = await httpRequest(`${gw.url}/`, { method: 'POST', body: chunked('0123456789', 'AB') });
    assert.equal(chunkedOver.status, 413);
  });

  test('a route-level limit beats the global one', async (t) => {
    const gw = await startPluginGateway(t, [requestSizeLimitingPlugin]);
    gw.apply({
      plugins: [{ name: 'request-size-limiting', config: { allowed_payload_size: 4, size_unit: 'bytes' } }],
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'small', paths: ['/small'] },
            { name: 'big', paths: ['/big'], plugins: [{ name: 'request-size-limiting', config: { allowed_payload_size: 1, size_unit: 'kilobytes' } }] },
          ],
        },
      ],
    });
    assert.equal((await httpRequest(`${gw.url}/small`, { method: 'POST', body: '12345' })).status, 413);
    assert.equal((await httpRequest(`${gw.url}/big`, { method: 'POST', body: '12345' })).status, 200);
  });
});

/** `bytes` bytes as a stream, so the test does not hold 128 MiB twice. */
function chunkOf(bytes: number): Readable {
  const piece = Buffer.alloc(64 * 1024, 97);
  let left = bytes;
  return new Readable({
    read() {
      if (left <= 0) {
        this.push(null);
        return;
      }
      const size = Math.min(piece.length, left);
      left -= size;
      this.push(size === piece.length ? piece : piece.subarray(0, size));
    },
  });
}
