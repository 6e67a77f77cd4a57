import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { ClusterClient, generateSharedCert } from '../src/index.js';
import type { ClusterClientOptions, ClusterTls, ConfigEvent, DisconnectedEvent, RefusedEvent } from '../src/index.js';
import { NODE_ID, sampleConfig } from './fixtures.js';
import { FakeControlPlane, captureLog, nextEvent, waitFor } from './helpers.js';

const plaintext: ClusterTls = { mode: 'plaintext' };
const fast = { initialMs: 20, maxMs: 100 };

async function setup(t: TestContext, overrides: Partial<ClusterClientOptions> = {}, tls: ClusterTls = plaintext) {
  const cp = await FakeControlPlane.start(tls);
  const log = captureLog();
  const client = new ClusterClient({
    controlPlane: { host: '127.0.0.1', port: cp.port },
    tls,
    node: { id: NODE_ID, hostname: 'dp-test', version: '0.1.0', role: 'data_plane', plugins: [{ name: 'cors', version: '1.0.0' }], labels: { zone: 'a' } },
    backoff: fast,
    logger: log,
    ...overrides,
  });
  t.after(async () => {
    await client.close();
    await cp.close();
  });
  return { cp, client, log };
}

async function connect(t: TestContext, overrides: Partial<ClusterClientOptions> = {}, tls: ClusterTls = plaintext) {
  const s = await setup(t, overrides, tls);
  s.client.start();
  await waitFor(() => s.cp.messages('hello').length === 1, 'hello');
  const connected = nextEvent(s.client, 'connected');
  s.cp.welcome();
  await connected;
  return s;
}

describe('cluster client', () => {
  test('sends hello first, with what the node runs, and is connected on welcome', async (t) => {
    const running = { version: 4, hash: 'c'.repeat(64), source: 'cache' as const };
    const { cp, client, log } = await connect(t, { running });
    const [hello] = cp.messages('hello');
    assert.equal(cp.received[0], hello);
    assert.deepEqual(
      { id: hello?.node_id, role: hello?.role, labels: hello?.labels, hash: hello?.config_hash, version: hello?.config_version, source: hello?.config_source },
      { id: NODE_ID, role: 'data_plane', labels: { zone: 'a' }, hash: running.hash, version: 4, source: 'cache' },
    );
    assert.equal(client.state().connected, true);
    assert.equal(client.state().attempts, 0);
    assert.ok(log.find(/INSECURE/, 'warn'), 'plaintext is logged loudly');
  });

  test('hands a pushed config to the consumer; ack() reports it and it becomes what runs', async (t) => {
    const { cp, client } = await connect(t);
    const { config, hash } = sampleConfig();
    const received = nextEvent<ConfigEvent>(client, 'config');
    await cp.pushConfig(1, config);
    const event = await received;
    assert.equal(event.hash, hash);
    assert.deepEqual(event.config, JSON.parse(JSON.stringify(config)));
    client.ack(1, hash);
    await waitFor(() => cp.messages('ack').length === 1, 'ack');
    assert.deepEqual(cp.messages('ack')[0], { type: 'ack', version: 1, hash });
    assert.deepEqual(client.state().running, { version: 1, hash, source: 'control_plane' });
  });

  test('the config it runs is ACKed again without the consumer; older and conflicting ones are NACKed', async (t) => {
    const { config, hash } = sampleConfig();
    const { cp, client } = await connect(t, { running: { version: 5, hash, source: 'cache' } });
    let delivered = 0;
    client.on('config', () => delivered++);
    await cp.pushConfig(5, config);
    await waitFor(() => cp.messages('ack').length === 1, 'automatic ack');
    assert.equal(client.state().running?.source, 'control_plane');
    await cp.pushConfig(3, sampleConfig(2).config);
    await cp.pushConfig(5, sampleConfig(1).config);
    await waitFor(() => cp.messages('nack').length === 2, 'two nacks');
    assert.deepEqual(cp.messages('nack').map((n) => n.code), ['GW_ERR_CLUSTER_CONFIG_OUTDATED', 'GW_ERR_CLUSTER_CONFIG_CONFLICT']);
    assert.equal(delivered, 0);
    assert.equal(client.state().running?.version, 5);
  });

  test('out of order: a push older than the one being applied is ignored', async (t) => {
    const { cp, client } = await connect(t);
    const events: ConfigEvent[] = [];
    client.on('config', (e) => events.push(e));
    await cp.pushConfig(7, sampleConfig(7).config);
    await waitFor(() => events.length === 1, 'v7');
    await cp.pushConfig(6, sampleConfig(6).config);
    await cp.pushConfig(7, sampleConfig(7).config);
    await cp.pushConfig(8, sampleConfig(8).config);
    await waitFor(() => events.length === 2, 'v8');
    assert.deepEqual(events.map((e) => e.version), [7, 8]);
  });

  test('a corrupt push is NACKed with its code and never reaches the consumer', async (t) => {
    const { cp, client } = await connect(t);
    client.on('config', () => assert.fail('corrupt config delivered'));
    await cp.pushConfig(2, sampleConfig().config, 'f'.repeat(64));
    await waitFor(() => cp.messages('nack').length === 1, 'nack');
    assert.equal(cp.messages('nack')[0]?.code, 'GW_ERR_CLUSTER_HASH_MISMATCH');
  });

  test('a config handler that throws NACKs the config instead of crashing the node', async (t) => {
    const { cp, client } = await connect(t);
    client.on('config', () => {
      throw new Error('engine exploded');
    });
    await cp.pushConfig(1, sampleConfig().config);
    await waitFor(() => cp.messages('nack').length === 1, 'nack');
    assert.equal(cp.messages('nack')[0]?.code, 'GW_ERR_CLUSTER_CONSUMER_FAILED');
    assert.match(cp.messages('nack')[0]?.message ?? '', /engine exploded/);
    assert.equal(client.state().connected, true);
  });

  test('malformed frames and a config before welcome are ignored without dropping the connection', async (t) => {
    const { cp, client, log } = await setup(t);
    client.start();
    await waitFor(() => cp.messages('hello').length === 1, 'hello');
    await cp.pushConfig(1, sampleConfig().config);
    cp.socket.send('{"type":"welcome"');
    cp.socket.send(Buffer.from('GHC1 garbage'), { binary: true });
    cp.socket.send(JSON.stringify({ type: 'hello' }));
    cp.socket.send(JSON.stringify({ type: 'refused', sync_status: 'nope', message: 'x', closing: true }));
    cp.welcome();
    await nextEvent(client, 'connected');
    const received = nextEvent<ConfigEvent>(client, 'config');
    await cp.pushConfig(2, sampleConfig().config);
    assert.equal((await received).version, 2);
    assert.ok(log.find(/before welcome/));
    assert.equal(log.entries.filter((e) => /ignored a message/.test(e.msg)).length, 4);
    assert.equal(cp.sockets.length, 1);
  });

  test('a frame over maxPayload drops the connection with GW_ERR_CLUSTER_MESSAGE_TOO_LARGE, then it reconnects', async (t) => {
    const { cp, client } = await connect(t, { maxPayload: 1024 });
    const gone = nextEvent<DisconnectedEvent>(client, 'disconnected');
    cp.socket.send(Buffer.alloc(200 * 1024), { binary: true });
    const why = await gone;
    assert.equal(why.code, 'GW_ERR_CLUSTER_MESSAGE_TOO_LARGE');
    assert.match(why.reason, /cluster_max_payload/);
    await waitFor(() => cp.messages('hello').length === 2, 'reconnect');
  });

  test('sends heartbeats with its hash, and drops a silent control plane', async (t) => {
    const { cp, client } = await connect(t, { heartbeatIntervalMs: 30, deadAfterMs: 200 });
    await waitFor(() => cp.messages('heartbeat').length >= 2, 'heartbeats');
    assert.equal(cp.messages('heartbeat')[0]?.config_source, 'none');
    const gone = await nextEvent<DisconnectedEvent>(client, 'disconnected');
    assert.equal(gone.code, 'GW_ERR_CLUSTER_PEER_DEAD');
    await waitFor(() => cp.messages('hello').length === 2, 'reconnect after the dead peer');
  });

  test('reconnects with backoff until the control plane is back', async (t) => {
    const { cp, client, log } = await connect(t);
    const port = cp.port;
    await cp.close();
    await waitFor(() => client.state().attempts >= 3, 'failed attempts');
    assert.equal(client.state().connected, false);
    assert.match(client.state().last_error ?? '', /ECONNREFUSED/);
    const back = await FakeControlPlane.start(plaintext, port);
    t.after(() => back.close());
    await waitFor(() => back.messages('hello').length === 1, 'hello to the new control plane');
    back.welcome();
    await waitFor(() => client.state().connected, 'connected again');
    assert.equal(client.state().attempts, 0);
    assert.ok(log.find(/cannot connect to the control plane/));
  });

  test('a refused upgrade is reported with the control plane\'s reason', async (t) => {
    const { cp, client } = await setup(t);
    cp.onUpgrade = (refuse) => {
      refuse(403, 'client certificate is not the shared cluster certificate');
      return false;
    };
    client.start();
    await waitFor(() => client.state().attempts >= 1, 'refusal');
    assert.equal(client.state().last_error_code, 'GW_ERR_CLUSTER_AUTH_REFUSED');
    assert.match(client.state().last_error ?? '', /HTTP 403.*not the shared cluster certificate/);
  });

  test('refused by version: the event carries sync_status and the message', async (t) => {
    const { cp, client } = await setup(t);
    client.start();
    await waitFor(() => cp.messages('hello').length === 1, 'hello');
    const refused = nextEvent<RefusedEvent>(client, 'refused');
    cp.send({ type: 'refused', sync_status: 'version_incompatible', message: 'upgrade the control plane first', closing: true });
    assert.deepEqual(await refused, { sync_status: 'version_incompatible', message: 'upgrade the control plane first', closing: true });
    assert.equal(client.state().refused, 'version_incompatible');
  });

  test('shared mode: a control plane without the shared cert is not trusted', async (t) => {
    const [mine, theirs] = await Promise.all([generateSharedCert(), generateSharedCert()]);
    const cp = await FakeControlPlane.start({ mode: 'shared', cert: theirs.certPem, key: theirs.keyPem });
    t.after(() => cp.close());
    const client = new ClusterClient({
      controlPlane: { host: '127.0.0.1', port: cp.port },
      tls: { mode: 'shared', cert: mine.certPem, key: mine.keyPem },
      node: { id: NODE_ID, hostname: 'dp', version: '0.1.0', role: 'data_plane', plugins: [] },
      backoff: fast,
    });
    t.after(() => client.close());
    client.start();
    await waitFor(() => client.state().attempts >= 1, 'failure');
    assert.equal(client.state().last_error_code, 'GW_ERR_CLUSTER_AUTH_REFUSED');
    assert.equal(cp.sockets.length, 0);
  });

  test('close() stops reconnecting', async (t) => {
    const { cp, client } = await connect(t);
    await client.close();
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(cp.messages('hello').length, 1);
    assert.equal(client.state().connected, false);
  });
});
