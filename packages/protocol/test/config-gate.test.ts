import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigGate } from '../src/index.js';

const h = (c: string) => c.repeat(64);

describe('config gate: versions only move forward', () => {
  test('new versions apply; the one run is a duplicate; older is outdated', () => {
    const gate = new ConfigGate({ version: 5, hash: h('a') });
    assert.equal(gate.offer(5, h('a')), 'duplicate');
    assert.equal(gate.offer(4, h('b')), 'outdated');
    assert.equal(gate.offer(5, h('c')), 'conflict');
    assert.equal(gate.offer(6, h('d')), 'apply');
    gate.acked(6, h('d'));
    assert.deepEqual(gate.running, { version: 6, hash: h('d') });
    assert.equal(gate.pending, null);
  });

  test('out of order while applying: older is stale, the same is in progress', () => {
    const gate = new ConfigGate();
    assert.equal(gate.offer(3, h('a')), 'apply');
    assert.equal(gate.offer(3, h('a')), 'in_progress');
    assert.equal(gate.offer(2, h('b')), 'stale');
    assert.equal(gate.offer(4, h('c')), 'apply');
    assert.equal(gate.isCurrent(3, h('a')), false);
    assert.equal(gate.isCurrent(4, h('c')), true);
  });

  test('a NACKed version may be offered again (after a reconnect)', () => {
    const gate = new ConfigGate();
    assert.equal(gate.offer(3, h('a')), 'apply');
    gate.nacked(3, h('a'));
    assert.equal(gate.offer(3, h('a')), 'apply');
  });

  test('an ACK of an older version never lowers what runs', () => {
    const gate = new ConfigGate({ version: 9, hash: h('a') });
    gate.acked(7, h('b'));
    assert.deepEqual(gate.running, { version: 9, hash: h('a') });
  });
});
