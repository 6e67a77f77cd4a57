import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { CLOSE_CODES, PROTOCOL_VERSION } from '@gatehouse/protocol';
import type { Hello } from '@gatehouse/protocol';
import { ClusterServer } from '../../src/cluster/index.js';
import { CP_VERSION, PLUGINS, captureLog, makeConfig, rawNode, sharedTls, startCp, startNode, waitFor } from './cluster-fixtures.js';

function hello(id = crypto.randomUUID(), extra: Partial<Hello> = {}): string {
  const message: Hello = {
    type: 'hello', protocol: PROTOCOL_VERSION, node_id: id, hostname: 'raw', version: CP_VERSION, role: 'data_plane', plugins: PLUGINS,
    labels: {}, capabilities: [], config_hash: null, config_version: null, config_source: 'none', ...extra,
  };
  return JSON.stringify(message);
}

describe('cluster failures', () => {
  test('a NACK shows on the CP as failed with last_error; the next ACK clears it', async (t) => {
    const { server, port } = await startCp(t);
    const node = await startNode(t, port, { nack: (e) => (e.version === 1 ? 'routes[0].paths[0]: must start with "/"' : undefined) });
    await waitFor(() => server.registry.list().length === 1, 'registered');
    server.publish(makeConfig(1));
    await waitFor(() => server.registry.get(node.id)?.sync_status === 'failed', 'failed');
    assert.equal(server.registry.get(node.id)?.last_error, 'GW_ERR_CONFIG_INVALID: routes[0].paths[0]: must start with "/"');
    assert.equal(server.registry.summary().failing, 1);
    server.publish(makeConfig(2));
    await waitFor(() => server.registry.get(node.id)?.sync_status === 'normal', 'normal again');
    assert.equal(server.registry.get(node.id)?.last_error, null);
  });

  test('malformed, oversized and out-of-order node messages are refused; the CP keeps serving', async (t) => {
    const { server, port, log } = await startCp(t);
    const good = await startNode(t, port);
    // Before hello: anything else closes the connection with a protocol error.
    const early = await rawNode(t, port);
    await once(early, 'open');
    early.send(JSON.stringify({ type: 'ack', version: 1, hash: 'a'.repeat(64) }));
    const [code] = (await once(early, 'close')) as [number];
    assert.equal(code, CLOSE_CODES.PROTOCOL_ERROR);
    assert.ok(log.find(/"ack" before hello/));
    const garbage = await rawNode(t, port);
    await once(garbage, 'open');
    garbage.send('{{{{');
    assert.equal(((await once(garbage, 'close')) as [number])[0], CLOSE_CODES.PROTOCOL_ERROR);
    // After hello: bad frames are logged and ignored, the connection stays.
    const raw = await rawNode(t, port);
    await once(raw, 'open');
    const id = crypto.randomUUID();
    raw.send(hello(id));
    await waitFor(() => server.registry.get(id) !== undefined, 'raw node registered');
    raw.send('not json');
    raw.send(Buffer.from([1, 2, 3]), { binary: true });
    raw.send(JSON.stringify({ type: 'config', version: 1 }));
    raw.send(hello(id));
    raw.send(JSON.stringify({ type: 'ack', version: 99, hash: 'b'.repeat(64) }));
    await waitFor(() => log.find(/ignored a second hello/) !== undefined, 'second hello logged');
    assert.ok(log.find(/ignored a bad message from the node: text frame is not JSON/));
    assert.ok(log.find(/ignored a bad message from the node: a node does not send binary frames/));
    assert.equal(raw.readyState, raw.OPEN);
    // Oversized: over the control-message limit, ws closes with 1009.
    raw.send(Buffer.alloc(2 * 1024 * 1024, 0x20));
    assert.equal(((await once(raw, 'close')) as [number])[0], CLOSE_CODES.TOO_LARGE);
    // The CP still serves the well-behaved node.
    server.publish(makeConfig(1));
    await waitFor(() => good.configs.length === 1 && server.registry.get(good.id)?.sync_status === 'normal', 'good node in sync');
  });

  test('a config over cluster_max_payload: the CP does not send it; a node with a lower limit NACKs it', async (t) => {
    const big = makeConfig(1, 300);
    const strict = await startCp(t, { maxPayload: 1024 });
    const n1 = await startNode(t, strict.port);
    await waitFor(() => strict.server.registry.get(n1.id)?.connected === true, 'connected');
    strict.server.publish(big);
    await waitFor(() => strict.log.find(/config not pushed: config 1 is .* over the limit .*raise cluster_max_payload/) !== undefined, 'CP error');
    assert.equal(strict.log.find(/config not pushed/)?.obj.code, 'GW_ERR_CLUSTER_MESSAGE_TOO_LARGE');
    assert.equal(strict.server.registry.get(n1.id)?.sync_status, 'pending');
    assert.equal(n1.configs.length, 0);

    // ~9.4 KiB compressed: over an 8 KiB node limit, within the frame allowance: NACKed.
    const lenient = await startCp(t);
    const n2 = await startNode(t, lenient.port, { maxPayload: 8192 });
    await waitFor(() => lenient.server.registry.get(n2.id)?.connected === true, 'connected');
    lenient.server.publish(big);
    await waitFor(() => lenient.server.registry.get(n2.id)?.sync_status === 'failed', 'failed');
    assert.match(lenient.server.registry.get(n2.id)?.last_error ?? '', /^GW_ERR_CLUSTER_MESSAGE_TOO_LARGE: .*raise cluster_max_payload on the node/);
    assert.ok(n2.log.find(/ignored a message from the control plane: config 1 is/));
    assert.equal(n2.client.state().connected, true);
    // Far over the node's limit: its WebSocket closes (1009) and the CP records why.
    const n3 = await startNode(t, lenient.port, { maxPayload: 1024 });
    await waitFor(() => /GW_ERR_CLUSTER_MESSAGE_TOO_LARGE/.test(lenient.server.registry.get(n3.id)?.last_error ?? ''), 'last_error after 1009');
    await waitFor(() => n3.client.state().last_error_code === 'GW_ERR_CLUSTER_MESSAGE_TOO_LARGE', 'the node says why');
  });

  test('a silent node is dropped after the heartbeat timeout and listed as disconnected', async (t) => {
    const { server, port, log } = await startCp(t, { heartbeatIntervalMs: 50, deadAfterMs: 250 });
    const raw = await rawNode(t, port);
    await once(raw, 'open');
    const id = crypto.randomUUID();
    raw.send(hello(id));
    await waitFor(() => server.registry.get(id)?.connected === true, 'connected');
    const [code] = (await once(raw, 'close')) as [number];
    assert.equal(code, 1006);
    assert.equal(server.registry.get(id)?.sync_status, 'disconnected');
    assert.ok(log.find(/node silent for 250 ms/));
    // A node that heartbeats stays.
    const live = await startNode(t, port, { heartbeatIntervalMs: 50, deadAfterMs: 250 });
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(server.registry.get(live.id)?.connected, true);
    assert.equal(live.client.state().attempts, 0);
  });

  test('nodes reconnect with backoff after the control plane restarts, and converge', async (t) => {
    const first = await startCp(t);
    const v1 = makeConfig(1);
    first.server.publish(v1);
    const node = await startNode(t, first.port);
    await waitFor(() => node.configs.length === 1, 'v1');
    await first.server.close();
    await waitFor(() => !node.client.state().connected && node.client.state().attempts >= 2, 'retrying');
    const log = captureLog();
    const second = await ClusterServer.start({ listen: [{ host: '127.0.0.1', port: first.port }], tls: await sharedTls(), version: CP_VERSION, plugins: PLUGINS, logger: log });
    t.after(() => second.close());
    const v2 = makeConfig(2);
    second.publish(v2);
    await waitFor(() => second.registry.get(node.id)?.sync_status === 'normal', 'converged on v2', 10_000);
    assert.equal(node.client.state().running?.hash, v2.hash);
  });

  test('nodes unseen for the purge delay disappear', async (t) => {
    const { server, port } = await startCp(t, { purgeDelayMs: 200 });
    const node = await startNode(t, port);
    await waitFor(() => server.registry.get(node.id)?.connected === true, 'connected');
    await node.client.close();
    await waitFor(() => server.registry.get(node.id)?.sync_status === 'disconnected', 'disconnected');
    await waitFor(() => server.registry.get(node.id) === undefined, 'purged', 3000);
    assert.equal(server.registry.summary().total, 0);
  });

  test('two connected exporters are flagged', async (t) => {
    const { server, port, log } = await startCp(t);
    const exporter = { version: CP_VERSION, plugins: PLUGINS, capabilities: ['fallback_export'] };
    await startNode(t, port, { node: { id: crypto.randomUUID(), hostname: 'backup-1', role: 'backup', ...exporter } });
    await startNode(t, port, { node: { id: crypto.randomUUID(), hostname: 'dp-exporting', role: 'data_plane', ...exporter } });
    await waitFor(() => server.registry.summary().exporters === 2, 'two exporters');
    assert.match(server.registry.summary().warnings[0] ?? '', /two exporters connected/);
    assert.ok(log.find(/2 fallback exporters connected/));
  });

  test('the same node id connecting again replaces the older connection', async (t) => {
    const { server, port, log } = await startCp(t);
    const id = crypto.randomUUID();
    const older = await rawNode(t, port);
    await once(older, 'open');
    older.send(hello(id));
    await waitFor(() => server.registry.get(id)?.connected === true, 'first connection');
    const newer = await rawNode(t, port);
    await once(newer, 'open');
    newer.send(hello(id, { hostname: 'second' }));
    const [code] = (await once(older, 'close')) as [number];
    assert.equal(code, CLOSE_CODES.REPLACED);
    assert.ok(log.find(/node id connected again/));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual({ connected: server.registry.get(id)?.connected, hostname: server.registry.get(id)?.hostname }, { connected: true, hostname: 'second' });
  });
});
