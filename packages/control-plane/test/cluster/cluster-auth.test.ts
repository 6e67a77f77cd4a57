import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { generateSharedCert } from '@gatehouse/protocol';
import { WebSocket } from 'ws';
import { request } from 'node:https';
import { makeConfig, pkiSetup, rawNode, sharedCert, sharedTls, startCp, startNode, waitFor } from './cluster-fixtures.js';

/** Opens a WebSocket that the CP is expected to refuse at the upgrade; returns the HTTP status. */
async function refusedStatus(url: string, options: object): Promise<number> {
  const ws = new WebSocket(url, options);
  ws.on('error', () => {});
  const [, res] = (await once(ws, 'unexpected-response')) as [unknown, { statusCode: number }];
  ws.terminate();
  return res.statusCode;
}

describe('cluster mTLS', () => {
  test('a client without a certificate is refused and the CP logs why, with its address', async (t) => {
    const { server, port, log } = await startCp(t);
    const shared = await sharedCert();
    assert.equal(await refusedStatus(`wss://127.0.0.1:${port}/v1/cluster`, { ca: shared.certPem, checkServerIdentity: () => undefined }), 403);
    await waitFor(() => log.find(/refused a cluster connection: no client certificate/) !== undefined, 'log line');
    assert.match(String(log.find(/no client certificate/)?.obj.remote), /^127\.0\.0\.1:\d+$/);
    assert.equal(server.registry.list().length, 0);
  });

  test('a node presenting another cert than the shared one is refused (CP side and node side)', async (t) => {
    const { server, port, log } = await startCp(t);
    const other = await generateSharedCert();
    // A client that trusts the CP but holds the wrong cert reaches the upgrade and is refused there.
    const shared = await sharedCert();
    const options = { ca: shared.certPem, cert: other.certPem, key: other.keyPem, checkServerIdentity: () => undefined };
    assert.equal(await refusedStatus(`wss://127.0.0.1:${port}/v1/cluster`, options), 403);
    await waitFor(() => log.find(/is not the shared cluster certificate/) !== undefined, 'log line');
    // A real node with only the other cert: the TLS handshake fails, and both sides say so.
    const node = await startNode(t, port, { tls: await sharedTls(other) });
    await waitFor(() => node.client.state().attempts >= 1, 'node failure');
    assert.equal(node.client.state().last_error_code, 'GW_ERR_CLUSTER_AUTH_REFUSED');
    await waitFor(() => log.find(/TLS handshake failed/) !== undefined, 'CP logs the failed handshake');
    assert.equal(server.registry.list().length, 0);
  });

  test('pki: a node cert from the CA connects (server name checked); one from an unknown CA is refused', async (t) => {
    const pki = await pkiSetup();
    const { server, port, log } = await startCp(t, { tls: pki.cp });
    server.publish(makeConfig(1));
    const good = await startNode(t, port, { tls: pki.node });
    await waitFor(() => good.configs.length === 1, 'pki node gets the config');
    const rogue = await startNode(t, port, { tls: pki.rogue });
    await waitFor(() => rogue.client.state().attempts >= 1, 'rogue refused');
    assert.equal(rogue.client.state().last_error_code, 'GW_ERR_CLUSTER_AUTH_REFUSED');
    assert.match(rogue.client.state().last_error ?? '', /HTTP 403.*not trusted/);
    assert.ok(log.find(/refused a cluster connection: client certificate \(CN=rogue\) is not trusted/));
    assert.deepEqual(server.registry.list().map((r) => r.id), [good.id]);
  });

  test('pki: a node expecting another server name does not connect', async (t) => {
    const pki = await pkiSetup();
    const { port } = await startCp(t, { tls: pki.cp });
    if (pki.node.mode !== 'pki') throw new Error('pki');
    const node = await startNode(t, port, { tls: { ...pki.node, serverName: 'other.cluster.test' } });
    await waitFor(() => node.client.state().attempts >= 1, 'failure');
    assert.match(node.client.state().last_error ?? '', /altnames/);
  });

  test('only the cluster path upgrades; plain HTTPS requests get 426', async (t) => {
    const { port, log } = await startCp(t);
    const ws = await rawNode(t, port);
    await once(ws, 'open');
    ws.terminate();
    const shared = await sharedCert();
    const options = { ca: shared.certPem, cert: shared.certPem, key: shared.keyPem, checkServerIdentity: () => undefined };
    assert.equal(await refusedStatus(`wss://127.0.0.1:${port}/elsewhere`, options), 404);
    assert.ok(log.find(/no cluster endpoint/));
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/v1/cluster', ...options }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(status, 426);
  });

  test('plaintext needs the explicit mode and is logged loudly', async (t) => {
    const { port, log } = await startCp(t, { tls: { mode: 'plaintext' } });
    assert.ok(log.find(/INSECURE/));
    const node = await startNode(t, port, { tls: { mode: 'plaintext' } });
    await waitFor(() => node.client.state().connected, 'plaintext node connected');
    assert.ok(node.log.find(/INSECURE/));
  });
});
