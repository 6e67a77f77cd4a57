/**
 * Helpers for process-level scenarios: the built `gatehouse` binary, conf files, ports, and a
 * registry that stops every process a test started, even when it fails.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, httpRequest, spawnProcess, tempDir } from '@gatehouse/testkit';
import type { SpawnedProcess } from '@gatehouse/testkit';

export const BIN = fileURLToPath(new URL('../../packages/cli/bin/gatehouse.js', import.meta.url));

export async function workDir(t: TestContext): Promise<string> {
  const dir = await tempDir('gatehouse-e2e-');
  t.after(() => dir.cleanup());
  return dir.path;
}

export function writeConf(dir: string, name: string, settings: Record<string, string | number>): string {
  const path = join(dir, `${name}.conf`);
  writeFileSync(path, Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
  return path;
}

export async function ports(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await freePort());
  return out;
}

export async function gatehouse(t: TestContext, args: string[], opts: { name: string; readyWhen?: RegExp; env?: Record<string, string> }): Promise<SpawnedProcess> {
  const proc = await spawnProcess(process.execPath, [BIN, ...args], {
    name: opts.name,
    timeoutMs: 30_000,
    ...(opts.readyWhen ? { readyWhen: opts.readyWhen } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
  t.after(() => proc.stop(3000));
  return proc;
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function status(port: number): Promise<Record<string, unknown> & { config_source?: string; configuration?: { hash: string | null } }> {
  return (await httpRequest(`http://127.0.0.1:${port}/status`)).json();
}
