/**
 * node:cluster scheduling for proxy workers: SCHED_RR (the primary accepts and hands each
 * connection to the next worker) against SCHED_NONE (the workers share the listen socket and
 * the kernel picks). A control plane and a data plane with worker_processes = WORKERS, run once
 * per policy (NODE_CLUSTER_SCHED_POLICY), interleaved over ROUNDS. Per policy:
 *   keep-alive   — CONNECTIONS keep-alive connections for DURATION s (autocannon)
 *   new-conn     — 16 loops, one connection per request (Connection: close)
 *   sequential   — 200 requests one after another, one connection each (a quiet node)
 *   kill         — new-conn while one worker is SIGKILLed: requests that got no answer
 * with req/s, p99 and each worker's share of the requests (from /status workers[].requests).
 * Run after a build: npx tsx bench/worker-scheduling.bench.ts (from e2e/).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, httpRequest, killAll, loadGenerator, spawnProcess, startOrigin } from '@gatehouse/testkit';
import type { SpawnedProcess } from '@gatehouse/testkit';
import { BIN } from '../tests/cluster.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const DURATION = Number(process.env['BENCH_DURATION'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const WORKERS = Number(process.env['BENCH_WORKERS'] ?? 2);
const AUTOCANNON = fileURLToPath(new URL('../../node_modules/.bin/autocannon', import.meta.url));
const run = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sched-'));
const conf = (name: string, lines: Record<string, string | number>): string => {
  const path = join(dir, `${name}.conf`);
  writeFileSync(path, Object.entries(lines).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
  return path;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
interface WorkerRow { pid: number | null; requests: number | null; config: { version: number } | null }
const workers = async (port: number): Promise<WorkerRow[]> => (await httpRequest(`http://127.0.0.1:${port}/status`)).json<{ workers: WorkerRow[] }>().workers;
const split = (before: WorkerRow[], after: WorkerRow[]): string => {
  const counts = after.map((w, i) => (w.requests ?? 0) - (before[i]?.pid === w.pid ? (before[i]?.requests ?? 0) : 0));
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  return counts.map((c) => `${Math.round((100 * c) / total)}%`).join('/');
};

const origin = await startOrigin({ name: 'origin' });
const [admin, cpStatus, cluster] = [await freePort(), await freePort(), await freePort()];
const plain = { cluster_allow_plaintext: 'on', log_level: 'error' };
const cp = await spawnProcess(process.execPath, [BIN, 'cp', '-c', conf('cp', { role: 'control_plane', admin_listen: `127.0.0.1:${admin}`, status_listen: `127.0.0.1:${cpStatus}`, cluster_listen: `127.0.0.1:${cluster}`, prefix: join(dir, 'cp'), ...plain, log_level: 'notice' })], { name: 'cp', readyWhen: /control plane ready/, timeoutMs: 30_000 });
await httpRequest(`http://127.0.0.1:${admin}/config`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: `_format_version: "3.0"\nservices:\n  - name: api\n    url: ${origin.url}\n    routes:\n      - paths: [/api]\n` });

async function startDp(policy: string): Promise<{ dp: SpawnedProcess; proxy: number; status: number }> {
  const [proxy, status] = [await freePort(), await freePort()];
  const dp = await spawnProcess(process.execPath, [BIN, 'dp', '-c', conf(`dp-${policy}`, {
    role: 'data_plane', cluster_control_plane: `127.0.0.1:${cluster}`, proxy_listen: `127.0.0.1:${proxy}`, status_listen: `127.0.0.1:${status}`,
    prefix: join(dir, `dp-${policy}`), worker_processes: WORKERS, proxy_access_log: 'off', ...plain,
  })], { name: `dp-${policy}`, env: { NODE_CLUSTER_SCHED_POLICY: policy }, timeoutMs: 30_000 });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ready = await httpRequest(`http://127.0.0.1:${status}/status/ready`).then((r) => r.status === 200, () => false);
    if (ready) return { dp, proxy, status };
    await sleep(200);
  }
  throw new Error(`dp (${policy}) not ready`);
}

const lines: string[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const policy of ['rr', 'none']) {
    const { dp, proxy, status } = await startDp(policy);
    const url = `http://127.0.0.1:${proxy}/api/bench`;
    await run(AUTOCANNON, ['-c', '10', '-d', '1', url]); // warm up
    let before = await workers(status);
    const { stdout } = await run(AUTOCANNON, ['-j', '-c', String(CONNECTIONS), '-d', String(DURATION), url], { maxBuffer: 1 << 24 });
    const ac = JSON.parse(stdout) as { requests: { average: number }; latency: { p99: number }; errors: number; timeouts: number; non2xx: number };
    lines.push(`round ${round} ${policy.padEnd(4)} keep-alive: ${ac.requests.average.toFixed(0)} req/s, p99 ${ac.latency.p99} ms, errors ${ac.errors + ac.timeouts + ac.non2xx}, split ${split(before, await workers(status))}`);

    before = await workers(status);
    const nc = await loadGenerator({ url, concurrency: 16, durationMs: DURATION * 1000, headers: { connection: 'close' } });
    lines.push(`round ${round} ${policy.padEnd(4)} new-conn:   ${(nc.total / (nc.durationMs / 1000)).toFixed(0)} req/s, p99 ${nc.latencyMs.p99.toFixed(1)} ms, failed ${nc.failed}, split ${split(before, await workers(status))}`);

    before = await workers(status);
    const seq = await loadGenerator({ url, concurrency: 1, requests: 200, headers: { connection: 'close' } });
    lines.push(`round ${round} ${policy.padEnd(4)} sequential: ${seq.total} requests one after another, failed ${seq.failed}, split ${split(before, await workers(status))}`);

    const victim = (await workers(status))[0]?.pid;
    const load = loadGenerator({ url, concurrency: 16, durationMs: 4000, timeoutMs: 3000, headers: { connection: 'close' } });
    await sleep(1000);
    if (victim) process.kill(victim, 'SIGKILL');
    const killed = await load;
    lines.push(`round ${round} ${policy.padEnd(4)} kill:       ${killed.total} requests, unanswered after 3 s ${killed.errors['GW_ERR_TESTKIT_TIMEOUT'] ?? 0}, errors ${JSON.stringify(killed.errors)}, non-2xx ${JSON.stringify(killed.byStatus)}`);
    process.stdout.write(lines.slice(-4).join('\n') + '\n');
    await dp.stop(15_000);
  }
}
await cp.stop(5000);
await origin.close();
await killAll();
rmSync(dir, { recursive: true, force: true });
