/**
 * Cluster sync with real processes: a control plane and two data planes over mTLS; configs
 * reach both and show in the registry; the control plane killed under load costs no request;
 * it comes back and the data planes converge; a node with the wrong certificate is refused.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { httpRequest, loadGenerator, startOrigin } from '@gatehouse/testkit';
import { gatehouse, ports, waitFor, workDir, writeConf } from './cluster.js';

const configFor = (url: string, path: string) => `_format_version: "3.0"
services:
  - name: api
    url: ${url}
    routes:
      - name: api
        paths: [${path}]
`;

interface Row {
  id: string;
  config_hash: string | null;
  sync_status: string;
  connected: boolean;
}

test('CP + 2 DPs: push, registry, CP killed under load, reconnect, wrong certificate refused', async (t) => {
  const dir = await workDir(t);
  const origin = await startOrigin({ name: 'origin' });
  t.after(() => origin.close());
  const [admin, cpStatus, cluster, p1, s1, p2, s2, p3] = (await ports(8)) as number[] as [number, number, number, number, number, number, number, number];
  await (await gatehouse(t, ['cert', 'generate', '--out', dir], { name: 'cert' })).waitForExit();
  await (await gatehouse(t, ['cert', 'generate', '--out', join(dir, 'other')], { name: 'cert-other' })).waitForExit();
  const tls = { cluster_cert: join(dir, 'cluster.crt'), cluster_cert_key: join(dir, 'cluster.key') };
  const cpConf = writeConf(dir, 'cp', {
    role: 'control_plane', admin_listen: `127.0.0.1:${admin}`, status_listen: `127.0.0.1:${cpStatus}`, cluster_listen: `127.0.0.1:${cluster}`,
    prefix: join(dir, 'cp'), cluster_push_interval: 0.2, ...tls,
  });
  const dpConf = (name: string, proxy: number, status: number, certs = tls) =>
    writeConf(dir, name, {
      role: 'data_plane', cluster_control_plane: `127.0.0.1:${cluster}`, proxy_listen: `127.0.0.1:${proxy}`, status_listen: `127.0.0.1:${status}`,
      prefix: join(dir, name), ...certs,
    });
  let cp = await gatehouse(t, ['cp', '-c', cpConf], { name: 'cp', readyWhen: /control plane ready/ });
  const post = async (body: string) => {
    const r = await httpRequest(`http://127.0.0.1:${admin}/config`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body });
    assert.ok(r.status === 201 || r.status === 200, r.text());
    return r.json<{ hash: string }>().hash;
  };
  let hash = await post(configFor(origin.url, '/one'));
  await gatehouse(t, ['dp', '-c', dpConf('dp1', p1, s1)], { name: 'dp1', readyWhen: /data plane started/ });
  await gatehouse(t, ['dp', '-c', dpConf('dp2', p2, s2)], { name: 'dp2', readyWhen: /data plane started/ });
  const rows = async () => (await httpRequest(`http://127.0.0.1:${admin}/clustering/data-planes`)).json<{ data: Row[] }>().data;
  const converged = async (h: string) => {
    const list = await rows();
    return list.filter((r) => r.connected && r.config_hash === h && r.sync_status === 'normal').length === 2;
  };
  await waitFor('both data planes to run the first config', () => converged(hash));
  for (const port of [p1, p2]) assert.equal((await httpRequest(`http://127.0.0.1:${port}/one/x`)).status, 200);

  // A change reaches both.
  hash = await post(configFor(origin.url, '/two'));
  await waitFor('both data planes to run the change', () => converged(hash));
  for (const port of [p1, p2]) assert.equal((await httpRequest(`http://127.0.0.1:${port}/two/x`)).status, 200);

  // The CP dies hard under load: the data planes keep serving.
  const load = [p1, p2].map((port) => loadGenerator({ url: `http://127.0.0.1:${port}/two/load`, concurrency: 4, durationMs: 3000 }));
  await new Promise((r) => setTimeout(r, 500));
  await cp.kill('SIGKILL');
  const results = await Promise.all(load);
  for (const r of results) assert.equal(r.failed, 0, JSON.stringify({ byStatus: r.byStatus, errors: r.errors }));
  t.diagnostic(`CP killed under load: ${results.reduce((n, r) => n + r.total, 0)} requests on 2 DPs, 0 failed`);

  // It comes back; the data planes reconnect and converge on a newer config.
  cp = await gatehouse(t, ['cp', '-c', cpConf], { name: 'cp-again', readyWhen: /control plane ready/ });
  hash = await post(configFor(origin.url, '/three'));
  await waitFor('both data planes to reconnect and converge', () => converged(hash), 60_000);

  // A node presenting another certificate is refused, and the CP says why.
  const since = cp.lines().length;
  await gatehouse(t, ['dp', '-c', dpConf('intruder', p3, await (await import('@gatehouse/testkit')).freePort(), {
    cluster_cert: join(dir, 'other', 'cluster.crt'), cluster_cert_key: join(dir, 'other', 'cluster.key'),
  })], { name: 'intruder', readyWhen: /data plane started/ });
  await cp.waitForLine(/certificate|refus/i, 15_000, since);
  assert.equal((await rows()).filter((r) => r.connected).length, 2, 'the intruder is not registered');
});
