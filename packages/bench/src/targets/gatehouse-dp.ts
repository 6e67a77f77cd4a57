/**
 * Gatehouse as operators run it: the built `gatehouse dp` command, standalone on a declarative
 * file, one worker, access log and status listener off. Either one bare route, or the same
 * route with key-auth + rate-limiting + cors (every request then carries the API key and an
 * Origin; the limits are far above anything the benchmark reaches, so no 429).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, httpRequest, spawnProcess, tempDir } from '@gatehouse/testkit';
import { expectProxied } from './target.js';
import type { ProxyTarget } from './target.js';
import { gatehouseBin } from '../repo-paths.js';

export interface GatehouseDpOptions {
  plugins: boolean;
  /** Extra node flags for the dp process, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
  nodeArgs?: string[];
}

export const API_KEY = 'bench-key';
export const ORIGIN = 'https://app.example.com';

export function declarativeConfig(upstreamUrl: string, plugins: boolean): Record<string, unknown> {
  const routePlugins = plugins
    ? [
        { name: 'key-auth' },
        { name: 'rate-limiting', config: { second: 1_000_000_000, minute: 1_000_000_000, limit_by: 'consumer', policy: 'local' } },
        { name: 'cors', config: { origins: [ORIGIN], credentials: true, max_age: 3600 } },
      ]
    : [];
  return {
    _format_version: '3.0',
    ...(plugins ? { consumers: [{ username: 'bench', keyauth_credentials: [{ key: API_KEY }] }] } : {}),
    services: [{ name: 'bench', url: upstreamUrl, routes: [{ name: 'all', paths: ['/'], plugins: routePlugins }] }],
  };
}

/** Checks the plugins run: CORS and rate-limit headers on the 200, a 401 without the key. */
async function verifyPlugins(label: string, url: string, headers: Record<string, string>): Promise<void> {
  const seen = await expectProxied(label, url, headers);
  if (seen['access-control-allow-origin'] !== ORIGIN) throw new Error(`${label}: no CORS header on the response`);
  if (seen['x-ratelimit-limit-second'] === undefined) throw new Error(`${label}: no rate-limiting header on the response`);
  const anonymous = await httpRequest(url, { timeoutMs: 5_000 });
  if (anonymous.status !== 401) throw new Error(`${label}: a request without the API key got ${anonymous.status}, not 401`);
}

export async function startGatehouseDp(upstreamUrl: string, options: GatehouseDpOptions): Promise<ProxyTarget> {
  const dir = await tempDir(options.plugins ? 'gatehouse-bench-dp-plugins-' : 'gatehouse-bench-dp-');
  const port = await freePort();
  const configFile = join(dir.path, 'kong.yml');
  // JSON is YAML: the file is read by the same loader either way.
  await writeFile(configFile, JSON.stringify(declarativeConfig(upstreamUrl, options.plugins), null, 2) + '\n');
  const settings = {
    role: 'data_plane',
    proxy_listen: `127.0.0.1:${port}`,
    status_listen: 'off',
    proxy_access_log: 'off',
    worker_processes: 1,
    declarative_config: configFile,
    prefix: join(dir.path, 'prefix'),
  };
  const conf = join(dir.path, 'dp.conf');
  await writeFile(conf, Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
  const id = options.plugins ? 'gatehouse-plugins' : 'gatehouse';
  const proc = await spawnProcess(process.execPath, [...(options.nodeArgs ?? []), gatehouseBin(), 'dp', '-c', conf], {
    name: id,
    cwd: dir.path,
    readyWhen: /data plane ready/,
    timeoutMs: 20_000,
  }).catch(async (err: unknown) => {
    await dir.cleanup();
    throw err;
  });
  const label = options.plugins ? 'Gatehouse DP + key-auth, rate-limiting, cors' : 'Gatehouse DP (no plugins)';
  const url = `http://127.0.0.1:${port}/bench`;
  const headers: Record<string, string> = options.plugins ? { apikey: API_KEY, origin: ORIGIN } : {};
  return {
    id,
    label,
    url,
    pid: proc.pid ?? -1,
    headers,
    verify: () => (options.plugins ? verifyPlugins(label, url, headers) : expectProxied(label, url, headers).then(() => undefined)),
    close: async () => {
      // SIGTERM: a graceful stop, so a --cpu-prof profile gets written.
      const exit = await proc.stop(12_000);
      await dir.cleanup();
      if (exit.signal === 'SIGKILL') throw new Error(`${label} did not stop on SIGTERM\n${proc.output(20)}`);
    },
  };
}
