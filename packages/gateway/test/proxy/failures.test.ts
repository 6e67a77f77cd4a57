// Upstream failures: Kong's status and body for each, retries on another peer, what the
// balancer is told, and the cases that must not be retried.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, httpRequest, startOrigin } from '@gatehouse/testkit';
import type { Origin } from '@gatehouse/testkit';
import { ListPeers, peer, startBlackhole, startProxy } from './helpers.js';
import type { ContextOverrides, TestProxy } from './helpers.js';

const BAD_GATEWAY = { message: 'An invalid response was received from the upstream server' };
const TIMED_OUT = { message: 'The upstream server is timing out' };
const NO_PEER = { message: 'failure to get a peer from the ring-balancer' };

async function withProxy(
  peers: ListPeers,
  context: ContextOverrides,
  run: (proxy: TestProxy) => Promise<void>,
): Promise<void> {
  const proxy = await startProxy({ peers, context: () => context });
  try {
    await run(proxy);
  } finally {
    await proxy.close();
  }
}

describe('upstream failures', () => {
  let healthy: Origin;
  let slow: Origin;
  let resetting: Origin;
  let deadPort: number;
  let otherDeadPort: number;

  before(async () => {
    healthy = await startOrigin({ name: 'healthy' });
    slow = await startOrigin({ name: 'slow', delayMs: 2_000 });
    resetting = await startOrigin({ name: 'resetting', resetConnection: true });
    deadPort = await freePort();
    otherDeadPort = await freePort();
  });
  after(async () => {
    await Promise.all([healthy.close(), slow.close(), resetting.close()]);
  });

  it('answers 504 with Kong body when the origin is slower than read_timeout', async () => {
    const peers = new ListPeers([peer(slow.port)]);
    await withProxy(peers, { timeouts: { connect: 1_000, write: 1_000, read: 200 } }, async (proxy) => {
      const res = await httpRequest(proxy.url + '/slow');
      assert.equal(res.status, 504);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.deepEqual(res.json(), TIMED_OUT);
      await proxy.settled(1);
      assert.equal(proxy.outcomes[0]?.errorCode, 'GW_ERR_PROXY_UPSTREAM_TIMEOUT');
      assert.deepEqual(peers.reports, [{ peer: peer(slow.port).key, outcome: { kind: 'timeout' } }]);
    });
  });

  it('answers 504 on connect_timeout and retries the next peer', async () => {
    const blackhole = await startBlackhole();
    try {
      const timeouts = { connect: 200, write: 1_000, read: 1_000 };
      const alone = new ListPeers([peer(blackhole.port)]);
      await withProxy(alone, { timeouts }, async (proxy) => {
        const res = await httpRequest(proxy.url + '/');
        assert.equal(res.status, 504);
        assert.deepEqual(res.json(), TIMED_OUT);
        await proxy.settled(1);
        assert.equal(proxy.outcomes[0]?.errorCode, 'GW_ERR_PROXY_UPSTREAM_TIMEOUT');
        assert.deepEqual(alone.reports[0]?.outcome, { kind: 'timeout' });
      });
      const twoPeers = new ListPeers([peer(blackhole.port), peer(healthy.port)]);
      await withProxy(twoPeers, { timeouts, retries: 1 }, async (proxy) => {
        const res = await httpRequest(proxy.url + '/', { method: 'POST', body: 'still here' });
        assert.equal(res.status, 200);
        assert.equal(res.json<{ body: string }>().body, 'still here');
        await proxy.settled(1);
        assert.equal(proxy.outcomes[0]?.attempts, 2);
      });
    } finally {
      blackhole.close();
    }
  });

  it('answers 502 when the origin resets the connection; a GET without body is retried', async () => {
    const peers = new ListPeers([peer(resetting.port)]);
    await withProxy(peers, { retries: 2 }, async (proxy) => {
      const res = await httpRequest(proxy.url + '/');
      assert.equal(res.status, 502);
      assert.deepEqual(res.json(), BAD_GATEWAY);
      await proxy.settled(1);
      assert.equal(proxy.outcomes[0]?.errorCode, 'GW_ERR_PROXY_UPSTREAM_RESET');
      assert.equal(proxy.outcomes[0]?.attempts, 3);
      assert.equal(peers.reports.length, 3);
      assert.equal(peers.reports[0]?.outcome.kind, 'tcp_failure');
    });
  });

  it('does not retry a request whose body already went upstream', async () => {
    const peers = new ListPeers([peer(resetting.port), peer(healthy.port)]);
    const healthyBefore = healthy.requests.length;
    await withProxy(peers, { retries: 3 }, async (proxy) => {
      const res = await httpRequest(proxy.url + '/upload', { method: 'POST', body: 'x'.repeat(10_000) });
      assert.equal(res.status, 502);
      await proxy.settled(1);
      assert.equal(proxy.outcomes[0]?.attempts, 1);
      assert.equal(healthy.requests.length, healthyBefore);
    });
  });

  it('answers 502 for a refused connection and retries on another peer (attempts = 2)', async () => {
    const peers = new ListPeers([peer(deadPort), peer(healthy.port)]);
    await withProxy(peers, { retries: 5 }, async (proxy) => {
      const res = await httpRequest(proxy.url + '/retried', { method: 'POST', body: 'payload' });
      assert.equal(res.status, 200);
      assert.equal(res.json<{ body: string }>().body, 'payload', 'the body was replayed intact');
      await proxy.settled(1);
      const outcome = proxy.outcomes[0];
      assert.equal(outcome?.attempts, 2);
      assert.equal(outcome?.status, 200);
      assert.equal(outcome?.peer?.port, healthy.port);
      assert.deepEqual(peers.reports, [
        { peer: peer(deadPort).key, outcome: { kind: 'tcp_failure', code: 'ECONNREFUSED' } },
        { peer: peer(healthy.port).key, outcome: { kind: 'response', status: 200 } },
      ]);
      assert.equal(peers.acquired, 2);
      assert.equal(peers.released, 2);
    });
  });

  it('gives up after retries + 1 attempts', async () => {
    const peers = new ListPeers([peer(deadPort), peer(otherDeadPort)]);
    await withProxy(peers, { retries: 3 }, async (proxy) => {
      const res = await httpRequest(proxy.url + '/');
      assert.equal(res.status, 502);
      assert.deepEqual(res.json(), BAD_GATEWAY);
      await proxy.settled(1);
      assert.equal(proxy.outcomes[0]?.attempts, 4);
      assert.equal(proxy.outcomes[0]?.errorCode, 'GW_ERR_PROXY_UPSTREAM_CONNECT');
      assert.deepEqual(peers.picks.slice(0, 2), [peer(deadPort).key, peer(otherDeadPort).key]);
      assert.equal(peers.active, 0);
    });
  });

  it('answers 503 with Kong body when no peer can be picked', async () => {
    await withProxy(new ListPeers([]), {}, async (proxy) => {
      const res = await httpRequest(proxy.url + '/');
      assert.equal(res.status, 503);
      assert.deepEqual(res.json(), NO_PEER);
      await proxy.settled(1);
      assert.equal(proxy.outcomes[0]?.errorCode, 'GW_ERR_PROXY_NO_PEER');
      assert.equal(proxy.outcomes[0]?.attempts, 0);
    });
  });

  it('never retries after the response head; a broken body destroys the client socket', async () => {
    const dying = await startOrigin({
      handler: (req, res) => {
        req.resume();
        res.writeHead(200, { 'content-length': '100000' });
        res.write(Buffer.alloc(1000, 1), () => res.socket?.destroy());
      },
    });
    const peers = new ListPeers([peer(dying.port), peer(healthy.port)]);
    const healthyBefore = healthy.requests.length;
    try {
      await withProxy(peers, { retries: 5 }, async (proxy) => {
        await assert.rejects(httpRequest(proxy.url + '/'), (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET');
        await proxy.settled(1);
        assert.equal(proxy.outcomes[0]?.attempts, 1);
        assert.equal(proxy.outcomes[0]?.status, 200);
        assert.equal(proxy.outcomes[0]?.errorCode, 'GW_ERR_PROXY_RESPONSE_INTERRUPTED');
        assert.equal(healthy.requests.length, healthyBefore);
      });
    } finally {
      await dying.close();
    }
  });

  it('breaks a chunked response the same way: no terminating chunk ever reaches the client', async () => {
    const dying = await startOrigin({
      handler: (req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial', () => setTimeout(() => res.socket?.destroy(), 20));
      },
    });
    try {
      await withProxy(new ListPeers([peer(dying.port)]), {}, async (proxy) => {
        await assert.rejects(httpRequest(proxy.url + '/'));
        await proxy.settled(1);
        assert.equal(proxy.outcomes[0]?.errorCode, 'GW_ERR_PROXY_RESPONSE_INTERRUPTED');
      });
    } finally {
      await dying.close();
    }
  });

  it('answers 504 when the origin stops taking the request body for write_timeout', async () => {
    const stuck = await startOrigin({ handler: () => undefined, hangForever: false });
    const peers = new ListPeers([peer(stuck.port)]);
    try {
      await withProxy(peers, { timeouts: { connect: 1_000, write: 300, read: 10_000 } }, async (proxy) => {
        const res = await httpRequest(proxy.url + '/', { method: 'PUT', body: Buffer.alloc(64 * 1024 * 1024), timeoutMs: 10_000 });
        assert.equal(res.status, 504);
        assert.deepEqual(res.json(), TIMED_OUT);
        await proxy.settled(1);
        assert.equal(proxy.outcomes[0]?.errorCode, 'GW_ERR_PROXY_UPSTREAM_TIMEOUT');
        assert.ok((proxy.outcomes[0]?.bytesSent ?? 0) < 64 * 1024 * 1024);
      });
    } finally {
      await stuck.close();
    }
  });
});
