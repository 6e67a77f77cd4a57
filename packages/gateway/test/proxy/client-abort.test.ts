// A client that goes away: the upstream request (or upload) is aborted, the outcome says 499,
// and the peer is not blamed.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { startOrigin } from '@gatehouse/testkit';
import { ListPeers, eventually, peer, startProxy } from './helpers.js';
import type { TestProxy } from './helpers.js';

async function withProxy(peers: ListPeers, run: (proxy: TestProxy) => Promise<void>): Promise<void> {
  const proxy = await startProxy({ peers });
  try {
    await run(proxy);
  } finally {
    await proxy.close();
  }
}

describe('client aborts', () => {
  it('aborts the upstream request when the client goes away', async () => {
    let upstreamClosed = false;
    const hanging = await startOrigin({
      handler: (req) => {
        req.socket.once('close', () => (upstreamClosed = true));
      },
    });
    const peers = new ListPeers([peer(hanging.port)]);
    try {
      await withProxy(peers, async (proxy) => {
        const client = request(proxy.url + '/hang', { agent: false });
        client.on('error', () => undefined);
        client.end();
        await eventually(() => hanging.requests.length === 1, 5_000, 'request at the origin');
        client.destroy();
        await proxy.settled(1);
        assert.equal(proxy.outcomes[0]?.status, 499);
        assert.equal(proxy.outcomes[0]?.errorCode, 'GW_ERR_PROXY_CLIENT_ABORTED');
        await eventually(() => upstreamClosed, 5_000, 'upstream connection closed');
        assert.equal(peers.reports.length, 0, 'a client abort is not the peer failing');
        assert.equal(peers.active, 0);
      });
    } finally {
      await hanging.close();
    }
  });

  it('aborts the upstream upload when the client goes away mid-body', async () => {
    let upstreamClosed = false;
    const sink = await startOrigin({
      handler: (req) => {
        req.resume();
        req.socket.once('close', () => (upstreamClosed = true));
      },
    });
    try {
      await withProxy(new ListPeers([peer(sink.port)]), async (proxy) => {
        const client = request(proxy.url + '/up', { method: 'POST', agent: false, headers: { 'content-length': '100000000' } });
        client.on('error', () => undefined);
        client.write(Buffer.alloc(1024 * 1024));
        await eventually(() => sink.requests.length === 1, 5_000, 'request at the origin');
        client.destroy();
        await proxy.settled(1);
        assert.equal(proxy.outcomes[0]?.errorCode, 'GW_ERR_PROXY_CLIENT_ABORTED');
        await eventually(() => upstreamClosed, 5_000, 'upstream connection closed');
      });
    } finally {
      await sink.close();
    }
  });

  it('aborts the upstream download when the client goes away mid-body', async () => {
    let upstreamClosed = false;
    const watcher = await startOrigin({
      handler: (req, res) => {
        req.socket.once('close', () => (upstreamClosed = true));
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024);
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      },
    });
    try {
      await withProxy(new ListPeers([peer(watcher.port)]), async (proxy) => {
        await new Promise<void>((resolve) => {
          const client = request(proxy.url + '/endless', { agent: false }, (res) => {
            res.once('data', () => {
              client.destroy();
              resolve();
            });
          });
          client.on('error', () => undefined);
          client.end();
        });
        await proxy.settled(1);
        assert.equal(proxy.outcomes[0]?.status, 200);
        assert.equal(proxy.outcomes[0]?.errorCode, 'GW_ERR_PROXY_CLIENT_ABORTED');
        await eventually(() => upstreamClosed, 5_000, 'upstream connection closed');
      });
    } finally {
      await watcher.close();
    }
  });
});
