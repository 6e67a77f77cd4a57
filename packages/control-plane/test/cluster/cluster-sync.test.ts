import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FrameStats } from '../../src/cluster/index.js';
import { makeConfig, startCp, startNode, waitFor } from './cluster-fixtures.js';

describe('cluster sync: CP → nodes', () => {
  test('two nodes receive a published config and ACK it; the registry shows both in sync', async (t) => {
    const { server, port } = await startCp(t);
    const a = await startNode(t, port, { node: { id: crypto.randomUUID(), hostname: 'dp-a', version: '1.4.0', role: 'data_plane', plugins: [], labels: { zone: 'a' } } });
    const b = await startNode(t, port);
    await waitFor(() => server.registry.list().length === 2, 'two nodes registered');
    const v1 = makeConfig(1);
    server.publish(v1);
    await waitFor(() => server.registry.summary().in_sync === 2 && a.configs.length === 1 && b.configs.length === 1, 'both in sync');
    const rows = server.registry.list();
    for (const row of rows) {
      assert.equal(row.config_hash, v1.hash);
      assert.equal(row.config_version, 1);
      assert.equal(row.sync_status, 'normal');
      assert.equal(row.config_source, 'control_plane');
      assert.equal(row.ip, '127.0.0.1');
      assert.equal(row.connected, true);
      assert.equal(row.last_error, null);
      assert.ok(row.cert_expiry && Date.parse(row.cert_expiry) > Date.now());
      assert.ok(Date.now() - Date.parse(row.last_seen) < 5000);
    }
    const rowA = rows.find((r) => r.id === a.id);
    assert.deepEqual({ hostname: rowA?.hostname, version: rowA?.version, labels: rowA?.labels, role: rowA?.role }, { hostname: 'dp-a', version: '1.4.0', labels: { zone: 'a' }, role: 'data_plane' });
    assert.deepEqual(a.configs[0]?.config, JSON.parse(JSON.stringify(v1.config)));

    const v2 = makeConfig(2, 5);
    server.publish(v2);
    await waitFor(() => server.registry.list().every((r) => r.config_hash === v2.hash && r.sync_status === 'normal'), 'both on v2');
    assert.deepEqual([a.configs.length, b.configs.length], [2, 2]);
    const summary = server.registry.summary();
    assert.deepEqual({ total: summary.total, in_sync: summary.in_sync, behind: summary.behind, failing: summary.failing, version: summary.config_version }, { total: 2, in_sync: 2, behind: 0, failing: 0, version: 2 });
  });

  test('a burst of publishes coalesces: nodes end on the newest, with fewer pushes than versions', async (t) => {
    const { server, port } = await startCp(t, { pushIntervalMs: 300 });
    const nodes = [await startNode(t, port), await startNode(t, port)];
    await waitFor(() => server.registry.list().length === 2, 'registered');
    const frames: FrameStats[] = [];
    server.on('frame', (f) => frames.push(f));
    const versions = [1, 2, 3, 4, 5].map((v) => makeConfig(v));
    for (const v of versions) server.publish(v);
    await waitFor(() => nodes.every((n) => n.client.state().running?.version === 5), 'both nodes on v5');
    assert.ok(frames.length < 5, `${frames.length} versions were compressed`);
    assert.deepEqual(frames.map((f) => f.version), [1, 5], 'the first at once, the newest after the interval');
    // A node still decompressing v1 when v5 arrives skips v1: it sees [1, 5] or [5].
    for (const n of nodes) assert.ok([[1, 5], [5]].some((seq) => seq.join() === n.configs.map((c) => c.version).join()), n.configs.map((c) => c.version).join());
    await waitFor(() => server.registry.summary().in_sync === 2, 'the CP sees both in sync');
  });

  test('a node that connects later gets the current config on connect; one already running it gets none', async (t) => {
    const { server, port } = await startCp(t);
    const v3 = makeConfig(3);
    server.publish(v3);
    const late = await startNode(t, port);
    await waitFor(() => late.configs.length === 1, 'push on connect');
    assert.equal(late.configs[0]?.hash, v3.hash);
    const cached = await startNode(t, port, { running: { version: 3, hash: v3.hash, source: 'cache' } });
    await waitFor(() => server.registry.get(cached.id)?.sync_status === 'normal', 'cached node in sync');
    assert.equal(cached.configs.length, 0);
    assert.equal(server.registry.get(cached.id)?.config_source, 'cache');
  });

  test('ACK latencies are recorded from publish() to each ACK', async (t) => {
    const { server, port } = await startCp(t);
    await startNode(t, port);
    await startNode(t, port);
    await waitFor(() => server.registry.list().length === 2, 'registered');
    server.publish(makeConfig(1));
    await waitFor(() => server.ackLatencies().length === 2, 'two acks');
    for (const ack of server.ackLatencies()) {
      assert.equal(ack.version, 1);
      assert.ok(ack.latency_ms > 0 && ack.latency_ms < 5000);
    }
  });

  test('an older or repeated version is not published', async (t) => {
    const { server, port, log } = await startCp(t);
    const node = await startNode(t, port);
    server.publish(makeConfig(5));
    await waitFor(() => node.configs.length === 1, 'v5');
    server.publish(makeConfig(4));
    server.publish(makeConfig(5, 3));
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(node.configs.length, 1);
    assert.ok(log.find(/two configs published under one version/));
    assert.equal(server.registry.summary().config_version, 5);
  });
});
