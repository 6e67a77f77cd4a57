/**
 * Kong's proxy-cache config (the open-source plugin): what is cacheable (methods, statuses,
 * content types), for how long, and what the cache key varies on. Gatehouse keeps entries in
 * each node's memory, so `strategy` is `memory` only.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const CACHEABLE_METHODS = ['HEAD', 'GET', 'POST', 'PATCH', 'PUT'] as const;

/** `type/subtype` (or `*`), optionally followed by `; name=value` parameters. */
/**
 * A value or null as one JSON Schema `type` list (not an anyOf), so a wrong value gets one
 * error that names the problem rather than one per alternative.
 */
const OrNull = <T>(schema: Record<string, unknown> & { type: string }, options: Record<string, unknown>) =>
  Type.Unsafe<T | null>({ ...schema, type: [schema.type, 'null'], default: null, ...options });

const MEDIA_TYPE = "^\\s*(\\*|[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+)\\s*(;.*)?$";

export const ProxyCacheSchema = Type.Object(
  {
    response_code: Type.Array(Type.Integer({ minimum: 100, maximum: 900 }), {
      minItems: 1,
      default: [200, 301, 404],
      description: 'Upstream response statuses that are cached.',
    }),
    request_method: Type.Array(Type.Unsafe<(typeof CACHEABLE_METHODS)[number]>({ type: 'string', enum: [...CACHEABLE_METHODS] }), {
      default: ['GET', 'HEAD'],
      description:
        'Request methods whose responses are cached; other methods get `X-Cache-Status: Bypass`. The request body is not part of the key (as in Kong), ' +
        'so a cached POST answers any body. HEAD responses are looked up but not stored (see below).',
    }),
    content_type: Type.Array(
      Type.String({ pattern: MEDIA_TYPE, 'x-message': 'must be a media type such as "application/json" (optionally with parameters, e.g. "; charset=utf-8")' }),
      {
        default: ['text/plain', 'application/json'],
        description:
          'Upstream response content types that are cached. The media type is compared case-insensitively (`*` and `type/*` match any); ' +
          'parameters in an entry must be present in the response, a response\'s other parameters are ignored.',
      },
    ),
    cache_ttl: Type.Integer({ minimum: 1, default: 300, description: 'Seconds a stored response is served (without `cache_control`).' }),
    strategy: Type.String({
      pattern: '^memory$',
      'x-message': 'must be "memory": Gatehouse keeps cached responses in each node\'s memory and has no other strategy',
      default: 'memory',
      description: 'Where responses are stored: `memory` (each node\'s own memory, bounded), the only strategy. Kong requires the field; Gatehouse defaults it.',
    }),
    cache_control: Type.Boolean({
      default: false,
      description: 'Respect Cache-Control (RFC 7234) of the request and the response: freshness from `s-maxage`/`max-age`/`Expires`, no-store, no-cache, private, only-if-cached, max-age, max-stale, min-fresh.',
    }),
    ignore_uri_case: Type.Boolean({ default: false, description: 'Lower-case the path in the cache key, so `/A` and `/a` share an entry.' }),
    storage_ttl: OrNull<number>({ type: 'integer', minimum: 0 }, {
      description: 'Seconds an entry is kept, independent of `cache_ttl` or the response\'s freshness; a kept but stale entry is refreshed (`X-Cache-Status: Refresh`). 0: until evicted (as Kong). Null: as long as it is fresh.',
    }),
    memory: Type.Object(
      {
        dictionary_name: Type.String({
          minLength: 1,
          default: 'kong_db_cache',
          description: 'Accepted for Kong compatibility (Kong\'s nginx shared dictionary); Gatehouse has one bounded in-memory store per node.',
        }),
      },
      { additionalProperties: false, default: {}, description: 'Options of the memory strategy.' },
    ),
    vary_query_params: OrNull<string[]>({ type: 'array', items: Type.String({ minLength: 1 }) }, {
      description: 'Query parameters that make up the cache key. Null or empty: all of them.',
    }),
    vary_headers: OrNull<string[]>({ type: 'array', items: Type.String({ minLength: 1 }) }, {
      description: 'Request headers whose values make up the cache key (names are case-insensitive). Null or empty: none.',
    }),
    response_headers: Type.Object(
      {
        age: Type.Boolean({ default: true, description: 'Send `Age` (seconds since the response was stored) on a hit.' }),
        'X-Cache-Status': Type.Boolean({ default: true, description: 'Send `X-Cache-Status` (Hit, Miss, Bypass, Refresh).' }),
        'X-Cache-Key': Type.Boolean({ default: true, description: 'Send `X-Cache-Key` (the hex SHA-256 cache key).' }),
      },
      { additionalProperties: false, default: {}, description: 'Which diagnostic headers are sent (Kong 3.x).' },
    ),
  },
  { additionalProperties: false },
);

export type ProxyCacheConfig = Static<typeof ProxyCacheSchema>;
