/**
 * JSON body changes in Kong's order: remove, replace, add, append, on the top-level properties
 * of a JSON object. Values are the config's strings, cast by `json_types` (by position). A body
 * that is not a JSON object (an array, a scalar, invalid JSON) is left as it is.
 */
import { splitPair } from './header-transform.js';
import type { ResponseTransformerConfig } from './schema.js';

type JsonType = 'string' | 'boolean' | 'number';

interface JsonOp {
  readonly name: string;
  readonly value: unknown;
}

export interface JsonPlan {
  readonly remove: readonly string[];
  readonly replace: readonly JsonOp[];
  readonly add: readonly JsonOp[];
  readonly append: readonly JsonOp[];
  readonly empty: boolean;
}

/** Kong's cast: number (skipped when not a number), boolean (`true` or false), else the string. */
function cast(value: string, type: JsonType | undefined): unknown {
  if (type === 'number') {
    const n = value.trim() === '' ? NaN : Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  if (type === 'boolean') return value === 'true';
  return value;
}

function ops(entries: readonly string[], types: readonly JsonType[]): JsonOp[] {
  const out: JsonOp[] = [];
  entries.forEach((entry, i) => {
    const { name, value } = splitPair(entry);
    const typed = cast(value, types[i]);
    if (typed !== undefined) out.push({ name, value: typed });
  });
  return out;
}

export function compileJsonPlan(config: ResponseTransformerConfig): JsonPlan {
  const remove = config.remove.json.map((entry) => splitPair(entry).name);
  const replace = ops(config.replace.json, config.replace.json_types);
  const add = ops(config.add.json, config.add.json_types);
  const append = ops(config.append.json, config.append.json_types);
  const empty = config.remove.json.length + config.replace.json.length + config.add.json.length + config.append.json.length === 0;
  return { remove, replace, add, append, empty };
}

/** Sets an own property, also for names such as `__proto__`. */
function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}

function appended(current: unknown, value: unknown): unknown[] {
  if (current === undefined) return [value];
  if (Array.isArray(current)) return [...(current as unknown[]), value];
  return [current, value];
}

/** The transformed body, or undefined when it is not a JSON object (sent unchanged). */
export function transformJson(plan: JsonPlan, raw: Buffer): Buffer | undefined {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const json = body as Record<string, unknown>;
  const has = (name: string): boolean => Object.hasOwn(json, name);
  for (const name of plan.remove) delete json[name];
  for (const { name, value } of plan.replace) if (has(name)) setOwn(json, name, value);
  for (const { name, value } of plan.add) if (!has(name)) setOwn(json, name, value);
  for (const { name, value } of plan.append) setOwn(json, name, appended(has(name) ? json[name] : undefined, value));
  return Buffer.from(JSON.stringify(json));
}
