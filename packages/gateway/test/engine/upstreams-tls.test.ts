import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { describe, test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { httpRequest, startOrigin } from '@gatehouse/testkit';
import WebSocket from 'ws';
import { apply, startGateway } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url), 'utf8');

function getTls(port: number, servername: string): Promise<{ status: number; subject: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, servername, path: '/', headers: { host: servername }, rejectUnauthorized: false, agent: false },
      (res) => {
        const cert = (res.socket as TLSSocket).getPeerCertificate();
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, subject: String(cert.subject?.CN), body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('engine: upstreams, TLS and websockets', () => {
  test('an upstream balances over its targets by weight and skips a target its health check marks down', async (t) => {
    const a = await startOrigin({ name: 'a' });
    const b = await startOrigin({ name: 'b' });
    t.after(() => Promise.all([a.close(), b.close()]));
    const gw = await startGateway(t);
    apply(gw.node, {
      upstreams: [
        {
          name: 'pool',
          healthchecks: { active: { http_path: '/health', timeout: 1, healthy: { interval: 0.1, successes: 1 }, unhealthy: { interval: 0.1, http_failures: 1 } } },
          targets: [{ target: `127.0.0.1:${a.port}`, weight: 200 }, { target: `127.0.0.1:${b.port}`, weight: 100 }],
        },
      ],
      services: [{ name: 'svc', host: 'pool', routes: [{ paths: ['/'] }] }],
    });
    const count = async (n: number) => {
      const seen: Record<string, number> = {};
      for (let i = 0; i < n; i++) {
        const name = String((await httpRequest(`${gw.url}/`)).headers['x-origin-name']);
        seen[name] = (seen[name] ?? 0) + 1;
      }
      return seen;
    };
    assert.deepEqual(await count(30), { a: 20, b: 10 });
    a.setHealthy(false);
    await waitFor(async () => (await httpRequest(`${gw.statusUrl}/upstreams/pool/health`)).json<{ data: { health: string }[] }>().data.some((d) => d.health === 'UNHEALTHY'));
    assert.deepEqual(await count(10), { b: 10 });
    b.setHealthy(false);
    await waitFor(async () => (await httpRequest(`${gw.url}/`)).status === 503);
    const none = await httpRequest(`${gw.url}/`);
    assert.deepEqual(none.json(), { message: 'failure to get a peer from the ring-balancer' });
    a.setHealthy(true);
    await waitFor(async () => (await httpRequest(`${gw.url}/`)).status === 200);
  });

  test('TLS: the certificate is chosen by SNI (exact before wildcard) and https routes are served', async (t) => {
    const origin = await startOrigin({ name: 'tls-origin' });
    t.after(() => origin.close());
    const gw = await startGateway(t, { tls: true });
    apply(gw.node, {
      certificates: [
        { cert: fixture('api.crt'), key: fixture('api.key'), snis: ['api.example.test'] },
        { cert: fixture('wildcard.crt'), key: fixture('wildcard.key'), snis: ['*.example.test'] },
      ],
      services: [{ name: 'svc', url: origin.url, routes: [{ paths: ['/'], protocols: ['https'] }] }],
    });
    const exact = await getTls(gw.httpsPort!, 'api.example.test');
    assert.equal(exact.subject, 'api.example.test');
    assert.equal(exact.status, 200);
    const wildcard = await getTls(gw.httpsPort!, 'www.example.test');
    assert.equal(wildcard.subject, '*.example.test');
    const plain = await httpRequest(`${gw.url}/`);
    assert.equal(plain.status, 426, 'the https-only route refuses plain http');
  });

  test('a websocket is proxied through a route and echoes both ways', async (t) => {
    const origin = await startOrigin({ name: 'ws' });
    t.after(() => origin.close());
    const gw = await startGateway(t);
    apply(gw.node, { services: [{ name: 'svc', url: origin.url, routes: [{ paths: ['/ws'] }] }] });
    const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/ws/echo`);
    t.after(() => ws.close());
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const reply = new Promise<string>((resolve) => ws.once('message', (data: Buffer) => resolve(data.toString())));
    ws.send('hello through the gateway');
    assert.equal(await reply, 'hello through the gateway');
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached in time');
}
