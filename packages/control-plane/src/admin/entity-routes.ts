// Kong's entity endpoints, generated from the resource table as Kong generates them from its
// schemas: for each type `/<collection>` (GET list, POST) and `/<collection>/{id or key}`
// (GET, PUT, PATCH, DELETE), and the same under each parent, e.g. `/services/{s}/routes/{r}`.
// Every successful write is one new config version (none when nothing changed).


import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConfigService, ConfigSnapshot, Entity } from '../config-service.js';
import { methodNotAllowed, notFound } from './admin-errors.js';
import { UUID_RE, createEntity, deleteEntity, patchEntity, upsertEntity } from './entity-changes.js';
import type { ParentRef, PlannedDoc } from './entity-changes.js';
import { listPage } from './entity-listing.js';
import { entityBody } from './request-body.js';
import { RESOURCES, resourceFor } from './resources/index.js';
import type { Body, ParentLink, ResourceDef } from './resources/index.js';
import { entityWriteError } from './write-errors.js';

export interface AdminContext {
  readonly service: ConfigService;
  /** Who made a change, for the history. */
  author(request: FastifyRequest): string | undefined;
}

type Params = Readonly<Record<string, string>>;

const NOTHING_TO_DO = Symbol('nothing to do');

export function queryOf(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(v) ? (v[0] as unknown) : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}

export function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0]!;
}

/** The history's "source" of a change: "admin-api PATCH /services/x". */
export function sourceOf(request: FastifyRequest): string {
  return `admin-api ${request.method} ${pathOf(request)}`.slice(0, 512);
}

function refId(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && typeof (value as Body)['id'] === 'string' ? ((value as Body)['id'] as string) : undefined;
}

/** An entity by UUID or endpoint key, optionally only among the children of one parent. */
function findEntity(snapshot: ConfigSnapshot, def: ResourceDef, key: string, scope?: ParentRef): Entity | undefined {
  let found: Entity | undefined;
  if (UUID_RE.test(key)) found = snapshot.byId(def.type).get(key.toLowerCase());
  else if (def.endpointKey && !def.keyScopedToParent) found = snapshot.byField(def.type, def.endpointKey).get(key);
  else if (def.endpointKey && scope) {
    const field = def.endpointKey;
    found = snapshot.list(def.type).find((e) => e[field] === key && refId(e[scope.field]) === scope.id);
  }
  found ??= def.lookup?.(snapshot, key);
  if (found && scope && refId(found[scope.field]) !== scope.id) return undefined;
  return found;
}

interface Resolved {
  readonly parent?: ParentRef;
  readonly entity?: Entity;
}

/** The parent (404 when it is missing) and the entity (undefined when missing) a request names. */
function resolve(snapshot: ConfigSnapshot, def: ResourceDef, params: Params, link?: ParentLink): Resolved {
  let parent: ParentRef | undefined;
  if (link) {
    const found = findEntity(snapshot, resourceFor(link.type), params['parent'] ?? '');
    if (!found) throw notFound();
    parent = { field: link.field, id: found.id };
  }
  const key = params['key'];
  const entity = key === undefined ? undefined : findEntity(snapshot, def, key, parent);
  return { ...(parent ? { parent } : {}), ...(entity ? { entity } : {}) };
}

const present = (def: ResourceDef, entity: Entity): Body => def.present?.(entity) ?? entity;

function registerFamily(app: FastifyInstance, ctx: AdminContext, def: ResourceDef, base: string, link?: ParentLink): void {
  const { service } = ctx;
  const plugins = service.plugins;

  /** Runs one edit through the config service; answers with the written entity. */
  const write = async (request: FastifyRequest, plan: (snapshot: ConfigSnapshot) => PlannedDoc): Promise<Entity | undefined> => {
    let focusId: string | undefined;
    const outcome = await service.write(
      (snapshot) => {
        const planned = plan(snapshot);
        focusId = planned.focus?.id;
        const result = service.normalise(planned.doc);
        if (!result.ok) throw entityWriteError(result.errors, planned.focus);
        return result;
      },
      { source: sourceOf(request), author: ctx.author(request) },
    );
    return focusId === undefined ? undefined : outcome.snapshot.byId(def.type).get(focusId);
  };

  const params = (request: FastifyRequest): Params => request.params as Params;
  const answer = (reply: FastifyReply, status: number, entity: Entity | undefined): Body => {
    if (!entity) throw notFound();
    void reply.code(status);
    return present(def, entity);
  };

  app.get(base, async (request) => {
    const snapshot = await service.snapshot();
    const { parent } = resolve(snapshot, def, params(request), link);
    const items = parent ? snapshot.list(def.type).filter((e) => refId(e[parent.field]) === parent.id) : snapshot.list(def.type);
    const query = queryOf(request);
    const page = listPage(items, pathOf(request), query, def.filter?.(query));
    return { data: page.data.map((e) => present(def, e)), ...(page.offset ? { offset: page.offset } : {}), next: page.next };
  });

  app.post(base, async (request, reply) => {
    const body = entityBody(request, def.type, plugins);
    const entity = await write(request, (snapshot) => createEntity(snapshot, def, body, resolve(snapshot, def, params(request), link).parent));
    return answer(reply, 201, entity);
  });

  app.get(`${base}/:key`, async (request, reply) => {
    const { entity } = resolve(await service.snapshot(), def, params(request), link);
    return answer(reply, 200, entity);
  });

  app.put(`${base}/:key`, async (request, reply) => {
    const body = entityBody(request, def.type, plugins);
    const entity = await write(request, (snapshot) => {
      const found = resolve(snapshot, def, params(request), link);
      return upsertEntity(snapshot, def, found.entity, params(request)['key'] ?? '', body, found.parent);
    });
    return answer(reply, 200, entity);
  });

  app.patch(`${base}/:key`, async (request, reply) => {
    const before = resolve(await service.snapshot(), def, params(request), link).entity;
    const body = entityBody(request, def.type, plugins, typeof before?.['name'] === 'string' ? before['name'] : undefined);
    const entity = await write(request, (snapshot) => {
      const found = resolve(snapshot, def, params(request), link);
      if (!found.entity) throw notFound();
      return patchEntity(snapshot, def, found.entity, body, found.parent);
    });
    return answer(reply, 200, entity);
  });

  app.delete(`${base}/:key`, async (request, reply) => {
    try {
      await write(request, (snapshot) => {
        const found = resolve(snapshot, def, params(request), link);
        // Kong: deleting what is not there is a success at the top level, a 404 when nested.
        if (!found.entity) throw link ? notFound() : NOTHING_TO_DO;
        return deleteEntity(snapshot, def.type, found.entity.id);
      });
    } catch (err) {
      if (err !== NOTHING_TO_DO) throw err;
    }
    return reply.code(204).send();
  });

  const refuse = async (): Promise<never> => {
    throw methodNotAllowed();
  };
  app.route({ method: ['PUT', 'PATCH', 'DELETE'], url: base, handler: refuse });
  app.route({ method: 'POST', url: `${base}/:key`, handler: refuse });
}

/** Registers every entity endpoint of every resource type. */
export function registerEntityRoutes(app: FastifyInstance, ctx: AdminContext): void {
  for (const def of RESOURCES) {
    if (def.collection !== null) registerFamily(app, ctx, def, `/${def.collection}`);
    for (const link of def.parents) {
      const parent = resourceFor(link.type);
      if (parent.collection !== null) registerFamily(app, ctx, def, `/${parent.collection}/:parent/${link.segment}`, link);
    }
  }
}

