// Least-connections: the fewest in-flight requests relative to weight wins; idle peers first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBalancer } from '../../src/balancer/index.js';
import { countPicks, pickPeer, target, upstream } from './helpers.js';

describe('balancer: least-connections', () => {
  const lc = upstream({ algorithm: 'least-connections' });

  it('prefers an idle peer over a busy one', () => {
    const b = createBalancer(lc, [target('10.0.0.1:80'), target('10.0.0.2:80'), target('10.0.0.3:80')]);
    const busy = pickPeer(b);
    b.acquire(busy);
    b.acquire(busy);
    const second = pickPeer(b);
    assert.notEqual(second.key, busy.key);
    b.acquire(second);
    const third = pickPeer(b);
    assert.ok(third.key !== busy.key && third.key !== second.key, 'the one idle peer is picked');
  });

  it('sends the next request to a peer as soon as it is released', () => {
    const b = createBalancer(lc, [target('10.0.0.1:80'), target('10.0.0.2:80')]);
    const [p1, p2] = [pickPeer(b), pickPeer(b)];
    b.acquire(p1);
    b.acquire(p2);
    b.acquire(p2);
    assert.equal(pickPeer(b).key, p1.key);
    b.release(p2);
    b.release(p2);
    assert.equal(pickPeer(b).key, p2.key, 'p2 is idle again, p1 still has one in flight');
  });

  it('spreads equal idle peers evenly', () => {
    const b = createBalancer(lc, [target('10.0.0.1:80'), target('10.0.0.2:80'), target('10.0.0.3:80')]);
    assert.deepEqual([...countPicks(b, 300).values()], [100, 100, 100]);
  });

  it('weights the in-flight count: weight 200 holds twice the requests of weight 100', () => {
    const b = createBalancer(lc, [target('10.0.0.1:80', 200), target('10.0.0.2:80', 100)]);
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const p = pickPeer(b);
      b.acquire(p); // none released: the in-flight counts grow 2:1
      counts.set(p.host, (counts.get(p.host) ?? 0) + 1);
    }
    assert.equal(counts.get('10.0.0.1'), 200);
    assert.equal(counts.get('10.0.0.2'), 100);
  });

  it('never picks weight 0 and ignores releases below zero or for unknown peers', () => {
    const b = createBalancer(lc, [target('10.0.0.1:80', 100), target('10.0.0.2:80', 0)]);
    const p = pickPeer(b);
    b.release(p);
    b.release({ ...p, key: 'unknown|1.1.1.1:1' });
    assert.deepEqual([...countPicks(b, 50).keys()], ['10.0.0.1:80']);
  });
});
