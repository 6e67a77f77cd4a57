/** Baseline: bare fastify + @fastify/http-proxy (servers/fastify-http-proxy.mjs) in its own process. */
import { spawnProcess } from '@gatehouse/testkit';
import { expectProxied, PORT_LINE } from './target.js';
import type { ProxyTarget } from './target.js';
import { serverScript } from '../repo-paths.js';

/** `nodeArgs`: extra node flags, e.g. ['--cpu-prof', ...] (the server exits gracefully on SIGTERM). */
export async function startFastifyHttpProxy(upstreamUrl: string, nodeArgs: string[] = []): Promise<ProxyTarget> {
  const proc = await spawnProcess(process.execPath, [...nodeArgs, serverScript('fastify-http-proxy.mjs'), upstreamUrl], {
    name: 'fastify-http-proxy',
    readyWhen: PORT_LINE,
    timeoutMs: 15_000,
  });
  const port = Number(proc.lines('stdout')[0]);
  const label = 'fastify + @fastify/http-proxy';
  const url = `http://127.0.0.1:${port}/bench`;
  return {
    id: 'fastify-http-proxy',
    label,
    url,
    pid: proc.pid ?? -1,
    headers: {},
    verify: async () => {
      await expectProxied(label, url, {});
    },
    close: async () => {
      await proc.stop(2_000);
    },
  };
}
