// Every entity type the Admin API serves, in Kong's order.

import type { EntityType } from '@gatehouse/config';
import { CA_CERTIFICATES, CERTIFICATES, SNIS } from './certificates.js';
import { ACLS, BASICAUTH_CREDENTIALS, CONSUMERS, JWT_SECRETS, KEYAUTH_CREDENTIALS } from './consumers-credentials.js';
import { PLUGINS } from './plugins.js';
import type { ResourceDef } from './resource-def.js';
import { ROUTES, SERVICES } from './services-routes.js';
import { TARGETS, UPSTREAMS } from './upstreams-targets.js';

export const RESOURCES: readonly ResourceDef[] = [
  SERVICES, ROUTES, UPSTREAMS, TARGETS, CONSUMERS, PLUGINS, CERTIFICATES, SNIS, CA_CERTIFICATES,
  KEYAUTH_CREDENTIALS, BASICAUTH_CREDENTIALS, JWT_SECRETS, ACLS,
];

const BY_TYPE = new Map<EntityType, ResourceDef>(RESOURCES.map((r) => [r.type, r]));

export function resourceFor(type: EntityType): ResourceDef {
  const def = BY_TYPE.get(type);
  if (!def) throw new Error(`no Admin API resource for ${type}`);
  return def;
}

export { DELETE_RULES } from './resource-def.js';
export type { Body, ParentLink, ResourceDef } from './resource-def.js';
