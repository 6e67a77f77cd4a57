// The report as latest.md shows it, built from wrk runs captured on the benchmark machine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { wrkSample } from '../src/load-generators.js';
import type { LoadSample } from '../src/load-generators.js';
import { renderMarkdown } from '../src/report.js';
import type { SuiteReport } from '../src/report.js';
import { proxyFigures } from '../src/steps/proxy-figures.js';
import { figure } from '../src/step-types.js';
import type { StepResult } from '../src/step-types.js';
import { parseWrkOutput } from '../src/wrk-output.js';

const sample = (name: string): LoadSample => wrkSample(parseWrkOutput(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')));

// 35,555 req/s (p99 11.84 ms), 19,399 req/s (p99 5.01 ms), 28,227 req/s (p99 5.76 ms).
const fast = sample('wrk-keepalive-200.txt');
const slow = sample('wrk-microseconds.txt');
const middle = sample('wrk-non-2xx.txt');

const targets = [
  { id: 'gatehouse', label: 'Gatehouse DP (no plugins)' },
  { id: 'gatehouse-plugins', label: 'Gatehouse DP + key-auth, rate-limiting, cors' },
  { id: 'fastify-http-proxy', label: 'fastify + @fastify/http-proxy' },
  { id: 'nginx', label: 'nginx (1 worker)' },
];

function report(steps: StepResult[]): SuiteReport {
  return {
    date: '2026-11-26T10:25:00.000Z',
    durationMs: 372_000,
    machine: {
      cpus: 2, cpuModel: 'AMD EPYC', memoryBytes: 24 * 2 ** 30, platform: 'linux', release: '6.1', arch: 'x64', node: 'v20.20.2',
      loadAverageBefore: [3.01, 8.24, 8.08], loadAverageAfter: [2.5, 6, 7.5],
    },
    steps,
    ok: steps.every((s) => s.status === 'ok'),
  };
}

function proxyStep(samples: Map<string, LoadSample[]>): StepResult {
  const { figures, ratios } = proxyFigures(targets, samples);
  return { id: 'proxy-throughput', title: 'proxy throughput', status: 'ok', durationMs: 118_000, timeLimitMs: 175_000, figures, ratios, notes: ['wrk 4.1.0 (1 thread, 50 connections)'] };
}

/** Cells of the table rows whose second cell is `label`. */
function rowOf(markdown: string, label: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith('| ') && l.split(' | ')[1] === label);
  assert.ok(line, `no row "${label}" in\n${markdown}`);
  return line.slice(2, -2).split(' | ');
}

test('figures are medians over rounds, with every round listed', () => {
  const md = renderMarkdown(report([proxyStep(new Map([
    ['gatehouse', [slow, fast, middle]],
    ['gatehouse-plugins', [slow, slow, slow]],
    ['fastify-http-proxy', [slow, slow, slow]],
    ['nginx', [fast, fast, fast]],
  ]))]));
  assert.deepEqual(rowOf(md, 'Gatehouse DP (no plugins): throughput'),
    ['proxy throughput', 'Gatehouse DP (no plugins): throughput', '28,227 req/s', 'median of 3; rounds 19,399 / 35,555 / 28,227', '', '']);
  assert.deepEqual(rowOf(md, 'Gatehouse DP (no plugins): latency p99'), ['proxy throughput', 'Gatehouse DP (no plugins): latency p99', '5.76 ms', '', '', '']);
});

test('ratios show the goal and whether it was met, with the per-round spread', () => {
  const md = renderMarkdown(report([proxyStep(new Map([
    ['gatehouse', [fast, fast]],
    ['gatehouse-plugins', [slow, slow]],
    ['fastify-http-proxy', [slow, middle]],
    ['nginx', [fast, fast]],
  ]))]));
  // 35,555 / median(19,399, 28,227) = 35,555 / 23,813; round by round 35,555 / 28,227 and 35,555 / 19,399
  assert.deepEqual(rowOf(md, 'Gatehouse DP vs fastify + @fastify/http-proxy, req/s'),
    ['proxy throughput', 'Gatehouse DP vs fastify + @fastify/http-proxy, req/s', '1.49×', 'fastify + @fastify/http-proxy', 'per round 1.26–1.83×, median 1.55×', '≥ 1.25×', 'met']);
  assert.deepEqual(rowOf(md, 'key-auth + rate-limiting + cors vs no plugins, req/s').slice(2),
    ['0.55×', 'Gatehouse DP, no plugins', 'per round 0.55–0.55×, median 0.55×', '≥ 0.85×', '**missed**']);
  assert.deepEqual(rowOf(md, 'Gatehouse DP p99 vs nginx p99').slice(2), ['1.00×', 'nginx p99', 'per round 1.00–1.00×, median 1.00×', '≤ 2.00×', 'met']);
});

test('without nginx its ratios say "not measured" instead of a number', () => {
  const md = renderMarkdown(report([proxyStep(new Map([
    ['gatehouse', [fast]],
    ['gatehouse-plugins', [fast]],
    ['fastify-http-proxy', [slow]],
  ]))]));
  assert.deepEqual(rowOf(md, 'Gatehouse DP vs nginx (1 worker), req/s').slice(2), ['n/a', 'nginx, 1 worker', 'nginx not measured (see notes)', '≥ 0.45×', 'not measured']);
  assert.ok(!md.includes('nginx (1 worker): throughput'));
});

test('a failed step is listed with its reason; every row has as many cells as its header', () => {
  const failed: StepResult = {
    id: 'cold-start', title: 'fallback cold start', status: 'failed', durationMs: 90_000, timeLimitMs: 90_000,
    figures: [], ratios: [], notes: [], failure: 'overran its time limit of 90 s and was killed',
  };
  const memory: StepResult = {
    id: 'dp-memory', title: 'DP memory', status: 'ok', durationMs: 14_000, timeLimitMs: 60_000, ratios: [], notes: [],
    figures: [figure('RSS | with 10,000 routes', 188_547_072, 'bytes'), figure('apply', 223, 'ms', undefined, { op: '<=', value: 200 })],
  };
  const md = renderMarkdown(report([proxyStep(new Map([['gatehouse', [fast]], ['fastify-http-proxy', [slow]]])), failed, memory]));
  assert.match(md, /^## Benchmark run, 2026-11-26 10:25 UTC$/m);
  assert.match(md, /Load average \(1 \/ 5 \/ 15 min\): 3\.01 \/ 8\.24 \/ 8\.08 before, 2\.50 \/ 6\.00 \/ 7\.50 after\. Suite time 6 min 12 s\./);
  assert.deepEqual(rowOf(md, '**failed**'), ['fallback cold start', '**failed**', '', 'overran its time limit of 90 s and was killed', '', '']);
  assert.match(md, /^- \*\*fallback cold start\*\* \(1 min 30 s\): overran its time limit of 90 s and was killed$/m);
  assert.deepEqual(rowOf(md, 'RSS \\| with 10,000 routes').slice(2, 3), ['179.8 MiB']);
  assert.deepEqual(rowOf(md, 'apply').slice(2), ['223 ms', '', '≤ 200 ms', '**missed**']);
  for (const table of md.split('\n\n').filter((block) => block.startsWith('| '))) {
    const counts = table.split('\n').filter(Boolean).map((l) => l.split(/(?<!\\)\|/).length);
    assert.equal(new Set(counts).size, 1, `ragged table:\n${table}`);
  }
});

test('CPU time per request becomes a figure and a requests-per-CPU-second ratio (higher is better, like req/s)', () => {
  const withCpu = (s: LoadSample, cpuUsPerRequest: number) => ({ ...s, cpuUsPerRequest });
  const md = renderMarkdown(report([proxyStep(new Map([
    ['gatehouse', [withCpu(fast, 200), withCpu(fast, 220)]],
    ['gatehouse-plugins', [withCpu(fast, 250), withCpu(fast, 250)]],
    ['fastify-http-proxy', [withCpu(slow, 100), withCpu(slow, 110)]],
  ]))]));
  assert.deepEqual(rowOf(md, 'Gatehouse DP (no plugins): CPU time per request').slice(2, 3), ['210 µs']);
  assert.deepEqual(rowOf(md, 'Gatehouse DP vs fastify + @fastify/http-proxy, requests per CPU-second').slice(2),
    ['0.50×', 'fastify + @fastify/http-proxy', 'per round 0.50–0.50×, median 0.50×', '', '']);
  assert.ok(!md.includes('nginx (1 worker), requests per CPU-second'), 'no CPU ratio without nginx figures');
});

test('a ratio just under its goal is not shown rounded up to the goal', () => {
  const under = { ...fast, requestsPerSec: 8_480 };
  const md = renderMarkdown(report([proxyStep(new Map([['gatehouse', [{ ...fast, requestsPerSec: 10_000 }]], ['gatehouse-plugins', [under]]]))]));
  assert.deepEqual(rowOf(md, 'key-auth + rate-limiting + cors vs no plugins, req/s').slice(2, 3), ['0.848×']);
  assert.deepEqual(rowOf(md, 'key-auth + rate-limiting + cors vs no plugins, req/s').slice(-1), ['**missed**']);
});
