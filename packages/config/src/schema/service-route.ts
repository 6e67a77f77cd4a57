import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ForeignKey, Id, Name, Nullable, StringEnum, Tags, Timeout } from './schema-helpers.js';

/** Protocols Gatehouse proxies today; Kong's stream protocols (tcp, tls, udp) are refused by name. */
export const SERVICE_PROTOCOLS = ['http', 'https'] as const;
export const ROUTE_PROTOCOLS = ['http', 'https'] as const;

export const ServiceSchema = Type.Object(
  {
    id: Id,
    name: Nullable(Name),
    protocol: StringEnum(SERVICE_PROTOCOLS, { default: 'http' }),
    host: Type.String({ minLength: 1, maxLength: 256 }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 80 }),
    path: Nullable(Type.String({ minLength: 1, pattern: '^/' })),
    retries: Type.Integer({ minimum: 0, maximum: 32767, default: 5 }),
    connect_timeout: Timeout,
    write_timeout: Timeout,
    read_timeout: Timeout,
    enabled: Type.Boolean({ default: true }),
    tls_verify: Nullable(Type.Boolean()),
    tls_verify_depth: Nullable(Type.Integer({ minimum: 0, maximum: 64 })),
    ca_certificates: Nullable(Type.Array(Type.String({ minLength: 1 }))),
    client_certificate: ForeignKey('certificate presented to the upstream'),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Service = Static<typeof ServiceSchema> & { id: string };

export const ROUTE_REDIRECT_CODES = [426, 301, 302, 307, 308] as const;

export const RouteSchema = Type.Object(
  {
    id: Id,
    name: Nullable(Name),
    protocols: Type.Array(StringEnum(ROUTE_PROTOCOLS), { minItems: 1, uniqueItems: true, default: ['http', 'https'] }),
    methods: Nullable(Type.Array(Type.String({ pattern: '^[A-Z]+$', 'x-message': 'must be an upper-case HTTP method such as GET' }), { uniqueItems: true })),
    hosts: Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { uniqueItems: true })),
    paths: Nullable(Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true })),
    headers: Nullable(
      Type.Record(Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
    ),
    snis: Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { uniqueItems: true })),
    https_redirect_status_code: Type.Integer({ enum: [...ROUTE_REDIRECT_CODES], default: 426 }),
    regex_priority: Type.Integer({ minimum: -2147483648, maximum: 2147483647, default: 0 }),
    strip_path: Type.Boolean({ default: true }),
    path_handling: StringEnum(['v0', 'v1'] as const, { default: 'v0' }),
    preserve_host: Type.Boolean({ default: false }),
    request_buffering: Type.Boolean({ default: true }),
    response_buffering: Type.Boolean({ default: true }),
    service: ForeignKey('the service this route proxies to'),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Route = Static<typeof RouteSchema> & { id: string };
