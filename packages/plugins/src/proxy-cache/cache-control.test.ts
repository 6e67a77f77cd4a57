import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { httpRequest } from '@gatehouse/testkit';
import type { HttpResponse, RecordedRequest } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { proxyCachePlugin } from './index.js';

/** An origin answering JSON with the Cache-Control (`?cc=`) and Expires (`?expires=`) it is asked for. */
function origin(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): void {
  req.resume();
  const q = new URL(record.url, 'http://origin.invalid').searchParams;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const cc = q.get('cc');
  const expires = q.get('expires');
  if (cc !== null) headers['cache-control'] = cc;
  if (expires !== null) headers['expires'] = expires;
  res.writeHead(200, headers);
  res.end(JSON.stringify({ path: record.path }));
}

const status = (res: HttpResponse) => res.headers['x-cache-status'];

async function gateway(t: Parameters<typeof startPluginGateway>[0], config: Record<string, unknown> = {}) {
  const gw = await startPluginGateway(t, [proxyCachePlugin], { origin: { handler: origin } });
  gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'proxy-cache', config: { strategy: 'memory', cache_control: true, ...config } }] }));
  const get = (path: string, headers: Record<string, string> = {}) => httpRequest(`${gw.url}${path}`, { headers });
  /** The X-Cache-Status of two requests in a row. */
  const twice = async (path: string, headers: Record<string, string> = {}) => [status(await get(path, headers)), status(await get(path, headers))];
  return { gw, get, twice };
}

const q = (cc: string) => `?cc=${encodeURIComponent(cc)}`;

describe('proxy-cache: cache_control true', () => {
  test('a response is stored only with s-maxage, max-age or a future Expires, and without private, no-store or no-cache', async (t) => {
    const { twice } = await gateway(t);
    assert.deepEqual(await twice(`/a${q('public, max-age=60')}`), ['Miss', 'Hit']);
    assert.deepEqual(await twice(`/b${q('s-maxage=60')}`), ['Miss', 'Hit']);
    assert.deepEqual(await twice(`/c?expires=${encodeURIComponent(new Date(Date.now() + 3_600_000).toUTCString())}`), ['Miss', 'Hit']);
    assert.deepEqual(await twice('/d'), ['Bypass', 'Bypass'], 'no freshness information');
    assert.deepEqual(await twice(`/e?expires=${encodeURIComponent(new Date(Date.now() - 3_600_000).toUTCString())}`), ['Bypass', 'Bypass'], 'expired already');
    assert.deepEqual(await twice(`/f${q('private, max-age=60')}`), ['Bypass', 'Bypass']);
    assert.deepEqual(await twice(`/g${q('no-store, max-age=60')}`), ['Bypass', 'Bypass']);
    assert.deepEqual(await twice(`/h${q('no-cache, max-age=60')}`), ['Bypass', 'Bypass']);
    assert.deepEqual(await twice(`/i${q('s-maxage=0, max-age=60')}`), ['Bypass', 'Bypass'], 's-maxage wins over max-age');
  });

  test('a request with no-cache, no-store or Authorization is a Bypass without a key and reaches the origin', async (t) => {
    const { gw, get } = await gateway(t);
    const path = `/r${q('max-age=60')}`;
    await get(path);
    const refusing: Record<string, string>[] = [{ 'cache-control': 'no-cache' }, { 'cache-control': 'no-store' }, { authorization: 'Bearer x' }];
    for (const headers of refusing) {
      const res = await get(path, headers);
      assert.equal(status(res), 'Bypass', JSON.stringify(headers));
      assert.equal(res.headers['x-cache-key'], undefined);
    }
    assert.equal(gw.origin.requests.length, 4);
    assert.equal(status(await get(path)), 'Hit', 'the entry is still there for others');
  });

  test("the request's max-age and min-fresh decide whether an entry may serve it (else Refresh)", async (t) => {
    const { gw, get } = await gateway(t);
    const path = `/fresh${q('max-age=60')}`;
    await get(path);
    assert.equal(status(await get(path, { 'cache-control': 'max-age=30' })), 'Hit');
    assert.equal(status(await get(path, { 'cache-control': 'min-fresh=30' })), 'Hit');
    assert.equal(status(await get(path, { 'cache-control': 'min-fresh=120' })), 'Refresh', 'the entry is not fresh for 120 s more');
    assert.equal(status(await get(path, { 'cache-control': 'max-age=0' })), 'Refresh');
    assert.equal(gw.origin.requests.length, 3);
  });

  test('only-if-cached: 504 with an empty body when nothing is stored (the origin is not called), the entry when it is', async (t) => {
    const { gw, get } = await gateway(t);
    const path = `/oic${q('max-age=60')}`;
    const none = await get(path, { 'cache-control': 'only-if-cached' });
    assert.equal(none.status, 504);
    assert.equal(none.body.length, 0);
    assert.match(String(none.headers['x-cache-key']), /^[0-9a-f]{64}$/);
    assert.equal(gw.origin.requests.length, 0);
    await get(path);
    const cached = await get(path, { 'cache-control': 'only-if-cached' });
    assert.equal(cached.status, 200);
    assert.equal(status(cached), 'Hit');
  });

  test('a stale entry (kept by storage_ttl) is served only to a request accepting it with max-stale', async (t) => {
    const { get } = await gateway(t, { storage_ttl: 60 });
    const path = `/stale${q('max-age=1')}`;
    await get(path);
    await sleep(1100);
    assert.equal(status(await get(path, { 'cache-control': 'max-stale' })), 'Hit');
    assert.equal(status(await get(path, { 'cache-control': 'max-stale=60' })), 'Hit');
    assert.equal(status(await get(path)), 'Refresh');
    assert.equal(status(await get(path)), 'Hit', 'stored again, fresh');
  });
});

describe('proxy-cache: cache_control false (default)', () => {
  test('Cache-Control of the request and the response is ignored', async (t) => {
    const { gw, get, twice } = await gateway(t, { cache_control: false });
    assert.deepEqual(await twice(`/ns${q('no-store, private')}`), ['Miss', 'Hit']);
    assert.equal(status(await get(`/ns${q('no-store, private')}`, { 'cache-control': 'no-cache', authorization: 'x' })), 'Hit');
    assert.equal(gw.origin.requests.length, 1);
  });
});
