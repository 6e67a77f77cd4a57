// Bodies stream through with backpressure: hundreds of megabytes up and down without the
// process growing, byte counts exact; upstream connections are kept alive and reused.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { httpRequest, startOrigin } from '@gatehouse/testkit';
import type { Origin } from '@gatehouse/testkit';
import { ListPeers, peer, startProxy } from './helpers.js';
import type { TestProxy } from './helpers.js';

const MiB = 1024 * 1024;
const BIG = 300 * MiB;
const MEMORY_BUDGET = 64 * MiB;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Runs `work` while sampling memory; returns the largest growth of RSS and of the JS heap over
 * a baseline. Socket buffers that are garbage but not yet collected (arrayBuffers) come and go
 * with the GC's pace and do not grow with the body size, so they are not counted.
 */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ value: T; rss: number; heap: number }> {
  gc();
  const base = process.memoryUsage();
  let rss = 0;
  let heap = 0;
  const sample = (): void => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss - base.rss);
    heap = Math.max(heap, now.heapUsed - base.heapUsed);
  };
  const timer = setInterval(sample, 10);
  try {
    const value = await work();
    sample();
    return { value, rss, heap };
  } finally {
    clearInterval(timer);
  }
}

/** `total` bytes from one reused chunk, so the client side allocates nothing per chunk. */
function generated(total: number): Readable {
  const chunk = Buffer.alloc(64 * 1024, 7);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) {
        this.push(null);
        return;
      }
      const size = Math.min(chunk.length, left);
      left -= size;
      this.push(size === chunk.length ? chunk : chunk.subarray(0, size));
    },
  });
}

describe('streaming bodies', () => {
  let origin: Origin;
  let proxy: TestProxy;

  before(async () => {
    origin = await startOrigin({ name: 'bulk' });
    proxy = await startProxy({
      peers: new ListPeers([peer(origin.port)]),
      context: () => ({ timeouts: { connect: 1_000, write: 30_000, read: 30_000 } }),
    });
    // Warm up once (allocator arenas, JIT, socket buffers) so the budget measures growth with size.
    await httpRequest(`${proxy.url}/stream/${32 * MiB}`, { discardBody: true, timeoutMs: 30_000 });
    await httpRequest(`${proxy.url}/sink`, { method: 'POST', body: generated(32 * MiB), timeoutMs: 30_000 });
    await proxy.settled(2);
  });
  after(async () => {
    await proxy.close();
    await origin.close();
  });

  it(`downloads ${BIG / MiB} MiB with bounded memory and exact byte counts`, async () => {
    const first = proxy.outcomes.length;
    const { value: res, rss, heap } = await peakGrowth(() =>
      httpRequest(`${proxy.url}/stream/${BIG}`, { discardBody: true, timeoutMs: 60_000 }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.bodyBytes, BIG);
    await proxy.settled(first + 1);
    assert.equal(proxy.outcomes[first]?.bytesReceived, BIG);
    assert.ok(rss < MEMORY_BUDGET, `RSS grew by ${(rss / MiB).toFixed(1)} MiB`);
    assert.ok(heap < MEMORY_BUDGET, `the JS heap grew by ${(heap / MiB).toFixed(1)} MiB`);
  });

  it(`uploads ${BIG / MiB} MiB with bounded memory and exact byte counts`, async () => {
    const first = proxy.outcomes.length;
    const { value: res, rss, heap } = await peakGrowth(() =>
      httpRequest(`${proxy.url}/sink`, { method: 'POST', body: generated(BIG), timeoutMs: 60_000 }),
    );
    assert.equal(res.status, 200, res.text());
    assert.equal(res.json<{ bytes: number }>().bytes, BIG);
    await proxy.settled(first + 1);
    assert.equal(proxy.outcomes[first]?.bytesSent, BIG);
    assert.ok(rss < MEMORY_BUDGET, `RSS grew by ${(rss / MiB).toFixed(1)} MiB`);
    assert.ok(heap < MEMORY_BUDGET, `the JS heap grew by ${(heap / MiB).toFixed(1)} MiB`);
  });

  it('holds the origin back while the client reads slowly', async () => {
    const { request } = await import('node:http');
    const streamedBefore = origin.stats().streamedBytes;
    const received = await new Promise<number>((resolve, reject) => {
      const req = request(`${proxy.url}/stream/${BIG}`, { agent: false }, (res) => {
        res.pause();
        setTimeout(() => {
          // Far less than the body can have been produced while nobody read.
          const produced = origin.stats().streamedBytes - streamedBefore;
          req.destroy();
          resolve(produced);
        }, 300);
      });
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
      req.end();
    });
    assert.ok(received < 32 * MiB, `the origin produced ${(received / MiB).toFixed(1)} MiB for a paused client`);
  });

  it('reuses one keep-alive upstream connection for sequential requests', async () => {
    const local = await startOrigin({ name: 'keepalive' });
    const local_proxy = await startProxy({ peers: new ListPeers([peer(local.port)]) });
    try {
      for (let i = 0; i < 20; i++) {
        const res = await httpRequest(`${local_proxy.url}/n/${i}`, { method: i % 2 ? 'POST' : 'GET', body: i % 2 ? 'x' : undefined });
        assert.equal(res.status, 200);
      }
      assert.equal(local.requests.length, 20);
      assert.equal(local.stats().connections, 1);
    } finally {
      await local_proxy.close();
      await local.close();
    }
  });

  it('closes the pools of a retired snapshot after in-flight requests finish', async () => {
    const slow = await startOrigin({ name: 'draining', delayMs: 200 });
    const draining = await startProxy({ peers: new ListPeers([peer(slow.port)]) });
    try {
      const inFlight = httpRequest(`${draining.url}/in-flight`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const closed = draining.pools.close();
      assert.equal((await inFlight).status, 200);
      await closed;
      assert.equal(draining.pools.stats().connected, 0);
      const after = await httpRequest(`${draining.url}/after`);
      assert.equal(after.status, 502);
      await draining.settled(2);
      assert.equal(draining.outcomes[1]?.errorCode, 'GW_ERR_PROXY_POOLS_CLOSED');
    } finally {
      await draining.close();
      await slow.close();
    }
  });
});
