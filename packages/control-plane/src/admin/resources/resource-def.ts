// What the generic entity endpoints need to know about one entity type: its Kong paths, the
// field a non-UUID path key names, where it nests, and the few type-specific rules.

import type { EntityType } from '@gatehouse/config';
import type { ConfigSnapshot, Entity } from '../../config-service.js';

/** `/<parent collection>/{parent}/<segment>`: e.g. routes under services via `service`. */
export interface ParentLink {
  readonly type: EntityType;
  /** The child's reference field that points at the parent. */
  readonly field: string;
  /** Path segment after the parent key, e.g. "routes", "key-auth". */
  readonly segment: string;
}

export type Body = Record<string, unknown>;

export interface ResourceDef {
  readonly type: EntityType;
  /** Kong's collection path, e.g. "services", "key-auths"; null where Kong disables it (targets). */
  readonly collection: string | null;
  /** Field a non-UUID key in the path names (Kong's endpoint_key). */
  readonly endpointKey?: string;
  /** The endpoint key is unique only within the parent (targets, acls): top-level paths take ids only. */
  readonly keyScopedToParent?: boolean;
  readonly parents: readonly ParentLink[];
  /** Fills what Kong generates on create (credential keys and secrets). */
  readonly onCreate?: (body: Body) => void;
  /** Adjusts the stored entity before a PATCH body is merged into it. */
  readonly beforePatch?: (stored: Body, patch: Body) => void;
  /** Lookup for keys that are neither a UUID nor the endpoint key (a certificate by SNI name). */
  readonly lookup?: (snapshot: ConfigSnapshot, key: string) => Entity | undefined;
  /** List filters from the query string besides tags (consumers by custom_id). */
  readonly filter?: (query: Readonly<Record<string, string>>) => ((entity: Entity) => boolean) | undefined;
  /** The entity as the API shows it (basic-auth hides the password). */
  readonly present?: (entity: Entity) => Body;
}

/** Kong's delete rules: children that cascade with their parent, and references that block it. */
export const DELETE_RULES: readonly { child: EntityType; field: string; parent: EntityType; rule: 'cascade' | 'restrict' }[] = [
  { child: 'routes', field: 'service', parent: 'services', rule: 'restrict' },
  { child: 'plugins', field: 'service', parent: 'services', rule: 'cascade' },
  { child: 'plugins', field: 'route', parent: 'routes', rule: 'cascade' },
  { child: 'plugins', field: 'consumer', parent: 'consumers', rule: 'cascade' },
  { child: 'targets', field: 'upstream', parent: 'upstreams', rule: 'cascade' },
  { child: 'keyauth_credentials', field: 'consumer', parent: 'consumers', rule: 'cascade' },
  { child: 'basicauth_credentials', field: 'consumer', parent: 'consumers', rule: 'cascade' },
  { child: 'jwt_secrets', field: 'consumer', parent: 'consumers', rule: 'cascade' },
  { child: 'acls', field: 'consumer', parent: 'consumers', rule: 'cascade' },
  { child: 'snis', field: 'certificate', parent: 'certificates', rule: 'restrict' },
  { child: 'services', field: 'client_certificate', parent: 'certificates', rule: 'restrict' },
  { child: 'upstreams', field: 'client_certificate', parent: 'certificates', rule: 'restrict' },
];
