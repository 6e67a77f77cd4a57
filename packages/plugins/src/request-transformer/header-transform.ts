/**
 * Header transforms, Kong's semantics: names are case-insensitive; `replace` sets only present
 * headers (and always `Host`), `add` only absent ones (never `Host`), `append` sends one more
 * value. Only the headers that changed are written to the upstream request.
 */
import type { PluginContext } from '@gatehouse/gateway';
import type { Operations } from './entries.js';

type Value = string | string[];

/** The gateway sets these itself after the plugins, as nginx does in Kong: a plugin cannot change them. */
const GATEWAY_OWNED = /^x-forwarded-/;

export function transformHeaders(ops: Operations, ctx: PluginContext): void {
  const headers = new Map<string, Value>();
  for (const [name, value] of Object.entries(ctx.request.headers)) {
    if (value !== undefined && name !== 'host') headers.set(name, value);
  }
  const changed = new Set<string>();

  for (const name of ops.remove) {
    if (headers.delete(name)) changed.add(name);
  }
  for (const { from, to } of ops.rename) {
    const value = headers.get(from);
    if (value === undefined || from === to) continue;
    headers.delete(from);
    headers.set(to, value);
    changed.add(from).add(to);
  }
  for (const { name, value } of ops.replace) {
    if (name !== 'host' && !headers.has(name)) continue;
    headers.set(name, value!);
    changed.add(name);
  }
  for (const { name, value } of ops.add) {
    if (name === 'host' || headers.has(name)) continue;
    headers.set(name, value!);
    changed.add(name);
  }
  for (const { name, value } of ops.append) {
    const current = headers.get(name);
    headers.set(name, current === undefined || name === 'host' ? value! : [...(Array.isArray(current) ? current : [current]), value!]);
    changed.add(name);
  }

  for (const name of changed) {
    if (GATEWAY_OWNED.test(name)) continue;
    const value = headers.get(name);
    if (value === undefined) ctx.upstream.removeHeader(name);
    else ctx.upstream.setHeader(name, value);
  }
}
