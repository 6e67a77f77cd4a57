// The proxy step end to end with tiny durations: real processes (upstream, two `gatehouse dp`,
// fastify + @fastify/http-proxy, nginx when installed), autocannon, one round of 1 s each.
// Needs the build (`npx turbo build --filter=@gatehouse/bench...`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoadSample } from '../src/load-generators.js';
import { runProxyThroughput } from '../src/steps/proxy-throughput.js';
import { findNginx } from '../src/targets/nginx.js';

test('every proxy answers the load with 200s and no errors, and every goal ratio is computed', async () => {
  const progress: string[] = [];
  const outcome = await runProxyThroughput(
    { progress: (text) => progress.push(text), signal: new AbortController().signal },
    { rounds: 1, durationSec: 1, warmupSec: 1, connections: 10, generator: 'autocannon', nginx: true },
  );
  assert.equal(outcome.failure, undefined);
  const raw = outcome.raw as { samples: Record<string, LoadSample[]> };
  const expected = ['gatehouse', 'gatehouse-plugins', 'fastify-http-proxy', ...(findNginx() ? ['nginx'] : [])];
  assert.deepEqual(Object.keys(raw.samples).sort(), expected.sort());
  for (const [id, samples] of Object.entries(raw.samples)) {
    assert.equal(samples.length, 1, id);
    const [s] = samples as [LoadSample];
    assert.ok(s.requests > 0, `${id} answered no request`);
    assert.equal(s.errors, 0, `${id}: socket errors`);
    assert.equal(s.non2xx, 0, `${id}: non-2xx responses`);
  }
  // The four ratios with a goal; without nginx, two of them are "not measured".
  const measured = outcome.ratios.filter((r) => r.goal !== undefined && r.value !== null);
  assert.equal(measured.length, findNginx() ? 4 : 2, `ratios: ${JSON.stringify(outcome.ratios)}`);
  assert.ok(measured.every((r) => Number.isFinite(r.value) && r.met !== undefined));
  assert.ok(progress.some((line) => /^round 1\/1 Gatehouse DP \(no plugins\) \.\.\. [\d,]+ req\/s/.test(line)), progress.join('\n'));
});
