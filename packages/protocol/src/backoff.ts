/** Exponential backoff with full jitter (AWS's "full jitter"): a delay drawn from [0, min(cap, initial·2^attempt)). */
export interface BackoffOptions {
  /** Ceiling of the first delay, ms (default 1 s). */
  readonly initialMs?: number;
  /** Largest ceiling, ms (default 30 s). */
  readonly maxMs?: number;
  /** Source of randomness in [0, 1); for tests. */
  readonly random?: () => number;
}

export const DEFAULT_BACKOFF_INITIAL_MS = 1000;
export const DEFAULT_BACKOFF_MAX_MS = 30_000;

/** `attempt` counts consecutive failures from 0. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? DEFAULT_BACKOFF_INITIAL_MS;
  const max = options.maxMs ?? DEFAULT_BACKOFF_MAX_MS;
  const ceiling = Math.min(max, initial * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}
