import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RefusedEvent } from '@gatehouse/protocol';
import { CP_VERSION, PLUGINS, makeConfig, startCp, startNode, waitFor } from './cluster-fixtures.js';

describe('cluster compatibility', () => {
  test('a node of another major version is refused with version_incompatible; nothing is pushed', async (t) => {
    const { server, port, log } = await startCp(t);
    server.publish(makeConfig(1));
    const refusals: RefusedEvent[] = [];
    const node = await startNode(t, port, { node: { id: crypto.randomUUID(), hostname: 'old', version: '2.0.0', role: 'data_plane', plugins: PLUGINS } });
    node.client.on('refused', (r) => refusals.push(r));
    await waitFor(() => refusals.length >= 1, 'refused');
    assert.equal(refusals[0]?.sync_status, 'version_incompatible');
    assert.equal(refusals[0]?.closing, true);
    assert.match(refusals[0]?.message ?? '', /major versions must match/);
    assert.ok(node.log.find(/sends this node no config: .*major versions must match/), 'the node logs what to do');
    assert.ok(log.find(/refused node: .*major versions must match/), 'the CP logs what to do');
    await waitFor(() => node.client.state().attempts >= 2, 'retries with backoff');
    assert.equal(node.configs.length, 0);
    const row = server.registry.get(node.id);
    assert.equal(row?.sync_status, 'version_incompatible');
    assert.equal(server.registry.summary().incompatible, 1);
  });

  test('a node newer than the control plane (minor) is refused', async (t) => {
    const { server, port } = await startCp(t);
    const node = await startNode(t, port, { node: { id: crypto.randomUUID(), hostname: 'new', version: '1.5.0', role: 'data_plane', plugins: PLUGINS } });
    await waitFor(() => server.registry.get(node.id)?.sync_status === 'version_incompatible', 'incompatible');
    await waitFor(() => node.client.state().refused === 'version_incompatible', 'the node is told');
    assert.match(node.client.state().last_error ?? '', /upgrade the control plane first/);
  });

  test('a node missing a plugin the config uses gets no config (plugin_set_incompatible) until the config stops using it', async (t) => {
    const { server, port, log } = await startCp(t);
    server.publish(makeConfig(1, 2, ['key-auth']));
    const refusals: RefusedEvent[] = [];
    const node = await startNode(t, port, { node: { id: crypto.randomUUID(), hostname: 'lean', version: CP_VERSION, role: 'data_plane', plugins: [{ name: 'cors', version: '1.2.0' }] } });
    node.client.on('refused', (r) => refusals.push(r));
    await waitFor(() => refusals.length === 1, 'refused');
    assert.deepEqual({ status: refusals[0]?.sync_status, closing: refusals[0]?.closing }, { status: 'plugin_set_incompatible', closing: false });
    assert.match(refusals[0]?.message ?? '', /"key-auth".*not installed on the node/);
    assert.equal(server.registry.get(node.id)?.sync_status, 'plugin_set_incompatible');
    assert.ok(log.find(/config not pushed to node: plugin "key-auth"/));
    const v2 = makeConfig(2, 2, ['cors']);
    server.publish(v2);
    await waitFor(() => node.configs.length === 1, 'config once compatible');
    assert.equal(node.configs[0]?.version, 2);
    await waitFor(() => server.registry.get(node.id)?.sync_status === 'normal', 'normal');
    assert.equal(node.client.state().connected, true);
  });

  test('a plugin of an incompatible version on the node is plugin_version_incompatible', async (t) => {
    const { server, port } = await startCp(t);
    server.publish(makeConfig(1, 2, ['cors']));
    const node = await startNode(t, port, { node: { id: crypto.randomUUID(), hostname: 'skew', version: CP_VERSION, role: 'data_plane', plugins: [{ name: 'cors', version: '1.3.0' }] } });
    await waitFor(() => server.registry.get(node.id)?.sync_status === 'plugin_version_incompatible', 'incompatible');
    await waitFor(() => node.client.state().refused === 'plugin_version_incompatible', 'the node is told');
    assert.equal(node.configs.length, 0);
  });
});
