/**
 * The reference scenario (Kong's "data plane resilience"): a control plane, a backup node and
 * S3-compatible storage; a config is applied and exported; the control plane dies; a brand-new
 * data plane with import on comes up from storage, serves, caches; restarted with the CP and
 * the storage both gone it serves from its cache; the CP comes back with a newer config and
 * the data plane switches under load without a failed request.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSnapshotStore } from '@gatehouse/fallback';
import { httpRequest, loadGenerator, startOrigin, startS3Server } from '@gatehouse/testkit';
import { gatehouse, ports, status, waitFor, workDir, writeConf } from './cluster.js';

const configFor = (url: string) => `_format_version: "3.0"
services:
  - name: api
    url: ${url}
    routes:
      - name: api
        paths: [/api]
`;

test('a new data plane starts from fallback storage while the control plane is down', async (t) => {
  const dir = await workDir(t);
  const v1 = await startOrigin({ name: 'v1' });
  const v2 = await startOrigin({ name: 'v2' });
  const s3 = await startS3Server({ buckets: ['gatehouse-backups'] });
  t.after(() => Promise.all([v1.close(), v2.close()]));
  let s3Closed = false;
  t.after(async () => {
    if (!s3Closed) await s3.close();
  });
  const [admin, cpStatus, cluster, backupStatus, proxy, dpStatus] = await ports(6);

  await (await gatehouse(t, ['cert', 'generate', '--out', dir], { name: 'cert' })).waitForExit();
  const tls = { cluster_cert: join(dir, 'cluster.crt'), cluster_cert_key: join(dir, 'cluster.key') };
  const storage = 's3://gatehouse-backups/cluster-a';
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'kong.yml'), configFor(v1.url));
  const cpConf = writeConf(dir, 'cp', {
    role: 'control_plane', admin_listen: `127.0.0.1:${admin}`, status_listen: `127.0.0.1:${cpStatus}`, cluster_listen: `127.0.0.1:${cluster}`,
    prefix: join(dir, 'cp'), declarative_config: join(dir, 'kong.yml'), cluster_push_interval: 0.2, ...tls,
  });
  const backupConf = writeConf(dir, 'backup', {
    role: 'data_plane', cluster_control_plane: `127.0.0.1:${cluster}`, status_listen: `127.0.0.1:${backupStatus}`, prefix: join(dir, 'backup'),
    cluster_fallback_config_storage: storage, cluster_fallback_config_export_delay: 0, ...tls,
  });
  const dpConf = writeConf(dir, 'dp', {
    role: 'data_plane', cluster_control_plane: `127.0.0.1:${cluster}`, proxy_listen: `127.0.0.1:${proxy}`, status_listen: `127.0.0.1:${dpStatus}`,
    prefix: join(dir, 'dp'), cluster_fallback_config_import: 'on', cluster_fallback_config_storage: storage, cluster_fallback_config_timeout: 1, ...tls,
  });

  // 1. CP + backup: the seeded config is exported.
  let cp = await gatehouse(t, ['cp', '-c', cpConf], { name: 'cp', readyWhen: /control plane ready/ });
  await gatehouse(t, ['backup', '-c', backupConf], { name: 'backup', readyWhen: /data plane started/, env: s3.env() });
  const reader = openSnapshotStore({ url: storage, env: s3.env() });
  t.after(() => reader.close());
  await waitFor('the backup node to export the config', async () => (await reader.list()).length > 0);
  const exported = await reader.readLatest();
  assert.equal(exported.version, 1);

  // 2. The CP dies; a brand-new DP comes up from storage.
  assert.equal((await cp.kill('SIGTERM')).code, 0);
  const dp = await gatehouse(t, ['dp', '-c', dpConf], { name: 'dp', readyWhen: /data plane started/, env: s3.env() });
  await waitFor('the new data plane to be ready', async () => (await httpRequest(`http://127.0.0.1:${dpStatus!}/status/ready`)).status === 200);
  const viaFallback = await httpRequest(`http://127.0.0.1:${proxy}/api/hello`);
  assert.equal(viaFallback.status, 200);
  assert.equal(viaFallback.headers['x-origin-name'], 'v1');
  const st = await status(dpStatus!);
  assert.equal(st.config_source, 'fallback_storage');
  assert.equal(st.configuration?.hash, exported.hash);
  assert.ok(existsSync(join(dir, 'dp', 'dp', 'config-cache.json')), 'the imported config was cached');
  await dp.waitForLine(/imported from fallback storage/, 5000);

  // 3. Restart with the CP and the storage both gone: the cache serves.
  assert.equal((await dp.kill('SIGTERM')).code, 0);
  await s3.close();
  s3Closed = true;
  const restarted = await gatehouse(t, ['dp', '-c', dpConf], { name: 'dp-restarted', readyWhen: /data plane started/, env: s3.env() });
  await waitFor('the restarted data plane to be ready', async () => (await httpRequest(`http://127.0.0.1:${dpStatus!}/status/ready`)).status === 200);
  assert.equal((await status(dpStatus!)).config_source, 'cache');
  assert.equal((await httpRequest(`http://127.0.0.1:${proxy}/api/again`)).headers['x-origin-name'], 'v1');
  assert.ok(!restarted.lines().some((l) => /fallback storage/.test(l) && /import/.test(l)), 'storage was not read after the node had a config');

  // 4. The CP comes back with a newer config: the DP switches under load, no failed request.
  cp = await gatehouse(t, ['cp', '-c', cpConf], { name: 'cp-again', readyWhen: /control plane ready/ });
  const load = loadGenerator({ url: `http://127.0.0.1:${proxy}/api/load`, concurrency: 8, durationMs: 6000 });
  await new Promise((r) => setTimeout(r, 500));
  const posted = await httpRequest(`http://127.0.0.1:${admin}/config`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: configFor(v2.url) });
  assert.equal(posted.status, 201, posted.text());
  await waitFor('the data plane to run the new config', async () => (await httpRequest(`http://127.0.0.1:${proxy}/api/x`)).headers['x-origin-name'] === 'v2');
  assert.equal((await status(dpStatus!)).config_source, 'control_plane');
  const result = await load;
  assert.equal(result.failed, 0, JSON.stringify({ byStatus: result.byStatus, errors: result.errors }));
  assert.equal(result.ok, result.total);
  t.diagnostic(`switch from fallback config to the CP's under load: ${result.total} requests, ${result.failed} failed`);
});
