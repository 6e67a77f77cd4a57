// The control plane as a process: seeded from declarative_config at first start, SIGTERM ends
// it cleanly (exit 0), and a restart on the same prefix finds the last version.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { httpRequest, spawnProcess, tempDir } from '@gatehouse/testkit';
import type { SpawnedProcess } from '@gatehouse/testkit';

const child = fileURLToPath(new URL('./control-plane-child.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const kongYml = fileURLToPath(new URL('./fixtures/kong.yml', import.meta.url));

interface Running {
  proc: SpawnedProcess;
  admin: string;
  status: string;
  logs: Record<string, unknown>[];
}

function jsonLines(proc: SpawnedProcess): Record<string, unknown>[] {
  return proc.lines('stdout').flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

async function startCp(env: NodeJS.ProcessEnv): Promise<Running> {
  const proc = await spawnProcess(process.execPath, ['--import', 'tsx', child], {
    cwd: packageDir,
    env: { GATEHOUSE_CONF: undefined, GATEHOUSE_ADMIN_TOKEN: undefined, GATEHOUSE_ADMIN_LISTEN: '127.0.0.1:0', GATEHOUSE_STATUS_LISTEN: '127.0.0.1:0', GATEHOUSE_LOG_LEVEL: 'info', ...env },
    readyWhen: /status listener listening/,
    timeoutMs: 20_000,
    name: 'cp',
  });
  const logs = jsonLines(proc);
  const url = (msg: string) => String(logs.find((l) => l['msg'] === msg)?.['url']);
  return { proc, admin: url('Admin API listening'), status: url('status listener listening'), logs };
}

const getJson = async (url: string) => (await httpRequest(url)).json<Record<string, unknown>>();

test('a control plane seeds from declarative_config, stops with exit 0 on SIGTERM and restarts with its last version', async (t) => {
  const dir = await tempDir();
  t.after(() => dir.cleanup());
  const env = { GATEHOUSE_PREFIX: join(dir.path, 'prefix'), GATEHOUSE_DECLARATIVE_CONFIG: kongYml };

  const first = await startCp(env);
  t.after(() => first.proc.stop());
  assert.ok(first.logs.some((l) => l['msg'] === 'config store seeded from declarative_config' && l['version'] === 1));
  assert.ok(first.logs.some((l) => l['msg'] === 'config loaded' && l['version'] === 1));
  assert.equal((await httpRequest(`${first.status}/status/ready`)).status, 200);
  assert.equal(((await getJson(`${first.status}/status`))['config'] as Record<string, unknown>)['version'], 1);
  const patch = await httpRequest(`${first.admin}/services/items`, { method: 'PATCH', json: { retries: 1 } });
  assert.equal(patch.status, 200);
  const metrics = (await httpRequest(`${first.status}/metrics`)).text();
  assert.match(metrics, /^gatehouse_config_version 2$/m);
  assert.match(metrics, /^gatehouse_admin_requests_total\{route="\/services\/:key",method="PATCH",status="200"\} 1$/m);

  assert.equal((await httpRequest(`${first.admin}/services/nope`)).status, 404);
  await first.proc.waitForLine(/GW_ERR_ADMIN_NOT_FOUND/);
  const notice = jsonLines(first.proc).find((l) => l['code'] === 'GW_ERR_ADMIN_NOT_FOUND');
  assert.equal(notice?.['level'], 35, 'client errors are logged at notice, visible at the default log level');

  const exit = await first.proc.kill('SIGTERM');
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.ok(first.proc.lines('stdout').some((l) => l.includes('control plane stopped')));

  const second = await startCp(env);
  t.after(() => second.proc.stop());
  assert.ok(second.logs.some((l) => l['msg'] === 'config loaded' && l['version'] === 2), second.proc.output());
  assert.ok(!second.logs.some((l) => l['msg'] === 'config store seeded from declarative_config'));
  assert.equal((await getJson(`${second.admin}/services/items`))['retries'], 1);
  assert.deepEqual(await second.proc.kill('SIGTERM'), { code: 0, signal: null });
});

test('an invalid declarative_config stops the first start naming every error', async (t) => {
  const dir = await tempDir();
  t.after(() => dir.cleanup());
  const bad = join(dir.path, 'bad.yml');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(bad, '_format_version: "3.0"\nservices:\n  - name: a\n    port: 0.5\n  - host: b\n    routes:\n      - paths: [x]\n');
  const proc = await spawnProcess(process.execPath, ['--import', 'tsx', child], {
    cwd: packageDir,
    env: { GATEHOUSE_CONF: undefined, GATEHOUSE_PREFIX: join(dir.path, 'prefix'), GATEHOUSE_DECLARATIVE_CONFIG: bad, GATEHOUSE_ADMIN_LISTEN: '127.0.0.1:0', GATEHOUSE_STATUS_LISTEN: 'off' },
    name: 'cp-bad',
  });
  const exit = await proc.waitForExit(20_000);
  assert.equal(exit.code, 1);
  const fatal = jsonLines(proc).find((l) => l['level'] === 60);
  assert.equal(fatal?.['code'], 'GW_ERR_CP_SEED_INVALID', proc.output());
  const message = String(fatal?.['msg']);
  for (const where of ['services[0].host', 'services[0].port (', 'services[1].routes[0].paths[0] (']) assert.ok(message.includes(where), `${where} in ${message}`);
  assert.match(message, /bad\.yml:4:/);
});

test('an Admin API on a non-loopback address without a token refuses to start', async (t) => {
  const dir = await tempDir();
  t.after(() => dir.cleanup());
  const proc = await spawnProcess(process.execPath, ['--import', 'tsx', child], {
    cwd: packageDir,
    env: { GATEHOUSE_CONF: undefined, GATEHOUSE_ADMIN_TOKEN: undefined, GATEHOUSE_PREFIX: dir.path, GATEHOUSE_ADMIN_LISTEN: '0.0.0.0:0', GATEHOUSE_STATUS_LISTEN: 'off' },
    name: 'cp-open',
  });
  assert.equal((await proc.waitForExit(20_000)).code, 1);
  const fatal = jsonLines(proc).find((l) => l['level'] === 60);
  assert.equal(fatal?.['code'], 'GW_ERR_ADMIN_TOKEN_REQUIRED', proc.output());
});
