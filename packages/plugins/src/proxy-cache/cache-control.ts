/**
 * Cache-Control as Kong's proxy-cache reads it (with `cache_control: true`): which requests may
 * be answered from the cache, which responses may be stored and for how long, and whether a
 * stored entry still satisfies the client (max-age, max-stale, min-fresh).
 */

/** Directive name (lower case) → its number, its string, or true when it has no value. */
export type Directives = ReadonlyMap<string, number | string | true>;

const NO_DIRECTIVES: Directives = new Map();

export function parseCacheControl(value: string | string[] | number | undefined): Directives {
  if (value === undefined) return NO_DIRECTIVES;
  const text = Array.isArray(value) ? value.join(',') : String(value);
  const out = new Map<string, number | string | true>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name === '') continue;
    if (eq < 0) {
      out.set(name, true);
      continue;
    }
    const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    out.set(name, /^\d+$/.test(raw) ? Number(raw) : raw);
  }
  return out;
}

const seconds = (v: number | string | true | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

/** Whether the client forbids answering from (or storing into) the cache. */
export function requestRefusesCache(cc: Directives, authorization: boolean): boolean {
  return cc.has('no-store') || cc.has('no-cache') || authorization;
}

/** The response's freshness in seconds (s-maxage, max-age, else Expires); 0 when none or past. */
export function freshnessSeconds(cc: Directives, expires: string | undefined, nowMs: number): number {
  const maxAge = seconds(cc.get('s-maxage')) ?? seconds(cc.get('max-age'));
  if (maxAge !== undefined) return Math.max(0, maxAge);
  if (expires === undefined) return 0;
  const at = Date.parse(expires);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.floor((at - nowMs) / 1000));
}

/** Whether the response forbids storing it (private, no-store, no-cache). */
export function responseRefusesCache(cc: Directives): boolean {
  return cc.has('private') || cc.has('no-store') || cc.has('no-cache');
}

/**
 * Whether a stored entry of `ageSeconds`, fresh for `ttlSeconds`, satisfies the request's
 * Cache-Control: not older than its max-age, not staler than its max-stale (stale entries are
 * only served to a client that accepts staleness), fresh for at least its min-fresh.
 */
export function entrySatisfies(cc: Directives, ageSeconds: number, ttlSeconds: number): boolean {
  const maxAge = seconds(cc.get('max-age'));
  if (maxAge !== undefined && ageSeconds > maxAge) return false;
  if (ageSeconds > ttlSeconds) {
    const maxStale = cc.get('max-stale');
    if (maxStale === undefined) return false;
    const limit = seconds(maxStale);
    if (limit !== undefined && ageSeconds - ttlSeconds > limit) return false;
  }
  const minFresh = seconds(cc.get('min-fresh'));
  if (minFresh !== undefined && ttlSeconds - ageSeconds < minFresh) return false;
  return true;
}
