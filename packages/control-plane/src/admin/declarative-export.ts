// The current config as a readable declarative document (GET /config): children nested under
// their parents as people write kong.yml (routes and plugins under services, targets under
// upstreams, credentials under consumers, snis under certificates), null fields left out, ids
// kept, so that applying the document again gives the same canonical hash. Secrets are replaced
// by a redaction marker unless the caller asks for them.

import { ENTITIES, REDACTED } from '@gatehouse/config';
import type { EntityType, NormalisedConfig } from '@gatehouse/config';

type Data = Record<string, unknown>;

/** Fields that hold secrets, per entity type. */
export const SECRET_FIELDS: Readonly<Partial<Record<EntityType, readonly string[]>>> = {
  keyauth_credentials: ['key'],
  basicauth_credentials: ['password'],
  jwt_secrets: ['secret'],
  certificates: ['key', 'key_alt'],
};

/** Plugin config fields redacted by name (redis_password, client_secret, api_token ...). */
const SECRET_CONFIG_FIELD = /(?:^|_)(?:password|secret|token)$/;

/** Where a child nests, most specific parent first (a consumer's plugin nests under the consumer). */
const NESTING: readonly { child: EntityType; field: string; parent: EntityType; key: string }[] = [
  { child: 'routes', field: 'service', parent: 'services', key: 'routes' },
  { child: 'targets', field: 'upstream', parent: 'upstreams', key: 'targets' },
  { child: 'snis', field: 'certificate', parent: 'certificates', key: 'snis' },
  { child: 'keyauth_credentials', field: 'consumer', parent: 'consumers', key: 'keyauth_credentials' },
  { child: 'basicauth_credentials', field: 'consumer', parent: 'consumers', key: 'basicauth_credentials' },
  { child: 'jwt_secrets', field: 'consumer', parent: 'consumers', key: 'jwt_secrets' },
  { child: 'acls', field: 'consumer', parent: 'consumers', key: 'acls' },
  { child: 'plugins', field: 'consumer', parent: 'consumers', key: 'plugins' },
  { child: 'plugins', field: 'route', parent: 'routes', key: 'plugins' },
  { child: 'plugins', field: 'service', parent: 'services', key: 'plugins' },
];

const TOP_LEVEL_ORDER: readonly EntityType[] = [
  'certificates', 'ca_certificates', 'services', 'routes', 'upstreams', 'consumers', 'plugins',
  'snis', 'targets', 'keyauth_credentials', 'basicauth_credentials', 'jwt_secrets', 'acls',
];

function refId(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && typeof (value as Data)['id'] === 'string' ? ((value as Data)['id'] as string) : undefined;
}

function redactConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactConfig);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Data).map(([k, v]) => [k, SECRET_CONFIG_FIELD.test(k) && typeof v === 'string' ? REDACTED : redactConfig(v)]),
  );
}

/** An entity without null fields, with secrets redacted when asked. */
function clean(type: EntityType, entity: Data, includeSecrets: boolean): Data {
  const out: Data = {};
  for (const [k, v] of Object.entries(entity)) if (v !== null && v !== undefined) out[k] = v;
  if (!includeSecrets) {
    for (const field of SECRET_FIELDS[type] ?? []) if (typeof out[field] === 'string') out[field] = REDACTED;
    if (type === 'plugins' && out['config'] !== undefined) out['config'] = redactConfig(out['config']);
  }
  return out;
}

export function exportConfig(config: NormalisedConfig, options: { includeSecrets: boolean }): Data {
  const nodes = new Map<string, { type: EntityType; data: Data; nested: boolean }>();
  for (const type of TOP_LEVEL_ORDER) {
    for (const entity of config[type] as unknown as Data[]) {
      nodes.set(`${type}:${String(entity['id'])}`, { type, data: clean(type, entity, options.includeSecrets), nested: false });
    }
  }
  // Attach each child to its most specific parent; children keep their other references.
  for (const node of nodes.values()) {
    const rule = NESTING.find((n) => n.child === node.type && refId(node.data[n.field]) !== undefined);
    if (!rule) continue;
    const parent = nodes.get(`${rule.parent}:${refId(node.data[rule.field])!}`);
    if (!parent) continue;
    delete node.data[rule.field];
    const list = (parent.data[rule.key] as Data[] | undefined) ?? [];
    list.push(node.data);
    parent.data[rule.key] = list;
    node.nested = true;
  }
  const doc: Data = { _format_version: config._format_version };
  for (const type of Object.keys(ENTITIES) as EntityType[]) {
    const top = (config[type] as unknown as Data[])
      .map((e) => nodes.get(`${type}:${String(e['id'])}`)!)
      .filter((n) => !n.nested)
      .map((n) => n.data);
    if (top.length > 0) doc[type] = top;
  }
  return doc;
}

/** Paths of secret fields that still hold the redaction marker (a config exported without secrets). */
export function redactedSecrets(config: NormalisedConfig): string[] {
  const found: string[] = [];
  for (const [type, fields] of Object.entries(SECRET_FIELDS) as [EntityType, readonly string[]][]) {
    for (const entity of config[type] as unknown as Data[]) {
      for (const field of fields) if (entity[field] === REDACTED) found.push(`${type} ${String(entity['id'])}: ${field}`);
    }
  }
  for (const plugin of config.plugins) {
    if (JSON.stringify(plugin.config).includes(JSON.stringify(REDACTED))) found.push(`plugins ${plugin.id}: config`);
  }
  return found;
}
