/**
 * Parses what `wrk --latency` prints (wrk 4.x): the request rate, the latency distribution
 * (50/75/90/99 %), the request count, non-2xx/3xx responses and socket errors.
 */

export interface WrkSocketErrors {
  connect: number;
  read: number;
  write: number;
  timeout: number;
}

export interface WrkReport {
  requestsPerSec: number;
  requests: number;
  durationSec: number;
  /** Keyed by percentile: { 50: 1.24, 75: 1.38, 90: 2.12, 99: 11.84 } (milliseconds). */
  latencyMs: Record<number, number>;
  /** "Non-2xx or 3xx responses"; 0 when wrk printed no such line. */
  non2xx: number;
  socketErrors: WrkSocketErrors;
}

const TIME_UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function toMs(amount: string, unit: string): number {
  const factor = TIME_UNIT_MS[unit];
  if (factor === undefined) throw new Error(`wrk output: unknown time unit "${unit}"`);
  return Number(amount) * factor;
}

export class WrkOutputError extends Error {
  readonly code = 'GW_ERR_BENCH_WRK_OUTPUT';
}

/** Throws WrkOutputError (with wrk's first line) when the output holds no result, e.g. "unable to connect". */
export function parseWrkOutput(text: string): WrkReport {
  const rate = /^Requests\/sec:\s+([\d.]+)\s*$/m.exec(text);
  const total = /^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h),/m.exec(text);
  if (!rate || !total) {
    const first = text.trim().split('\n')[0] ?? '';
    throw new WrkOutputError(`wrk printed no result: ${first || '(no output)'}`);
  }
  const latencyMs: Record<number, number> = {};
  const distribution = /Latency Distribution\n((?:\s+[\d.]+%\s+[\d.]+\w+\n?)+)/.exec(text);
  for (const m of distribution?.[1]?.matchAll(/^\s+([\d.]+)%\s+([\d.]+)(us|ms|s|m|h)\s*$/gm) ?? []) {
    latencyMs[Number(m[1])] = toMs(m[2]!, m[3]!);
  }
  if (latencyMs[50] === undefined || latencyMs[99] === undefined) {
    throw new WrkOutputError('wrk printed no latency distribution: run it with --latency');
  }
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  return {
    requestsPerSec: Number(rate[1]),
    requests: Number(total[1]),
    durationSec: toMs(total[2]!, total[3]!) / 1000,
    latencyMs,
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: errors
      ? { connect: Number(errors[1]), read: Number(errors[2]), write: Number(errors[3]), timeout: Number(errors[4]) }
      : { connect: 0, read: 0, write: 0, timeout: 0 },
  };
}
