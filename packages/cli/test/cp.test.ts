import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, httpRequest, spawnProcess, tempDir } from '@gatehouse/testkit';

const BIN = fileURLToPath(new URL('../bin/gatehouse.js', import.meta.url));

test('gatehouse cp: takes a config over the Admin API, keeps it across a restart, stops cleanly', async (t) => {
  const dir = await tempDir('gatehouse-cp-');
  t.after(() => dir.cleanup());
  const [admin, status] = [await freePort(), await freePort()];
  const conf = join(dir.path, 'cp.conf');
  writeFileSync(conf, `role = control_plane\nadmin_listen = 127.0.0.1:${admin}\ncluster_listen = off\nstatus_listen = 127.0.0.1:${status}\nprefix = ${dir.path}/prefix\n`);
  const start = () => spawnProcess(process.execPath, [BIN, 'cp', '-c', conf], { readyWhen: /control plane ready/, timeoutMs: 20_000, name: 'cp' });

  let cp = await start();
  t.after(() => cp.stop(2000));
  const posted = await httpRequest(`http://127.0.0.1:${admin}/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: '_format_version: "3.0"\nservices:\n  - name: orders\n    url: http://orders.internal:8080\n    routes:\n      - name: orders\n        paths: [/orders]\n',
  });
  assert.equal(posted.status, 201, posted.text());
  assert.deepEqual(await cp.kill('SIGTERM'), { code: 0, signal: null });

  cp = await start();
  const services = await httpRequest(`http://127.0.0.1:${admin}/services`);
  assert.equal(services.json<{ data: { name: string }[] }>().data[0]?.name, 'orders');
  assert.equal((await httpRequest(`http://127.0.0.1:${status}/status/ready`)).status, 200);
});

test('gatehouse cp refuses cluster_fallback_config_export instead of ignoring it', async (t) => {
  const dir = await tempDir('gatehouse-cp-');
  t.after(() => dir.cleanup());
  const conf = join(dir.path, 'cp.conf');
  writeFileSync(conf, `role = control_plane\ncluster_fallback_config_export = on\ncluster_fallback_config_storage = s3://bucket-a/p\nprefix = ${dir.path}/prefix\n`);
  const cp = await spawnProcess(process.execPath, [BIN, 'cp', '-c', conf], { env: { AWS_REGION: 'us-east-1' }, name: 'cp-export', timeoutMs: 20_000 });
  assert.equal((await cp.waitForExit(20_000)).code, 1);
  assert.match(cp.output(), /run a backup node \(gatehouse backup\) to export.*GW_ERR_CP_EXPORT_UNSUPPORTED/);
});
