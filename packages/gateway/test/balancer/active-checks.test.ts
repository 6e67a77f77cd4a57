// Active health checks against real origins: /health answering 503 marks an address
// unhealthy, answering 200 again brings it back; TCP-only checks, timeouts, TLS failures,
// the Host header, concurrency, and which loop probes which addresses.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { startOrigin } from '@gatehouse/testkit';
import type { Origin } from '@gatehouse/testkit';
import { createBalancer } from '../../src/balancer/index.js';
import type { Balancer } from '../../src/balancer/index.js';
import { countPicks, eventually, target, upstream } from './helpers.js';
import type { ChecksPatch } from './helpers.js';

const probing: ChecksPatch = {
  active: {
    http_path: '/health',
    timeout: 0.5,
    healthy: { interval: 0.03, successes: 2 },
    unhealthy: { interval: 0.03, http_failures: 2, tcp_failures: 1, timeouts: 1 },
  },
};

function addressHealth(b: Balancer, origin: Origin): string | undefined {
  const spec = `${origin.host}:${origin.port}`;
  return b.health().data.find((t) => t.target === spec)?.data.addresses[0]?.health;
}

function healthProbes(origin: Origin): number {
  return origin.requests.filter((r) => r.path === '/health').length;
}

describe('balancer: active health checks', () => {
  it('marks an origin unhealthy when /health fails and healthy again when it recovers', async (t) => {
    const [a, b] = await Promise.all([startOrigin({ name: 'a' }), startOrigin({ name: 'b' })]);
    const bal = createBalancer(upstream({}, probing), [target(`${a.host}:${a.port}`), target(`${b.host}:${b.port}`)]);
    t.after(async () => {
      await bal.close();
      await Promise.all([a.close(), b.close()]);
    });
    bal.start();
    await eventually(() => healthProbes(a) >= 2, 'probes reach the origin');
    assert.equal(addressHealth(bal, a), 'HEALTHY');
    a.setHealthy(false);
    await eventually(() => addressHealth(bal, a) === 'UNHEALTHY', 'a marked unhealthy');
    assert.deepEqual([...countPicks(bal, 10).keys()], [`${b.host}:${b.port}`]);
    a.setHealthy(true);
    await eventually(() => addressHealth(bal, a) === 'HEALTHY', 'a healthy again');
    assert.equal(countPicks(bal, 10).size, 2);
  });

  it('sends GET http_path with the configured headers and the Host of host_header', async (t) => {
    const origin = await startOrigin();
    const u = upstream({ host_header: 'api.example' }, { active: { ...probing.active, headers: { 'x-probe': ['yes'] } } });
    const bal = createBalancer(u, [target(`${origin.host}:${origin.port}`)]);
    t.after(async () => {
      await bal.close();
      await origin.close();
    });
    bal.start();
    await eventually(() => healthProbes(origin) >= 1, 'a probe');
    const probe = origin.requests.find((r) => r.path === '/health')!;
    assert.equal(probe.method, 'GET');
    assert.equal(probe.headers.host, 'api.example');
    assert.equal(probe.headers['x-probe'], 'yes');
  });

  it('type tcp only connects: a closed port is a TCP failure, an open one a success', async (t) => {
    const origin = await startOrigin();
    const spec = `${origin.host}:${origin.port}`;
    const bal = createBalancer(upstream({}, { active: { ...probing.active, type: 'tcp' } }), [target(spec)]);
    t.after(() => bal.close());
    bal.start();
    await eventually(() => origin.stats().connections >= 2, 'two TCP probes connected');
    assert.equal(addressHealth(bal, origin), 'HEALTHY');
    assert.equal(healthProbes(origin), 0, 'no HTTP request is sent');
    await origin.close();
    await eventually(() => addressHealth(bal, origin) === 'UNHEALTHY', 'connection refused counts');
  });

  it('counts a probe slower than timeout as a timeout', async (t) => {
    const origin = await startOrigin({ hangForever: true });
    const checks: ChecksPatch = { active: { ...probing.active, timeout: 0.05 } };
    const bal = createBalancer(upstream({}, checks), [target(`${origin.host}:${origin.port}`)]);
    t.after(async () => {
      await bal.close();
      await origin.close();
    });
    bal.start();
    await eventually(() => addressHealth(bal, origin) === 'UNHEALTHY', 'timed out probe');
    origin.setBehaviour({ hangForever: false });
    await eventually(() => addressHealth(bal, origin) === 'HEALTHY', 'answers again');
  });

  it('type https: a failed TLS handshake counts as a TCP failure', async (t) => {
    const origin = await startOrigin(); // plain HTTP: the handshake fails
    const bal = createBalancer(upstream({}, { active: { ...probing.active, type: 'https', https_verify_certificate: false } }), [
      target(`${origin.host}:${origin.port}`),
    ]);
    t.after(async () => {
      await bal.close();
      await origin.close();
    });
    bal.start();
    await eventually(() => addressHealth(bal, origin) === 'UNHEALTHY', 'handshake failure');
  });

  it('probes unhealthy addresses only on the unhealthy loop when healthy.interval is 0', async (t) => {
    const [down, up] = await Promise.all([startOrigin(), startOrigin()]);
    const checks: ChecksPatch = { active: { http_path: '/health', unhealthy: { interval: 0.02, http_failures: 1 } } };
    const bal = createBalancer(upstream({}, checks), [target(`${down.host}:${down.port}`), target(`${up.host}:${up.port}`)]);
    t.after(async () => {
      await bal.close();
      await Promise.all([down.close(), up.close()]);
    });
    assert.deepEqual(bal.setTargetHealth(`${down.host}:${down.port}`, false), { ok: true });
    bal.start();
    await eventually(() => healthProbes(down) >= 3, 'the unhealthy address is probed');
    assert.equal(healthProbes(up), 0, 'healthy addresses are not probed');
    assert.equal(addressHealth(bal, down), 'UNHEALTHY', 'successes 0 never marks healthy, as in Kong');
  });

  it('runs at most `concurrency` probes at once', async (t) => {
    let running = 0;
    let peak = 0;
    const handler = async (_req: unknown, res: ServerResponse) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
      res.end('ok');
    };
    const origins = await Promise.all([1, 2, 3].map(() => startOrigin({ handler })));
    const checks: ChecksPatch = { active: { concurrency: 1, healthy: { interval: 0.02 }, unhealthy: { interval: 0.02, http_failures: 1 } } };
    const bal = createBalancer(upstream({}, checks), origins.map((o) => target(`${o.host}:${o.port}`)));
    t.after(async () => {
      await bal.close();
      await Promise.all(origins.map((o) => o.close()));
    });
    bal.start();
    await eventually(() => origins.every((o) => o.requests.length >= 2), 'every origin probed twice');
    assert.equal(peak, 1);
  });
});
