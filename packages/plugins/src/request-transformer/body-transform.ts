/**
 * Body transforms for JSON objects and url-encoded forms, Kong's semantics. Values are strings,
 * as in Kong. On an empty body only add and append apply (building a new body); a body that
 * does not parse is sent unchanged.
 */
import { parseBody } from '../shared/request-body.js';
import type { BodyKind } from '../shared/request-body.js';
import type { Operations } from './entries.js';
import { fromMultiMap, toMultiMap, transformMultiMap } from './query-transform.js';

type Json = Record<string, unknown>;

// Own-property access only, so a field named "__proto__" stays a plain field.
const get = (obj: Json, key: string): unknown => (Object.hasOwn(obj, key) ? obj[key] : undefined);
const put = (obj: Json, key: string, value: unknown): void => {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
};
/** Lua's truthiness, which Kong's checks use: absent and `false` count as missing (JSON null does not). */
const present = (value: unknown): boolean => value !== undefined && value !== false;

/** Kong's append_value: a string becomes [old, new], an array grows, anything else is replaced by [new]. */
function appended(current: unknown, value: string): unknown[] {
  if (Array.isArray(current)) return [...(current as unknown[]), value];
  if (typeof current === 'string') return [current, value];
  return [value];
}

function transformJson(ops: Operations, json: Json, hasContent: boolean): boolean {
  let changed = false;
  if (hasContent) {
    for (const name of ops.remove) {
      delete json[name];
      changed = true;
    }
    for (const { from, to } of ops.rename) {
      const value = get(json, from);
      if (!present(value) || from === to) continue;
      delete json[from];
      put(json, to, value);
      changed = true;
    }
    for (const { name, value } of ops.replace) {
      if (!present(get(json, name))) continue;
      put(json, name, value);
      changed = true;
    }
  }
  for (const { name, value } of ops.add) {
    if (present(get(json, name))) continue;
    put(json, name, value);
    changed = true;
  }
  for (const { name, value } of ops.append) {
    put(json, name, appended(get(json, name), value!));
    changed = true;
  }
  return changed;
}

/** The new body, or null to leave the body as it is. */
export function transformBody(ops: Operations, kind: BodyKind, raw: Buffer): Buffer | null {
  const hasContent = raw.length > 0;
  if (kind === 'form') {
    const form = toMultiMap(new URLSearchParams(raw.toString('utf8')));
    return transformMultiMap(ops, form, hasContent) ? Buffer.from(fromMultiMap(form).toString()) : null;
  }
  const parsed = parseBody('json', raw);
  if (parsed?.json === undefined) return null;
  return transformJson(ops, parsed.json, hasContent) ? Buffer.from(JSON.stringify(parsed.json)) : null;
}
