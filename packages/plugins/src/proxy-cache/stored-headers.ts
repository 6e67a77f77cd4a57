/**
 * Which response headers a cache entry keeps: everything but hop-by-hop headers,
 * Content-Length (the hit's length is its body's), per-request rate-limit counts (Kong drops
 * `*ratelimit-remaining*`), and the cache's own X-Cache-Status, X-Cache-Key and Age.
 */
const NOT_STORED: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'x-cache-status',
  'x-cache-key',
  'age',
]);

export function storableHeaders(headers: Readonly<Record<string, string | string[] | number | undefined>>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_STORED.has(name) || name.includes('ratelimit-remaining')) continue;
    out[name] = typeof value === 'number' ? String(value) : Array.isArray(value) ? [...value] : value;
  }
  return out;
}
