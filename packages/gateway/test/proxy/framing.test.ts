// Message framing through the proxy: HEAD, bodiless statuses, chunked uploads, Expect:
// 100-continue, trailers, the query string; and the error-code table behind the answers.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { httpRequest, startOrigin } from '@gatehouse/testkit';
import type { Origin } from '@gatehouse/testkit';
import { PROXY_ERROR_CODES, classifyFailure, errorBody, statusForCode } from '../../src/proxy/index.js';
import type { ProxyErrorCode } from '../../src/proxy/index.js';
import { ListPeers, peer, startProxy } from './helpers.js';
import type { TestProxy } from './helpers.js';

describe('framing', () => {
  let origin: Origin;
  let proxy: TestProxy;

  before(async () => {
    origin = await startOrigin({
      handler: (req, res, record) => {
        if (record.path === '/trailers') {
          req.resume();
          res.writeHead(200, { 'content-type': 'text/plain', trailer: 'x-checksum' });
          res.write('body');
          res.addTrailers({ 'x-checksum': 'abc123' });
          res.end();
          return;
        }
        if (record.path === '/empty') {
          req.resume();
          res.writeHead(204, { 'x-empty': 'yes' });
          res.end();
          return;
        }
        let bytes = 0;
        req.on('data', (chunk: Buffer) => (bytes += chunk.length));
        req.on('end', () => {
          const body = JSON.stringify({ bytes, url: req.url, headers: req.headers });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          res.end(req.method === 'HEAD' ? undefined : body);
        });
      },
    });
    proxy = await startProxy({ peers: new ListPeers([peer(origin.port)]) });
  });
  after(async () => {
    await proxy.close();
    await origin.close();
  });

  it('passes HEAD with the Content-Length of the GET and no body', async () => {
    const res = await httpRequest(proxy.url + '/head', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.ok(Number(res.headers['content-length']) > 0);
    assert.equal(res.bodyBytes, 0);
  });

  it('passes a 204 without a body', async () => {
    const res = await httpRequest(proxy.url + '/empty');
    assert.equal(res.status, 204);
    assert.equal(res.headers['x-empty'], 'yes');
    assert.equal(res.bodyBytes, 0);
  });

  it('streams a chunked upload of unknown length', async () => {
    const parts = ['a'.repeat(1000), 'b'.repeat(70_000), 'c'];
    const res = await httpRequest(proxy.url + '/chunked?x=1&y=2', { method: 'POST', body: Readable.from(parts) });
    const echo = res.json<{ bytes: number; url: string; headers: Record<string, string> }>();
    assert.equal(echo.bytes, 71_001);
    assert.equal(echo.url, '/chunked?x=1&y=2');
    assert.equal(echo.headers['transfer-encoding'], 'chunked');
  });

  it('answers Expect: 100-continue itself and does not forward Expect', async () => {
    const echo = await new Promise<{ bytes: number; headers: Record<string, string> }>((resolve, reject) => {
      const req = request(
        proxy.url + '/expect',
        { method: 'PUT', agent: false, headers: { expect: '100-continue', 'content-length': '5' } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(JSON.parse(text) as { bytes: number; headers: Record<string, string> }));
        },
      );
      req.on('error', reject);
      req.on('continue', () => req.end('hello'));
    });
    assert.equal(echo.bytes, 5);
    assert.equal(echo.headers.expect, undefined);
  });

  it('forwards trailers to a client that asked for them (TE: trailers)', async () => {
    const got = await new Promise<{ trailers: NodeJS.Dict<string>; header: string | undefined }>((resolve, reject) => {
      const req = request(proxy.url + '/trailers', { agent: false, headers: { te: 'trailers' } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ trailers: res.trailers, header: res.headers.trailer }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(got.header, 'x-checksum');
    assert.equal(got.trailers['x-checksum'], 'abc123');
  });
});

describe('error codes', () => {
  it('has a status and, for answers the proxy writes, Kong body for every code', () => {
    for (const code of Object.keys(PROXY_ERROR_CODES) as ProxyErrorCode[]) {
      const status = statusForCode(code);
      assert.ok(status >= 499 && status <= 504, code);
      assert.ok(JSON.parse(errorBody(status)).message, code);
    }
  });

  it('classifies low-level failures by their code', () => {
    const cases: [string, ProxyErrorCode, string | null, boolean][] = [
      ['ECONNREFUSED', 'GW_ERR_PROXY_UPSTREAM_CONNECT', 'tcp_failure', true],
      ['ENOTFOUND', 'GW_ERR_PROXY_UPSTREAM_CONNECT', 'tcp_failure', true],
      ['ECONNRESET', 'GW_ERR_PROXY_UPSTREAM_RESET', 'tcp_failure', true],
      ['UND_ERR_SOCKET', 'GW_ERR_PROXY_UPSTREAM_RESET', 'tcp_failure', true],
      ['UND_ERR_CONNECT_TIMEOUT', 'GW_ERR_PROXY_UPSTREAM_TIMEOUT', 'timeout', true],
      ['UND_ERR_HEADERS_TIMEOUT', 'GW_ERR_PROXY_UPSTREAM_TIMEOUT', 'timeout', true],
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'GW_ERR_PROXY_UPSTREAM_TLS', 'tcp_failure', true],
      ['ERR_TLS_CERT_ALTNAME_INVALID', 'GW_ERR_PROXY_UPSTREAM_TLS', 'tcp_failure', true],
      ['HPE_INVALID_CONSTANT', 'GW_ERR_PROXY_UPSTREAM_PROTOCOL', 'tcp_failure', false],
      ['UND_ERR_CLOSED', 'GW_ERR_PROXY_POOLS_CLOSED', null, false],
      ['UND_ERR_INVALID_ARG', 'GW_ERR_PROXY_INTERNAL', null, false],
    ];
    for (const [cause, code, report, transient] of cases) {
      const got = classifyFailure(Object.assign(new Error(cause), { code: cause }));
      assert.equal(got.code, code, cause);
      assert.equal(got.report?.kind ?? null, report, cause);
      assert.equal(got.transient, transient, cause);
    }
  });
});
