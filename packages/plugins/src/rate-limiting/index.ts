/**
 * rate-limiting: counts requests per consumer, credential, IP, service, header value or path in
 * fixed windows (second to year) and answers 429 past a limit, as Kong's rate-limiting plugin
 * with the local policy.
 */
import type { PluginContext } from '@gatehouse/gateway';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import { firstHeader } from '../shared/headers.js';
import { CounterStore, localCounters } from './counter-store.js';
import { PERIODS, checkRateLimitingConfig, rateLimitingConfigSchema } from './schema.js';
import type { Period, RateLimitingConfig } from './schema.js';
import { secondsLeft, windowOf } from './windows.js';
import type { Window } from './windows.js';

const LIMIT_HEADER = Object.fromEntries(PERIODS.map((p) => [p, `x-ratelimit-limit-${p}`])) as Record<Period, string>;
const REMAINING_HEADER = Object.fromEntries(PERIODS.map((p) => [p, `x-ratelimit-remaining-${p}`])) as Record<Period, string>;

/** What requests are counted by; falls back to the client IP as Kong does. */
function identifierFor(config: RateLimitingConfig, headerName: string | null): (ctx: PluginContext) => string {
  switch (config.limit_by) {
    case 'consumer':
      return (ctx) => ctx.auth?.consumer?.id ?? ctx.auth?.credential?.id ?? ctx.request.clientIp;
    case 'credential':
      return (ctx) => ctx.auth?.credential?.id ?? ctx.request.clientIp;
    case 'service':
      return (ctx) => ctx.service?.id ?? ctx.request.clientIp;
    case 'header':
      return (ctx) => (headerName === null ? undefined : firstHeader(ctx.request.headers[headerName])) ?? ctx.request.clientIp;
    case 'path':
      return (ctx) => (ctx.request.path === config.path ? ctx.request.path : ctx.request.clientIp);
    default:
      return (ctx) => ctx.request.clientIp;
  }
}

interface Usage {
  readonly period: Period;
  readonly limit: number;
  readonly used: number;
  readonly window: Window;
}

/** Kong's headers: per period, plus RateLimit-* for the period closest to its limit (the longer one on ties). */
function clientHeaders(usage: readonly Usage[], stop: Period | null, nowMs: number): Record<string, string> {
  const headers: Record<string, string> = {};
  let chosen: { limit: number; remaining: number; rank: number; window: Window } | null = null;
  for (const u of usage) {
    const remaining = Math.max(0, u.limit - u.used - (stop === null || stop === u.period ? 1 : 0));
    const rank = PERIODS.indexOf(u.period);
    if (chosen === null || remaining < chosen.remaining || (remaining === chosen.remaining && rank > chosen.rank)) {
      chosen = { limit: u.limit, remaining, rank, window: u.window };
    }
    headers[LIMIT_HEADER[u.period]] = String(u.limit);
    headers[REMAINING_HEADER[u.period]] = String(remaining);
  }
  if (chosen) {
    headers['ratelimit-limit'] = String(chosen.limit);
    headers['ratelimit-remaining'] = String(chosen.remaining);
    headers['ratelimit-reset'] = String(secondsLeft(chosen.window, nowMs));
  }
  return headers;
}

/**
 * The plugin counting in `counters`. One store per node process keeps counts across config
 * snapshots; `rateLimitingPlugin` uses the process-wide one.
 */
export function createRateLimitingPlugin(counters: CounterStore = new CounterStore()): BundledPlugin {
  return {
    name: 'rate-limiting',
    version: '1.0.0',
    priority: 910,
    configSchema: rateLimitingConfigSchema,
    check: checkRateLimitingConfig,
    summary:
      'Limits how many requests a client can make per second, minute, hour, day, month and year. Requests are counted ' +
      'per consumer, credential, client IP, service, header value or path, in fixed windows aligned to the clock (UTC), ' +
      'and a request past a limit is answered `429 {"message":"API rate limit exceeded"}`.',
    notes: [
      '- Only the `local` policy is supported: each node counts in its own memory, so with N nodes a client can make up to N times the limit. `cluster` and `redis` are refused when the config is loaded (cluster-wide limits are not implemented yet); the `redis` settings are accepted so Kong configs load.',
      '- Counters survive config changes: they belong to the plugin instance (its id) and the identifier, so re-applying a config does not reset them. Counters of ended windows are dropped.',
      '- Checking and counting happen together in the access phase, so concurrent requests cannot overshoot a limit. As in Kong, a refused request is not counted.',
      '- Every response (the 429 too) carries `X-RateLimit-Limit-<Period>` and `X-RateLimit-Remaining-<Period>` for each configured period, and `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds until the window ends) for the period closest to its limit; the 429 adds `Retry-After`. `hide_client_headers` leaves them all out. Header names are sent in lower case (HTTP header names are case-insensitive).',
      '- `limit_by: consumer` counts an anonymous consumer (see the auth plugins\' `anonymous`) as one consumer. Without the consumer, credential, service or header value, the client IP is used; with `limit_by: path`, requests to other paths are counted by client IP.',
      '- Months and years are calendar months and years (UTC); `RateLimit-Reset` counts to their real end (Kong approximates a month as 30 days and a year as 365).',
    ].join('\n'),
    build({ instance }) {
      const config = instance.config as RateLimitingConfig;
      const limits = PERIODS.flatMap((period) => (typeof config[period] === 'number' ? [{ period, limit: config[period] }] : []));
      const prefix = `${instance.id}\u0000`;
      const identify = identifierFor(config, config.header_name?.toLowerCase() ?? null);
      const showHeaders = !config.hide_client_headers;
      const pending = new WeakMap<PluginContext, Record<string, string>>();

      return {
        access(ctx) {
          const nowMs = Date.now();
          const id = identify(ctx);
          let stop: Period | null = null;
          const usage: Usage[] = [];
          for (const { period, limit } of limits) {
            const window = windowOf(period, nowMs);
            const used = counters.count(`${prefix}${period}\u0000${id}`, window.end);
            if (limit - used <= 0) stop = period;
            usage.push({ period, limit, used, window });
          }
          if (stop === null) for (const u of usage) counters.increment(`${prefix}${u.period}\u0000${id}`, u.window.end);
          if (!showHeaders) return stop === null ? undefined : { status: config.error_code, body: { message: config.error_message } };
          const headers = clientHeaders(usage, stop, nowMs);
          pending.set(ctx, headers);
          if (stop === null) return undefined;
          return { status: config.error_code, body: { message: config.error_message }, headers: { ...headers, 'retry-after': headers['ratelimit-reset']! } };
        },
        header_filter(ctx) {
          const headers = pending.get(ctx);
          if (headers && ctx.response) Object.assign(ctx.response.headers, headers);
        },
      };
    },
  };
}

export const rateLimitingPlugin: BundledPlugin = createRateLimitingPlugin(localCounters);
export { CounterStore };
