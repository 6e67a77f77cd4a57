/**
 * Fixed rate-limiting windows, as Kong's timestamps: seconds, minutes, hours and days aligned
 * to the Unix epoch; months and years are calendar months and years in UTC.
 */
import type { Period } from './schema.js';

const FIXED_MS: Partial<Record<Period, number>> = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export interface Window {
  readonly start: number;
  readonly end: number;
}

/** The window of `period` holding `nowMs` (milliseconds since the epoch). */
export function windowOf(period: Period, nowMs: number): Window {
  const size = FIXED_MS[period];
  if (size !== undefined) {
    const start = nowMs - (nowMs % size);
    return { start, end: start + size };
  }
  const date = new Date(nowMs);
  const year = date.getUTCFullYear();
  if (period === 'year') return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1) };
  const month = date.getUTCMonth();
  return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
}

/** Whole seconds until the window ends, at least 1 (RateLimit-Reset, Retry-After). */
export function secondsLeft(window: Window, nowMs: number): number {
  return Math.max(1, Math.ceil((window.end - nowMs) / 1000));
}
