import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createNodeLogger } from '../src/node-logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter((l) => l !== ''));
      cb();
    },
  });
  return { stream, lines };
}

test('node logs redact credentials wherever they appear: headers, credentials, plugin configs, settings', () => {
  const { stream, lines } = capture();
  const log = createNodeLogger('info', stream);
  log.info({ req: { headers: { authorization: 'Bearer tok-1', apikey: 'key-2', cookie: 'sid=3', 'kong-admin-token': 'adm-4' } } }, 'request');
  log.warn({ credential: { key: 'key-5', password: 'pw-6' }, jwt_secret: { secret: 'sec-7' } }, 'credential');
  log.error({ settings: { admin_token: 'adm-8', aws_secret_access_key: 'aws-9' } }, 'settings');
  const text = lines.join('\n');
  for (const secret of ['tok-1', 'key-2', 'sid=3', 'adm-4', 'key-5', 'pw-6', 'sec-7', 'adm-8', 'aws-9']) {
    assert.ok(!text.includes(secret), `${secret} leaked into the log:\n${text}`);
  }
  assert.equal((text.match(/<redacted>/g) ?? []).length, 9);
  assert.ok(lines.every((l) => typeof (JSON.parse(l) as { pid?: unknown }).pid === 'number'), 'JSON lines with the pid');
});

test('the log level comes from the setting; notice (the default) still shows lifecycle info', () => {
  const quiet = capture();
  createNodeLogger('error', quiet.stream).warn('not shown');
  assert.equal(quiet.lines.length, 0);
  const normal = capture();
  const log = createNodeLogger('notice', normal.stream);
  log.info('config applied');
  log.debug('not shown');
  assert.equal(normal.lines.length, 1);
});
