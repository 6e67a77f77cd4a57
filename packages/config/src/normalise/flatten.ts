import type { ConfigError, JsonPath } from '../errors.js';
import { suggest } from '../schema/ajv-errors.js';
import { ENTITIES, ENTITY_TYPES } from '../schema/entities.js';
import type { EntityType } from '../schema/entities.js';

/** One entity lifted out of the document, remembering where it was written. */
export interface FlatRecord {
  type: EntityType;
  data: Record<string, unknown>;
  path: JsonPath;
  /** Set for an entity written nested inside another: the field that points at its parent. */
  parent?: { field: string; record: FlatRecord };
  valid: boolean;
  id?: string;
}

export const SUPPORTED_FORMAT_VERSION = '3.0';
const META_KEYS = new Set(['_format_version', '_transform', '_comment']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const schemaError = (path: JsonPath, message: string): ConfigError => ({ code: 'GW_ERR_CONFIG_SCHEMA', path, message });

/**
 * Turns the nested or flat document into one flat list of records. Unknown top-level keys and
 * misplaced nesting are errors; nested children remember their parent.
 */
export function flattenDocument(doc: unknown): { records: FlatRecord[]; errors: ConfigError[] } {
  const records: FlatRecord[] = [];
  const errors: ConfigError[] = [];
  if (!isObject(doc)) {
    errors.push(schemaError([], 'the config must be a mapping with _format_version and entity lists (services, routes, ...)'));
    return { records, errors };
  }
  const version = doc['_format_version'];
  if (version === undefined) {
    errors.push({ code: 'GW_ERR_CONFIG_FORMAT_VERSION', path: [], message: `_format_version is required; add _format_version: "${SUPPORTED_FORMAT_VERSION}"` });
  } else if (version !== SUPPORTED_FORMAT_VERSION) {
    errors.push({
      code: 'GW_ERR_CONFIG_FORMAT_VERSION',
      path: ['_format_version'],
      message: `unsupported format version ${JSON.stringify(version)}; Gatehouse reads "${SUPPORTED_FORMAT_VERSION}" (as a string; quote it in YAML)`,
    });
  }
  if (doc['_transform'] !== undefined && typeof doc['_transform'] !== 'boolean') errors.push(schemaError(['_transform'], 'must be a boolean (true or false)'));

  const known = [...ENTITY_TYPES, ...META_KEYS];
  for (const [key, value] of Object.entries(doc)) {
    if (META_KEYS.has(key)) continue;
    if (!(ENTITY_TYPES as readonly string[]).includes(key)) {
      const hint = suggest(key, known);
      errors.push({
        code: 'GW_ERR_CONFIG_UNKNOWN_ENTITY',
        path: [key],
        message: `unknown entity type "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${ENTITY_TYPES.join(', ')}`,
      });
      continue;
    }
    collect(key as EntityType, value, [key], undefined, records, errors);
  }
  return { records, errors };
}

/** Kong exports carry these; they say when, not what, so they are checked and left out. */
const TIMESTAMPS = new Set(['created_at', 'updated_at']);

function checkTimestamp(value: unknown, path: JsonPath, errors: ConfigError[]): void {
  if (value !== null && !(Number.isInteger(value) && (value as number) >= 0)) {
    errors.push(schemaError(path, 'must be a Unix timestamp in seconds (a non-negative integer) or null'));
  }
}

const FIELD_ORDER = new Map<EntityType, string[]>();
function fieldOrder(type: EntityType): string[] {
  let order = FIELD_ORDER.get(type);
  if (!order) {
    order = Object.keys(ENTITIES[type].schema['properties'] as object);
    FIELD_ORDER.set(type, order);
  }
  return order;
}

function collect(
  type: EntityType,
  list: unknown,
  path: JsonPath,
  parent: FlatRecord['parent'],
  records: FlatRecord[],
  errors: ConfigError[],
): void {
  if (list === null || list === undefined) return;
  if (!Array.isArray(list)) {
    errors.push(schemaError(path, `must be a list of ${type}`));
    return;
  }
  list.forEach((item: unknown, index) => {
    const itemPath = [...path, index];
    // certificates may list their snis as plain names, as Kong allows.
    const value = type === 'snis' && typeof item === 'string' ? { name: item } : item;
    if (!isObject(value)) {
      errors.push(schemaError(itemPath, `each entry of ${type} must be a mapping of fields`));
      return;
    }
    const def = ENTITIES[type];
    // Fields in schema order, absent ones as undefined placeholders: defaults then fill them in
    // place, so every normalised entity lists its fields in one order without copying.
    const data: Record<string, unknown> = {};
    for (const field of fieldOrder(type)) data[field] = value[field];
    const children: [string, unknown][] = [];
    for (const [field, fieldValue] of Object.entries(value)) {
      if (def.nested[field]) children.push([field, fieldValue]);
      else if (TIMESTAMPS.has(field)) checkTimestamp(fieldValue, [...itemPath, field], errors);
      else if (!(field in data)) data[field] = fieldValue;
    }
    const record: FlatRecord = { type, data, path: itemPath, valid: true, ...(parent ? { parent } : {}) };
    records.push(record);
    for (const [field, childList] of children) {
      const nested = def.nested[field]!;
      collect(nested.type, childList, [...itemPath, field], { field: nested.field, record }, records, errors);
    }
  });
}
