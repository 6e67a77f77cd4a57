import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { httpRequest } from '@gatehouse/testkit';
import type { HttpRequestOptions } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { requestTransformerPlugin } from './index.js';

interface Echo {
  method: string;
  path: string;
  url: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | undefined>;
  body: string;
  bodyBytes: number;
}

async function gatewayWith(t: TestContext, config: Record<string, unknown>, paths?: string[]) {
  const gw = await startPluginGateway(t, [requestTransformerPlugin]);
  gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'request-transformer', config }], ...(paths ? { paths } : {}) }));
  return {
    gw,
    send: async (path: string, opts: HttpRequestOptions = {}) => {
      const res = await httpRequest(`${gw.url}${path}`, opts);
      assert.equal(res.status, 200, res.text());
      return res.json<Echo>();
    },
  };
}

const form = (body: string): HttpRequestOptions => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

describe('request-transformer: headers', () => {
  test('remove, rename, replace, add and append, case-insensitively', async (t) => {
    const { send } = await gatewayWith(t, {
      remove: { headers: ['X-Secret'] },
      rename: { headers: ['X-Old:X-New'] },
      replace: { headers: ['X-Version:2', 'X-Absent-Replace:nope'] },
      add: { headers: ['X-Added:yes', 'X-Version:ignored'] },
      append: { headers: ['X-Multi:second', 'X-Fresh:only'] },
    });
    const echo = await send('/', { headers: { 'x-secret': 's3cret', 'x-old': 'moved', 'x-version': '1', 'x-multi': 'first', 'x-untouched': 'same' } });
    const h = echo.headers;
    assert.equal(h['x-secret'], undefined);
    assert.equal(h['x-old'], undefined);
    assert.equal(h['x-new'], 'moved');
    assert.equal(h['x-version'], '2', 'replace changes a present header; add leaves it alone');
    assert.equal(h['x-absent-replace'], undefined, 'replace never creates a header');
    assert.equal(h['x-added'], 'yes');
    assert.equal(h['x-multi'], 'first, second', 'append sends one more value');
    assert.equal(h['x-fresh'], 'only');
    assert.equal(h['x-untouched'], 'same');
  });

  test("runs in Kong's order: remove before add, replace before add, rename before replace", async (t) => {
    const { send } = await gatewayWith(t, {
      remove: { headers: ['x-a'] },
      rename: { headers: ['x-b:x-c'] },
      replace: { headers: ['x-c:replaced', 'x-d:replaced'] },
      add: { headers: ['x-a:added', 'x-d:added'] },
    });
    const h = (await send('/', { headers: { 'x-a': 'client', 'x-b': 'client' } })).headers;
    assert.equal(h['x-a'], 'added', 'removed, then added back');
    assert.equal(h['x-c'], 'replaced', 'renamed, then replaced under its new name');
    assert.equal(h['x-d'], 'added', 'replace runs before add, so it did not see x-d');
  });

  test('replacing Host sets the upstream Host', async (t) => {
    const { send } = await gatewayWith(t, { replace: { headers: ['Host:api.internal'] } });
    assert.equal((await send('/')).headers['host'], 'api.internal');
  });

  test('the value is everything after the first colon', async (t) => {
    const { send } = await gatewayWith(t, { add: { headers: ['x-time:12:30', 'x-url:https://example.com/a'] } });
    const h = (await send('/')).headers;
    assert.equal(h['x-time'], '12:30');
    assert.equal(h['x-url'], 'https://example.com/a');
  });

  test('X-Forwarded-* stay as the gateway sets them', async (t) => {
    const { send } = await gatewayWith(t, { add: { headers: ['x-forwarded-proto:ftp'] }, remove: { headers: ['x-forwarded-for'] } });
    const h = (await send('/')).headers;
    assert.equal(h['x-forwarded-proto'], 'http');
    assert.equal(h['x-forwarded-for'], '127.0.0.1');
  });
});

describe('request-transformer: query string', () => {
  test('remove, rename, replace, add and append; other parameters are kept', async (t) => {
    const { send } = await gatewayWith(t, {
      remove: { querystring: ['token'] },
      rename: { querystring: ['q:search'] },
      replace: { querystring: ['page:2', 'absent:x'] },
      add: { querystring: ['lang:en', 'page:9'] },
      append: { querystring: ['tag:b', 'new:1'] },
    });
    const echo = await send('/list?token=abc&q=cats&page=1&tag=a&keep=yes');
    assert.deepEqual(echo.query, { search: 'cats', page: '2', tag: ['a', 'b'], keep: 'yes', lang: 'en', new: '1' });
  });

  test('a rename of an absent parameter changes nothing', async (t) => {
    const { send } = await gatewayWith(t, { rename: { querystring: ['q:search'] } });
    assert.deepEqual((await send('/?search=kept')).query, { search: 'kept' });
  });

  test('without query operations the query string is passed on byte for byte', async (t) => {
    const { send } = await gatewayWith(t, { add: { headers: ['x-a:1'] } });
    assert.equal((await send('/p?b=2&a=1&a=%20')).url, '/p?b=2&a=1&a=%20');
  });
});

describe('request-transformer: JSON bodies', () => {
  test('remove, rename, replace, add and append fields; Content-Length follows', async (t) => {
    const { send } = await gatewayWith(t, {
      remove: { body: ['password'] },
      rename: { body: ['user:username'] },
      replace: { body: ['role:admin', 'missing:x'] },
      add: { body: ['source:gateway', 'role:ignored'] },
      append: { body: ['tags:new', 'note:more', 'count:1'] },
    });
    const echo = await send('/', { method: 'POST', json: { user: 'ann', password: 'pw', role: 'user', tags: ['old'], note: 'one', count: 7 } });
    const body = JSON.parse(echo.body) as Record<string, unknown>;
    assert.deepEqual(body, { role: 'admin', tags: ['old', 'new'], note: ['one', 'more'], count: ['1'], username: 'ann', source: 'gateway' });
    assert.equal(echo.headers['content-length'], String(Buffer.byteLength(echo.body)));
  });

  test('false counts as missing (Lua truthiness), null does not', async (t) => {
    const { send } = await gatewayWith(t, { replace: { body: ['off:replaced', 'nothing:replaced'] }, add: { body: ['flag:added', 'empty:added'] } });
    const body = JSON.parse((await send('/', { method: 'POST', json: { off: false, nothing: null, flag: false, empty: null } })).body) as Record<string, unknown>;
    assert.deepEqual(body, { off: false, nothing: 'replaced', flag: 'added', empty: null });
  });

  test('an empty JSON body gets the added fields; remove, rename and replace need content', async (t) => {
    const { send } = await gatewayWith(t, { remove: { body: ['a'] }, add: { body: ['client:web'] } });
    const echo = await send('/', { method: 'POST', headers: { 'content-type': 'application/json' } });
    assert.deepEqual(JSON.parse(echo.body), { client: 'web' });
    const onlyRemove = await gatewayWith(t, { remove: { body: ['a'] } });
    const untouched = await onlyRemove.send('/', { method: 'POST', headers: { 'content-type': 'application/json' } });
    assert.equal(untouched.body, '');
  });

  test('a body that is not a JSON object, or another content type, is sent unchanged', async (t) => {
    const { send } = await gatewayWith(t, { add: { body: ['x:1'] }, remove: { body: ['a'] } });
    for (const body of ['{"a": broken', '[1,2]']) {
      const echo = await send('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(echo.body, body);
    }
    const text = await send('/', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'a=1' });
    assert.equal(text.body, 'a=1');
  });

  test('a chunked JSON body is transformed and sent with a Content-Length', async (t) => {
    const { send } = await gatewayWith(t, { add: { body: ['b:2'] } });
    const echo = await send('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]) });
    assert.deepEqual(JSON.parse(echo.body), { a: 1, b: '2' });
    assert.equal(echo.headers['content-length'], String(Buffer.byteLength(echo.body)));
    assert.equal(echo.headers['transfer-encoding'], undefined);
  });

  test('a body over 8 MiB is proxied unchanged', async (t) => {
    const { send } = await gatewayWith(t, { add: { body: ['b:2'] } });
    const big = `{"pad":"${'x'.repeat(8 * 1024 * 1024)}"}`;
    const echo = await send('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    assert.equal(echo.bodyBytes, Buffer.byteLength(big));
    assert.ok(echo.body.startsWith('{"pad":"xxx'));
  });

  test('a field named __proto__ is an ordinary field', async (t) => {
    const { send } = await gatewayWith(t, { add: { body: ['__proto__:x'] } });
    const echo = await send('/', { method: 'POST', json: {} });
    assert.equal(echo.body, '{"__proto__":"x"}');
  });
});

describe('request-transformer: form bodies', () => {
  test('remove, rename, replace, add and append fields', async (t) => {
    const { send } = await gatewayWith(t, {
      remove: { body: ['secret'] },
      rename: { body: ['n:name'] },
      replace: { body: ['v:2'] },
      add: { body: ['extra:yes', 'v:ignored'] },
      append: { body: ['tag:b'] },
    });
    const echo = await send('/', form('secret=x&n=ann&v=1&tag=a'));
    assert.deepEqual([...new URLSearchParams(echo.body)], [
      ['v', '2'],
      ['tag', 'a'],
      ['tag', 'b'],
      ['name', 'ann'],
      ['extra', 'yes'],
    ]);
    assert.equal(echo.headers['content-length'], String(Buffer.byteLength(echo.body)));
  });
});

describe('request-transformer: method and path', () => {
  test('http_method changes the upstream method', async (t) => {
    const { send } = await gatewayWith(t, { http_method: 'PUT' });
    const echo = await send('/', { method: 'POST', json: { a: 1 } });
    assert.equal(echo.method, 'PUT');
    assert.equal(echo.body, '{"a":1}');
  });

  test('changing the method to GET moves a form body into the query string, before the query operations', async (t) => {
    const { send } = await gatewayWith(t, { http_method: 'GET', add: { querystring: ['from:gw', 'name:ignored'] } });
    const echo = await send('/search?page=1&name=q', form('name=ann&city=Oslo'));
    assert.equal(echo.method, 'GET');
    assert.deepEqual(echo.query, { page: '1', name: ['q', 'ann'], city: 'Oslo', from: 'gw' });
  });

  test('replace.uri replaces the whole upstream path and keeps the query string', async (t) => {
    const { send } = await gatewayWith(t, { replace: { uri: '/v2/items' } }, ['/api']);
    const echo = await send('/api/things?id=7');
    assert.equal(echo.path, '/v2/items');
    assert.deepEqual(echo.query, { id: '7' });
  });
});

describe('request-transformer: precedence', () => {
  test('a route-level config beats the global one', async (t) => {
    const gw = await startPluginGateway(t, [requestTransformerPlugin]);
    gw.apply({
      plugins: [{ name: 'request-transformer', config: { add: { headers: ['x-scope:global'] } } }],
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'plain', paths: ['/plain'] },
            { name: 'special', paths: ['/special'], plugins: [{ name: 'request-transformer', config: { add: { headers: ['x-scope:route'] } } }] },
          ],
        },
      ],
    });
    const scope = async (path: string) => (await httpRequest(`${gw.url}${path}`)).json<Echo>().headers['x-scope'];
    assert.equal(await scope('/plain'), 'global');
    assert.equal(await scope('/special'), 'route');
  });
});
