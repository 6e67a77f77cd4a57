import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ConfigError, ConfigErrorCode, JsonPath } from '../errors.js';

/**
 * The one ajv instance that validates entities and plugin configs, and the translation of its
 * errors into messages that name the field and say what is allowed.
 */
export const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: true, strictNumbers: true, allowUnionTypes: true });
ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });

const compiled = new WeakMap<object, ValidateFunction>();

export function compileSchema(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

function pointerToPath(pointer: string): JsonPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

const ARTICLE: Record<string, string> = {
  string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean (true or false)',
  array: 'an array', object: 'an object', null: 'null',
};

function describeTypes(type: unknown): string {
  const list = (Array.isArray(type) ? type : [type]).map((t) => ARTICLE[String(t)] ?? String(t));
  if (list.length > 1 && list.includes('null')) {
    const rest = list.filter((t) => t !== 'null');
    if (rest.length === 1) return `${rest[0]} or null`;
  }
  return list.join(' or ');
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The closest of `known` to `name`, when it is close enough to be a likely typo. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

function messageFor(e: ErrorObject): { code: ConfigErrorCode; extra: JsonPath; message: string } {
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String(params['additionalProperty']);
      const known = Object.keys((parent['properties'] as object | undefined) ?? {});
      const hint = suggest(field, known);
      return {
        code: 'GW_ERR_CONFIG_UNKNOWN_FIELD',
        extra: [field],
        message: `unknown field "${field}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
      };
    }
    case 'required':
      return { code: 'GW_ERR_CONFIG_SCHEMA', extra: [String(params['missingProperty'])], message: 'required field missing' };
    case 'type':
      return { code: 'GW_ERR_CONFIG_SCHEMA', extra: [], message: `must be ${describeTypes(params['type'])}` };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).filter((v) => v !== null).map((v) => String(v));
      return { code: 'GW_ERR_CONFIG_SCHEMA', extra: [], message: `must be one of: ${allowed.join(', ')} (got ${JSON.stringify(e.data)})` };
    }
    case 'pattern': {
      const custom = parent['x-message'];
      return {
        code: 'GW_ERR_CONFIG_SCHEMA',
        extra: [],
        message: typeof custom === 'string' ? custom : `must match ${String(params['pattern'])} (got ${JSON.stringify(e.data)})`,
      };
    }
    case 'minimum':
    case 'maximum': {
      const min = parent['minimum'];
      const max = parent['maximum'];
      const range = min !== undefined && max !== undefined ? `between ${String(min)} and ${String(max)}` : `${e.keyword === 'minimum' ? '>=' : '<='} ${String(params['limit'])}`;
      return { code: 'GW_ERR_CONFIG_SCHEMA', extra: [], message: `must be ${range} (got ${JSON.stringify(e.data)})` };
    }
    case 'minLength':
      return { code: 'GW_ERR_CONFIG_SCHEMA', extra: [], message: params['limit'] === 1 ? 'must not be empty' : `must be at least ${String(params['limit'])} characters` };
    case 'maxLength':
      return { code: 'GW_ERR_CONFIG_SCHEMA', extra: [], message: `must be at most ${String(params['limit'])} characters` };
    case 'minItems':
      return { code: 'GW_ERR_CONFIG_SCHEMA', extra: [], message: params['limit'] === 1 ? 'must not be empty' : `must have at least ${String(params['limit'])} items` };
    case 'uniqueItems':
      return { code: 'GW_ERR_CONFIG_SCHEMA', extra: [], message: `must not contain duplicates (items ${String(params['j'])} and ${String(params['i'])} are equal)` };
    case 'minProperties':
    case 'maxProperties':
      return {
        code: 'GW_ERR_CONFIG_SCHEMA',
        extra: [],
        message: typeof parent['x-message'] === 'string' ? parent['x-message'] : (e.message ?? 'invalid'),
      };
    default:
      return { code: 'GW_ERR_CONFIG_SCHEMA', extra: [], message: e.message ?? `fails ${e.keyword}` };
  }
}

/** ajv errors → config errors under `base` (the entity's place in the document). */
export function toConfigErrors(errors: readonly ErrorObject[] | null | undefined, base: JsonPath): ConfigError[] {
  const out: ConfigError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const { code, extra, message } = messageFor(e);
    const path = [...base, ...pointerToPath(e.instancePath), ...extra];
    const key = `${path.join('\u0000')}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ code, path, message });
  }
  return out;
}
