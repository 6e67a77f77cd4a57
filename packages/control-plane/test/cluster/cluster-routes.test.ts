import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fastify from 'fastify';
import { clusterRoutes } from '../../src/cluster/index.js';
import { makeConfig, startCp, startNode, waitFor } from './cluster-fixtures.js';

describe('GET /clustering/*', () => {
  test('data-planes lists the nodes in Kong\'s { data, next } shape; status summarises', async (t) => {
    const { server, port } = await startCp(t);
    const node = await startNode(t, port);
    const v1 = makeConfig(1);
    server.publish(v1);
    await waitFor(() => server.registry.get(node.id)?.sync_status === 'normal', 'in sync');
    const app = fastify();
    await app.register(clusterRoutes(server.registry));
    t.after(() => app.close());
    const list = await app.inject({ method: 'GET', url: '/clustering/data-planes' });
    assert.equal(list.statusCode, 200);
    const body = list.json<{ data: Record<string, unknown>[]; next: null }>();
    assert.equal(body.next, null);
    assert.equal(body.data.length, 1);
    const row = body.data[0]!;
    for (const field of ['id', 'hostname', 'ip', 'version', 'role', 'labels', 'config_version', 'config_hash', 'sync_status', 'config_source', 'last_seen', 'last_error', 'cert_expiry']) {
      assert.ok(Object.hasOwn(row, field), `row has ${field}`);
    }
    assert.deepEqual({ id: row.id, hash: row.config_hash, status: row.sync_status }, { id: node.id, hash: v1.hash, status: 'normal' });
    const status = await app.inject({ method: 'GET', url: '/clustering/status' });
    assert.deepEqual(
      (({ total, in_sync, behind, failing, incompatible }) => ({ total, in_sync, behind, failing, incompatible }))(status.json<Record<string, number>>()),
      { total: 1, in_sync: 1, behind: 0, failing: 0, incompatible: 0 },
    );
  });
});
