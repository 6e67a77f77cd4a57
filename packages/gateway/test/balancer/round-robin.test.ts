// Weighted round-robin: exact shares by weight, interleaved, deterministic; weight 0 never
// picked; retries skip tried peers while others remain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBalancer, isNoPeer, NO_PEER_MESSAGE } from '../../src/balancer/index.js';
import { countPicks, pickPeer, target, upstream } from './helpers.js';

describe('balancer: round-robin', () => {
  it('gives weights 100/50 exactly 2000/1000 of 3000 picks', () => {
    const b = createBalancer(upstream(), [target('10.0.0.1:80', 100), target('10.0.0.2:80', 50)]);
    const counts = countPicks(b, 3000);
    assert.equal(counts.get('10.0.0.1:80'), 2000);
    assert.equal(counts.get('10.0.0.2:80'), 1000);
  });

  it('interleaves peers instead of sending runs to the heavy one', () => {
    const b = createBalancer(upstream(), [target('10.0.0.1:80', 300), target('10.0.0.2:80', 100), target('10.0.0.3:80', 100)]);
    const seq = Array.from({ length: 50 }, () => pickPeer(b).host);
    let run = 1;
    for (let i = 1; i < seq.length; i++) {
      run = seq[i] === seq[i - 1] ? run + 1 : 1;
      assert.ok(run <= 2, `run of ${run} at ${i}: ${seq.join(' ')}`);
    }
    assert.deepEqual(seq.slice(0, 5), ['10.0.0.1', '10.0.0.2', '10.0.0.1', '10.0.0.3', '10.0.0.1']);
  });

  it('is deterministic: two balancers over the same targets pick the same sequence', () => {
    const targets = [target('10.0.0.1:80', 7), target('10.0.0.2:80', 3), target('10.0.0.3:80', 5)];
    const a = createBalancer(upstream(), targets);
    const b = createBalancer(upstream(), targets);
    for (let i = 0; i < 100; i++) assert.equal(pickPeer(a).key, pickPeer(b).key);
  });

  it('never picks a target with weight 0', () => {
    const b = createBalancer(upstream(), [target('10.0.0.1:80', 100), target('10.0.0.2:80', 0)]);
    assert.deepEqual([...countPicks(b, 500).keys()], ['10.0.0.1:80']);
  });

  it('answers NoPeer with Kong message when every target has weight 0 or there are none', () => {
    for (const targets of [[target('10.0.0.1:80', 0)], []]) {
      const picked = createBalancer(upstream(), targets).pick(undefined, new Set());
      assert.ok(isNoPeer(picked));
      assert.equal(picked.message, 'failure to get a peer from the ring-balancer');
      assert.equal(picked.message, NO_PEER_MESSAGE);
    }
  });

  it('skips tried peers on a retry, and reuses one when all were tried', () => {
    const b = createBalancer(upstream(), [target('10.0.0.1:80'), target('10.0.0.2:80'), target('10.0.0.3:80')]);
    const tried = new Set<string>();
    for (let attempt = 0; attempt < 3; attempt++) tried.add(pickPeer(b, undefined, tried).key);
    assert.equal(tried.size, 3);
    assert.ok(tried.has(pickPeer(b, undefined, tried).key));
  });

  it('builds peers with the target id, resolved host, port and configured hostname', () => {
    const t = target('10.1.2.3:9000');
    const peer = pickPeer(createBalancer(upstream(), [t]));
    assert.deepEqual(
      { ...peer },
      { key: `${t.id}|10.1.2.3:9000`, targetId: t.id, host: '10.1.2.3', port: 9000, hostname: '10.1.2.3' },
    );
  });
});
