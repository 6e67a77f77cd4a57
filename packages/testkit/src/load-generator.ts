import { Agent } from 'node:http';
import type { OutgoingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { httpRequest } from './http-request.js';
import { assertLoopbackUrl } from './loopback.js';
import { TestkitError } from './testkit-error.js';

export interface LoadOptions {
  /** Must be http:// on 127.0.0.0/8, ::1 or localhost. */
  url: string;
  /** Parallel request loops, each on its own keep-alive connection; default 8. */
  concurrency?: number;
  /** Keep sending for this long. Give this, `requests`, or both (first limit wins). */
  durationMs?: number;
  /** Send this many requests in total. */
  requests?: number;
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Uint8Array;
  /** Per-request deadline; default 10 s. */
  timeoutMs?: number;
  /** Hard bound on the whole run, also in `requests` mode; default 60 s. */
  maxDurationMs?: number;
}

export interface LatencySummary {
  min: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  /** Requests that finished: answered or failed. */
  total: number;
  /** Answered with a 2xx status. */
  ok: number;
  /** Everything but 2xx: `total - ok`. */
  failed: number;
  /** Non-2xx answers by status. */
  byStatus: Record<number, number>;
  /** Requests with no answer, by error code (ECONNRESET, GW_ERR_TESTKIT_TIMEOUT, ...). */
  errors: Record<string, number>;
  /** Milliseconds from sending to the end of the body, of answered requests. */
  latencyMs: LatencySummary;
  durationMs: number;
}

/** Nearest-rank percentile of an ascending array; 0 for an empty one. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

function summarize(latencies: number[]): LatencySummary {
  const sorted = latencies.sort((a, b) => a - b);
  const sum = sorted.reduce((acc, value) => acc + value, 0);
  return {
    min: sorted[0] ?? 0,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.length === 0 ? 0 : sum / sorted.length,
  };
}

function positiveInteger(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new TestkitError('GW_ERR_TESTKIT_BAD_OPTION', `${name} must be a positive integer, got ${value}`);
  }
}

/**
 * A bounded HTTP load loop for "no request fails while X happens" tests: `concurrency`
 * loops send requests back to back over keep-alive connections until `durationMs` passed
 * or `requests` were sent, and count what came back. Refuses non-loopback targets.
 */
export async function loadGenerator(opts: LoadOptions): Promise<LoadResult> {
  const url = assertLoopbackUrl(opts.url);
  const concurrency = opts.concurrency ?? 8;
  positiveInteger('concurrency', concurrency);
  positiveInteger('requests', opts.requests);
  positiveInteger('durationMs', opts.durationMs);
  if (opts.durationMs === undefined && opts.requests === undefined) {
    throw new TestkitError('GW_ERR_TESTKIT_BAD_OPTION', 'loadGenerator needs durationMs, requests, or both');
  }
  const started = performance.now();
  const deadline = started + Math.min(opts.durationMs ?? Infinity, opts.maxDurationMs ?? 60_000);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const result: LoadResult = {
    total: 0,
    ok: 0,
    failed: 0,
    byStatus: {},
    errors: {},
    latencyMs: summarize([]),
    durationMs: 0,
  };
  const latencies: number[] = [];
  let launched = 0;

  const more = (): boolean =>
    performance.now() < deadline && (opts.requests === undefined || launched < opts.requests);

  const loop = async (): Promise<void> => {
    while (more()) {
      launched += 1;
      const sent = performance.now();
      try {
        const res = await httpRequest(url, {
          method: opts.method ?? 'GET',
          headers: opts.headers,
          body: opts.body,
          timeoutMs: opts.timeoutMs ?? 10_000,
          agent,
          discardBody: true,
        });
        latencies.push(performance.now() - sent);
        if (res.status >= 200 && res.status < 300) result.ok += 1;
        else result.byStatus[res.status] = (result.byStatus[res.status] ?? 0) + 1;
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        const key = typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown';
        result.errors[key] = (result.errors[key] ?? 0) + 1;
      }
      result.total += 1;
    }
  };

  try {
    await Promise.all(Array.from({ length: concurrency }, loop));
  } finally {
    agent.destroy();
  }
  result.failed = result.total - result.ok;
  result.latencyMs = summarize(latencies);
  result.durationMs = performance.now() - started;
  return result;
}
