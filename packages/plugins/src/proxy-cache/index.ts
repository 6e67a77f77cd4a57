/**
 * proxy-cache (Kong priority 100): answers repeated requests from responses stored in memory.
 * access looks the request up (Hit: answer from the store; Miss/Refresh: proxy; Bypass: not
 * cacheable); header_filter decides whether the response may be stored and labels it;
 * body_filter stores it. Entries live in one bounded store per process (response-store.ts).
 */
import type { PluginContext, PluginExit } from '@gatehouse/gateway';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import { firstHeader } from '../shared/headers.js';
import { PROXY_CACHE_HIT } from './cache-hit.js';
import type { ProxyCacheHit } from './cache-hit.js';
import { entrySatisfies, freshnessSeconds, parseCacheControl, requestRefusesCache, responseRefusesCache } from './cache-control.js';
import { cacheKeyBuilder, configHash } from './cache-key.js';
import { contentTypeMatcher } from './content-type.js';
import { MAX_BODY_BYTES, STORE_MAX_BYTES, responseStore } from './response-store.js';
import { ProxyCacheSchema } from './schema.js';
import type { ProxyCacheConfig } from './schema.js';
import { storableHeaders } from './stored-headers.js';

type CacheStatus = 'Hit' | 'Miss' | 'Refresh' | 'Bypass';

interface RequestState {
  status: CacheStatus;
  /** Null when the request is not cacheable. */
  readonly key: string | null;
  /** Set by header_filter when the response may be stored. */
  pending?: { headers: Record<string, string | string[]>; ttl: number };
}

const MIB = 1024 * 1024;

export const proxyCachePlugin: BundledPlugin = {
  name: 'proxy-cache',
  version: '1.0.0',
  priority: 100,
  configSchema: ProxyCacheSchema,
  summary:
    'Caches upstream responses in memory and answers repeated requests from the cache, keyed like Kong on the consumer, route, method, path, ' +
    'query parameters and chosen request headers; cacheable methods, statuses and content types are configurable.',
  notes: [
    '- `X-Cache-Status`: `Miss` (cacheable, not in the cache: proxied and stored), `Hit` (answered from the cache, the upstream is not called), ' +
      '`Refresh` (in the cache but too old for `cache_ttl` or the client\'s Cache-Control: proxied and stored again), ' +
      '`Bypass` (the method, the client\'s Cache-Control, the status, the content type or the response\'s Cache-Control rule caching out).',
    '- `X-Cache-Key` is the hex SHA-256 of the consumer id, route and service ids, method, path (lower-cased with `ignore_uri_case`), ' +
      'the query parameters (sorted; only `vary_query_params` when set) and the `vary_headers` values, like Kong\'s; Gatehouse also hashes in the ' +
      'plugin instance id and its config, so a changed config never serves entries stored under the old one (they are dropped). ' +
      'Keys therefore differ from Kong\'s for the same request.',
    '- A hit answers with the stored status, headers and body plus `Age` and `X-Cache-Status: Hit`; hop-by-hop headers, `Content-Length`, ' +
      'rate-limit remaining counts and the `X-Cache-*`/`Age` headers are not stored. `Set-Cookie` is stored and replayed, as in Kong: ' +
      'use `cache_control: true` (and `private` on the upstream) or leave such responses out of `content_type`/`response_code`.',
    '- The stored response is the one sent to the client: plugins that run before proxy-cache in header_filter and body_filter ' +
      '(response-transformer, priority 800) have already changed it, and they do not change a hit again.',
    '- With `cache_control: true`: a request with `no-store`, `no-cache` or an `Authorization` header (RFC 7234 §3.2) is bypassed; `only-if-cached` on a miss answers 504 with an empty body; ' +
      'a request\'s `max-age`, `max-stale` and `min-fresh` decide whether an entry may be served (else Refresh); a response is stored only with ' +
      '`s-maxage`, `max-age` or a future `Expires` and without `private`, `no-store` or `no-cache`, for that many seconds. The response\'s `Vary` header is not considered (as in Kong). ' +
      'Unlike Kong, an entry kept past its freshness by `storage_ttl` is never served to a client that did not allow it with `max-stale`.',
    `- Memory: one store per node process shared by all proxy-cache instances, at most ${STORE_MAX_BYTES / MIB} MiB (least recently used entries are evicted first); ` +
      `a body over ${MAX_BODY_BYTES / MIB} MiB is proxied but not stored (\`X-Cache-Status: Bypass\` when its Content-Length says so up front). ` +
      'Entries survive config changes that keep the plugin instance and its config; each node (and each worker process) has its own cache.',
    '- HEAD requests are looked up (their key includes the method, as in Kong, so a GET entry never answers them) but their responses are not stored: ' +
      'the engine would answer a stored HEAD with `Content-Length: 0`. They always show `Miss`.',
    '- Not supported: Kong\'s Admin API endpoints to look up and purge entries (`/proxy-cache/...`), and strategies other than `memory`.',
  ].join('\n'),
  build({ instance }) {
    const config = instance.config as unknown as ProxyCacheConfig;
    const partition = `${instance.id}:${configHash(config)}`;
    const keyOf = cacheKeyBuilder(partition, config);
    const methods = new Set<string>(config.request_method);
    const statuses = new Set(config.response_code);
    const contentTypeMatches = contentTypeMatcher(config.content_type);
    const show = config.response_headers;
    const states = new WeakMap<PluginContext, RequestState>();
    responseStore.acquire(partition);

    const label = (headers: Record<string, unknown>, status: CacheStatus, key: string | null): void => {
      if (show['X-Cache-Status']) headers['x-cache-status'] = status;
      if (key !== null && show['X-Cache-Key']) headers['x-cache-key'] = key;
    };

    /** Freshness (seconds) of a response that may be stored, or null when it may not. */
    const storableFor = (ctx: PluginContext): number | null => {
      const response = ctx.response!;
      if (!statuses.has(response.status)) return null;
      if (!contentTypeMatches(firstHeader(response.headers['content-type']))) return null;
      const length = Number(firstHeader(response.headers['content-length']) ?? 0);
      if (length > MAX_BODY_BYTES) return null;
      if (!config.cache_control) return config.cache_ttl;
      const cc = parseCacheControl(response.headers['cache-control']);
      if (responseRefusesCache(cc)) return null;
      const ttl = freshnessSeconds(cc, firstHeader(response.headers['expires']), Date.now());
      return ttl > 0 ? ttl : null;
    };

    return {
      access(ctx): PluginExit | undefined {
        const { request } = ctx;
        if (!methods.has(request.method)) {
          states.set(ctx, { status: 'Bypass', key: null });
          return undefined;
        }
        const cc = config.cache_control ? parseCacheControl(request.headers['cache-control']) : null;
        if (cc && requestRefusesCache(cc, request.headers['authorization'] !== undefined)) {
          states.set(ctx, { status: 'Bypass', key: null });
          return undefined;
        }
        const key = keyOf(ctx);
        const now = Date.now();
        const entry = responseStore.get(key, now);
        if (!entry) {
          if (cc?.has('only-if-cached')) {
            states.set(ctx, { status: 'Miss', key: null });
            return { status: 504, body: '', headers: show['X-Cache-Key'] ? { 'x-cache-key': key } : {} };
          }
          states.set(ctx, { status: 'Miss', key });
          return undefined;
        }
        const age = (now - entry.storedAt) / 1000;
        const usable = cc ? entrySatisfies(cc, age, entry.ttl) : age <= entry.ttl;
        if (!usable) {
          states.set(ctx, { status: 'Refresh', key });
          return undefined;
        }
        states.set(ctx, { status: 'Hit', key });
        const hit: ProxyCacheHit = { status: entry.status, storedAt: entry.storedAt, key };
        ctx.shared.set(PROXY_CACHE_HIT, hit);
        const headers: Record<string, string | string[]> = { ...entry.headers };
        if (show.age) headers['age'] = String(Math.floor(age));
        label(headers, 'Hit', key);
        return { status: entry.status, body: entry.body, headers, final: true };
      },

      header_filter(ctx) {
        const state = states.get(ctx);
        const response = ctx.response;
        if (!state || !response || state.status === 'Hit') return;
        if (state.key === null) {
          if (state.status === 'Bypass') label(response.headers, 'Bypass', null);
          return;
        }
        const ttl = storableFor(ctx);
        if (ttl === null) state.status = 'Bypass';
        else if (ctx.request.method !== 'HEAD') state.pending = { headers: storableHeaders(response.headers), ttl };
        label(response.headers, state.status, state.key);
      },

      wantsBody(ctx) {
        return states.get(ctx)?.pending !== undefined;
      },

      body_filter(ctx, body) {
        const state = states.get(ctx);
        const pending = state?.pending;
        if (!state || !pending || state.key === null || body.length > MAX_BODY_BYTES) return undefined;
        state.pending = undefined;
        const storedAt = Date.now();
        const response = { status: ctx.response!.status, headers: pending.headers, body: Buffer.from(body), storedAt, ttl: pending.ttl };
        responseStore.set(partition, state.key, response, config.storage_ttl ?? pending.ttl);
        return undefined;
      },

      close() {
        responseStore.release(partition);
      },
    };
  },
};
