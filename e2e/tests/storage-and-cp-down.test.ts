/**
 * Storage and control plane both down: a new data plane is not ready and says why; when the
 * storage comes back it configures itself from it without a restart (Kong imports once and
 * gives up; Gatehouse keeps trying).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { normaliseConfig } from '@gatehouse/config';
import { openSnapshotStore } from '@gatehouse/fallback';
import { httpRequest, startOrigin, startS3Server } from '@gatehouse/testkit';
import { gatehouse, ports, waitFor, workDir, writeConf } from './cluster.js';

test('with the CP and the storage down a new DP is not ready and says why; storage back → it configures itself', async (t) => {
  const dir = await workDir(t);
  const origin = await startOrigin({ name: 'from-storage' });
  t.after(() => origin.close());
  const [s3Port, cpPort, proxy, statusPort] = (await ports(4)) as [number, number, number, number];
  const s3Dir = mkdtempSync(join(tmpdir(), 'gatehouse-s3-'));
  t.after(() => rmSync(s3Dir, { recursive: true, force: true }));
  const storage = 's3://gatehouse-backups/cluster-b';
  const s3Env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_CONFIG_STORAGE_ENDPOINT: `http://127.0.0.1:${s3Port}` };

  await (await gatehouse(t, ['cert', 'generate', '--out', dir], { name: 'cert' })).waitForExit();
  const dpConf = writeConf(dir, 'dp', {
    role: 'data_plane', cluster_control_plane: `127.0.0.1:${cpPort}`, proxy_listen: `127.0.0.1:${proxy}`, status_listen: `127.0.0.1:${statusPort}`,
    prefix: join(dir, 'dp'), cluster_fallback_config_import: 'on', cluster_fallback_config_storage: storage, cluster_fallback_config_timeout: 1,
    cluster_cert: join(dir, 'cluster.crt'), cluster_cert_key: join(dir, 'cluster.key'),
  });
  const dp = await gatehouse(t, ['dp', '-c', dpConf], { name: 'dp', readyWhen: /data plane started/, env: s3Env });
  await dp.waitForLine(/fallback import failed/, 15_000);
  const notReady = await httpRequest(`http://127.0.0.1:${statusPort}/status/ready`);
  assert.equal(notReady.status, 503);
  assert.match(notReady.json<{ message: string }>().message, /no configuration yet: the control plane is not reachable .*; fallback storage: GW_ERR_FALLBACK_UNREACHABLE/);
  const status = await httpRequest(`http://127.0.0.1:${statusPort}/status`);
  assert.match(String(status.json<{ last_error: string }>().last_error), /GW_ERR_FALLBACK_UNREACHABLE/);
  assert.equal((await httpRequest(`http://127.0.0.1:${proxy}/api`)).status, 503);

  // The storage comes back with a snapshot (written the way the backup node writes it).
  const s3 = await startS3Server({ port: s3Port, directory: s3Dir, buckets: ['gatehouse-backups'] });
  t.after(() => s3.close());
  const cfg = normaliseConfig({ _format_version: '3.0', services: [{ name: 'api', url: origin.url, routes: [{ paths: ['/api'] }] }] });
  assert.ok(cfg.ok);
  const writer = openSnapshotStore({ url: storage, env: s3Env });
  t.after(() => writer.close());
  await writer.export(cfg.config, { version: 3, hash: cfg.hash, exporterId: 'e2e-backup', gatehouseVersion: '0.1.0' });

  await waitFor('the data plane to configure itself from storage', async () => (await httpRequest(`http://127.0.0.1:${statusPort}/status/ready`)).status === 200, 40_000);
  const res = await httpRequest(`http://127.0.0.1:${proxy}/api/x`);
  assert.equal(res.status, 200);
  assert.equal(res.headers['x-origin-name'], 'from-storage');
  assert.equal(dp.exitInfo(), undefined, 'no restart was needed');
});
