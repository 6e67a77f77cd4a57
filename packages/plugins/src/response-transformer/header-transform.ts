/**
 * Response header changes in Kong's order: remove, rename, replace, add, append. Names are
 * compared case-insensitively (the engine hands over lower-case names); an entry with an empty
 * value (`X-Name:`) is skipped by replace, add and append, as in Kong.
 */
import type { ResponseTransformerConfig } from './schema.js';

type Headers = Record<string, string | string[] | number | undefined>;

export interface NameValue {
  readonly name: string;
  readonly value: string;
}

/** Kong's `name:value` split: the name ends at the first colon, further leading colons are dropped. */
export function splitPair(entry: string): NameValue {
  const colon = entry.indexOf(':');
  if (colon < 0) return { name: entry, value: '' };
  return { name: entry.slice(0, colon), value: entry.slice(colon + 1).replace(/^:+/, '') };
}

export interface HeaderPlan {
  readonly remove: readonly string[];
  readonly rename: readonly { from: string; to: string }[];
  readonly replace: readonly NameValue[];
  readonly add: readonly NameValue[];
  readonly append: readonly NameValue[];
  /** True when there is nothing to do. */
  readonly empty: boolean;
}

const lowerName = (p: NameValue): NameValue => ({ name: p.name.toLowerCase(), value: p.value });
const withValue = (entries: readonly string[]): NameValue[] =>
  entries
    .map(splitPair)
    .filter((p) => p.value !== '')
    .map(lowerName);

export function compileHeaderPlan(config: ResponseTransformerConfig): HeaderPlan {
  const remove = config.remove.headers.map((n) => n.toLowerCase());
  const rename = config.rename.headers
    .map(splitPair)
    .map(({ name, value }) => ({ from: name.toLowerCase(), to: value.toLowerCase() }))
    .filter(({ from, to }) => from !== to);
  const replace = withValue(config.replace.headers);
  const add = withValue(config.add.headers);
  const append = withValue(config.append.headers);
  const empty = remove.length + rename.length + replace.length + add.length + append.length === 0;
  return { remove, rename, replace, add, append, empty };
}

const present = (headers: Headers, name: string): boolean => headers[name] !== undefined;

export function transformHeaders(plan: HeaderPlan, headers: Headers): void {
  for (const name of plan.remove) delete headers[name];
  for (const { from, to } of plan.rename) {
    if (!present(headers, from)) continue;
    headers[to] = headers[from];
    delete headers[from];
  }
  for (const { name, value } of plan.replace) {
    if (present(headers, name)) headers[name] = value;
  }
  for (const { name, value } of plan.add) {
    if (!present(headers, name)) headers[name] = value;
  }
  for (const { name, value } of plan.append) {
    const current = headers[name];
    if (current === undefined) headers[name] = value;
    else headers[name] = [...(Array.isArray(current) ? current : [String(current)]), value];
  }
}
