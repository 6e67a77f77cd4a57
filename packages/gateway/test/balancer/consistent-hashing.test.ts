// Consistent hashing: a key always lands on the same peer; removing a target moves only its
// keys; weights shape the share; unavailable peers are skipped and get their keys back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBalancer, xxhash32 } from '../../src/balancer/index.js';
import { countPicks, pickPeer, target, upstream } from './helpers.js';

const ch = (slots = 10000) => upstream({ algorithm: 'consistent-hashing', hash_on: 'header', hash_on_header: 'x-user', slots }, { passive: { unhealthy: { http_failures: 1 } } });
const keys = Array.from({ length: 2000 }, (_, i) => `user-${i}`);
const fiveTargets = () => [1, 2, 3, 4, 5].map((n) => target(`10.0.0.${n}:80`));

function mapping(targets: ReturnType<typeof fiveTargets>, slots?: number): Map<string, string> {
  const b = createBalancer(ch(slots), targets);
  return new Map(keys.map((k) => [k, pickPeer(b, k).host]));
}

describe('balancer: consistent-hashing', () => {
  it('hashes with XXH32 (the reference vectors)', () => {
    assert.equal(xxhash32(''), 0x02cc5d05);
    assert.equal(xxhash32('a'), 0x550d7456);
    assert.equal(xxhash32('abc'), 0x32d153ff);
    assert.equal(xxhash32('Nobody inspects the spammish repetition'), 0xe2293b2f);
  });

  it('maps the same key to the same peer, every time and in a rebuilt balancer', () => {
    const targets = fiveTargets();
    const b = createBalancer(ch(), targets);
    const first = keys.map((k) => pickPeer(b, k).key);
    assert.deepEqual(keys.map((k) => pickPeer(b, k).key), first);
    const rebuilt = createBalancer(ch(), [...targets].reverse());
    assert.deepEqual(keys.map((k) => pickPeer(rebuilt, k).key), first, 'target order in the config does not matter');
  });

  it('spreads keys over all targets roughly evenly', () => {
    const counts = countPicks(createBalancer(ch(), fiveTargets()), keys.length, (i) => keys[i]);
    assert.equal(counts.size, 5);
    for (const n of counts.values()) assert.ok(n > 250 && n < 550, `share ${n} of 2000`);
  });

  it('moves only the removed target keys when one target goes away', () => {
    const targets = fiveTargets();
    const before = mapping(targets);
    const after = mapping(targets.filter((t) => t.target !== '10.0.0.3:80'));
    let kept = 0;
    for (const [k, host] of before) {
      if (host === '10.0.0.3') continue;
      if (after.get(k) === host) kept++;
    }
    const notOnRemoved = [...before.values()].filter((h) => h !== '10.0.0.3').length;
    assert.ok(kept / notOnRemoved >= 0.9, `${kept}/${notOnRemoved} keys of the other targets stayed`);
    assert.ok(kept / keys.length >= 0.7);
  });

  it('gives a heavier target a larger share', () => {
    const b = createBalancer(ch(), [target('10.0.0.1:80', 300), target('10.0.0.2:80', 100)]);
    const counts = countPicks(b, keys.length, (i) => keys[i]);
    const heavy = counts.get('10.0.0.1:80') ?? 0;
    assert.ok(heavy / keys.length > 0.65 && heavy / keys.length < 0.85, `heavy share ${heavy}/2000`);
  });

  it('skips an unhealthy peer and gives its keys back when it recovers', () => {
    const b = createBalancer(ch(), fiveTargets());
    const key = 'user-42';
    const home = pickPeer(b, key);
    b.report(home, { kind: 'response', status: 500 }); // http_failures: 1
    const other = pickPeer(b, key);
    assert.notEqual(other.key, home.key);
    assert.equal(pickPeer(b, 'user-42').key, other.key, 'stable while the home peer is down');
    assert.deepEqual(b.setTargetHealth(home.targetId!, true), { ok: true });
    assert.equal(pickPeer(b, key).key, home.key);
  });

  it('walks to the next peer on a retry and hashes a missing key as ""', () => {
    const b = createBalancer(ch(), fiveTargets());
    const first = pickPeer(b, 'k');
    assert.notEqual(pickPeer(b, 'k', new Set([first.key])).key, first.key);
    assert.equal(pickPeer(b, undefined).key, pickPeer(b, '').key);
  });

  it('uses at least 1000 slots, as Kong does, and still maps every key', () => {
    assert.deepEqual(mapping(fiveTargets().slice(0, 2), 10), mapping(fiveTargets().slice(0, 2), 1000));
  });
});
