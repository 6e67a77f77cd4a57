import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import { ConfigRollout } from '../src/config-rollout.js';
import { aggregateMetrics } from '../src/worker-metrics.js';
import type { MetricJson, WireConfig } from '../src/worker-messages.js';
import { WorkerSlot } from '../src/worker-slot.js';

const wire = (version: number): WireConfig => ({ config: { v: version }, meta: { version, hash: String(version).padStart(64, '0'), source: 'control_plane' } });
const running = (w: WireConfig) => ({ version: w.meta.version, hash: w.meta.hash });
const never = () => ({ ok: false as const, code: 'GW_ERR_TEST', message: 'timeout not expected' });

test('a rollout ends ok only when every worker runs the config, and that config becomes the fallback', async () => {
  const rollout = new ConfigRollout();
  const v1 = wire(1);
  const done = rollout.begin(v1, 60_000, never);
  assert.equal(rollout.target, v1);
  rollout.check([running(v1), null]);
  rollout.check([running(v1), { version: 0, hash: '0'.repeat(64) }]);
  assert.deepEqual(rollout.pending, v1.meta, 'one worker behind: still pending');
  rollout.check([running(v1), running(v1)]);
  assert.deepEqual(await done, { ok: true });
  assert.deepEqual(rollout.accepted(), [v1.meta]);

  // A refused config: the rollout fails with the worker's reason and the target goes back to v1.
  const v2 = wire(2);
  const refused = rollout.begin(v2, 60_000, never);
  assert.deepEqual(rollout.accepted(), [v1.meta, v2.meta], 'while rolling out, either config is fine');
  rollout.fail({ ok: false, code: 'GW_ERR_CONFIG_INVALID', message: 'worker 1 (pid 9): 1 error(s)' });
  assert.deepEqual(await refused, { ok: false, code: 'GW_ERR_CONFIG_INVALID', message: 'worker 1 (pid 9): 1 error(s)' });
  assert.equal(rollout.target, v1);
  assert.equal(rollout.pending, null);
  assert.deepEqual(rollout.accepted(), [v1.meta]);
});

test('a rollout that does not finish in time fails with what the timeout reports', async () => {
  const rollout = new ConfigRollout();
  const result = await rollout.begin(wire(1), 10, () => ({ ok: false, code: 'GW_ERR_DP_WORKER_APPLY_TIMEOUT', message: 'worker 0 is down' }));
  assert.deepEqual(result, { ok: false, code: 'GW_ERR_DP_WORKER_APPLY_TIMEOUT', message: 'worker 0 is down' });
  assert.equal(rollout.target, null, 'nothing was ever committed');
});

test('a newer config supersedes one still rolling out', async () => {
  const rollout = new ConfigRollout();
  const first = rollout.begin(wire(1), 60_000, never);
  const second = rollout.begin(wire(2), 60_000, never);
  assert.equal((await first).ok, false);
  assert.equal(rollout.target?.meta.version, 2);
  rollout.check([running(wire(2))]);
  assert.deepEqual(await second, { ok: true });
});

test('restart backoff: at most once a second per slot, doubling while a worker keeps dying, reset by a long life', () => {
  const policy = { minIntervalMs: 1000, maxDelayMs: 8000, healthyAfterMs: 10_000 };
  const slot = new WorkerSlot(0, pino({ level: 'silent' }));
  const worker = { process: { pid: 100 } } as unknown as Parameters<WorkerSlot['filled']>[0];
  const life = (startedAt: number, diedAt: number) => {
    slot.filled(worker, startedAt);
    return slot.emptied(null, 'SIGKILL', diedAt, policy);
  };
  assert.equal(life(0, 60_000), 0, 'a worker that ran a minute is replaced at once');
  assert.equal(life(60_000, 60_300), 700, 'one that died after 300 ms waits out the second');
  assert.equal(life(61_000, 61_100), 2000);
  assert.equal(life(63_100, 63_200), 4000);
  assert.equal(life(67_200, 67_300), 8000);
  assert.equal(life(75_300, 75_400), 8000, 'capped');
  assert.equal(life(83_400, 95_000), 0, 'a long life resets the backoff');
  assert.deepEqual(slot.lastExit, { pid: 100, code: null, signal: 'SIGKILL', at: new Date(95_000).toISOString() });
  assert.equal(slot.state, 'down');
});

test('metrics from several processes add up; primary-only families come from the primary', async () => {
  const registries = [new Registry(), new Registry(), new Registry()];
  const counters = registries.map((r) => new Counter({ name: 'gatehouse_http_requests_total', help: 'requests', labelNames: ['code'], registers: [r] }));
  const health = registries.map((r) => new Gauge({ name: 'gatehouse_upstream_target_health', help: 'health', labelNames: ['state'], registers: [r] }));
  counters[1]!.inc({ code: '200' }, 3);
  counters[2]!.inc({ code: '200' }, 4);
  counters[2]!.inc({ code: '502' });
  for (const g of health) g.set({ state: 'healthy' }, 1);
  const [primary, ...workers] = (await Promise.all(registries.map((r) => r.getMetricsAsJSON()))) as unknown as MetricJson[][];
  const text = await aggregateMetrics(primary!, workers, ['gatehouse_upstream_target_health']).metrics();
  assert.match(text, /^gatehouse_http_requests_total\{code="200"\} 7$/m);
  assert.match(text, /^gatehouse_http_requests_total\{code="502"\} 1$/m);
  assert.match(text, /^gatehouse_upstream_target_health\{state="healthy"\} 1$/m);
});
