/**
 * nginx with one worker as the reference proxy: a generated nginx.conf in a temp dir,
 * keep-alive to the upstream (upstream keepalive 64, HTTP/1.1, Connection ""), no access log,
 * in the foreground. Optional: the suite notes its absence and goes on.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, spawnProcess, tempDir, waitForPort } from '@gatehouse/testkit';
import { expectProxied } from './target.js';
import type { ProxyTarget } from './target.js';
import { findExecutable } from '../load-generators.js';

export function findNginx(): string | null {
  return findExecutable('nginx', ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin']);
}

export function nginxVersion(bin: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(bin, ['-v'], { timeout: 5_000 }, (_err, stdout, stderr) => resolve(/nginx\/([\d.]+)/.exec(`${stdout}${stderr}`)?.[1] ?? 'unknown version'));
  });
}

export function nginxConf(dir: string, port: number, upstreamUrl: string): string {
  const upstream = new URL(upstreamUrl);
  // As root, nginx would switch its worker to "nobody"; keep it as the user running the suite.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}worker_processes 1;
daemon off;
master_process on;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'tmp', 'client_body')};
  proxy_temp_path ${join(dir, 'tmp', 'proxy')};
  fastcgi_temp_path ${join(dir, 'tmp', 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'tmp', 'uwsgi')};
  scgi_temp_path ${join(dir, 'tmp', 'scgi')};
  # Node's servers never close an idle keep-alive connection after N requests; nor does this.
  keepalive_requests 100000;
  upstream backend {
    server ${upstream.hostname}:${upstream.port};
    keepalive 64;
    keepalive_requests 100000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

export async function startNginx(bin: string, upstreamUrl: string): Promise<ProxyTarget> {
  const dir = await tempDir('gatehouse-bench-nginx-');
  try {
    const port = await freePort();
    await mkdir(join(dir.path, 'tmp'), { recursive: true });
    const conf = join(dir.path, 'nginx.conf');
    await writeFile(conf, nginxConf(dir.path, port, upstreamUrl));
    const proc = await spawnProcess(bin, ['-p', dir.path, '-c', conf], { name: 'nginx', cwd: dir.path });
    await waitForPort(port, '127.0.0.1', 10_000).catch((err: unknown) => {
      throw new Error(`nginx did not listen on 127.0.0.1:${port}\n${proc.output(20)}`, { cause: err });
    });
    const label = 'nginx (1 worker)';
    const url = `http://127.0.0.1:${port}/bench`;
    return {
      id: 'nginx',
      label,
      url,
      pid: proc.pid ?? -1,
      headers: {},
      verify: async () => {
        await expectProxied(label, url, {});
      },
      close: async () => {
        // SIGTERM is nginx's fast shutdown; stop() escalates to SIGKILL if needed.
        await proc.stop(3_000);
        await dir.cleanup();
      },
    };
  } catch (err) {
    await dir.cleanup();
    throw err;
  }
}
