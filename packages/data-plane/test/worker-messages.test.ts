import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrimaryMessage, parseWorkerMessage } from '../src/worker-messages.js';
import type { Parsed } from '../src/worker-messages.js';

const HASH = 'a'.repeat(64);
const meta = { version: 3, hash: HASH, source: 'control_plane' };
const settings = { proxy_listen: [{ host: '127.0.0.1', port: 8000, ssl: false, http2: false }], prefix: '/srv/gh', log_level: 'notice', proxy_access_log: true };

function problem<M>(parsed: Parsed<M>): string {
  assert.equal(parsed.ok, false, 'expected the message to be refused');
  return parsed.ok ? '' : parsed.error;
}

test('every message the primary sends is accepted as sent', () => {
  const messages = [
    { type: 'init', slot: 0, settings, config: null },
    { type: 'init', slot: 3, settings: { ...settings, proxy_listen: [{ host: '::1', port: 8443, ssl: true, http2: true, backlog: 511 }] }, config: { config: { services: [] }, meta } },
    { type: 'apply', seq: 7, config: { config: { routes: [] }, meta: { version: null, hash: HASH, source: 'cache' } } },
    { type: 'stats', seq: 1 },
    { type: 'metrics', seq: 2 },
    { type: 'drain', grace_ms: 10_000 },
  ];
  for (const m of messages) assert.deepEqual(parsePrimaryMessage(m), { ok: true, message: m });
});

test('every message a worker sends is accepted as sent', () => {
  const metrics = [
    { name: 'gatehouse_http_requests_total', help: 'h', type: 'counter', aggregator: 'sum', values: [{ value: 2, labels: { code: '200', route: 'r' } }] },
    { name: 'gatehouse_request_latency_ms', help: 'h', type: 'histogram', aggregator: 'sum', values: [{ value: 1, labels: { le: 5 }, metricName: 'gatehouse_request_latency_ms_bucket' }] },
  ];
  const messages = [
    { type: 'hello', pid: 4242, version: '0.1.0' },
    { type: 'started', running: null },
    { type: 'started', running: { version: 3, hash: HASH } },
    { type: 'start_failed', code: 'EADDRINUSE', message: 'listen EADDRINUSE: address already in use 127.0.0.1:8000' },
    { type: 'applied', seq: 7, running: { version: 3, hash: HASH } },
    { type: 'apply_failed', seq: 7, hash: HASH, code: 'GW_ERR_CONFIG_INVALID', message: '1 error(s): ...' },
    { type: 'stats', seq: 1, stats: { config: { version: 3, hash: HASH }, connections_active: 2, requests: 90, rss: 1 << 26, heap_used: 1 << 24 } },
    { type: 'metrics', seq: 2, metrics },
  ];
  for (const m of messages) assert.deepEqual(parseWorkerMessage(m), { ok: true, message: m });
});

test('a message of the wrong shape is refused with the field that is wrong', () => {
  assert.equal(problem(parsePrimaryMessage(null)), 'message: must be an object');
  assert.equal(problem(parsePrimaryMessage([])), 'message: must be an object');
  assert.match(problem(parsePrimaryMessage({ type: 'reboot' })), /unknown message type "reboot"/);
  assert.match(problem(parsePrimaryMessage({ seq: 1 })), /^type: must be a string/);
  assert.equal(problem(parsePrimaryMessage({ type: 'stats', seq: -1 })), `seq: must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  assert.equal(problem(parsePrimaryMessage({ type: 'drain', grace_ms: '10s' })), 'grace_ms: must be a whole number from 0 to 3600000');
  assert.equal(problem(parsePrimaryMessage({ type: 'apply', seq: 1, config: { config: [], meta } })), 'config.config: must be an object');
  assert.equal(problem(parsePrimaryMessage({ type: 'apply', seq: 1, config: { config: {}, meta: { ...meta, hash: 'abc' } } })), 'config.meta.hash: must be a string matching ^[0-9a-f]{64}$');
  assert.equal(problem(parsePrimaryMessage({ type: 'apply', seq: 1, config: { config: {}, meta: { ...meta, source: 'somewhere' } } })), 'config.meta.source: must be one of control_plane, cache, fallback_storage, declarative_config');
  assert.equal(problem(parsePrimaryMessage({ type: 'apply', seq: 1, config: { config: {}, meta: { ...meta, version: 1.5 } } })), `config.meta.version: must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
});

test('init settings are checked field by field', () => {
  const init = (patch: Record<string, unknown>) => parsePrimaryMessage({ type: 'init', slot: 0, settings: { ...settings, ...patch }, config: null });
  assert.equal(problem(init({ log_level: 'loud' })), 'settings.log_level: must be one of debug, info, notice, warn, error, crit');
  assert.equal(problem(init({ proxy_access_log: 'on' })), 'settings.proxy_access_log: must be true or false');
  assert.equal(problem(init({ proxy_listen: [{ host: '0.0.0.0', port: 70000, ssl: false, http2: false }] })), 'settings.proxy_listen[0].port: must be a whole number from 0 to 65535');
  assert.equal(problem(init({ proxy_listen: [{ host: '0.0.0.0', port: 80, ssl: 'yes', http2: false }] })), 'settings.proxy_listen[0].ssl: must be true or false');
  assert.equal(problem(init({ proxy_listen: 'all' })), 'settings.proxy_listen: must be a list of at most 64 items');
  assert.equal(problem(parsePrimaryMessage({ type: 'init', slot: 2000, settings, config: null })), 'slot: must be a whole number from 0 to 1023');
});

test('worker replies are checked too: stats numbers, error codes, metric families', () => {
  assert.equal(problem(parseWorkerMessage({ type: 'hello', pid: 0, version: '0.1.0' })), 'pid: must be a whole number from 1 to 2147483648');
  assert.equal(problem(parseWorkerMessage({ type: 'hello', pid: 10, version: '0.1.0 ; rm -rf' })), 'version: must be a string matching ^[0-9A-Za-z.+-]{1,160}$');
  assert.equal(problem(parseWorkerMessage({ type: 'start_failed', code: 'not a code', message: 'x' })), 'code: must be a string matching ^[A-Za-z0-9_.-]{1,64}$');
  assert.equal(problem(parseWorkerMessage({ type: 'apply_failed', seq: 1, hash: HASH, code: 'X', message: 'm'.repeat(5000) })), 'message: must be a string of at most 4096 characters');
  const stats = { config: null, connections_active: 0, requests: 0, rss: 1, heap_used: 1 };
  assert.equal(problem(parseWorkerMessage({ type: 'stats', seq: 1, stats: { ...stats, requests: -3 } })), `stats.requests: must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  assert.equal(problem(parseWorkerMessage({ type: 'stats', seq: 1, stats: { ...stats, config: { version: 1 } } })), 'stats.config.hash: must be a string matching ^[0-9a-f]{64}$');
  const family = { name: 'm', help: 'h', type: 'counter', aggregator: 'sum', values: [] };
  assert.equal(problem(parseWorkerMessage({ type: 'metrics', seq: 1, metrics: [{ ...family, type: 'meter' }] })), 'metrics[0].type: must be one of counter, gauge, histogram, summary');
  assert.equal(problem(parseWorkerMessage({ type: 'metrics', seq: 1, metrics: [{ ...family, aggregator: 'median' }] })), 'metrics[0].aggregator: must be one of sum, first, min, max, average, omit');
  assert.equal(problem(parseWorkerMessage({ type: 'metrics', seq: 1, metrics: [{ ...family, name: 'bad name' }] })), 'metrics[0].name: must be a string matching ^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$');
  assert.equal(problem(parseWorkerMessage({ type: 'metrics', seq: 1, metrics: [{ ...family, values: [{ value: 'NaN', labels: {} }] }] })), 'metrics[0].values[0].value: must be a number');
  assert.equal(problem(parseWorkerMessage({ type: 'metrics', seq: 1, metrics: [{ ...family, values: [{ value: 1, labels: { a: { b: 1 } } }] }] })), 'metrics[0].values[0].labels.a: must be a string or a number');
});

test('a metrics reply is bounded in families and values', () => {
  const family = (n: number) => ({ name: 'm', help: 'h', type: 'counter', aggregator: 'sum', values: Array.from({ length: n }, () => ({ value: 1, labels: {} })) });
  assert.equal(problem(parseWorkerMessage({ type: 'metrics', seq: 1, metrics: Array.from({ length: 2001 }, () => family(0)) })), 'metrics: must be a list of at most 2000 items');
  assert.equal(problem(parseWorkerMessage({ type: 'metrics', seq: 1, metrics: [family(150_000), family(60_000)] })), 'metrics: more than 200000 values');
});

test('unknown extra fields are dropped, not passed on', () => {
  const parsed = parseWorkerMessage({ type: 'applied', seq: 1, running: { version: 1, hash: HASH, extra: true }, note: 'x' });
  assert.deepEqual(parsed, { ok: true, message: { type: 'applied', seq: 1, running: { version: 1, hash: HASH } } });
});
