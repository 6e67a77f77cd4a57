import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { httpRequest, loadGenerator, startOrigin } from '@gatehouse/testkit';
import { apply, config, startGateway } from './helpers.js';

describe('engine: atomic config swaps', () => {
  test('100 consecutive swaps under continuous load: zero failed requests', async (t) => {
    const a = await startOrigin({ name: 'a' });
    const b = await startOrigin({ name: 'b' });
    t.after(() => Promise.all([a.close(), b.close()]));
    const gw = await startGateway(t);
    const variant = (i: number) => ({
      services: [{ name: 'svc', url: i % 2 === 0 ? a.url : b.url, routes: [{ name: 'api', paths: ['/api'] }, { name: `extra-${i}`, paths: [`/extra/${i}`] }] }],
    });
    apply(gw.node, variant(0));
    let loadFinished = false;
    const load = loadGenerator({ url: `${gw.url}/api/load`, concurrency: 16, durationMs: 8_000 }).finally(() => {
      loadFinished = true;
    });
    await new Promise((r) => setTimeout(r, 200));
    let swapsUnderLoad = 0;
    for (let i = 1; i <= 100; i++) {
      apply(gw.node, variant(i), i);
      if (!loadFinished) swapsUnderLoad += 1;
      await new Promise((r) => setTimeout(r, 20));
    }
    const done = await load;
    assert.equal(swapsUnderLoad, 100, 'every swap must happen while the load runs');
    assert.ok(done.total > 500, `only ${done.total} requests were made`);
    assert.equal(done.failed, 0, `failed: ${JSON.stringify({ byStatus: done.byStatus, errors: done.errors })}`);
    assert.equal(done.ok, done.total, 'every request got a 2xx');
    t.diagnostic(`${done.total} requests across 100 swaps, ${done.failed} failed, p99 ${done.latencyMs.p99.toFixed(1)} ms`);
  });

  test('a request in flight finishes on the snapshot it started on', async (t) => {
    const slow = await startOrigin({ name: 'old', delayMs: 400 });
    const fresh = await startOrigin({ name: 'new' });
    t.after(() => Promise.all([slow.close(), fresh.close()]));
    const gw = await startGateway(t);
    apply(gw.node, { services: [{ name: 'svc', url: slow.url, routes: [{ paths: ['/'] }] }] });
    const pending = httpRequest(`${gw.url}/x`);
    await new Promise((r) => setTimeout(r, 100));
    const oldSnapshot = gw.node.engine.current!;
    assert.equal(oldSnapshot.inflight, 1);
    apply(gw.node, { services: [{ name: 'svc', url: fresh.url, routes: [{ paths: ['/'] }] }] }, 2);
    const after = await httpRequest(`${gw.url}/y`);
    assert.equal(after.headers['x-origin-name'], 'new');
    const before = await pending;
    assert.equal(before.status, 200);
    assert.equal(before.headers['x-origin-name'], 'old');
    assert.equal(oldSnapshot.inflight, 0);
  });

  test('a config that does not compile is refused and the running one keeps serving', async (t) => {
    const origin = await startOrigin();
    t.after(() => origin.close());
    const gw = await startGateway(t);
    const good = apply(gw.node, { services: [{ name: 'svc', url: origin.url, routes: [{ paths: ['/'] }] }] });
    // A plugin this node does not run: valid for a registry that knows it, not compilable here.
    const withPlugin = config({ services: [{ name: 'svc', url: origin.url, routes: [{ paths: ['/'] }] }] });
    withPlugin.config.plugins.push({
      id: '00000000-0000-4000-8000-000000000001', name: 'not-installed', instance_name: null, config: {}, enabled: true,
      protocols: ['http', 'https'], ordering: null, service: null, route: null, consumer: null, tags: null,
    });
    const refused = gw.node.apply(withPlugin.config, { version: 2, hash: 'x', source: 'control_plane' });
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.code, 'GW_ERR_PLUGIN_UNAVAILABLE');
    assert.equal(gw.node.engine.current?.meta.hash, good.hash);
    assert.equal((await httpRequest(`${gw.url}/still`)).status, 200);
  });

  test('close() lets an in-flight request finish and then stops accepting', async (t) => {
    const slow = await startOrigin({ delayMs: 300 });
    t.after(() => slow.close());
    const gw = await startGateway(t);
    apply(gw.node, { services: [{ name: 'svc', url: slow.url, routes: [{ paths: ['/'] }] }] });
    const pending = httpRequest(`${gw.url}/slow`);
    await new Promise((r) => setTimeout(r, 50));
    const closing = gw.node.close(5000);
    const res = await pending;
    assert.equal(res.status, 200);
    await closing;
    await assert.rejects(httpRequest(`${gw.url}/after`, { timeoutMs: 1000 }), /ECONNREFUSED/);
  });
});
