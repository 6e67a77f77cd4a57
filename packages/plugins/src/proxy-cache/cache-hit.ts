/**
 * The `ctx.shared` entry a cache hit leaves for the other plugins (Kong's
 * `kong.ctx.shared.proxy_cache_hit`): the response being served was stored after their
 * header_filter and body_filter already changed it, so they must not change it again.
 */
export const PROXY_CACHE_HIT = 'proxy_cache_hit';

export interface ProxyCacheHit {
  /** Status of the stored response. */
  readonly status: number;
  /** When it was stored (ms since the epoch). */
  readonly storedAt: number;
  /** The cache key (hex SHA-256), as sent in X-Cache-Key. */
  readonly key: string;
}
