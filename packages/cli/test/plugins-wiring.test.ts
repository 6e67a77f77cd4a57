import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, httpRequest, spawnProcess, startOrigin, tempDir } from '@gatehouse/testkit';

// The bundled plugins are what every command checks configs with, and what nodes run.
const BIN = fileURLToPath(new URL('../bin/gatehouse.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-plugins-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const withPlugins = (rateLimit: string, url = 'http://orders.internal:8080') => `_format_version: "3.0"
services:
  - name: orders
    url: ${url}
    routes:
      - name: orders
        paths: [/orders]
    plugins:
      - name: key-auth
      - name: rate-limiting
        config: ${rateLimit}
consumers:
  - username: ann
    keyauth_credentials:
      - key: ann-key
`;

describe('bundled plugins in the CLI', () => {
  test('validate knows every bundled plugin and checks its config, with the place of each error', () => {
    const ok = join(dir, 'ok.yml');
    writeFileSync(ok, withPlugins('{ minute: 5, policy: local }'));
    const good = spawnSync(process.execPath, [BIN, 'validate', ok], { encoding: 'utf8' });
    assert.equal(good.status, 0, good.stderr);
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, withPlugins('{ minute: 5, policy: redis }'));
    const refused = spawnSync(process.execPath, [BIN, 'validate', bad], { encoding: 'utf8' });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /plugins\[1\]\.config\.policy \(bad\.yml:\d+:\d+\): .*"redis" is not supported yet/);
    const help = spawnSync(process.execPath, [BIN, 'validate', '-'], { encoding: 'utf8', input: '_format_version: "3.0"\nplugins:\n  - name: key-aut\n' });
    assert.match(help.stderr, /unknown plugin "key-aut" \(did you mean "key-auth"\?\); available: acl, basic-auth, correlation-id, cors, ip-restriction, jwt, key-auth, prometheus, proxy-cache, rate-limiting, request-size-limiting, request-transformer, response-transformer/);
  });

  test('a standalone data plane runs them: no key 401, with the key 200 with rate-limit headers, then 429', async (t) => {
    const origin = await startOrigin();
    const work = await tempDir('gatehouse-plugins-dp-');
    t.after(async () => {
      await origin.close();
      await work.cleanup();
    });
    const file = join(work.path, 'kong.yml');
    writeFileSync(file, withPlugins('{ minute: 2, policy: local }', origin.url));
    const [proxy, status] = [await freePort(), await freePort()];
    const dp = await spawnProcess(process.execPath, [BIN, 'dp'], {
      env: { GATEHOUSE_DECLARATIVE_CONFIG: file, GATEHOUSE_PROXY_LISTEN: `127.0.0.1:${proxy}`, GATEHOUSE_STATUS_LISTEN: `127.0.0.1:${status}`, GATEHOUSE_PREFIX: join(work.path, 'p') },
      readyWhen: /data plane ready/,
      timeoutMs: 20_000,
      name: 'dp-plugins',
    });
    t.after(() => dp.stop(2000));
    const url = `http://127.0.0.1:${proxy}/orders`;
    const anonymous = await httpRequest(url);
    assert.equal(anonymous.status, 401);
    assert.deepEqual(anonymous.json(), { message: 'No API key found in request' });
    const first = await httpRequest(url, { headers: { apikey: 'ann-key' } });
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-ratelimit-limit-minute'], '2');
    assert.equal(first.json<{ headers: Record<string, string> }>().headers['x-consumer-username'], 'ann');
    await httpRequest(url, { headers: { apikey: 'ann-key' } });
    const limited = await httpRequest(url, { headers: { apikey: 'ann-key' } });
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.json(), { message: 'API rate limit exceeded' });
    const metrics = await httpRequest(`http://127.0.0.1:${status}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.text(), /^gatehouse_process_cpu_seconds_total /m, 'the status listener serves /metrics');
  });

  test('the control plane\'s Admin API refuses a bad plugin config with the field named, and keeps the old config', async (t) => {
    const work = await tempDir('gatehouse-plugins-cp-');
    t.after(() => work.cleanup());
    const [admin, status] = [await freePort(), await freePort()];
    const cp = await spawnProcess(process.execPath, [BIN, 'cp'], {
      env: { GATEHOUSE_ROLE: 'control_plane', GATEHOUSE_ADMIN_LISTEN: `127.0.0.1:${admin}`, GATEHOUSE_CLUSTER_LISTEN: 'off', GATEHOUSE_STATUS_LISTEN: `127.0.0.1:${status}`, GATEHOUSE_PREFIX: join(work.path, 'p') },
      readyWhen: /control plane ready/,
      timeoutMs: 20_000,
      name: 'cp-plugins',
    });
    t.after(() => cp.stop(2000));
    const post = (body: string) => httpRequest(`http://127.0.0.1:${admin}/config`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body });
    assert.equal((await post(withPlugins('{ minute: 5 }'))).status, 201);
    const refused = await post(withPlugins('{ minute: 5, hour: 1 }'));
    assert.equal(refused.status, 400);
    assert.match(refused.text(), /config/);
    assert.match(refused.text(), /hour/);
    const plugins = await httpRequest(`http://127.0.0.1:${admin}/plugins`);
    const limits = plugins.json<{ data: { name: string; config: Record<string, unknown> }[] }>().data.find((p) => p.name === 'rate-limiting');
    assert.equal(limits?.config['hour'], null, 'the config in force is the last good one');
  });
});
