// health() and balancerHealth(): the JSON of Kong's `GET /upstreams/{name}/health`
// (and `?balancer_health=1`) for the status API.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBalancer } from '../../src/balancer/index.js';
import { UPSTREAM_ID, pickPeer, target, upstream } from './helpers.js';

describe('balancer: health JSON', () => {
  it('lists each target with its addresses, weights and verdict, shaped like Kong', () => {
    const t1 = target('10.0.0.1', 100);
    const t2 = target('10.0.0.2:81', 50);
    const b = createBalancer(upstream({}, { passive: { unhealthy: { http_failures: 1 } } }), [t1, t2], { nodeId: 'node-1' });
    b.report(pickPeer(b, undefined, new Set([`${t1.id}|10.0.0.1:8000`])), { kind: 'response', status: 500 });
    assert.deepEqual(b.health(), {
      data: [
        {
          id: t1.id,
          target: '10.0.0.1:8000',
          weight: 100,
          upstream: { id: UPSTREAM_ID },
          tags: null,
          health: 'HEALTHY',
          addresses: [{ ip: '10.0.0.1', port: 8000, weight: 100, health: 'HEALTHY' }],
          data: {
            host: '10.0.0.1',
            port: 8000,
            dns: 'A',
            nodeWeight: 100,
            weight: { total: 100, available: 100, unavailable: 0 },
            addresses: [{ ip: '10.0.0.1', port: 8000, weight: 100, health: 'HEALTHY' }],
          },
        },
        {
          id: t2.id,
          target: '10.0.0.2:81',
          weight: 50,
          upstream: { id: UPSTREAM_ID },
          tags: null,
          health: 'UNHEALTHY',
          addresses: [{ ip: '10.0.0.2', port: 81, weight: 50, health: 'UNHEALTHY' }],
          data: {
            host: '10.0.0.2',
            port: 81,
            dns: 'A',
            nodeWeight: 50,
            weight: { total: 50, available: 0, unavailable: 50 },
            addresses: [{ ip: '10.0.0.2', port: 81, weight: 50, health: 'UNHEALTHY' }],
          },
        },
      ],
      total: 2,
      next: null,
      node_id: 'node-1',
    });
    const whole = b.balancerHealth();
    assert.equal(whole.data.health, 'HEALTHY');
    assert.equal(whole.data.id, UPSTREAM_ID);
    assert.deepEqual(whole.data.details?.weight, { total: 150, available: 100, unavailable: 50 });
    assert.equal(whole.data.details?.hosts.length, 2);
  });

  it('says HEALTHCHECKS_OFF when no check is configured and leaves weight-0 targets out', () => {
    const b = createBalancer(upstream(), [target('10.0.0.1:80'), target('10.0.0.2:80', 0), target('[::1]:80')]);
    const health = b.health();
    assert.deepEqual(health.data.map((t) => [t.target, t.health, t.data.dns]), [
      ['10.0.0.1:80', 'HEALTHCHECKS_OFF', 'A'],
      ['[::1]:80', 'HEALTHCHECKS_OFF', 'AAAA'],
    ]);
    assert.equal(health.node_id, null);
    assert.deepEqual(b.balancerHealth(), { data: { id: UPSTREAM_ID, health: 'HEALTHCHECKS_OFF' }, next: null, node_id: null });
  });

  it('is plain JSON', () => {
    const b = createBalancer(upstream(), [target('10.0.0.1:80')]);
    assert.deepEqual(JSON.parse(JSON.stringify(b.health())), b.health());
  });
});
