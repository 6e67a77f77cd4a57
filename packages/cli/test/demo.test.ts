import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { spawnProcess } from '@gatehouse/testkit';

// Runs the built binary, as `npm run demo -- --outage --exit` does (`npm run build` comes first).
const BIN = fileURLToPath(new URL('../bin/gatehouse.js', import.meta.url));

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A base port whose layout (base .. base+1000) starts free; the demo moves any port taken later. */
async function freeBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + 100 * Math.floor(Math.random() * 300);
    if ((await canListen(base)) && (await canListen(base + 1)) && (await canListen(base + 1000))) return base;
  }
  throw new Error('no free base port found');
}

describe('gatehouse demo', () => {
  test('--outage --exit plays the control-plane outage step by step, exits 0 and leaves nothing behind', async (t) => {
    const base = await freeBase();
    const demo = await spawnProcess(process.execPath, [BIN, 'demo', '--outage', '--exit', '--base-port', String(base)], { name: 'demo' });
    t.after(() => demo.stop(10_000));
    const exit = await demo.waitForExit(300_000);
    const out = demo.lines('stdout').join('\n');
    assert.deepEqual(exit, { code: 0, signal: null }, demo.output());

    for (const part of ['storage', 'echo upstream', 'certificates', 'control plane', 'backup node', 'data plane 1', 'data plane 2']) {
      assert.match(out, new RegExp(`^✓ ${part} `, 'm'), `the progress line of ${part}`);
    }
    assert.match(out, /^ {2}curl -i http:\/\/127\.0\.0\.1:\d+\/echo\/hello -H 'apikey: demo-key-change-me'$/m, 'a request to try with the demo key');
    assert.match(out, /^step 1: the backup node exported config v1 to s3:\/\/gatehouse-demo\/demo \.\.\. ok$/m);
    assert.match(out, /^step 2: control plane stopped \(SIGTERM\); data plane 1 keeps serving: GET \/echo\/hello → 200 \.\.\. ok$/m);
    assert.match(out, /^step 3: a new data plane 3 started while the control plane is down .* \.\.\. ok$/m);
    assert.match(out, /^step 4: data plane 3 \/status: config_source fallback_storage, config v1, connected false; GET \/echo\/hello → 200 \.\.\. ok$/m);
    assert.match(out, /^step 5: control plane restarted .* \.\.\. ok$/m);
    assert.match(out, /^step 6: data plane 3 reconnected to the control plane[,:] .* \.\.\. ok$/m);
    assert.match(out, /^step 7: .* reached data plane 3: config v2, config_source control_plane \.\.\. ok$/m);
    assert.equal(demo.lines('stderr').filter((l) => l.startsWith('✗')).length, 0, demo.output());

    // Nothing left: every port the demo used is free again and its directory is gone.
    const table = out.slice(out.indexOf('Ports on 127.0.0.1:'), out.indexOf('\nTry:'));
    const ports = new Set([...table.matchAll(/\b(\d{4,5})\b/g), ...out.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1])));
    assert.ok(ports.size >= 12, `the output names every port of the demo (${[...ports].join(', ')})`);
    for (const port of ports) assert.ok(await canListen(port), `port ${port} is free after the demo`);
    const dir = /its files: (\S+)\)/.exec(out)?.[1];
    assert.ok(dir, 'the output names the demo directory');
    assert.match(out, new RegExp(`^Stopped: \\d+ processes stopped, echo upstream closed, S3 server closed, ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} removed\\.$`, 'm'));
    assert.equal(existsSync(dir), false, `${dir} was removed`);
  });

  test('a bad --base-port is a usage error (exit 64)', async () => {
    const demo = await spawnProcess(process.execPath, [BIN, 'demo', '--base-port', '80'], { name: 'demo-usage' });
    const exit = await demo.waitForExit(30_000);
    assert.equal(exit.code, 64);
    assert.match(demo.lines('stderr').join('\n'), /--base-port must be a whole number from 1024 to \d+, not "80"/);
  });
});
