/**
 * Query string and url-encoded form transforms, on an ordered multimap (name -> values), with
 * Kong's semantics: `rename` and `replace` act only on present names, `add` only on absent
 * ones, `append` adds a value (a repeated parameter).
 */
import type { PluginContext } from '@gatehouse/gateway';
import type { Operations } from './entries.js';

export type MultiMap = Map<string, string[]>;

export function toMultiMap(params: URLSearchParams): MultiMap {
  const map: MultiMap = new Map();
  for (const [name, value] of params) {
    const values = map.get(name);
    if (values) values.push(value);
    else map.set(name, [value]);
  }
  return map;
}

export function fromMultiMap(map: MultiMap): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, values] of map) for (const value of values) params.append(name, value);
  return params;
}

/**
 * Applies the operations; returns whether Kong would rewrite the whole thing. `hasContent`
 * false (an empty body) skips remove, rename and replace, as Kong does for bodies.
 */
export function transformMultiMap(ops: Operations, map: MultiMap, hasContent = true): boolean {
  let changed = false;
  if (hasContent) {
    for (const name of ops.remove) {
      map.delete(name);
      changed = true;
    }
    for (const { from, to } of ops.rename) {
      const values = map.get(from);
      if (values === undefined || from === to) continue;
      map.delete(from);
      map.set(to, values);
      changed = true;
    }
    for (const { name, value } of ops.replace) {
      if (!map.has(name)) continue;
      map.set(name, [value!]);
      changed = true;
    }
  }
  for (const { name, value } of ops.add) {
    if (map.has(name)) continue;
    map.set(name, [value!]);
    changed = true;
  }
  for (const { name, value } of ops.append) {
    const values = map.get(name);
    if (values) values.push(value!);
    else map.set(name, [value!]);
    changed = true;
  }
  return changed;
}

/**
 * The query step: `fromBody` holds the fields of a url-encoded body when the method was changed
 * to GET, HEAD or TRACE (Kong moves them into the query string, after the present parameters).
 */
export function transformQuery(ops: Operations, ctx: PluginContext, fromBody: MultiMap | null): void {
  if (!ops.any && fromBody === null) return;
  const query = toMultiMap(ctx.request.query);
  if (fromBody !== null) {
    for (const [name, values] of fromBody) query.set(name, [...(query.get(name) ?? []), ...values]);
  }
  transformMultiMap(ops, query);
  ctx.upstream.setQuery(fromMultiMap(query));
}
