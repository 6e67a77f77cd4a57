// proxyUpgrade: WebSocket echo through the gateway, upgrade headers, raw error answers, and a
// refused upgrade that must not leave a tunnel open to the peer.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { freePort, startOrigin } from '@gatehouse/testkit';
import type { Origin } from '@gatehouse/testkit';
import { WebSocket } from 'ws';
import { SERVER_TOKEN } from '../../src/proxy/index.js';
import { ListPeers, eventually, peer, startProxy } from './helpers.js';

/** Sends a raw upgrade request and returns everything the gateway wrote until it closed. */
function rawUpgrade(port: number, path = '/ws'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: gw.example\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    setTimeout(() => socket.destroy(), 5_000);
  });
}

describe('proxyUpgrade', () => {
  let origin: Origin;

  before(async () => {
    origin = await startOrigin({ name: 'ws' });
  });
  after(async () => {
    await origin.close();
  });

  it('echoes WebSocket messages through the gateway and closes both sides together', async () => {
    const peers = new ListPeers([peer(origin.port, 'ws.internal')]);
    const proxy = await startProxy({ peers });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/chat?room=1`, { headers: { 'x-forwarded-for': '203.0.113.5' } });
      const upgradeHeaders = new Promise<Record<string, unknown>>((resolve) => ws.once('upgrade', (res) => resolve(res.headers)));
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      const replies: string[] = [];
      const got = new Promise<void>((resolve) =>
        ws.on('message', (data: Buffer) => {
          replies.push(data.toString());
          if (replies.length === 3) resolve();
        }),
      );
      for (const text of ['one', 'two', 'x'.repeat(100_000)]) ws.send(text);
      await got;
      assert.deepEqual(replies.slice(0, 2), ['one', 'two']);
      assert.equal(replies[2]?.length, 100_000);
      assert.equal((await upgradeHeaders).via, `1.1 ${SERVER_TOKEN}`);

      const seen = origin.requests.at(-1);
      assert.equal(seen?.upgrade, true);
      assert.equal(seen?.url, '/chat?room=1');
      assert.equal(seen?.headers.host, `ws.internal:${origin.port}`);
      assert.equal(seen?.headers['x-forwarded-for'], '203.0.113.5, 127.0.0.1');
      assert.equal(seen?.headers.via, `1.1 ${SERVER_TOKEN}`);
      assert.equal(String(seen?.headers.upgrade).toLowerCase(), 'websocket');

      ws.close();
      await proxy.settled(1, true);
      const outcome = proxy.upgrades[0];
      assert.equal(outcome?.status, 101);
      assert.equal(outcome?.attempts, 1);
      assert.ok((outcome?.bytesReceived ?? 0) > 100_000);
      assert.deepEqual(peers.reports, [{ peer: peer(origin.port).key, outcome: { kind: 'response', status: 101 } }]);
      await eventually(() => peers.active === 0, 5_000, 'peer released');
    } finally {
      await proxy.close();
    }
  });

  it('answers 502 with Kong body, written raw, when no peer accepts; retries another peer first', async () => {
    const dead = await freePort();
    const peers = new ListPeers([peer(dead)]);
    const proxy = await startProxy({ peers, context: () => ({ retries: 2 }) });
    try {
      const text = await rawUpgrade(proxy.port);
      assert.match(text, /^HTTP\/1\.1 502 Bad Gateway\r\n/);
      assert.match(text, /content-type: application\/json/);
      assert.ok(text.endsWith('{"message":"An invalid response was received from the upstream server"}'));
      await proxy.settled(1, true);
      assert.equal(proxy.upgrades[0]?.errorCode, 'GW_ERR_PROXY_UPSTREAM_CONNECT');
      assert.equal(proxy.upgrades[0]?.attempts, 3);
    } finally {
      await proxy.close();
    }

    const twoPeers = new ListPeers([peer(dead), peer(origin.port)]);
    const retrying = await startProxy({ peers: twoPeers, context: () => ({ retries: 1 }) });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${retrying.port}/ws`);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      ws.close();
      await retrying.settled(1, true);
      assert.equal(retrying.upgrades[0]?.attempts, 2);
    } finally {
      await retrying.close();
    }
  });

  it('passes a refused upgrade on and closes the connection instead of tunnelling', async () => {
    let upstreamClosed = false;
    const refusing = createServer();
    const held = new Set<Duplex>();
    refusing.on('upgrade', (_req, socket: Duplex) => {
      held.add(socket);
      socket.on('end', () => (upstreamClosed = true));
      socket.write('HTTP/1.1 403 Forbidden\r\nconnection: keep-alive\r\ncontent-type: text/plain\r\ncontent-length: 6\r\n\r\ndenied');
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const proxy = await startProxy({ peers: new ListPeers([peer((refusing.address() as AddressInfo).port)]) });
    try {
      const text = await rawUpgrade(proxy.port);
      assert.match(text, /^HTTP\/1\.1 403 Forbidden\r\n/);
      assert.match(text, /\r\nconnection: close\r\n/);
      assert.doesNotMatch(text, /keep-alive/);
      assert.ok(text.endsWith('\r\n\r\ndenied'));
      await proxy.settled(1, true);
      assert.equal(proxy.upgrades[0]?.status, 403);
      await eventually(() => upstreamClosed, 5_000, 'upstream connection closed');
    } finally {
      await proxy.close();
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  it('answers 504 when the peer accepts the connection but never answers', async () => {
    const silent = createServer();
    const held = new Set<Duplex>();
    silent.on('upgrade', (_req, socket: Duplex) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const proxy = await startProxy({
      peers: new ListPeers([peer((silent.address() as AddressInfo).port)]),
      context: () => ({ timeouts: { connect: 1_000, write: 1_000, read: 200 } }),
    });
    try {
      const text = await rawUpgrade(proxy.port);
      assert.match(text, /^HTTP\/1\.1 504 Gateway Timeout\r\n/);
      assert.ok(text.endsWith('{"message":"The upstream server is timing out"}'));
    } finally {
      await proxy.close();
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
