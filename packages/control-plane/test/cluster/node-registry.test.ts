import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Hello } from '@gatehouse/protocol';
import { NodeRegistry } from '../../src/cluster/index.js';
import { captureLog } from './cluster-fixtures.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

function hello(id: string, extra: Partial<Hello> = {}): Hello {
  return {
    type: 'hello', protocol: 1, node_id: id, hostname: id.slice(0, 4), version: '1.0.0', role: 'data_plane', plugins: [], labels: {},
    capabilities: [], config_hash: null, config_version: null, config_source: 'none', ...extra,
  };
}

describe('node registry', () => {
  test('sync status: behind → pending → normal, failed on NACK of the current hash, disconnected', () => {
    let now = 1_000_000;
    const registry = new NodeRegistry({ purgeDelayMs: 10_000, logger: captureLog(), now: () => now });
    const id = crypto.randomUUID();
    const s = registry.connect(hello(id), '10.0.0.7', null);
    assert.equal(registry.get(id)?.sync_status, 'normal', 'nothing published yet');
    registry.setCurrent(1, A);
    assert.equal(registry.get(id)?.sync_status, 'behind');
    registry.sent(id, s, A);
    assert.equal(registry.get(id)?.sync_status, 'pending');
    registry.nacked(id, s, A, 'E: broken');
    assert.equal(registry.get(id)?.sync_status, 'failed');
    registry.setCurrent(2, B);
    assert.equal(registry.get(id)?.sync_status, 'behind');
    registry.acked(id, s, 2, B);
    assert.deepEqual({ status: registry.get(id)?.sync_status, error: registry.get(id)?.last_error, source: registry.get(id)?.config_source }, { status: 'normal', error: null, source: 'control_plane' });
    registry.disconnected(id, s);
    assert.equal(registry.get(id)?.sync_status, 'disconnected');
    now += 10_001;
    assert.equal(registry.get(id), undefined, 'purged');
  });

  test('calls from a replaced connection do not touch the new one', () => {
    const registry = new NodeRegistry({ purgeDelayMs: 10_000, logger: captureLog() });
    const id = crypto.randomUUID();
    const old = registry.connect(hello(id), '10.0.0.1', null);
    registry.connect(hello(id, { hostname: 'new' }), '10.0.0.2', null);
    registry.disconnected(id, old);
    assert.deepEqual({ connected: registry.get(id)?.connected, ip: registry.get(id)?.ip }, { connected: true, ip: '10.0.0.2' });
  });

  test('summary counts, and two exporters warn once', () => {
    const log = captureLog();
    const registry = new NodeRegistry({ purgeDelayMs: 10_000, logger: log });
    registry.setCurrent(1, A);
    const ids = [0, 1, 2, 3].map(() => crypto.randomUUID());
    const [a, b, c, d] = ids as [string, string, string, string];
    registry.acked(a, registry.connect(hello(a, { role: 'backup' }), 'x', null), 1, A);
    registry.connect(hello(b, { capabilities: ['fallback_export'] }), 'x', null);
    const sc = registry.connect(hello(c), 'x', null);
    registry.nacked(c, sc, A, 'E');
    registry.connect(hello(d), 'x', null, 'plugin_set_incompatible');
    registry.connect(hello(b, { capabilities: ['fallback_export'] }), 'x', null);
    const summary = registry.summary();
    assert.deepEqual(
      { total: summary.total, in_sync: summary.in_sync, behind: summary.behind, failing: summary.failing, incompatible: summary.incompatible, exporters: summary.exporters },
      { total: 4, in_sync: 1, behind: 1, failing: 1, incompatible: 1, exporters: 2 },
    );
    assert.equal(log.entries.filter((e) => /fallback exporters connected/.test(e.msg)).length, 1);
  });
});
