// Request and response headers as Kong sets them (proxy reference "Headers", runloop handler),
// observed on a real echo origin behind the test gateway.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { httpRequest, startOrigin } from '@gatehouse/testkit';
import type { Origin } from '@gatehouse/testkit';
import { SERVER_TOKEN, upstreamHostHeader } from '../../src/proxy/index.js';
import type { UpstreamHeaderOptions } from '../../src/proxy/index.js';
import { ListPeers, peer, startProxy } from './helpers.js';
import type { ContextOverrides, TestProxy } from './helpers.js';

interface Echo {
  headers: Record<string, string | undefined>;
  url: string;
}

describe('upstream request headers', () => {
  let origin: Origin;
  let proxy: TestProxy;
  let headerOptions: Partial<UpstreamHeaderOptions> = {};
  let context: ContextOverrides = {};

  before(async () => {
    origin = await startOrigin({ name: 'echo' });
    proxy = await startProxy({
      peers: new ListPeers([peer(origin.port, 'svc.internal')]),
      headerOptions: () => headerOptions,
      context: () => context,
    });
  });
  after(async () => {
    await proxy.close();
    await origin.close();
  });

  const echo = async (headers: Record<string, string | string[]> = {}, path = '/some/path?x=1'): Promise<Echo> => {
    const res = await httpRequest(proxy.url + path, { headers });
    assert.equal(res.status, 200, res.text());
    return res.json<Echo>();
  };

  it('appends the client to X-Forwarded-For and sets the other X-Forwarded-* and X-Real-IP', async () => {
    headerOptions = {};
    const { headers } = await echo({
      host: 'Example.TEST:8080',
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-prefix': '/evil',
      'x-real-ip': '198.51.100.1',
    });
    assert.equal(headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
    assert.equal(headers['x-real-ip'], '127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'http');
    assert.equal(headers['x-forwarded-host'], 'example.test');
    assert.equal(headers['x-forwarded-port'], String(proxy.port));
    assert.equal(headers['x-forwarded-path'], '/some/path');
    assert.equal(headers['x-forwarded-prefix'], undefined, 'an untrusted client cannot set X-Forwarded-Prefix');
  });

  it('sets X-Forwarded-For to the client alone when there is none', async () => {
    headerOptions = { clientIp: '192.0.2.7' };
    const { headers } = await echo();
    assert.equal(headers['x-forwarded-for'], '192.0.2.7');
    assert.equal(headers['x-real-ip'], '192.0.2.7');
  });

  it('passes a trusted client its own X-Forwarded-* values', async () => {
    headerOptions = { trusted: true };
    const { headers } = await echo({
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'edge.example',
      'x-forwarded-port': '443',
      'x-forwarded-path': '/edge/path',
      'x-forwarded-prefix': '/edge',
    });
    assert.equal(headers['x-forwarded-proto'], 'https');
    assert.equal(headers['x-forwarded-host'], 'edge.example');
    assert.equal(headers['x-forwarded-port'], '443');
    assert.equal(headers['x-forwarded-path'], '/edge/path');
    assert.equal(headers['x-forwarded-prefix'], '/edge');
  });

  it('sets X-Forwarded-Prefix only when strip_path removed more than /', async () => {
    headerOptions = { strippedPrefix: '/api' };
    assert.equal((await echo()).headers['x-forwarded-prefix'], '/api');
    headerOptions = { strippedPrefix: '/' };
    assert.equal((await echo()).headers['x-forwarded-prefix'], undefined);
  });

  it('appends its Via entry with the client HTTP version and replaces the request id', async () => {
    headerOptions = {};
    const { headers } = await echo({ via: '1.0 fred', 'x-gatehouse-request-id': 'forged' });
    assert.equal(headers.via, `1.0 fred, 1.1 ${SERVER_TOKEN}`);
    assert.match(SERVER_TOKEN, /^gatehouse\/\d+\.\d+\.\d+/);
    assert.equal(headers['x-gatehouse-request-id'], 'req-1');
  });

  it('removes hop-by-hop headers and those named in Connection, keeps TE: trailers only', async () => {
    const { headers } = await echo({
      connection: 'keep-alive, x-hop',
      'x-hop': 'secret',
      'keep-alive': 'timeout=5',
      'proxy-connection': 'keep-alive',
      proxy: 'http://evil.example',
      te: 'trailers, deflate',
      'x-end-to-end': 'kept',
    });
    for (const gone of ['x-hop', 'keep-alive', 'proxy-connection', 'proxy']) assert.equal(headers[gone], undefined, gone);
    assert.equal(headers.te, 'trailers');
    assert.equal(headers['x-end-to-end'], 'kept');
    assert.notEqual(headers.connection, 'keep-alive, x-hop');
  });

  it('keeps repeated headers', async () => {
    const { headers } = await echo({ 'x-multi': ['a', 'b'] });
    assert.equal(headers['x-multi'], 'a, b');
  });

  it('sends the peer hostname and port as Host unless preserve_host; host_header wins', async () => {
    headerOptions = {};
    context = {};
    assert.equal((await echo({ host: 'client.example' })).headers.host, `svc.internal:${origin.port}`);
    context = { hostHeader: { preserveHost: true, clientHost: 'client.example' } };
    assert.equal((await echo({ host: 'client.example' })).headers.host, 'client.example');
    context = { hostHeader: { preserveHost: false, upstreamHostHeader: 'override.example' } };
    assert.equal((await echo()).headers.host, `override.example:${origin.port}`);
    context = {};
  });

  it('omits the port from Host when it is the default for the scheme', () => {
    const input = { preserveHost: false };
    assert.equal(upstreamHostHeader(input, peer(80, 'a.example'), 'http'), 'a.example');
    assert.equal(upstreamHostHeader(input, peer(443, 'a.example'), 'https'), 'a.example');
    assert.equal(upstreamHostHeader(input, peer(443, 'a.example'), 'http'), 'a.example:443');
    assert.equal(upstreamHostHeader(input, peer(8080, '::1'), 'http'), '[::1]:8080');
    assert.equal(upstreamHostHeader({ preserveHost: true }, peer(8080, 'a.example'), 'http'), 'a.example:8080');
  });
});

describe('response headers', () => {
  let origin: Origin;
  let proxy: TestProxy;
  let context: ContextOverrides = {};

  before(async () => {
    origin = await startOrigin({
      handler: (req, res) => {
        req.resume();
        const headers: Record<string, string> = {
          connection: 'x-secret',
          'x-secret': 'upstream-only',
          'keep-alive': 'timeout=5',
          'proxy-connection': 'keep-alive',
          trailer: 'x-checksum',
          'x-app': 'kept',
          'content-type': 'text/plain',
        };
        if (req.url === '/via') headers.via = '1.1 upstream-proxy';
        if (req.url === '/server') headers.server = 'app-server';
        res.writeHead(200, headers);
        res.end('ok');
      },
    });
    proxy = await startProxy({ peers: new ListPeers([peer(origin.port)]), context: () => context });
  });
  after(async () => {
    await proxy.close();
    await origin.close();
  });

  it('removes hop-by-hop headers and Trailer when the client did not ask for trailers', async () => {
    const res = await httpRequest(proxy.url + '/');
    assert.equal(res.text(), 'ok');
    assert.equal(res.headers['x-app'], 'kept');
    for (const gone of ['x-secret', 'keep-alive', 'proxy-connection', 'trailer']) assert.equal(res.headers[gone], undefined, gone);
  });

  it('adds Via, Server when missing, the latency pair and the request id', async () => {
    const plain = await httpRequest(proxy.url + '/');
    assert.equal(plain.headers.via, `1.1 ${SERVER_TOKEN}`);
    assert.equal(plain.headers.server, SERVER_TOKEN);
    assert.match(String(plain.headers['x-gatehouse-upstream-latency']), /^\d+$/);
    assert.match(String(plain.headers['x-gatehouse-proxy-latency']), /^\d+$/);
    assert.equal(plain.headers['x-gatehouse-request-id'], 'req-1');
    const chained = await httpRequest(proxy.url + '/via');
    assert.equal(chained.headers.via, `1.1 upstream-proxy, 1.1 ${SERVER_TOKEN}`);
    assert.equal((await httpRequest(proxy.url + '/server')).headers.server, 'app-server');
  });

  it('lets the header hook see the status and change headers; switches turn ours off', async () => {
    context = {
      onResponseHeaders: (status, headers) => {
        headers['x-hooked'] = String(status);
        delete headers['x-app'];
        return headers;
      },
      responseHeaders: { via: false, server: false, latency: false },
      requestIdHeader: null,
    };
    const res = await httpRequest(proxy.url + '/');
    assert.equal(res.headers['x-hooked'], '200');
    assert.equal(res.headers['x-app'], undefined);
    for (const gone of ['via', 'server', 'x-gatehouse-upstream-latency', 'x-gatehouse-request-id']) {
      assert.equal(res.headers[gone], undefined, gone);
    }
    context = {};
  });

  it('answers 500 with Kong body when the header hook throws', async () => {
    context = {
      onResponseHeaders: () => {
        throw new Error('plugin bug');
      },
    };
    const before = proxy.outcomes.length;
    const res = await httpRequest(proxy.url + '/');
    assert.equal(res.status, 500);
    assert.deepEqual(res.json(), { message: 'An unexpected error occurred' });
    await proxy.settled(before + 1);
    assert.equal(proxy.outcomes.at(-1)?.errorCode, 'GW_ERR_PROXY_INTERNAL');
    context = {};
  });
});
