/**
 * Cold start of a brand-new data plane: time from process spawn to its first proxied 200,
 * with the control plane down and import on (the config comes from fallback storage), beside
 * the same with the control plane up — median of RUNS each, interleaved, in one run.
 * Real processes and a real S3 server on 127.0.0.1. Run: npm run bench -w @gatehouse/e2e.
 * With --json it prints {"progress": "..."} lines and one {"result": {...}} line (packages/bench).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { normaliseConfig } from '@gatehouse/config';
import { openSnapshotStore } from '@gatehouse/fallback';
import { freePort, spawnProcess, startOrigin, startS3Server } from '@gatehouse/testkit';
import { BIN } from '../tests/cluster.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const JSON_MODE = process.argv.includes('--json');
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-coldstart-'));
const conf = (name: string, lines: Record<string, string | number>): string => {
  const path = join(dir, `${name}.conf`);
  writeFileSync(path, Object.entries(lines).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
  return path;
};
const get = (port: number): Promise<number> =>
  new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/x', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });

const origin = await startOrigin();
const s3 = await startS3Server({ buckets: ['gatehouse-backups'] });
const storage = 's3://gatehouse-backups/bench';
const yaml = `_format_version: "3.0"\nservices:\n  - name: api\n    url: ${origin.url}\n    routes:\n      - paths: [/api]\n`;
const cfg = normaliseConfig({ _format_version: '3.0', services: [{ name: 'api', url: origin.url, routes: [{ paths: ['/api'] }] }] });
if (!cfg.ok) throw new Error('bad config');
const writer = openSnapshotStore({ url: storage, env: s3.env() });
await writer.export(cfg.config, { version: 1, hash: cfg.hash, exporterId: 'bench', gatehouseVersion: '0.1.0' });
writer.close();

const certs = spawn(process.execPath, [BIN, 'cert', 'generate', '--out', dir], { stdio: 'ignore' });
await new Promise((r) => certs.once('exit', r));
const tls = { cluster_cert: join(dir, 'cluster.crt'), cluster_cert_key: join(dir, 'cluster.key') };
const [admin, cluster, cpStatus] = [await freePort(), await freePort(), await freePort()];
writeFileSync(join(dir, 'kong.yml'), yaml);
const cp = await spawnProcess(process.execPath, [BIN, 'cp', '-c', conf('cp', { role: 'control_plane', admin_listen: `127.0.0.1:${admin}`, status_listen: `127.0.0.1:${cpStatus}`, cluster_listen: `127.0.0.1:${cluster}`, prefix: join(dir, 'cp'), declarative_config: join(dir, 'kong.yml'), ...tls })], { readyWhen: /control plane ready/, timeoutMs: 30_000, name: 'cp' });
const downPort = await freePort();

async function coldStart(cpUp: boolean, i: number): Promise<number> {
  const proxy = await freePort();
  const started = performance.now();
  const dp = await spawnProcess(process.execPath, [BIN, 'dp', '-c', conf(`dp-${cpUp}-${i}`, {
    role: 'data_plane', cluster_control_plane: `127.0.0.1:${cpUp ? cluster : downPort}`, proxy_listen: `127.0.0.1:${proxy}`, status_listen: 'off',
    prefix: join(dir, `dp-${cpUp}-${i}`), cluster_fallback_config_import: 'on', cluster_fallback_config_storage: storage, ...tls,
  })], { env: s3.env(), timeoutMs: 30_000, name: 'dp' });
  while ((await get(proxy)) !== 200) {
    if (performance.now() - started > 30_000) throw new Error(`no 200 within 30 s (cp ${cpUp ? 'up' : 'down'})\n${dp.output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const ms = performance.now() - started;
  await dp.stop(2000);
  return ms;
}

const down: number[] = [];
const up: number[] = [];
for (let i = 0; i < RUNS; i++) {
  down.push(await coldStart(false, i));
  up.push(await coldStart(true, i));
  if (JSON_MODE) {
    const line = `run ${i + 1}/${RUNS}: CP down ${down.at(-1)!.toFixed(0)} ms, CP up ${up.at(-1)!.toFixed(0)} ms`;
    process.stdout.write(JSON.stringify({ progress: line }) + '\n');
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
if (JSON_MODE) {
  const result = { runs: RUNS, cpDownMs: { median: median(down), all: down }, cpUpMs: { median: median(up), all: up } };
  process.stdout.write(JSON.stringify({ result }) + '\n');
} else {
  process.stdout.write(`cold start of a new data plane, spawn to first proxied 200, median of ${RUNS}\n`);
  process.stdout.write(`| control plane | median | all runs (ms) |\n| --- | --- | --- |\n`);
  process.stdout.write(`| down, config from fallback storage | ${median(down).toFixed(0)} ms | ${down.map((x) => x.toFixed(0)).join(', ')} |\n`);
  process.stdout.write(`| up | ${median(up).toFixed(0)} ms | ${up.map((x) => x.toFixed(0)).join(', ')} |\n`);
  process.stdout.write(`ratio down / up: ${(median(down) / median(up)).toFixed(2)}×\n`);
}
await cp.stop(2000);
await s3.close();
await origin.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
