// wrk --latency output as wrk 4.1.0 printed it on the benchmark machine (test/fixtures/wrk-*.txt).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { wrkSample } from '../src/load-generators.js';
import { parseWrkOutput } from '../src/wrk-output.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('a clean keep-alive run: rate, count, duration and the latency distribution in ms', () => {
  const r = parseWrkOutput(fixture('wrk-keepalive-200.txt'));
  assert.equal(r.requestsPerSec, 35554.82);
  assert.equal(r.requests, 106765);
  assert.equal(r.durationSec, 3);
  assert.deepEqual(r.latencyMs, { 50: 1.24, 75: 1.38, 90: 2.12, 99: 11.84 });
  assert.equal(r.non2xx, 0);
  assert.deepEqual(r.socketErrors, { connect: 0, read: 0, write: 0, timeout: 0 });
});

test('latencies printed in microseconds are converted to milliseconds', () => {
  const r = parseWrkOutput(fixture('wrk-microseconds.txt'));
  assert.ok(Math.abs(r.latencyMs[50]! - 0.034) < 1e-9);
  assert.ok(Math.abs(r.latencyMs[90]! - 0.431) < 1e-9);
  assert.equal(r.latencyMs[99], 5.01);
});

test('non-2xx/3xx responses are counted, so a proxy answering 404 cannot pass as fast', () => {
  const r = parseWrkOutput(fixture('wrk-non-2xx.txt'));
  assert.equal(r.non2xx, 56591);
  assert.equal(wrkSample(r).non2xx, 56591);
});

test('socket read errors and timeouts count as errors', () => {
  const read = parseWrkOutput(fixture('wrk-read-errors.txt'));
  assert.deepEqual(read.socketErrors, { connect: 0, read: 39, write: 0, timeout: 0 });
  assert.equal(read.durationSec, 3.01);
  assert.equal(wrkSample(read).errors, 39);
  const timeouts = parseWrkOutput(fixture('wrk-timeouts.txt'));
  assert.equal(wrkSample(timeouts).errors, 10);
  assert.equal(wrkSample(timeouts).latencyMs.p50, 0.081);
});

test('a run that never connected is an error naming what wrk said', () => {
  assert.throws(() => parseWrkOutput(fixture('wrk-connection-refused.txt')), {
    code: 'GW_ERR_BENCH_WRK_OUTPUT',
    message: /unable to connect to 127\.0\.0\.1:18091 Connection refused/,
  });
});

test('output without --latency is refused rather than read as zero latency', () => {
  const withoutDistribution = fixture('wrk-keepalive-200.txt').replace(/ {2}Latency Distribution\n(.*\n){4}/, '');
  assert.throws(() => parseWrkOutput(withoutDistribution), /--latency/);
});
