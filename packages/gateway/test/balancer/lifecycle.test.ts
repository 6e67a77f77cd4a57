// start() and close(): timers and probes stop, nothing keeps the process alive, and a
// config of 100 upstreams builds without resolving or probing anything.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startOrigin } from '@gatehouse/testkit';
import { createBalancer } from '../../src/balancer/index.js';
import { FakeResolver, eventually, pickPeer, target, upstream } from './helpers.js';

/** Ref'd timers: the ones that would keep the process alive. */
const refTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('balancer: lifecycle', () => {
  it('close() stops probes and DNS refresh, aborts a hanging probe, and no timer holds the process', async (t) => {
    const origin = await startOrigin({ hangForever: true });
    t.after(() => origin.close());
    const resolver = new FakeResolver();
    resolver.set('api.internal', { addresses: ['10.0.0.1'], ttlSeconds: 0.01 });
    const checks = { active: { http_path: '/health', timeout: 30, healthy: { interval: 0.01 }, unhealthy: { interval: 0.01, timeouts: 1 } } };
    const before = refTimers();
    const b = createBalancer(upstream({}, checks), [target(`${origin.host}:${origin.port}`), target('api.internal:80')], {
      resolver,
      dns: { minTtlSeconds: 0.01 },
    });
    t.after(() => b.close());
    b.start();
    await eventually(() => origin.requests.length >= 1 && resolver.calls.length >= 3, 'a probe hangs; DNS refreshes');
    assert.equal(refTimers(), before, 'balancer timers are unref\'d');
    await b.close(); // resolves although the hanging probe would wait 30 s
    const [probes, lookups] = [origin.requests.length, resolver.calls.length];
    await pause(100); // ten intervals: nothing more may happen
    assert.deepEqual([origin.requests.length, resolver.calls.length], [probes, lookups]);
    assert.equal(origin.stats().openConnections, 0, 'the hanging probe connection was closed');
    assert.ok(pickPeer(b), 'pick still answers from the last state');
    b.start(); // a closed balancer does not start again
    await pause(30);
    assert.equal(resolver.calls.length, lookups);
  });

  it('start() is idempotent', async () => {
    const resolver = new FakeResolver();
    resolver.set('api.internal', { addresses: ['10.0.0.1'], ttlSeconds: 30 });
    const b = createBalancer(upstream(), [target('api.internal:80')], { resolver });
    b.start();
    b.start();
    await eventually(() => resolver.calls.length >= 1, 'resolved');
    assert.deepEqual(resolver.calls, ['api.internal']);
    await b.close();
  });

  it('builds 100 upstreams of 10 targets each without any I/O', async () => {
    const resolver = new FakeResolver();
    const algorithms = ['round-robin', 'least-connections', 'consistent-hashing'] as const;
    const balancers = Array.from({ length: 100 }, (_, i) =>
      createBalancer(
        upstream({ name: `u${i}`, algorithm: algorithms[i % 3]! }, { active: { healthy: { interval: 5 } } }),
        Array.from({ length: 10 }, (_, j) => target(j % 2 ? `10.${i}.0.${j}:80` : `svc-${j}.internal:80`)),
        { resolver },
      ),
    );
    assert.equal(resolver.calls.length, 0, 'nothing resolves before start()');
    for (const b of balancers) assert.ok(pickPeer(b, 'key'), 'IP targets serve at once');
    await Promise.all(balancers.map((b) => b.close()));
  });
});
