// Passive health checks from report(): Kong's counting rules, per address; the threshold;
// NoPeer when nothing is left; passive-only configs staying down until told otherwise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Upstream } from '@gatehouse/config';
import { createBalancer, isNoPeer } from '../../src/balancer/index.js';
import type { Balancer, BalancerLogger } from '../../src/balancer/index.js';
import type { Peer } from '../../src/upstream-types.js';
import { FakeResolver, countPicks, eventually, pickPeer, target, upstream } from './helpers.js';
import type { ChecksPatch } from './helpers.js';

type PassiveUnhealthy = Partial<Upstream['healthchecks']['passive']['unhealthy']>;
const passive = (unhealthy: PassiveUnhealthy, successes = 0): ChecksPatch => ({ passive: { unhealthy, healthy: { successes } } });

function serving(b: Balancer): string[] {
  if (isNoPeer(b.pick(undefined, new Set()))) return [];
  return [...countPicks(b, 40).keys()].sort();
}

function fail(b: Balancer, p: Peer, times: number, status = 500): void {
  for (let i = 0; i < times; i++) b.report(p, { kind: 'response', status });
}

describe('balancer: passive health checks', () => {
  it('marks an address unhealthy after http_failures consecutive failing statuses', () => {
    const b = createBalancer(upstream({}, passive({ http_failures: 3 }, 5)), [target('10.0.0.1:80'), target('10.0.0.2:80')]);
    const p = pickPeer(b);
    fail(b, p, 2);
    b.report(p, { kind: 'response', status: 200 }); // a counted success clears the failures
    fail(b, p, 2);
    assert.equal(serving(b).length, 2, 'never three in a row');
    fail(b, p, 1);
    assert.deepEqual(serving(b), ['10.0.0.2:80']);
  });

  it('does not clear failures on successes when healthy.successes is 0 (Kong: that counter is off)', () => {
    const b = createBalancer(upstream({}, passive({ http_failures: 3 })), [target('10.0.0.1:80'), target('10.0.0.2:80')]);
    const p = pickPeer(b);
    fail(b, p, 2);
    b.report(p, { kind: 'response', status: 200 });
    fail(b, p, 1);
    assert.deepEqual(serving(b), ['10.0.0.2:80']);
  });

  it('ignores statuses in neither list and counts TCP failures and timeouts on their own limits', () => {
    const b = createBalancer(upstream({}, passive({ http_failures: 1, tcp_failures: 2, timeouts: 2 })), [target('10.0.0.1:80'), target('10.0.0.2:80')]);
    const [p1, p2] = [pickPeer(b), pickPeer(b)];
    fail(b, p1, 5, 404); // not in passive unhealthy.http_statuses [429, 500, 503]
    b.report(p1, { kind: 'tcp_failure', code: 'ECONNREFUSED' });
    b.report(p1, { kind: 'timeout' });
    assert.equal(serving(b).length, 2, 'one of each is below both limits');
    b.report(p1, { kind: 'tcp_failure', code: 'ECONNRESET' });
    b.report(p2, { kind: 'timeout' });
    b.report(p2, { kind: 'timeout' });
    assert.deepEqual(serving(b), []);
  });

  it('keeps health per address: one failing address of a name leaves its sibling serving', async (t) => {
    const resolver = new FakeResolver();
    resolver.set('api.internal', { addresses: ['10.0.0.1', '10.0.0.2'], ttlSeconds: 60 });
    const b = createBalancer(upstream({}, passive({ http_failures: 1 })), [target('api.internal:80')], { resolver });
    t.after(() => b.close());
    b.start();
    await eventually(() => serving(b).length === 2, 'resolved');
    const bad = pickPeer(b);
    fail(b, bad, 1);
    assert.deepEqual(serving(b), [bad.host === '10.0.0.1' ? '10.0.0.2:80' : '10.0.0.1:80']);
    const entry = b.health().data[0]!;
    assert.equal(entry.health, 'HEALTHY', 'a target is HEALTHY while any address is');
    assert.deepEqual(entry.addresses.map((a) => a.health).sort(), ['HEALTHY', 'UNHEALTHY']);
  });

  it('answers NoPeer with Kong message when no address is healthy', () => {
    const b = createBalancer(upstream({}, passive({ http_failures: 1 })), [target('10.0.0.1:80')]);
    fail(b, pickPeer(b), 1);
    assert.deepEqual(b.pick(undefined, new Set()), { error: 'GW_ERR_UPSTREAM_NO_PEER', message: 'failure to get a peer from the ring-balancer' });
  });

  it('stays down in a passive-only config, even on late successes, until set healthy or rebuilt', () => {
    const u = upstream({}, passive({ http_failures: 1 }));
    const targets = [target('10.0.0.1:80'), target('10.0.0.2:80')];
    const b = createBalancer(u, targets);
    const p = pickPeer(b);
    fail(b, p, 1);
    for (let i = 0; i < 10; i++) b.report(p, { kind: 'response', status: 200 }); // passive healthy.successes is 0
    assert.equal(serving(b).length, 1);
    assert.deepEqual(b.setTargetHealth(targets[0]!.id, true), { ok: true });
    assert.equal(serving(b).length, 2);
    fail(b, p, 1);
    assert.equal(serving(createBalancer(u, targets)).length, 2, 'a new config snapshot starts healthy');
  });

  it('brings an address back after healthy.successes successes when configured', () => {
    const b = createBalancer(upstream({}, passive({ http_failures: 1 }, 2)), [target('10.0.0.1:80'), target('10.0.0.2:80')]);
    const p = pickPeer(b);
    fail(b, p, 1);
    b.report(p, { kind: 'response', status: 204 });
    assert.equal(serving(b).length, 1, 'mostly unhealthy is still down');
    b.report(p, { kind: 'response', status: 204 });
    assert.equal(serving(b).length, 2);
  });

  it('takes the whole upstream down when the available weight falls below threshold', () => {
    const targets = [1, 2, 3, 4].map((n) => target(`10.0.0.${n}:80`));
    const b = createBalancer(upstream({}, { ...passive({ http_failures: 1 }), threshold: 50 }), targets);
    const peers = [1, 2, 3, 4].map(() => pickPeer(b));
    fail(b, peers[0]!, 1);
    fail(b, peers[1]!, 1);
    assert.equal(serving(b).length, 2, '50% available meets a threshold of 50');
    assert.equal(b.balancerHealth().data.health, 'HEALTHY');
    fail(b, peers[2]!, 1);
    assert.ok(isNoPeer(b.pick(undefined, new Set())), '25% is below the threshold: no peer although one is healthy');
    assert.equal(b.balancerHealth().data.health, 'UNHEALTHY');
    b.setTargetHealth(peers[0]!.targetId!, true);
    assert.equal(serving(b).length, 2);
  });

  it('counts nothing when health checks are off, as Kong', () => {
    const b = createBalancer(upstream(), [target('10.0.0.1:80')]);
    const p = pickPeer(b);
    fail(b, p, 50);
    b.report(p, { kind: 'timeout' });
    assert.equal(serving(b).length, 1);
    assert.equal(b.setTargetHealth('10.0.0.1:80', false).ok, false);
  });

  it('sets one address of a target by ip:port and reports unknown targets and addresses', () => {
    const b = createBalancer(upstream({}, passive({ http_failures: 1 })), [target('10.0.0.1:80'), target('10.0.0.2:80')]);
    assert.deepEqual(b.setTargetHealth('10.0.0.1:80', false, '10.0.0.1:80'), { ok: true });
    assert.deepEqual(serving(b), ['10.0.0.2:80']);
    assert.equal(b.setTargetHealth('10.0.0.9:80', false).ok, false);
    assert.equal(b.setTargetHealth('10.0.0.1:80', false, '10.0.0.7:80').ok, false);
  });

  it('logs each address health change with the upstream, target and address', () => {
    const lines: Array<[Record<string, unknown>, string]> = [];
    const record = (obj: object, msg?: string) => void lines.push([obj as Record<string, unknown>, msg ?? '']);
    const logger = { warn: record, info: record, debug: record, error: record } as unknown as BalancerLogger;
    const b = createBalancer(upstream({}, passive({ http_failures: 1 })), [target('10.0.0.1:80'), target('10.0.0.2:80')], { logger });
    fail(b, pickPeer(b), 1);
    assert.deepEqual(lines, [
      [{ upstream: 'backend', target: '10.0.0.1:80', address: '10.0.0.1:80', health: 'unhealthy', source: 'passive' }, 'upstream address is now unhealthy'],
    ]);
  });
});
