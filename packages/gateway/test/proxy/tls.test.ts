// HTTPS upstreams (service.protocol https): SNI from the Host sent upstream, tls_verify off by
// default as in Kong, a refused certificate as a 502, and WebSockets over TLS.
import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { httpRequest } from '@gatehouse/testkit';
import { WebSocket, WebSocketServer } from 'ws';
import { ListPeers, peer, startProxy } from './helpers.js';
import { TLS_CERT, TLS_KEY } from './tls-fixture.js';

describe('https upstreams', () => {
  let server: Server;
  let port: number;

  before(async () => {
    server = createServer({ key: TLS_KEY, cert: TLS_CERT }, (req, res) => {
      req.resume();
      const sni = (req.socket as TLSSocket).servername;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sni, host: req.headers.host }));
    });
    const wss = new WebSocketServer({ server });
    wss.on('connection', (ws) => ws.on('message', (data) => ws.send(`echo:${String(data)}`)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('proxies to an https peer with SNI taken from the upstream Host', async () => {
    const proxy = await startProxy({
      peers: new ListPeers([peer(port, 'tls.internal')]),
      context: () => ({ upstreamScheme: 'https' }),
    });
    try {
      const res = await httpRequest(proxy.url + '/x');
      assert.equal(res.status, 200);
      assert.deepEqual(res.json(), { sni: 'tls.internal', host: `tls.internal:${port}` });
    } finally {
      await proxy.close();
    }
  });

  it('answers 502 GW_ERR_PROXY_UPSTREAM_TLS when tls_verify refuses the certificate', async () => {
    const proxy = await startProxy({
      peers: new ListPeers([peer(port, 'tls.internal')]),
      context: () => ({ upstreamScheme: 'https', tlsVerify: true }),
    });
    try {
      const res = await httpRequest(proxy.url + '/x');
      assert.equal(res.status, 502);
      await proxy.settled(1);
      assert.equal(proxy.outcomes[0]?.errorCode, 'GW_ERR_PROXY_UPSTREAM_TLS');
    } finally {
      await proxy.close();
    }
  });

  it('tunnels a WebSocket to a TLS peer', async () => {
    const proxy = await startProxy({
      peers: new ListPeers([peer(port, 'tls.internal')]),
      context: () => ({ upstreamScheme: 'https' }),
    });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/ws`);
      const reply = await new Promise<string>((resolve, reject) => {
        ws.once('open', () => ws.send('hi'));
        ws.once('message', (data: Buffer) => resolve(data.toString()));
        ws.once('error', reject);
      });
      assert.equal(reply, 'echo:hi');
      ws.close();
      await proxy.settled(1, true);
      assert.equal(proxy.upgrades[0]?.status, 101);
    } finally {
      await proxy.close();
    }
  });
});
