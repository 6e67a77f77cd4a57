import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, httpRequest, spawnProcess, startOrigin, tempDir } from '@gatehouse/testkit';

const BIN = fileURLToPath(new URL('../bin/gatehouse.js', import.meta.url));

const configFor = (url: string, path: string) => `_format_version: "3.0"
services:
  - name: echo
    url: ${url}
    routes:
      - name: r
        paths: [${path}]
`;

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached in time');
}

describe('gatehouse dp (standalone, declarative_config)', () => {
  test('serves the file, reloads it on `gatehouse reload`, refuses a bad reload, stops cleanly on SIGTERM', async (t) => {
    const origin = await startOrigin({ name: 'dp-origin' });
    const dir = await tempDir('gatehouse-dp-');
    t.after(async () => {
      await origin.close();
      await dir.cleanup();
    });
    const [proxyPort, statusPort] = [await freePort(), await freePort()];
    const file = join(dir.path, 'kong.yml');
    writeFileSync(file, configFor(origin.url, '/first'));
    const conf = join(dir.path, 'gatehouse.conf');
    writeFileSync(conf, `proxy_listen = 127.0.0.1:${proxyPort}\nstatus_listen = 127.0.0.1:${statusPort}\ndeclarative_config = ${file}\nprefix = ${dir.path}/prefix\n`);

    const dp = await spawnProcess(process.execPath, [BIN, 'dp', '-c', conf], { readyWhen: /data plane ready/, timeoutMs: 20_000, name: 'dp' });
    t.after(() => dp.stop(2000));
    const proxy = `http://127.0.0.1:${proxyPort}`;
    assert.equal((await httpRequest(`${proxy}/first`)).status, 200);
    assert.equal((await httpRequest(`http://127.0.0.1:${statusPort}/status/ready`)).status, 200);

    writeFileSync(file, configFor(origin.url, '/second'));
    const reload = await spawnProcess(process.execPath, [BIN, 'reload', '-c', conf], { name: 'reload', timeoutMs: 20_000 });
    assert.equal((await reload.waitForExit(20_000)).code, 0);
    await waitFor(async () => (await httpRequest(`${proxy}/second`)).status === 200);
    assert.equal((await httpRequest(`${proxy}/first`)).status, 404);

    writeFileSync(file, '_format_version: "3.0"\nservices:\n  - name: broken\n    port: 99999\n');
    const since = dp.lines().length;
    process.kill(dp.pid!, 'SIGHUP');
    await dp.waitForLine(/declarative config refused/, 10_000, since);
    assert.equal((await httpRequest(`${proxy}/second`)).status, 200, 'the running config keeps serving');

    const exit = await dp.kill('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  test('an invalid declarative_config refuses to start and names every error', async (t) => {
    const dir = await tempDir('gatehouse-dp-');
    t.after(() => dir.cleanup());
    const file = join(dir.path, 'bad.yml');
    writeFileSync(file, '_format_version: "3.0"\nservices:\n  - name: a\n    host: a.internal\n    retries: -1\n    routes:\n      - paths: [nope]\n');
    const dp = await spawnProcess(process.execPath, [BIN, 'dp'], {
      env: { GATEHOUSE_DECLARATIVE_CONFIG: file, GATEHOUSE_PROXY_LISTEN: '127.0.0.1:0', GATEHOUSE_STATUS_LISTEN: '127.0.0.1:0', GATEHOUSE_PREFIX: join(dir.path, 'p') },
      name: 'dp-bad',
      timeoutMs: 20_000,
    });
    const exit = await dp.waitForExit(20_000);
    assert.equal(exit.code, 1);
    const out = dp.output();
    assert.match(out, /services\[0\]\.retries \(bad\.yml:5:14\): must be between 0 and 32767/);
    assert.match(out, /services\[0\]\.routes\[0\]\.paths\[0\] \(bad\.yml:7:17\): must start with "\/"/);
  });

  test('a TLS listener serves a generated default certificate when no SNI matches, kept under prefix/ssl', async (t) => {
    const dir = await tempDir('gatehouse-dp-');
    t.after(() => dir.cleanup());
    const file = join(dir.path, 'kong.yml');
    writeFileSync(file, configFor('http://127.0.0.1:9', '/'));
    const port = await freePort();
    const dp = await spawnProcess(process.execPath, [BIN, 'dp'], {
      env: { GATEHOUSE_DECLARATIVE_CONFIG: file, GATEHOUSE_PROXY_LISTEN: `127.0.0.1:${port} ssl`, GATEHOUSE_STATUS_LISTEN: 'off', GATEHOUSE_PREFIX: join(dir.path, 'p') },
      readyWhen: /data plane ready/,
      timeoutMs: 20_000,
      name: 'dp-tls',
    });
    t.after(() => dp.stop(2000));
    const subject = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, servername: 'unknown.example.test', rejectUnauthorized: false }, () => {
        resolve(String(socket.getPeerCertificate().subject?.CN));
        socket.end();
      });
      socket.on('error', reject);
    });
    assert.equal(subject, 'localhost');
    assert.equal(statSync(join(dir.path, 'p', 'ssl', 'default.key')).mode & 0o777, 0o600);
  });
});
