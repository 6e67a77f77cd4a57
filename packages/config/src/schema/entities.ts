import type { TSchema } from '@sinclair/typebox';
import { AclSchema, BasicauthCredentialSchema, ConsumerSchema, JwtSecretSchema, KeyauthCredentialSchema, PluginSchema } from './consumer-plugin.js';
import type { Acl, BasicauthCredential, Consumer, JwtSecret, KeyauthCredential, Plugin } from './consumer-plugin.js';
import { CaCertificateSchema, CertificateSchema, SniSchema } from './certificate.js';
import type { CaCertificate, Certificate, Sni } from './certificate.js';
import { RouteSchema, ServiceSchema } from './service-route.js';
import type { Route, Service } from './service-route.js';
import { TargetSchema, UpstreamSchema } from './upstream-target.js';
import type { Target, Upstream } from './upstream-target.js';

/** Entity types in the order of Kong's declarative format (and of the canonical form). */
export const ENTITY_TYPES = [
  'services',
  'routes',
  'upstreams',
  'targets',
  'consumers',
  'plugins',
  'certificates',
  'snis',
  'ca_certificates',
  'keyauth_credentials',
  'basicauth_credentials',
  'jwt_secrets',
  'acls',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface EntityDef {
  schema: TSchema;
  /** Arrays of children allowed inside an entity of this type: key → child type and its parent field. */
  nested: Readonly<Record<string, { type: EntityType; field: string }>>;
  /** Foreign keys: field → referenced type, and whether the reference is required. */
  refs: Readonly<Record<string, { type: EntityType; required: boolean }>>;
  /** Fields that identify an entity by name in references (Kong's endpoint key). */
  nameField?: string;
  /** Fields unique across all entities of this type (besides id). */
  unique: readonly (readonly string[])[];
}

const CONSUMER_CHILDREN = {
  plugins: { type: 'plugins', field: 'consumer' },
  keyauth_credentials: { type: 'keyauth_credentials', field: 'consumer' },
  basicauth_credentials: { type: 'basicauth_credentials', field: 'consumer' },
  jwt_secrets: { type: 'jwt_secrets', field: 'consumer' },
  acls: { type: 'acls', field: 'consumer' },
} as const;

const consumerRef = { consumer: { type: 'consumers', required: true } } as const;

export const ENTITIES: Readonly<Record<EntityType, EntityDef>> = {
  services: {
    schema: ServiceSchema,
    nested: { routes: { type: 'routes', field: 'service' }, plugins: { type: 'plugins', field: 'service' } },
    refs: { client_certificate: { type: 'certificates', required: false } },
    nameField: 'name',
    unique: [['name']],
  },
  routes: {
    schema: RouteSchema,
    nested: { plugins: { type: 'plugins', field: 'route' } },
    refs: { service: { type: 'services', required: false } },
    nameField: 'name',
    unique: [['name']],
  },
  upstreams: {
    schema: UpstreamSchema,
    nested: { targets: { type: 'targets', field: 'upstream' } },
    refs: { client_certificate: { type: 'certificates', required: false } },
    nameField: 'name',
    unique: [['name']],
  },
  targets: {
    schema: TargetSchema,
    nested: {},
    refs: { upstream: { type: 'upstreams', required: true } },
    unique: [['upstream', 'target']],
  },
  consumers: { schema: ConsumerSchema, nested: CONSUMER_CHILDREN, refs: {}, nameField: 'username', unique: [['username'], ['custom_id']] },
  plugins: {
    schema: PluginSchema,
    nested: {},
    refs: {
      service: { type: 'services', required: false },
      route: { type: 'routes', required: false },
      consumer: { type: 'consumers', required: false },
    },
    unique: [['instance_name'], ['name', 'service', 'route', 'consumer']],
  },
  certificates: { schema: CertificateSchema, nested: { snis: { type: 'snis', field: 'certificate' } }, refs: {}, unique: [] },
  snis: { schema: SniSchema, nested: {}, refs: { certificate: { type: 'certificates', required: true } }, nameField: 'name', unique: [['name']] },
  ca_certificates: { schema: CaCertificateSchema, nested: {}, refs: {}, unique: [['cert']] },
  keyauth_credentials: { schema: KeyauthCredentialSchema, nested: {}, refs: consumerRef, unique: [['key']] },
  basicauth_credentials: { schema: BasicauthCredentialSchema, nested: {}, refs: consumerRef, unique: [['username']] },
  jwt_secrets: { schema: JwtSecretSchema, nested: {}, refs: consumerRef, unique: [['key']] },
  acls: { schema: AclSchema, nested: {}, refs: consumerRef, unique: [['consumer', 'group']] },
};

/** The normalised, canonical flat form: every entity type present, each list sorted by id. */
export interface NormalisedConfig {
  _format_version: '3.0';
  services: Service[];
  routes: Route[];
  upstreams: Upstream[];
  targets: Target[];
  consumers: Consumer[];
  plugins: Plugin[];
  certificates: Certificate[];
  snis: Sni[];
  ca_certificates: CaCertificate[];
  keyauth_credentials: KeyauthCredential[];
  basicauth_credentials: BasicauthCredential[];
  jwt_secrets: JwtSecret[];
  acls: Acl[];
}
