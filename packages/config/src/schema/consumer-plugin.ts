import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ForeignKey, Id, Nullable, StringEnum, Tags } from './schema-helpers.js';

export const ConsumerSchema = Type.Object(
  {
    id: Id,
    username: Nullable(Type.String({ minLength: 1, maxLength: 256 }), {
      description: 'Unique consumer name; credentials and plugins can reference the consumer by it, and auth plugins send it upstream as `X-Consumer-Username`.',
    }),
    custom_id: Nullable(Type.String({ minLength: 1, maxLength: 256 }), {
      description: 'Unique id from another system, sent upstream as `X-Consumer-Custom-ID`; a consumer needs `username`, `custom_id` or both.',
    }),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Consumer = Static<typeof ConsumerSchema> & { id: string };

export const PLUGIN_PROTOCOLS = ['http', 'https'] as const;

export const PluginSchema = Type.Object(
  {
    id: Id,
    name: Type.String({
      minLength: 1,
      pattern: '^[a-z0-9][a-z0-9-]*$',
      description: 'The plugin to run, by its name; it must be registered on the node, and one instance of a name is allowed per scope.',
    }),
    instance_name: Nullable(Type.String({ minLength: 1, pattern: '^[\\w.~-]+$' }), {
      description: 'Unique name of this plugin instance; the Admin API accepts it in place of the id.',
    }),
    config: Type.Record(Type.String(), Type.Unknown(), {
      default: {},
      description: 'The plugin\'s settings, validated against that plugin\'s schema (its defaults filled in).',
    }),
    enabled: Type.Boolean({ default: true, description: 'When false, the plugin is not run (and does not stand in for one of wider scope).' }),
    protocols: Type.Array(StringEnum(PLUGIN_PROTOCOLS), {
      minItems: 1,
      uniqueItems: true,
      default: ['http', 'https'],
      description: 'Request protocols the plugin runs on; on others the next most specific instance of the same name, if any, runs.',
    }),
    ordering: Nullable(Type.Record(Type.String(), Type.Unknown()), {
      description: 'Kong Enterprise\'s dynamic plugin ordering; accepted for compatibility and ignored: plugins run by priority, highest first.',
    }),
    service: ForeignKey(
      'Run only for requests to this service, by name or id (implicit when nested under it); with no service, route or consumer the plugin is global.',
    ),
    route: ForeignKey('Run only for requests matched by this route, by name or id (implicit when nested under it).'),
    consumer: ForeignKey(
      'Run only for requests an auth plugin identified as this consumer, by username or id (implicit when nested under it).',
      'username',
    ),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Plugin = Static<typeof PluginSchema> & { id: string };

const Credential = <P extends Parameters<typeof Type.Object>[0]>(props: P) =>
  Type.Object(
    { id: Id, consumer: ForeignKey('The consumer that owns this credential, by username or id (implicit when nested under it).', 'username'), ...props, tags: Tags },
    { additionalProperties: false },
  );
type Cred<S> = Omit<S, 'consumer'> & { id: string; consumer: { id: string } };

export const KeyauthCredentialSchema = Credential({
  key: Type.String({
    minLength: 1,
    maxLength: 1024,
    description: 'The API key clients send (see the key-auth plugin); unique, and required because Gatehouse does not generate keys.',
  }),
  ttl: Nullable(Type.Integer({ minimum: 0, maximum: 100000000 }), {
    description: 'Kong: seconds until the key expires; accepted but not enforced, since a declarative config does not record when the key was created.',
  }),
});
export type KeyauthCredential = Cred<Static<typeof KeyauthCredentialSchema>>;

export const BasicauthCredentialSchema = Credential({
  username: Type.String({
    minLength: 1,
    maxLength: 256,
    description: 'The username clients send in `Authorization: Basic` (see the basic-auth plugin); unique.',
  }),
  password: Type.String({ minLength: 1, maxLength: 1024, description: 'The password in plain text, compared in constant time.' }),
});
export type BasicauthCredential = Cred<Static<typeof BasicauthCredentialSchema>>;

export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'ES256'] as const;

export const JwtSecretSchema = Credential({
  key: Type.String({
    minLength: 1,
    maxLength: 1024,
    description: 'Picks this secret: matched against the token\'s key claim (`iss` unless the jwt plugin\'s `key_claim_name` says otherwise); unique, required.',
  }),
  algorithm: StringEnum(JWT_ALGORITHMS, { default: 'HS256', description: 'The algorithm tokens must be signed with: the token\'s `alg` must equal it.' }),
  secret: Nullable(Type.String({ minLength: 1 }), {
    description: 'HMAC secret that verifies HS256/HS384/HS512 tokens (required for them; base64 when the plugin\'s `secret_is_base64` is set).',
  }),
  rsa_public_key: Nullable(Type.String({ minLength: 1 }), {
    description: 'PEM public key that verifies RS256 or ES256 tokens (required for them).',
  }),
});
export type JwtSecret = Cred<Static<typeof JwtSecretSchema>>;

export const AclSchema = Credential({
  group: Type.String({
    minLength: 1,
    maxLength: 256,
    description: 'A group the consumer belongs to, checked against the acl plugin\'s `allow` and `deny` lists; unique per consumer.',
  }),
});
export type Acl = Cred<Static<typeof AclSchema>>;
