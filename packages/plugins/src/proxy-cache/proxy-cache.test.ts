import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import type { GatewayPlugin } from '@gatehouse/gateway';
import { httpRequest } from '@gatehouse/testkit';
import type { HttpResponse, RecordedRequest } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import type { PluginGateway } from '../../test/harness.js';
import { responseTransformerPlugin } from '../response-transformer/index.js';
import { proxyCachePlugin } from './index.js';

/**
 * An origin scripted by the query string: `?status=&ct=&cc=&expires=&cookie=&size=&chunked=1`.
 * The default body is JSON naming the path and how many requests the origin has answered, so a
 * cached copy is recognisable.
 */
function scriptedOrigin() {
  let answered = 0;
  return (req: IncomingMessage, res: ServerResponse, record: RecordedRequest): void => {
    req.resume();
    const q = new URL(record.url, 'http://origin.invalid').searchParams;
    answered += 1;
    const headers: Record<string, string> = { 'content-type': q.get('ct') ?? 'application/json', 'x-served': String(answered) };
    for (const [param, header] of [['cc', 'cache-control'], ['expires', 'expires'], ['cookie', 'set-cookie'], ['rl', 'x-ratelimit-remaining-minute']] as const) {
      const value = q.get(param);
      if (value !== null) headers[header] = value;
    }
    const size = q.get('size');
    const body = size === null ? JSON.stringify({ path: record.path, answered }) : 'x'.repeat(Number(size));
    if (q.get('chunked') === null) headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(Number(q.get('status') ?? 200), headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

const pc = (config: Record<string, unknown> = {}) => ({ name: 'proxy-cache', config: { strategy: 'memory', ...config } });
const status = (res: HttpResponse) => res.headers['x-cache-status'];
const key = (res: HttpResponse) => res.headers['x-cache-key'];

async function cachingGateway(t: Parameters<typeof startPluginGateway>[0], config: Record<string, unknown> = {}, plugins: GatewayPlugin[] = []): Promise<PluginGateway & { get(path: string, headers?: Record<string, string>, method?: string): Promise<HttpResponse> }> {
  const gw = await startPluginGateway(t, [proxyCachePlugin, ...plugins], { origin: { handler: scriptedOrigin() } });
  gw.apply(oneRoute(gw.originUrl, { plugins: [pc(config)] }));
  return Object.assign(gw, { get: (path: string, headers: Record<string, string> = {}, method = 'GET') => httpRequest(`${gw.url}${path}`, { method, headers }) });
}

describe('proxy-cache: hits and misses', () => {
  test('the first GET is a Miss and reaches the origin; the second is a Hit answered from the cache with Age', async (t) => {
    const gw = await cachingGateway(t);
    const first = await gw.get('/items');
    assert.equal(first.status, 200);
    assert.equal(status(first), 'Miss');
    assert.match(String(key(first)), /^[0-9a-f]{64}$/);
    const second = await gw.get('/items');
    assert.equal(second.status, 200);
    assert.equal(status(second), 'Hit');
    assert.equal(key(second), key(first));
    assert.equal(second.headers['age'], '0');
    assert.equal(second.text(), first.text(), 'the stored body is served');
    assert.equal(second.headers['content-type'], 'application/json');
    assert.equal(second.headers['x-served'], '1', 'the stored headers are served');
    assert.equal(Number(second.headers['content-length']), second.body.length);
    assert.equal(gw.origin.requests.length, 1, 'the hit did not reach the origin');
  });

  test('the key: query order does not matter, other values, paths and methods do', async (t) => {
    const gw = await cachingGateway(t);
    const a = await gw.get('/k?a=1&b=2');
    assert.equal(status(await gw.get('/k?b=2&a=1')), 'Hit');
    const other = await gw.get('/k?a=1&b=3');
    assert.equal(status(other), 'Miss');
    assert.notEqual(key(other), key(a));
    assert.equal(status(await gw.get('/k/other?a=1&b=2')), 'Miss');
    assert.equal(status(await gw.get('/K?a=1&b=2')), 'Miss', 'paths are case-sensitive by default');
    assert.equal(gw.origin.requests.length, 4);
  });

  test('ignore_uri_case: /Items and /items share an entry', async (t) => {
    const gw = await cachingGateway(t, { ignore_uri_case: true });
    await gw.get('/Items');
    assert.equal(status(await gw.get('/items')), 'Hit');
  });

  test('vary_query_params: only the listed parameters make up the key', async (t) => {
    const gw = await cachingGateway(t, { vary_query_params: ['page'] });
    await gw.get('/list?page=1&utm=mail');
    assert.equal(status(await gw.get('/list?utm=ad&page=1')), 'Hit');
    assert.equal(status(await gw.get('/list?page=2&utm=mail')), 'Miss');
  });

  test('vary_headers: the listed request headers make up the key (case-insensitive names); others do not', async (t) => {
    const gw = await cachingGateway(t, { vary_headers: ['Accept-Language'] });
    const en = await gw.get('/v', { 'accept-language': 'en', 'x-other': '1' });
    assert.equal(status(await gw.get('/v', { 'Accept-Language': 'en', 'x-other': '2' })), 'Hit');
    const fr = await gw.get('/v', { 'accept-language': 'fr' });
    assert.equal(status(fr), 'Miss');
    assert.notEqual(key(fr), key(en));
    assert.equal(status(await gw.get('/v')), 'Miss', 'no header is its own key');
  });

  test('without vary_headers, request headers do not change the key', async (t) => {
    const gw = await cachingGateway(t);
    await gw.get('/h', { 'accept-language': 'en' });
    assert.equal(status(await gw.get('/h', { 'accept-language': 'fr' })), 'Hit');
  });

  test('entries expire after cache_ttl: the next request is a Miss and reaches the origin again', async (t) => {
    const gw = await cachingGateway(t, { cache_ttl: 1 });
    await gw.get('/ttl');
    assert.equal(status(await gw.get('/ttl')), 'Hit');
    await sleep(1100);
    assert.equal(status(await gw.get('/ttl')), 'Miss');
    assert.equal(gw.origin.requests.length, 2);
  });

  test('with storage_ttl longer than cache_ttl a stale entry is kept but refreshed (X-Cache-Status: Refresh), then served again', async (t) => {
    const gw = await cachingGateway(t, { cache_ttl: 1, storage_ttl: 60 });
    await gw.get('/refresh');
    await sleep(1100);
    const refreshed = await gw.get('/refresh');
    assert.equal(status(refreshed), 'Refresh');
    assert.equal(refreshed.json<{ answered: number }>().answered, 2);
    const hit = await gw.get('/refresh');
    assert.equal(status(hit), 'Hit');
    assert.equal(hit.json<{ answered: number }>().answered, 2, 'the refreshed response replaced the stale one');
  });

  test('response_headers can turn off Age, X-Cache-Status and X-Cache-Key', async (t) => {
    const gw = await cachingGateway(t, { response_headers: { age: false, 'X-Cache-Status': false, 'X-Cache-Key': false } });
    const miss = await gw.get('/quiet');
    const hit = await gw.get('/quiet');
    for (const res of [miss, hit]) {
      assert.equal(status(res), undefined);
      assert.equal(key(res), undefined);
      assert.equal(res.headers['age'], undefined);
    }
    assert.equal(gw.origin.requests.length, 1, 'the second request was still a hit');
  });
});

describe('proxy-cache: what is cached', () => {
  test('methods outside request_method are a Bypass without a key and always reach the origin', async (t) => {
    const gw = await cachingGateway(t);
    for (let i = 0; i < 2; i++) {
      const res = await gw.get('/m', {}, 'POST');
      assert.equal(status(res), 'Bypass');
      assert.equal(key(res), undefined);
    }
    assert.equal(gw.origin.requests.length, 2);
  });

  test('HEAD has its own key (a GET entry never answers it) and is not stored', async (t) => {
    const gw = await cachingGateway(t);
    const got = await gw.get('/head');
    const head = await gw.get('/head', {}, 'HEAD');
    assert.equal(status(head), 'Miss');
    assert.notEqual(key(head), key(got));
    assert.equal(status(await gw.get('/head', {}, 'HEAD')), 'Miss');
    assert.equal(gw.origin.requests.length, 3);
  });

  test('statuses: 404 is cached by default (served with its status), 500 is a Bypass with a key', async (t) => {
    const gw = await cachingGateway(t);
    await gw.get('/nf?status=404');
    const hit = await gw.get('/nf?status=404');
    assert.equal(hit.status, 404);
    assert.equal(status(hit), 'Hit');
    const failed = await gw.get('/err?status=500');
    assert.equal(status(failed), 'Bypass');
    assert.match(String(key(failed)), /^[0-9a-f]{64}$/);
    assert.equal(status(await gw.get('/err?status=500')), 'Bypass');
    assert.equal(gw.origin.requests.length, 3);
  });

  test('a 301 is cached with its Location', async (t) => {
    const gw = await startPluginGateway(t, [proxyCachePlugin], {
      origin: {
        handler: (req, res) => {
          req.resume();
          res.writeHead(301, { location: '/new', 'content-type': 'text/plain', 'content-length': '5' });
          res.end('moved');
        },
      },
    });
    gw.apply(oneRoute(gw.originUrl, { plugins: [pc()] }));
    await httpRequest(`${gw.url}/old`);
    const hit = await httpRequest(`${gw.url}/old`);
    assert.equal(hit.status, 301);
    assert.equal(status(hit), 'Hit');
    assert.equal(hit.headers['location'], '/new');
    assert.equal(hit.text(), 'moved');
  });

  test('content types: parameters are ignored unless configured; other types are a Bypass', async (t) => {
    const gw = await cachingGateway(t);
    const utf8 = '/ct?ct=application/json;%20charset=utf-8';
    await gw.get(utf8);
    assert.equal(status(await gw.get(utf8)), 'Hit', 'application/json; charset=utf-8 matches application/json');
    const html = '/ct?ct=text/html';
    assert.equal(status(await gw.get(html)), 'Bypass');
    assert.equal(status(await gw.get(html)), 'Bypass');
    assert.equal(status(await gw.get('/ct?ct=TEXT/Plain')), 'Miss', 'media types compare case-insensitively');
  });

  test('a configured parameter must match; type/* matches any subtype', async (t) => {
    const gw = await cachingGateway(t, { content_type: ['application/json; charset=utf-8', 'text/*'] });
    assert.equal(status(await gw.get('/p?ct=application/json')), 'Bypass', 'no charset: not the configured type');
    assert.equal(status(await gw.get('/p?ct=application/json;charset=UTF-8')), 'Miss');
    assert.equal(status(await gw.get('/p?ct=text/csv')), 'Miss');
  });

  test('a body over 1 MiB is proxied but not stored (Bypass when Content-Length says so, Miss when chunked)', async (t) => {
    const gw = await cachingGateway(t, { content_type: ['text/plain'] });
    const big = `/big?ct=text/plain&size=${1024 * 1024 + 1}`;
    const first = await gw.get(big);
    assert.equal(first.body.length, 1024 * 1024 + 1);
    assert.equal(status(first), 'Bypass');
    const chunked = `${big}&chunked=1`;
    assert.equal(status(await gw.get(chunked)), 'Miss');
    const again = await gw.get(chunked);
    assert.equal(status(again), 'Miss');
    assert.equal(again.body.length, 1024 * 1024 + 1);
    const exact = `/big?ct=text/plain&size=${1024 * 1024}&chunked=1`;
    await gw.get(exact);
    assert.equal(status(await gw.get(exact)), 'Hit', 'exactly 1 MiB is stored');
  });

  test('hop-by-hop and rate-limit counters are not stored; Set-Cookie is (as in Kong); the hit says Hit, not the stored Miss', async (t) => {
    const gw = await cachingGateway(t);
    const path = '/stored?cookie=session%3Dabc&rl=9';
    const miss = await gw.get(path);
    assert.equal(miss.headers['x-ratelimit-remaining-minute'], '9');
    const hit = await gw.get(path);
    assert.equal(status(hit), 'Hit');
    assert.deepEqual(hit.headers['set-cookie'], ['session=abc']);
    assert.equal(hit.headers['x-ratelimit-remaining-minute'], undefined);
    assert.equal(hit.headers['transfer-encoding'], undefined);
  });
});

describe('proxy-cache: keys per consumer and config', () => {
  /** A test auth plugin: the consumer named by X-User. */
  const headerAuth: GatewayPlugin = {
    name: 'header-auth',
    version: '1.0.0',
    priority: 1000,
    configSchema: { type: 'object', properties: {}, additionalProperties: false },
    build: ({ consumersById }) => {
      const byName = new Map([...consumersById.values()].map((c) => [c.username, c]));
      return {
        access: (ctx) => {
          const consumer = byName.get(String(ctx.request.headers['x-user']));
          if (consumer) ctx.authenticate({ consumer, credential: null });
          return undefined;
        },
      };
    },
  };

  test('each consumer has its own entries', async (t) => {
    const gw = await startPluginGateway(t, [proxyCachePlugin, headerAuth], { origin: { handler: scriptedOrigin() } });
    gw.apply(oneRoute(gw.originUrl, { plugins: [pc(), { name: 'header-auth' }], consumers: [{ username: 'alice' }, { username: 'bob' }] }));
    const as = (user: string) => httpRequest(`${gw.url}/me`, { headers: { 'x-user': user } });
    const alice = await as('alice');
    const bob = await as('bob');
    assert.equal(status(bob), 'Miss');
    assert.notEqual(key(bob), key(alice));
    assert.equal(status(await as('alice')), 'Hit');
    assert.equal(status(await as('bob')), 'Hit');
    assert.equal(gw.origin.requests.length, 2);
  });

  test('entries survive a config change that keeps the plugin and its config; a changed plugin config never serves old entries', async (t) => {
    const gw = await startPluginGateway(t, [proxyCachePlugin], { origin: { handler: scriptedOrigin() } });
    const withRoutes = (cacheTtl: number, extraRoute: boolean) => ({
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [{ name: 'r', paths: ['/'] }, ...(extraRoute ? [{ name: 'extra', paths: ['/extra'] }] : [])],
        },
      ],
      plugins: [pc({ cache_ttl: cacheTtl })],
    });
    gw.apply(withRoutes(300, false));
    const first = await httpRequest(`${gw.url}/swap`);
    gw.apply(withRoutes(300, true));
    assert.equal(status(await httpRequest(`${gw.url}/swap`)), 'Hit', 'an unrelated change keeps the cache');
    gw.apply(withRoutes(120, true));
    const changed = await httpRequest(`${gw.url}/swap`);
    assert.equal(status(changed), 'Miss', 'a new plugin config starts empty');
    assert.notEqual(key(changed), key(first));
    gw.apply(withRoutes(300, true));
    assert.equal(status(await httpRequest(`${gw.url}/swap`)), 'Miss', 'entries of a config no snapshot uses any more were dropped');
    assert.equal(gw.origin.requests.length, 3);
  });
});

describe('proxy-cache with response-transformer', () => {
  test('the cached response is the transformed one, and a hit is not transformed twice', async (t) => {
    const gw = await startPluginGateway(t, [proxyCachePlugin, responseTransformerPlugin], { origin: { handler: scriptedOrigin() } });
    gw.apply(
      oneRoute(gw.originUrl, {
        plugins: [
          pc(),
          { name: 'response-transformer', config: { append: { headers: ['x-via:transformer'], json: ['tags:t1'] }, rename: { headers: ['x-served:x-origin-count'] } } },
        ],
      }),
    );
    const miss = await httpRequest(`${gw.url}/both`);
    assert.equal(status(miss), 'Miss');
    assert.deepEqual(miss.json(), { path: '/both', answered: 1, tags: ['t1'] });
    const hit = await httpRequest(`${gw.url}/both`);
    assert.equal(status(hit), 'Hit');
    assert.equal(hit.text(), miss.text(), 'the body was stored transformed and not transformed again');
    assert.equal(hit.headers['x-via'], 'transformer', 'the header is appended once');
    assert.equal(hit.headers['x-origin-count'], '1');
    assert.equal(hit.headers['x-served'], undefined);
    assert.equal(Number(hit.headers['content-length']), hit.body.length);
    assert.equal(gw.origin.requests.length, 1);
  });
});
