import { createHash } from 'node:crypto';
import { formatPath } from '../errors.js';
import type { ConfigError } from '../errors.js';
import { canonicalJson } from '../hash/canonical-json.js';
import { ENTITIES } from '../schema/entities.js';
import type { EntityType } from '../schema/entities.js';
import { uuidV5 } from './deterministic-id.js';
import type { FlatRecord } from './flatten.js';

/** Types in dependency order: an entity only refers to types listed before it. */
const LINK_ORDER: readonly EntityType[] = [
  'certificates', 'ca_certificates', 'services', 'upstreams', 'consumers',
  'routes', 'targets', 'snis', 'keyauth_credentials', 'basicauth_credentials', 'jwt_secrets', 'acls', 'plugins',
];

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SINGULAR: Record<EntityType, string> = {
  services: 'service', routes: 'route', upstreams: 'upstream', targets: 'target', consumers: 'consumer', plugins: 'plugin',
  certificates: 'certificate', snis: 'sni', ca_certificates: 'ca_certificate', keyauth_credentials: 'key-auth credential',
  basicauth_credentials: 'basic-auth credential', jwt_secrets: 'jwt secret', acls: 'acl',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const refId = (v: unknown): string => ((v as { id?: string } | null)?.id ?? '');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** What an entity is, independent of where or how (nested or flat) it was written. */
function identity(r: FlatRecord): string | undefined {
  const d = r.data;
  switch (r.type) {
    case 'certificates':
    case 'ca_certificates':
      return str(d['cert']) && sha256(String(d['cert']));
    case 'services':
    case 'routes': {
      if (str(d['name'])) return `name:${String(d['name'])}`;
      const { id: _id, ...rest } = d;
      return `content:${sha256(canonicalJson(rest))}`;
    }
    case 'upstreams':
    case 'snis':
      return str(d['name']);
    case 'consumers':
      return str(d['username']) ? `username:${String(d['username'])}` : str(d['custom_id']) && `custom_id:${String(d['custom_id'])}`;
    case 'targets':
      return str(d['target']) && `${refId(d['upstream'])}:${String(d['target'])}`;
    case 'keyauth_credentials':
    case 'jwt_secrets':
      return str(d['key']);
    case 'basicauth_credentials':
      return str(d['username']);
    case 'acls':
      return str(d['group']) && `${refId(d['consumer'])}:${String(d['group'])}`;
    case 'plugins':
      return [d['name'], d['instance_name'], refId(d['service']), refId(d['route']), refId(d['consumer'])].map(String).join('\u0000');
  }
}

interface Index {
  byId: Map<string, FlatRecord>;
  byName: Map<string, FlatRecord>;
}

/**
 * Resolves every reference to `{ id }`, gives every entity a deterministic id, and checks that
 * ids and unique fields are unique. Works on invalid records too, so one pass reports all.
 */
export function linkEntities(records: FlatRecord[]): ConfigError[] {
  const errors: ConfigError[] = [];
  const indexes = new Map<EntityType, Index>();
  const byType = new Map<EntityType, FlatRecord[]>();
  for (const r of records) {
    const list = byType.get(r.type);
    if (list) list.push(r);
    else byType.set(r.type, [r]);
  }

  const unresolved = new Set<FlatRecord>();
  const fail = (r: FlatRecord, path: (string | number)[], code: ConfigError['code'], message: string) => {
    errors.push({ code, path: [...r.path, ...path], message });
  };

  for (const type of LINK_ORDER) {
    const def = ENTITIES[type];
    const index: Index = { byId: new Map(), byName: new Map() };
    indexes.set(type, index);
    for (const r of byType.get(type) ?? []) {
      let resolved = true;
      for (const [field, ref] of Object.entries(def.refs)) resolved = resolveRef(r, field, ref.type, ref.required) && resolved;
      if (r.type === 'services') resolved = resolveCaCertificates(r) && resolved;
      if (!resolved) unresolved.add(r);
      const given = str(r.data['id']);
      // An entity whose references did not resolve has no identity: it must not be called a duplicate.
      const key = resolved ? identity(r) : undefined;
      const id = given && UUID_RE.test(given) ? given.toLowerCase() : uuidV5(`${type}\u0000${key ?? `invalid:${formatPath(r.path)}`}`);
      r.id = id;
      r.data['id'] = id;
      const clash = index.byId.get(id);
      if (clash) {
        if (given) fail(r, ['id'], 'GW_ERR_CONFIG_UNIQUE', `duplicate id ${id}: also used by ${formatPath(clash.path)}; ids must be unique`);
        else fail(r, duplicateField(r), 'GW_ERR_CONFIG_UNIQUE', `duplicate ${SINGULAR[type]}: ${describeIdentity(r)} is already used by ${formatPath(clash.path)}; remove one or make them distinct`);
      } else {
        index.byId.set(id, r);
      }
      const name = def.nameField ? str(r.data[def.nameField]) : undefined;
      if (name !== undefined && !index.byName.has(name)) index.byName.set(name, r);
    }
    checkUnique(byType.get(type) ?? [], type);
  }
  return errors;

  /** Resolves one reference to `{ id }`; false when it does not resolve (the error is reported). */
  function resolveRef(r: FlatRecord, field: string, target: EntityType, required: boolean): boolean {
    const value = r.data[field];
    const targetIndex = indexes.get(target)!;
    if (r.parent?.field === field) {
      const parentId = r.parent.record.id!;
      if (value !== null && value !== undefined && lookup(targetIndex, value)?.id !== parentId) {
        fail(r, [field], 'GW_ERR_CONFIG_REFERENCE', `conflicts with the enclosing ${SINGULAR[target]} at ${formatPath(r.parent.record.path)}; remove it from the nested entity`);
      }
      r.data[field] = { id: parentId };
      return true;
    }
    if (value === null || value === undefined) {
      r.data[field] = null;
      if (!required) return true;
      fail(r, [field], 'GW_ERR_CONFIG_REFERENCE', `required: the ${SINGULAR[target]} this ${SINGULAR[r.type]} belongs to (a name or id), or nest it under its ${SINGULAR[target]}`);
      return false;
    }
    r.data[field] = null;
    const ref = referenceOf(value);
    if (!ref) return false; // malformed: the schema error already says so
    const found = ref.by === 'id' ? targetIndex.byId.get(ref.value.toLowerCase()) : ref.by === 'name' ? targetIndex.byName.get(ref.value) : lookup(targetIndex, ref.value);
    if (!found) {
      const shown = ref.by === 'either' ? `"${ref.value}"` : `with ${ref.by} "${ref.value}"`;
      fail(r, [field], 'GW_ERR_CONFIG_REFERENCE', `references unknown ${SINGULAR[target]} ${shown}`);
      return false;
    }
    r.data[field] = { id: found.id! };
    return true;
  }

  /** A service's ca_certificates: ids of CA certificates in this config (Kong takes ids only). */
  function resolveCaCertificates(r: FlatRecord): boolean {
    const list = r.data['ca_certificates'];
    if (!Array.isArray(list)) return true;
    const cas = indexes.get('ca_certificates')!;
    let ok = true;
    r.data['ca_certificates'] = list.map((value: unknown, i) => {
      const found = typeof value === 'string' ? cas.byId.get(value.toLowerCase()) : undefined;
      if (found) return found.id;
      if (typeof value === 'string') fail(r, ['ca_certificates', i], 'GW_ERR_CONFIG_REFERENCE', `references unknown ca_certificate "${value}" (give the id of an entry in ca_certificates)`);
      ok = false;
      return value;
    });
    return ok;
  }

  function checkUnique(list: FlatRecord[], type: EntityType): void {
    for (const fields of ENTITIES[type].unique) {
      const seen = new Map<string, FlatRecord>();
      for (const r of list) {
        if (unresolved.has(r)) continue;
        const values = fields.map((f) => r.data[f]);
        if (fields.length === 1 && (values[0] === null || values[0] === undefined)) continue;
        if (fields.length > 1 && values.some((v) => v === undefined)) continue;
        const key = values.length === 1 && typeof values[0] === 'string' ? values[0] : canonicalJson(values);
        const first = seen.get(key);
        if (!first) {
          seen.set(key, r);
          continue;
        }
        if (first.id === r.id) continue; // already reported as a duplicate id
        const label = fields.length === 1 ? `${fields[0]} ${JSON.stringify(values[0])}` : `combination of ${fields.join(', ')}`;
        fail(r, fields.length === 1 ? [fields[0]!] : [], 'GW_ERR_CONFIG_UNIQUE', `${label} is already used by ${formatPath(first.path)}; it must be unique`);
      }
    }
  }
}

/** The field that makes two entities the same, for pointing at the duplicate. */
function duplicateField(r: FlatRecord): string[] {
  const field = { targets: 'target', keyauth_credentials: 'key', jwt_secrets: 'key', basicauth_credentials: 'username', acls: 'group', plugins: 'name' }[
    r.type as string
  ] ?? ENTITIES[r.type].nameField;
  return field !== undefined && r.data[field] !== null && r.data[field] !== undefined ? [field] : [];
}

function describeIdentity(r: FlatRecord): string {
  const field = duplicateField(r)[0];
  if (r.type === 'plugins') return `plugin "${String(r.data['name'])}" with the same service, route and consumer`;
  if (field !== undefined) return `${field} ${JSON.stringify(r.data[field])}`;
  if (r.type === 'consumers') return `custom_id ${JSON.stringify(r.data['custom_id'])}`;
  if (r.type === 'certificates' || r.type === 'ca_certificates') return 'the same cert';
  return 'an identical definition (no name)';
}

/** A well-formed reference: a name-or-id string, `{ id }` or `{ name }`; anything else is undefined. */
function referenceOf(value: unknown): { by: 'id' | 'name' | 'either'; value: string } | undefined {
  if (typeof value === 'string') return value === '' ? undefined : { by: 'either', value };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const v = (value as Record<string, unknown>)[keys[0] ?? ''];
  if (keys.length !== 1 || typeof v !== 'string' || v === '') return undefined;
  return keys[0] === 'id' ? { by: 'id', value: v } : keys[0] === 'name' ? { by: 'name', value: v } : undefined;
}

function lookup(index: Index, value: unknown): FlatRecord | undefined {
  const ref = referenceOf(value);
  if (!ref) return undefined;
  if (ref.by === 'id') return index.byId.get(ref.value.toLowerCase());
  if (ref.by === 'name') return index.byName.get(ref.value);
  return (UUID_RE.test(ref.value) ? index.byId.get(ref.value.toLowerCase()) : undefined) ?? index.byName.get(ref.value);
}
