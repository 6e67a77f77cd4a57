// Validation errors of a whole config → the Admin API's answer. Errors on the written entity
// become Kong's entity errors (schema violation 400, foreign key 400, unique 409, in that order
// of precedence, as Kong validates before it inserts); errors anywhere else, and errors of a
// whole declarative config, become Kong's "invalid declarative configuration" with the complete
// list, each error with its path, line:col when known, message and code.

import { ENTITIES, formatConfigError, formatPath } from '@gatehouse/config';
import type { ConfigError, JsonPath } from '@gatehouse/config';
import {
  foreignKeyInvalid,
  invalidConfig,
  primaryKeyViolation,
  schemaViolation,
  uniqueViolation,
} from './admin-errors.js';
import type { AdminError } from './admin-errors.js';
import type { Focus } from './entity-changes.js';

type Fields = Record<string, unknown>;

/** Puts `message` at `path` in a nested object; array indexes become arrays, as in Kong's `fields`. */
function place(root: Fields, path: JsonPath, message: string): void {
  if (path.length === 0) {
    const list = Array.isArray(root['@entity']) ? (root['@entity'] as string[]) : [];
    root['@entity'] = [...list, message];
    return;
  }
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    let child = node[seg];
    if (typeof child !== 'object' || child === null) {
      child = typeof path[i + 1] === 'number' ? [] : {};
      node[seg] = child;
    }
    node = child as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  const existing = node[last];
  if (typeof existing === 'string') node[last] = `${existing}; ${message}`;
  else if (typeof existing === 'object' && existing !== null) place(existing as Fields, [], message);
  else node[last] = message;
}

export function fieldsOf(errors: readonly { path: JsonPath; message: string }[]): Fields {
  const root: Fields = {};
  for (const e of errors) place(root, e.path, e.message);
  return root;
}

/** One error as the API lists it. */
export function describeError(e: ConfigError): Record<string, unknown> {
  return {
    code: e.code,
    path: formatPath(e.path),
    ...(e.position ? { position: e.position } : {}),
    message: e.message,
    text: formatConfigError(e),
  };
}

/** Kong's declarative-config error with every error listed. */
export function configErrors(errors: readonly ConfigError[], what = 'declarative config is invalid'): AdminError {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const message = `${what}: ${first ? formatConfigError(first) : 'unknown error'}${more}`;
  return invalidConfig(message, fieldsOf(errors), errors.map(describeError));
}

function within(path: JsonPath, prefix: JsonPath): boolean {
  return prefix.every((seg, i) => path[i] === seg);
}

function uniqueKey(focus: Focus, rel: JsonPath): Record<string, unknown> {
  const field = rel[0];
  if (typeof field === 'string') return { [field]: focus.entity[field] ?? null };
  const sets = ENTITIES[focus.type].unique;
  const set = sets.find((s) => s.length > 1) ?? sets[0] ?? [];
  return Object.fromEntries(set.map((f) => [f, focus.entity[f] ?? null]));
}

/** Errors from validating the config an entity edit produced → the Admin API error. */
export function entityWriteError(errors: readonly ConfigError[], focus: Focus | undefined): AdminError {
  if (!focus) return configErrors(errors, 'the resulting config is invalid');
  const prefix = [focus.type, focus.index];
  const own = errors.filter((e) => within(e.path, prefix)).map((e) => ({ ...e, rel: e.path.slice(2) }));
  if (own.length === 0 || own.length < errors.length) {
    return configErrors(errors, 'the resulting config is invalid');
  }
  const schema = own.filter((e) => e.code !== 'GW_ERR_CONFIG_UNIQUE' && e.code !== 'GW_ERR_CONFIG_REFERENCE');
  const references = own.filter((e) => e.code === 'GW_ERR_CONFIG_REFERENCE');
  const missingRefs = references.filter((e) => focus.entity[String(e.rel[0])] === undefined || focus.entity[String(e.rel[0])] === null);
  const badSchema = [...schema, ...missingRefs];
  if (badSchema.length > 0) {
    const lines = badSchema.map((e) => (e.rel.length === 0 ? e.message : `${formatPath(e.rel)}: ${e.message}`));
    return schemaViolation(fieldsOf(badSchema.map((e) => ({ path: e.rel, message: e.message }))), lines);
  }
  const reference = references[0];
  if (reference) {
    const field = String(reference.rel[0]);
    const target = ENTITIES[focus.type].refs[field]?.type ?? field;
    return foreignKeyInvalid(field, focus.entity[field], target);
  }
  const unique = own[0]!;
  if (unique.rel[0] === 'id') return primaryKeyViolation(focus.id);
  return uniqueViolation(uniqueKey(focus, unique.rel));
}
