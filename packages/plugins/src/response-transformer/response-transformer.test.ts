import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import type { GatewayPlugin } from '@gatehouse/gateway';
import { httpRequest } from '@gatehouse/testkit';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { responseTransformerPlugin } from './index.js';

type Json = Record<string, unknown>;

const rt = (config: Json) => ({ name: 'response-transformer', config });

/** An origin that answers with the given status, headers and body whatever the request. */
const fixed =
  (status: number, headers: Record<string, string | string[]>, body: string) =>
  (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

/** A test plugin that answers 403 with a JSON message before proxying (like an auth plugin). */
const denyPlugin: GatewayPlugin = {
  name: 'deny-all',
  version: '1.0.0',
  priority: 1000,
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  build: () => ({ access: () => ({ status: 403, body: { message: 'denied' }, headers: { 'x-denied': 'yes' } }) }),
};

describe('response-transformer: headers', () => {
  test('remove, rename, replace, add and append change the response headers; names are case-insensitive', async (t) => {
    const gw = await startPluginGateway(t, [responseTransformerPlugin], {
      origin: {
        handler: fixed(200, { 'x-remove': 'gone', 'X-Old': 'moved', 'x-replace': 'before', 'x-existing': 'kept', 'x-append': 'one', 'content-type': 'text/plain' }, 'hello'),
      },
    });
    gw.apply(
      oneRoute(gw.originUrl, {
        plugins: [
          rt({
            remove: { headers: ['X-Remove', 'x-not-there'] },
            rename: { headers: ['x-old:X-New', 'x-absent:x-never'] },
            replace: { headers: ['X-Replace:after', 'x-missing:not-added'] },
            add: { headers: ['x-existing:other', 'x-added:new value: with colon'] },
            append: { headers: ['x-append:two', 'x-fresh:first'] },
          }),
        ],
      }),
    );
    const res = await httpRequest(`${gw.url}/h`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-remove'], undefined);
    assert.equal(res.headers['x-old'], undefined);
    assert.equal(res.headers['x-new'], 'moved');
    assert.equal(res.headers['x-never'], undefined, 'renaming an absent header adds nothing');
    assert.equal(res.headers['x-replace'], 'after');
    assert.equal(res.headers['x-missing'], undefined, 'replace only changes a header the response has');
    assert.equal(res.headers['x-existing'], 'kept', 'add never overwrites');
    assert.equal(res.headers['x-added'], 'new value: with colon', 'the value is everything after the first colon');
    assert.equal(res.headers['x-append'], 'one, two', 'append adds a second value');
    assert.equal(res.headers['x-fresh'], 'first', 'append to an absent header sets it');
    assert.equal(res.text(), 'hello', 'without json settings the body is untouched');
    assert.equal(res.headers['content-length'], '5');
  });

  test("Kong's order: remove, rename, replace, add, append", async (t) => {
    const gw = await startPluginGateway(t, [responseTransformerPlugin], {
      origin: { handler: fixed(200, { 'x-a': 'a', 'x-c': 'c', 'content-type': 'text/plain' }, 'ok') },
    });
    gw.apply(
      oneRoute(gw.originUrl, {
        plugins: [
          rt({
            remove: { headers: ['x-c'] },
            rename: { headers: ['x-a:x-b'] },
            replace: { headers: ['x-b:replaced-after-rename', 'x-c:not-after-remove'] },
            add: { headers: ['x-c:added-after-remove', 'x-b:not-added'] },
            append: { headers: ['x-c:appended-last'] },
          }),
        ],
      }),
    );
    const res = await httpRequest(`${gw.url}/`);
    assert.equal(res.headers['x-a'], undefined);
    assert.equal(res.headers['x-b'], 'replaced-after-rename');
    assert.equal(res.headers['x-c'], 'added-after-remove, appended-last');
  });

  test('an empty value (name:) is skipped by replace, add and append, as in Kong; name::value drops the extra colons', async (t) => {
    const gw = await startPluginGateway(t, [responseTransformerPlugin], {
      origin: { handler: fixed(200, { 'x-r': 'original', 'content-type': 'text/plain' }, 'ok') },
    });
    gw.apply(oneRoute(gw.originUrl, { plugins: [rt({ replace: { headers: ['x-r:'] }, add: { headers: ['x-e:', 'x-d::double'] }, append: { headers: ['x-f:'] } })] }));
    const res = await httpRequest(`${gw.url}/`);
    assert.equal(res.headers['x-r'], 'original');
    assert.equal(res.headers['x-e'], undefined);
    assert.equal(res.headers['x-f'], undefined);
    assert.equal(res.headers['x-d'], 'double');
  });

  test('a route-level instance beats the global one', async (t) => {
    const gw = await startPluginGateway(t, [responseTransformerPlugin]);
    gw.apply({
      services: [
        {
          name: 'svc',
          url: gw.originUrl,
          routes: [
            { name: 'scoped', paths: ['/scoped'], plugins: [rt({ add: { headers: ['x-scope:route'] } })] },
            { name: 'plain', paths: ['/plain'] },
          ],
        },
      ],
      plugins: [rt({ add: { headers: ['x-scope:global'] } })],
    });
    assert.equal((await httpRequest(`${gw.url}/scoped`)).headers['x-scope'], 'route');
    assert.equal((await httpRequest(`${gw.url}/plain`)).headers['x-scope'], 'global');
  });
});

describe('response-transformer: JSON body', () => {
  test('remove, replace, add and append change top-level properties of the echo JSON; Content-Length follows', async (t) => {
    const gw = await startPluginGateway(t, [responseTransformerPlugin]);
    gw.apply(
      oneRoute(gw.originUrl, {
        plugins: [
          rt({
            remove: { json: ['headers', 'bodyBytes', 'absent'] },
            replace: { json: ['method:PATCHED', 'missing:never'] },
            add: { json: ['method:not-added', 'added:yes', 'url:not-added'] },
            append: { json: ['path:/second', 'list:first'] },
          }),
        ],
      }),
    );
    const res = await httpRequest(`${gw.url}/echo?q=1`);
    assert.equal(res.status, 200);
    const body = res.json<Json>();
    assert.equal(body['headers'], undefined);
    assert.equal(body['bodyBytes'], undefined);
    assert.equal(body['method'], 'PATCHED');
    assert.equal('missing' in body, false, 'replace only changes what exists');
    assert.equal(body['added'], 'yes');
    assert.equal(body['url'], '/echo?q=1', 'add never overwrites');
    assert.deepEqual(body['path'], ['/echo', '/second'], 'appending to a string makes an array');
    assert.deepEqual(body['list'], ['first'], 'appending to an absent property makes a one-element array');
    assert.deepEqual(body['query'], { q: '1' }, 'other properties are kept');
    assert.equal(Number(res.headers['content-length']), res.body.length);
  });

  test('json_types cast values by position: number, boolean, string (also for missing types); a non-number is skipped', async (t) => {
    const gw = await startPluginGateway(t, [responseTransformerPlugin], {
      origin: { handler: fixed(200, { 'content-type': 'application/json' }, JSON.stringify({ count: 1, on: false, tags: ['a'], name: 'n' })) },
    });
    gw.apply(
      oneRoute(gw.originUrl, {
        plugins: [
          rt({
            replace: { json: ['count:42', 'on:true', 'name:7'], json_types: ['number', 'boolean'] },
            add: { json: ['n:1.5', 'b:yes', 's:12', 'bad:twelve', 'url:http://x:8080/p', 'dbl::v'], json_types: ['number', 'boolean', 'string', 'number'] },
            append: { json: ['tags:true', 'tags:3'], json_types: ['boolean', 'number', 'string', 'string'] },
          }),
        ],
      }),
    );
    const body = (await httpRequest(`${gw.url}/`)).json<Json>();
    assert.deepEqual(body, {
      count: 42,
      on: true,
      name: '7',
      n: 1.5,
      b: false,
      s: '12',
      url: 'http://x:8080/p',
      dbl: 'v',
      tags: ['a', true, 3],
    });
  });

  test('application/*+json bodies are transformed; other content types, invalid JSON and arrays pass unchanged', async (t) => {
    const bodies: Record<string, { type: string; body: string }> = {
      '/problem': { type: 'application/problem+json; charset=utf-8', body: '{"title":"x"}' },
      '/text': { type: 'text/plain', body: '{"title":"x"}' },
      '/broken': { type: 'application/json', body: '{"title":' },
      '/array': { type: 'application/json', body: '[1,2]' },
    };
    const gw = await startPluginGateway(t, [responseTransformerPlugin], {
      origin: {
        handler: (req, res, record) => {
          const { type, body } = bodies[record.path]!;
          fixed(200, { 'content-type': type }, body)(req, res);
        },
      },
    });
    gw.apply(oneRoute(gw.originUrl, { plugins: [rt({ add: { json: ['added:1'], headers: ['x-added:1'] } })] }));
    const problem = await httpRequest(`${gw.url}/problem`);
    assert.deepEqual(problem.json(), { title: 'x', added: '1' });
    assert.equal(Number(problem.headers['content-length']), problem.body.length);
    for (const path of ['/text', '/broken', '/array']) {
      const res = await httpRequest(`${gw.url}${path}`);
      assert.equal(res.text(), bodies[path]!.body, `${path} passes unchanged`);
      assert.equal(Number(res.headers['content-length']), res.body.length);
      assert.equal(res.headers['x-added'], '1', `${path}: headers are still transformed`);
    }
  });

  test("another plugin's JSON exit is transformed too (headers and body), as in Kong", async (t) => {
    const gw = await startPluginGateway(t, [responseTransformerPlugin, denyPlugin]);
    gw.apply(oneRoute(gw.originUrl, { plugins: [{ name: 'deny-all' }, rt({ rename: { headers: ['x-denied:x-refused'] }, add: { json: ['hint:ask an admin'] } })] }));
    const res = await httpRequest(`${gw.url}/`);
    assert.equal(res.status, 403);
    assert.deepEqual(res.json(), { message: 'denied', hint: 'ask an admin' });
    assert.equal(res.headers['x-refused'], 'yes');
    assert.equal(res.headers['x-denied'], undefined);
    assert.equal(gw.origin.requests.length, 0);
  });

  test('a HEAD response to a JSON transform loses its Content-Length (the body would change), as in Kong', async (t) => {
    const gw = await startPluginGateway(t, [responseTransformerPlugin], {
      origin: { handler: fixed(200, { 'content-type': 'application/json' }, '{"a":1}') },
    });
    gw.apply(oneRoute(gw.originUrl, { plugins: [rt({ add: { json: ['b:2'] } })] }));
    const head = await httpRequest(`${gw.url}/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], undefined);
    const get = await httpRequest(`${gw.url}/`);
    assert.deepEqual(get.json(), { a: 1, b: '2' });
  });
});
