import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { normaliseConfig } from '@gatehouse/config';
import { openSnapshotStore } from '@gatehouse/fallback';
import { spawnProcess, startS3Server, tempDir } from '@gatehouse/testkit';

const BIN = fileURLToPath(new URL('../bin/gatehouse.js', import.meta.url));

test('gatehouse fallback show prints a snapshot without its credentials unless --include-secrets', async (t) => {
  const s3 = await startS3Server({ buckets: ['snapshots'] });
  const dir = await tempDir('gatehouse-fallback-show-');
  t.after(async () => {
    await s3.close();
    await dir.cleanup();
  });
  const url = 's3://snapshots/prod';
  const normalised = normaliseConfig({
    _format_version: '3.0',
    consumers: [{ username: 'ann', keyauth_credentials: [{ key: 'ann-secret-key' }], basicauth_credentials: [{ username: 'ann', password: 'ann-password' }] }],
  });
  assert.ok(normalised.ok);
  const writer = openSnapshotStore({ url, env: s3.env() });
  t.after(() => writer.close());
  await writer.export(normalised.config, { version: 3, hash: normalised.hash, exporterId: 'test', gatehouseVersion: '0.1.0' });

  const show = async (...extra: string[]) => {
    const proc = await spawnProcess(process.execPath, [BIN, 'fallback', 'show', '3', ...extra], {
      name: 'fallback-show',
      env: { ...s3.env(), GATEHOUSE_CLUSTER_CONTROL_PLANE: '127.0.0.1:8005', GATEHOUSE_CLUSTER_FALLBACK_CONFIG_STORAGE: url, GATEHOUSE_PREFIX: join(dir.path, 'p') },
      timeoutMs: 20_000,
    });
    const exit = await proc.waitForExit(20_000);
    assert.equal(exit.code, 0, proc.output());
    return proc.output();
  };
  const redacted = await show();
  assert.ok(!redacted.includes('ann-secret-key') && !redacted.includes('ann-password'), redacted);
  assert.match(redacted, /<redacted>/);
  assert.match(redacted, /"username": "ann"/);
  const full = await show('--include-secrets');
  assert.match(full, /ann-secret-key/);
  assert.match(full, /ann-password/);
});
