/**
 * Plugins across the cluster: the control plane validates plugin configs with the same schemas
 * as the data planes, pushes them, and the data planes enforce them — a consumer added through
 * the Admin API can call the API a moment later, its rate limit applies, the prometheus plugin
 * counts on each data plane's /metrics, and the control plane's /metrics shows the ACKs.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { httpRequest, startOrigin } from '@gatehouse/testkit';
import { gatehouse, ports, waitFor, workDir, writeConf } from './cluster.js';

const config = (url: string) => `_format_version: "3.0"
services:
  - name: orders
    url: ${url}
    routes:
      - name: orders
        paths: [/orders]
    plugins:
      - name: key-auth
      - name: rate-limiting
        config: { minute: 3, policy: local }
plugins:
  - name: prometheus
    config: { status_code_metrics: true, latency_metrics: true }
`;

test('plugin configs pushed by the CP are enforced by the DP; consumers added later can call at once', async (t) => {
  const dir = await workDir(t);
  const origin = await startOrigin();
  t.after(() => origin.close());
  const [admin, cpStatus, cluster, proxy, dpStatus] = (await ports(5)) as [number, number, number, number, number];
  await (await gatehouse(t, ['cert', 'generate', '--out', dir], { name: 'cert' })).waitForExit();
  const tls = { cluster_cert: join(dir, 'cluster.crt'), cluster_cert_key: join(dir, 'cluster.key') };
  const cpConf = writeConf(dir, 'cp', {
    role: 'control_plane', admin_listen: `127.0.0.1:${admin}`, status_listen: `127.0.0.1:${cpStatus}`, cluster_listen: `127.0.0.1:${cluster}`,
    prefix: join(dir, 'cp'), cluster_push_interval: 0.2, ...tls,
  });
  const dpConf = writeConf(dir, 'dp', {
    role: 'data_plane', cluster_control_plane: `127.0.0.1:${cluster}`, proxy_listen: `127.0.0.1:${proxy}`, status_listen: `127.0.0.1:${dpStatus}`,
    prefix: join(dir, 'dp'), ...tls,
  });
  await gatehouse(t, ['cp', '-c', cpConf], { name: 'cp', readyWhen: /control plane ready/ });
  const posted = await httpRequest(`http://127.0.0.1:${admin}/config`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: config(origin.url) });
  assert.equal(posted.status, 201, posted.text());
  await gatehouse(t, ['dp', '-c', dpConf], { name: 'dp', readyWhen: /data plane started/ });
  const url = `http://127.0.0.1:${proxy}/orders/1`;
  await waitFor('the data plane to run the config', async () => (await httpRequest(url)).status === 401);
  assert.deepEqual((await httpRequest(url)).json(), { message: 'No API key found in request' });

  // A consumer and its key, added through the Admin API, reach the data plane.
  const consumer = await httpRequest(`http://127.0.0.1:${admin}/consumers`, { method: 'POST', json: { username: 'ann' } });
  assert.equal(consumer.status, 201, consumer.text());
  const key = await httpRequest(`http://127.0.0.1:${admin}/consumers/ann/key-auth`, { method: 'POST', json: { key: 'ann-key' } });
  assert.equal(key.status, 201, key.text());
  await waitFor('the new key to work on the data plane', async () => (await httpRequest(url, { headers: { apikey: 'ann-key' } })).status === 200);
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await httpRequest(url, { headers: { apikey: 'ann-key' } })).status);
  assert.ok(statuses.includes(429), `the limit of 3 a minute applies: ${statuses.join(',')}`);

  // A plugin config the schema refuses never reaches the data plane.
  const refused = await httpRequest(`http://127.0.0.1:${admin}/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: config(origin.url).replace('{ minute: 3, policy: local }', '{ minute: 3, policy: redis }'),
  });
  assert.equal(refused.status, 400);
  assert.match(refused.text(), /redis/);

  const dpMetrics = (await httpRequest(`http://127.0.0.1:${dpStatus}/metrics`)).text();
  assert.match(dpMetrics, /gatehouse_http_requests_total\{[^}]*route="orders"[^}]*code="401"[^}]*source="kong"[^}]*\} \d+/);
  assert.match(dpMetrics, /gatehouse_http_requests_total\{[^}]*route="orders"[^}]*code="200"[^}]*source="service"[^}]*\} \d+/);
  assert.match(dpMetrics, /gatehouse_http_requests_total\{[^}]*code="429"[^}]*\} \d+/);
  const cpMetrics = (await httpRequest(`http://127.0.0.1:${cpStatus}/metrics`)).text();
  assert.match(cpMetrics, /^gatehouse_cluster_data_planes\{state="in_sync"\} 1$/m);
  assert.match(cpMetrics, /^gatehouse_cluster_ack_latency_seconds_count [1-9]\d*$/m);
  assert.match(cpMetrics, /^gatehouse_config_version [3-9]\d*$/m, 'config, consumer and key: three versions');
});
