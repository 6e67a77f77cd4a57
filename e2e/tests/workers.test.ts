/**
 * Proxy worker processes with real processes: a control plane and a data plane with
 * worker_processes = 2. Every config reaches both workers, and the control plane sees the data
 * plane in sync only once both run it; requests are spread over both (counted by each
 * worker's /status `requests`, no response header added); a SIGKILLed worker is replaced and
 * configured before it counts as ready; /metrics adds up the workers' counters; SIGTERM to the primary drains the workers — an
 * in-flight request finishes — and exits 0 leaving no worker behind.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { httpRequest, loadGenerator, startOrigin } from '@gatehouse/testkit';
import { gatehouse, ports, waitFor, workDir, writeConf } from './cluster.js';

interface WorkerRow {
  slot: number;
  pid: number | null;
  state: string;
  config: { version: number | null; hash: string } | null;
  requests: number | null;
  connections_active: number | null;
  memory: { rss: number } | null;
  restarts: number;
}
interface Row {
  config_hash: string | null;
  sync_status: string;
  connected: boolean;
}

const configFor = (fast: string, slow: string, path: string) => `_format_version: "3.0"
plugins:
  - name: prometheus
    config:
      status_code_metrics: true
services:
  - name: api
    url: ${fast}
    routes:
      - name: api
        paths: [${path}]
  - name: slow
    url: ${slow}
    routes:
      - name: slow
        paths: [/slow]
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('worker_processes = 2: config on every worker before the ACK, spread, replacement, drain on SIGTERM', async (t) => {
  const dir = await workDir(t);
  const fast = await startOrigin({ name: 'fast' });
  const slow = await startOrigin({ name: 'slow', delayMs: 1500 });
  t.after(() => Promise.all([fast.close(), slow.close()]));
  const [admin, cpStatus, cluster, proxy, status] = (await ports(5)) as [number, number, number, number, number];
  await (await gatehouse(t, ['cert', 'generate', '--out', dir], { name: 'cert' })).waitForExit();
  const tls = { cluster_cert: join(dir, 'cluster.crt'), cluster_cert_key: join(dir, 'cluster.key') };
  const cpConf = writeConf(dir, 'cp', {
    role: 'control_plane', admin_listen: `127.0.0.1:${admin}`, status_listen: `127.0.0.1:${cpStatus}`, cluster_listen: `127.0.0.1:${cluster}`,
    prefix: join(dir, 'cp'), cluster_push_interval: 0.2, ...tls,
  });
  const dpConf = writeConf(dir, 'dp', {
    role: 'data_plane', cluster_control_plane: `127.0.0.1:${cluster}`, proxy_listen: `127.0.0.1:${proxy}`, status_listen: `127.0.0.1:${status}`,
    prefix: join(dir, 'dp'), worker_processes: 2, proxy_access_log: 'off', ...tls,
  });
  await gatehouse(t, ['cp', '-c', cpConf], { name: 'cp', readyWhen: /control plane ready/ });
  const post = async (path: string) => {
    const r = await httpRequest(`http://127.0.0.1:${admin}/config`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: configFor(fast.url, slow.url, path) });
    assert.ok(r.status === 201 || r.status === 200, r.text());
    return r.json<{ version: number; hash: string }>();
  };
  const workers = async () => (await httpRequest(`http://127.0.0.1:${status}/status`)).json<{ workers: WorkerRow[] }>().workers;
  const ready = async () => (await httpRequest(`http://127.0.0.1:${status}/status/ready`)).status === 200;
  const inSync = async (hash: string) => {
    const rows = (await httpRequest(`http://127.0.0.1:${admin}/clustering/data-planes`)).json<{ data: Row[] }>().data;
    return rows.some((r) => r.connected && r.config_hash === hash && r.sync_status === 'normal');
  };

  let { hash } = await post('/one');
  const dp = await gatehouse(t, ['dp', '-c', dpConf], { name: 'dp', readyWhen: /data plane started/ });
  await waitFor('the control plane to see the data plane in sync', () => inSync(hash));
  let rows = await workers();
  assert.equal(rows.length, 2);
  for (const w of rows) assert.equal(w.config?.hash, hash, `worker ${w.slot} runs the config the control plane sees ACKed`);
  assert.ok(await ready(), '/status/ready is 200 once both workers run the config');

  // Requests reach both workers; each worker's own counter says how many it served.
  // (waitFor retries on a throw, so checks inside it collect problems for an assert after it.)
  const before = await workers();
  let sent = 0;
  const failures: string[] = [];
  await waitFor('requests on both workers', async () => {
    const r = await loadGenerator({ url: `http://127.0.0.1:${proxy}/one/x`, concurrency: 8, requests: 80, headers: { connection: 'close' } });
    if (r.failed > 0) failures.push(JSON.stringify(r));
    sent += r.total;
    const now = await workers();
    return now.every((w, i) => (w.requests ?? 0) > (before[i]?.requests ?? 0));
  });
  assert.equal(failures.length, 0, failures.join('\n'));
  rows = await workers();
  assert.equal(new Set(rows.map((w) => w.pid)).size, 2, 'two distinct worker processes');
  const served = rows.reduce((n, w, i) => n + (w.requests ?? 0) - (before[i]?.requests ?? 0), 0);
  assert.equal(served, sent, 'every request was counted by exactly one worker');
  t.diagnostic(`${sent} requests: ${rows.map((w, i) => `pid ${w.pid} ${(w.requests ?? 0) - (before[i]?.requests ?? 0)}`).join(', ')}`);
  // The primary's /metrics adds up the workers' counters (each counted its own requests; a
  // worker counts in its log phase, just after the response, hence the wait).
  let metrics = '';
  const counted = () => [...metrics.matchAll(/^gatehouse_http_requests_total\{[^}]*route="api"[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
  await waitFor('the node\'s /metrics to count every request', async () => {
    metrics = (await httpRequest(`http://127.0.0.1:${status}/metrics`)).text();
    return counted() >= sent;
  }).catch(() => undefined);
  assert.equal(counted(), sent, metrics.split('\n').filter((l) => l.startsWith('gatehouse_http_requests_total')).join('\n'));

  // A change: whenever the control plane reports the node in sync, both workers already run it.
  const second = await post('/two');
  hash = second.hash;
  const early: string[] = [];
  await waitFor('the change to be ACKed', async () => {
    if (!(await inSync(hash))) return false;
    for (const w of await workers()) if (w.config?.hash !== hash) early.push(`worker ${w.slot} (pid ${w.pid}) runs ${w.config?.hash}`);
    return true;
  });
  assert.equal(early.length, 0, `the control plane saw the node in sync before every worker ran the config: ${early.join('; ')}`);
  // Causal order, read from the log lines' own timestamps (one clock, taken when each line was
  // logged): each worker logs "config applied" before it reports to the primary, which ACKs
  // only after both reported.
  // (Logging is asynchronous, so wait for the lines themselves to arrive.)
  const timeOf = async (match: RegExp) => (JSON.parse(await dp.waitForLine(match, 10_000)) as { time: number }).time;
  const ackedAt = await timeOf(new RegExp(`"version":${second.version},.*"msg":"config runs on every worker; ACKed"`));
  for (const w of rows) {
    const appliedAt = await timeOf(new RegExp(`"pid":${w.pid},.*"version":${second.version},.*"msg":"config applied"`));
    assert.ok(appliedAt <= ackedAt, `worker pid ${w.pid} applied version ${second.version} at ${appliedAt}, after the ACK at ${ackedAt}`);
  }
  assert.equal((await httpRequest(`http://127.0.0.1:${proxy}/two/x`)).status, 200);

  // A worker killed hard is replaced, gets the running config before it counts, and serves.
  const victim = rows[0]!;
  const since = dp.lines().length;
  const load = loadGenerator({ url: `http://127.0.0.1:${proxy}/two/load`, concurrency: 4, durationMs: 3000, headers: { connection: 'close' } });
  await new Promise((r) => setTimeout(r, 500));
  process.kill(victim.pid!, 'SIGKILL');
  await dp.waitForLine(new RegExp(`"pid":${victim.pid}.*"signal":"SIGKILL".*worker exited; replacing it`), 10_000, since);
  const during = await load;
  assert.ok(during.ok > 0, 'the other worker kept serving');
  await waitFor('the replacement worker to serve the running config', async () => {
    const slot = (await workers()).find((w) => w.slot === victim.slot)!;
    return slot.state === 'serving' && slot.pid !== victim.pid && slot.config?.hash === hash && slot.restarts === 1 && (await ready());
  });
  assert.ok(!alive(victim.pid!));
  const replacement = (await workers()).find((w) => w.slot === victim.slot)!;
  const after = await loadGenerator({ url: `http://127.0.0.1:${proxy}/two/x`, concurrency: 8, requests: 160, headers: { connection: 'close' } });
  assert.equal(after.failed, 0, JSON.stringify(after));
  await waitFor('the replacement to take requests', async () => {
    const r = await loadGenerator({ url: `http://127.0.0.1:${proxy}/two/x`, concurrency: 8, requests: 40, headers: { connection: 'close' } });
    if (r.failed > 0) failures.push(JSON.stringify(r));
    return ((await workers()).find((w) => w.pid === replacement.pid)?.requests ?? 0) > 0;
  });
  assert.equal(failures.length, 0, failures.join('\n'));

  // SIGTERM to the primary alone: the workers drain (an in-flight request finishes) and all exit 0.
  const pids = (await workers()).map((w) => w.pid!);
  const inflight = httpRequest(`http://127.0.0.1:${proxy}/slow/x`);
  await waitFor('the slow request to reach the origin', async () => slow.requests.length > 0);
  process.kill(dp.pid!, 'SIGTERM');
  const answered = await inflight;
  assert.equal(answered.status, 200, 'the in-flight request finished');
  const exit = await dp.waitForExit(20_000);
  assert.deepEqual(exit, { code: 0, signal: null });
  for (const pid of pids) assert.ok(!alive(pid), `worker ${pid} is gone`);
  assert.ok(dp.lines().some((l) => l.includes('"msg":"stopped"')));
});
