import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ForeignKey, Id, Nullable, StringEnum, Tags } from './schema-helpers.js';

export const ConsumerSchema = Type.Object(
  {
    id: Id,
    username: Nullable(Type.String({ minLength: 1, maxLength: 256 })),
    custom_id: Nullable(Type.String({ minLength: 1, maxLength: 256 })),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Consumer = Static<typeof ConsumerSchema> & { id: string };

export const PLUGIN_PROTOCOLS = ['http', 'https'] as const;

export const PluginSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, pattern: '^[a-z0-9][a-z0-9-]*$' }),
    instance_name: Nullable(Type.String({ minLength: 1, pattern: '^[\\w.~-]+$' })),
    config: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
    enabled: Type.Boolean({ default: true }),
    protocols: Type.Array(StringEnum(PLUGIN_PROTOCOLS), { minItems: 1, uniqueItems: true, default: ['http', 'https'] }),
    ordering: Nullable(Type.Record(Type.String(), Type.Unknown())),
    service: ForeignKey('apply only to this service'),
    route: ForeignKey('apply only to this route'),
    consumer: ForeignKey('apply only to this consumer'),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Plugin = Static<typeof PluginSchema> & { id: string };

const Credential = <P extends Parameters<typeof Type.Object>[0]>(props: P) =>
  Type.Object(
    { id: Id, consumer: ForeignKey('the consumer that owns this credential'), ...props, tags: Tags },
    { additionalProperties: false },
  );
type Cred<S> = Omit<S, 'consumer'> & { id: string; consumer: { id: string } };

export const KeyauthCredentialSchema = Credential({
  key: Type.String({ minLength: 1, maxLength: 1024 }),
  ttl: Nullable(Type.Integer({ minimum: 0, maximum: 100000000 })),
});
export type KeyauthCredential = Cred<Static<typeof KeyauthCredentialSchema>>;

export const BasicauthCredentialSchema = Credential({
  username: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});
export type BasicauthCredential = Cred<Static<typeof BasicauthCredentialSchema>>;

export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'ES256'] as const;

export const JwtSecretSchema = Credential({
  key: Type.String({ minLength: 1, maxLength: 1024 }),
  algorithm: StringEnum(JWT_ALGORITHMS, { default: 'HS256' }),
  secret: Nullable(Type.String({ minLength: 1 })),
  rsa_public_key: Nullable(Type.String({ minLength: 1 })),
});
export type JwtSecret = Cred<Static<typeof JwtSecretSchema>>;

export const AclSchema = Credential({
  group: Type.String({ minLength: 1, maxLength: 256 }),
});
export type Acl = Cred<Static<typeof AclSchema>>;
