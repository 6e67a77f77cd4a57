/**
 * Kong's cache key: SHA-256 (hex) over the prefix (consumer and route), the method, the path,
 * the query (all parameters sorted, or only `vary_query_params`) and the `vary_headers` values,
 * joined with `|`. Gatehouse also puts the plugin instance id and a hash of its config in the
 * prefix, so entries stored under an older config are never served by a newer one.
 */
import { createHash } from 'node:crypto';
import type { PluginContext } from '@gatehouse/gateway';
import type { ProxyCacheConfig } from './schema.js';

/** JSON with object keys sorted, so equal configs hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function configHash(config: unknown): string {
  return createHash('sha256').update(canonical(config)).digest('hex').slice(0, 16);
}

/** Kong's `name=v1,v2` per present field (values sorted), joined with `:`. */
function fieldsKey(fields: readonly string[], valuesOf: (name: string) => string[]): string {
  const parts: string[] = [];
  for (const field of fields) {
    const values = valuesOf(field);
    if (values.length > 0) parts.push(`${field}=${[...values].sort().join(',')}`);
  }
  return parts.join(':');
}

export type KeyBuilder = (ctx: PluginContext) => string;

/** `partition` is the instance id and config hash (see ResponseStore). */
export function cacheKeyBuilder(partition: string, config: ProxyCacheConfig): KeyBuilder {
  const varyQuery = config.vary_query_params && config.vary_query_params.length > 0 ? config.vary_query_params : null;
  const varyHeaders = config.vary_headers && config.vary_headers.length > 0 ? config.vary_headers : null;
  return (ctx) => {
    const { request } = ctx;
    const consumer = ctx.auth?.consumer?.id;
    const owner = `${consumer ? `${consumer}:` : ''}${ctx.route.id}:${ctx.service?.id ?? ''}`;
    const path = config.ignore_uri_case ? request.path.toLowerCase() : request.path;
    const query = request.query;
    const params = fieldsKey(varyQuery ?? [...new Set(query.keys())].sort(), (name) => query.getAll(name));
    const headers = varyHeaders
      ? fieldsKey(varyHeaders, (name) => {
          const value = request.headers[name.toLowerCase()];
          return value === undefined ? [] : Array.isArray(value) ? value : [value];
        })
      : '';
    return createHash('sha256').update(`${partition}|${owner}|${request.method}|${path}|${params}|${headers}`).digest('hex');
  };
}
