// Entity edits as whole-config documents. Each function takes the current snapshot and returns
// the document of the next config (the normalised lists with one entity added, replaced or
// removed), plus the written entity's place in it so validation errors can be pinned on it.
// The written entity goes last in its list: when two entities clash, the later one is blamed.

import { randomUUID } from 'node:crypto';
import { ENTITY_TYPES } from '@gatehouse/config';
import type { EntityType } from '@gatehouse/config';
import type { ConfigSnapshot, Entity } from '../config-service.js';
import { foreignKeyRestricted, primaryKeyViolation, schemaViolation } from './admin-errors.js';
import { DELETE_RULES } from './resources/index.js';
import type { Body, ResourceDef } from './resources/index.js';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Focus {
  readonly type: EntityType;
  readonly id: string;
  /** Index of the entity in doc[type]. */
  readonly index: number;
  /** The entity as written, before normalisation. */
  readonly entity: Body;
}

export interface PlannedDoc {
  readonly doc: Record<string, unknown>;
  readonly focus?: Focus;
}

export interface ParentRef {
  readonly field: string;
  readonly id: string;
}

function isPlainObject(v: unknown): v is Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The current lists, with `type`'s list rebuilt without `replaceId` and with `entity` last. */
function docWith(snapshot: ConfigSnapshot, type: EntityType, replaceId: string | undefined, entity: Body): PlannedDoc {
  const doc: Record<string, unknown> = { ...snapshot.config };
  const list: unknown[] = snapshot.list(type).filter((e) => e.id !== replaceId);
  list.push(entity);
  doc[type] = list;
  return { doc, focus: { type, id: String(entity['id']), index: list.length - 1, entity } };
}

function checkId(body: Body): void {
  const id = body['id'];
  if (id !== undefined && id !== null && (typeof id !== 'string' || !UUID_RE.test(id))) {
    throw schemaViolation({ id: 'expected a valid UUID' }, ['id: expected a valid UUID']);
  }
}

/** POST: a new entity; Kong gives it a random UUID unless the body names one. */
export function createEntity(snapshot: ConfigSnapshot, def: ResourceDef, body: Body, parent?: ParentRef): PlannedDoc {
  checkId(body);
  const entity: Body = { ...body };
  if (parent) entity[parent.field] = { id: parent.id };
  def.onCreate?.(entity);
  const given = typeof body['id'] === 'string' ? body['id'].toLowerCase() : undefined;
  if (given !== undefined && snapshot.byId(def.type).has(given)) throw primaryKeyViolation(given);
  entity['id'] = given ?? randomUUID();
  return docWith(snapshot, def.type, undefined, entity);
}

/** PUT: replaces the entity whole (defaults refilled) or creates it under the key from the path. */
export function upsertEntity(
  snapshot: ConfigSnapshot,
  def: ResourceDef,
  existing: Entity | undefined,
  key: string,
  body: Body,
  parent?: ParentRef,
): PlannedDoc {
  checkId(body);
  const entity: Body = { ...body };
  if (parent) entity[parent.field] = { id: parent.id };
  if (existing) {
    if (def.endpointKey && !UUID_RE.test(key)) entity[def.endpointKey] = key;
    entity['id'] = existing.id;
    return docWith(snapshot, def.type, existing.id, entity);
  }
  if (UUID_RE.test(key)) entity['id'] = key.toLowerCase();
  else if (def.endpointKey) {
    entity[def.endpointKey] = key;
    entity['id'] = randomUUID();
  } else {
    throw schemaViolation({ id: 'expected a valid UUID' }, ['id: expected a valid UUID']);
  }
  def.onCreate?.(entity);
  if (snapshot.byId(def.type).has(String(entity['id']))) throw primaryKeyViolation(String(entity['id']));
  return docWith(snapshot, def.type, undefined, entity);
}

/**
 * Kong's PATCH: fields given replace the stored ones; nested records (plugin config,
 * healthchecks) merge field by field; arrays and header maps are replaced whole.
 */
function mergePatch(stored: Body, patch: Body): Body {
  const out: Body = { ...stored };
  for (const [field, value] of Object.entries(patch)) {
    const current = out[field];
    out[field] = field !== 'headers' && isPlainObject(value) && isPlainObject(current) && !('id' in current) ? mergePatch(current, value) : value;
  }
  return out;
}

export function patchEntity(snapshot: ConfigSnapshot, def: ResourceDef, existing: Entity, body: Body, parent?: ParentRef): PlannedDoc {
  const id = body['id'];
  if (id !== undefined && (typeof id !== 'string' || id.toLowerCase() !== existing.id)) {
    throw schemaViolation({ id: 'cannot be changed' }, ['id: cannot be changed']);
  }
  const stored: Body = { ...existing };
  def.beforePatch?.(stored, body);
  const entity = mergePatch(stored, body);
  if (parent && body[parent.field] === undefined) entity[parent.field] = { id: parent.id };
  entity['id'] = existing.id;
  return docWith(snapshot, def.type, existing.id, entity);
}

function refId(value: unknown): string | undefined {
  return isPlainObject(value) && typeof value['id'] === 'string' ? value['id'] : undefined;
}

/** DELETE: removes the entity and what cascades with it; refuses where Kong restricts. */
export function deleteEntity(snapshot: ConfigSnapshot, type: EntityType, id: string): PlannedDoc {
  const removed = new Map<EntityType, Set<string>>();
  const visit = (t: EntityType, entityId: string): void => {
    const set = removed.get(t) ?? new Set<string>();
    if (set.has(entityId)) return;
    set.add(entityId);
    removed.set(t, set);
    for (const rule of DELETE_RULES) {
      if (rule.parent !== t) continue;
      for (const child of snapshot.list(rule.child)) {
        if (refId(child[rule.field]) !== entityId) continue;
        if (rule.rule === 'restrict') throw foreignKeyRestricted(t, rule.child);
        visit(rule.child, child.id);
      }
    }
    if (t === 'ca_certificates') {
      const user = snapshot.list('services').find((s) => Array.isArray(s['ca_certificates']) && s['ca_certificates'].includes(entityId));
      if (user) throw foreignKeyRestricted('ca_certificates', 'services');
    }
  };
  visit(type, id);
  const doc: Record<string, unknown> = { ...snapshot.config };
  for (const t of ENTITY_TYPES) {
    const gone = removed.get(t);
    if (gone) doc[t] = snapshot.list(t).filter((e) => !gone.has(e.id));
  }
  return { doc };
}

