import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ForeignKey, HttpStatus, Id, Nullable, StringEnum, Tags } from './schema-helpers.js';

/** Kong's defaults; an interval or counter of 0 disables that check. */
const Counter = (description: string) => Type.Integer({ minimum: 0, maximum: 255, default: 0, description });
const Interval = Type.Number({ minimum: 0, maximum: 65535, default: 0, description: 'seconds between probes; 0 disables' });
const Statuses = (defaults: number[]) => Type.Array(HttpStatus, { uniqueItems: true, default: defaults });

const PASSIVE_HEALTHY = [200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308];

export const HASH_ON = ['none', 'consumer', 'ip', 'header', 'cookie', 'path', 'query_arg', 'uri_capture'] as const;
export const ALGORITHMS = ['round-robin', 'consistent-hashing', 'least-connections'] as const;

const ActiveHealthcheck = Type.Object(
  {
    type: StringEnum(['http', 'https', 'tcp'] as const, { default: 'http' }),
    timeout: Type.Number({ minimum: 0, maximum: 65535, default: 1 }),
    concurrency: Type.Integer({ minimum: 1, maximum: 2147483648, default: 10 }),
    http_path: Type.String({ pattern: '^/', default: '/' }),
    https_verify_certificate: Type.Boolean({ default: true }),
    https_sni: Nullable(Type.String({ minLength: 1 })),
    headers: Nullable(Type.Record(Type.String({ minLength: 1 }), Type.Array(Type.String()))),
    healthy: Type.Object(
      { interval: Interval, http_statuses: Statuses([200, 302]), successes: Counter('successes to mark healthy') },
      { additionalProperties: false, default: {} },
    ),
    unhealthy: Type.Object(
      {
        interval: Interval,
        http_statuses: Statuses([429, 404, 500, 501, 502, 503, 504, 505]),
        tcp_failures: Counter('TCP failures to mark unhealthy'),
        timeouts: Counter('timeouts to mark unhealthy'),
        http_failures: Counter('HTTP failures to mark unhealthy'),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
);

const PassiveHealthcheck = Type.Object(
  {
    type: StringEnum(['http', 'https', 'tcp'] as const, { default: 'http' }),
    healthy: Type.Object(
      { http_statuses: Statuses(PASSIVE_HEALTHY), successes: Counter('successes to mark healthy') },
      { additionalProperties: false, default: {} },
    ),
    unhealthy: Type.Object(
      {
        http_statuses: Statuses([429, 500, 503]),
        tcp_failures: Counter('TCP failures to mark unhealthy'),
        timeouts: Counter('timeouts to mark unhealthy'),
        http_failures: Counter('HTTP failures to mark unhealthy'),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
);

export const UpstreamSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$' }),
    algorithm: StringEnum(ALGORITHMS, { default: 'round-robin' }),
    hash_on: StringEnum(HASH_ON, { default: 'none' }),
    hash_fallback: StringEnum(HASH_ON, { default: 'none' }),
    hash_on_header: Nullable(Type.String({ minLength: 1 })),
    hash_fallback_header: Nullable(Type.String({ minLength: 1 })),
    hash_on_cookie: Nullable(Type.String({ minLength: 1 })),
    hash_on_cookie_path: Type.String({ pattern: '^/', default: '/' }),
    hash_on_query_arg: Nullable(Type.String({ minLength: 1 })),
    hash_fallback_query_arg: Nullable(Type.String({ minLength: 1 })),
    hash_on_uri_capture: Nullable(Type.String({ minLength: 1 })),
    hash_fallback_uri_capture: Nullable(Type.String({ minLength: 1 })),
    slots: Type.Integer({ minimum: 10, maximum: 65536, default: 10000 }),
    healthchecks: Type.Object(
      {
        active: ActiveHealthcheck,
        passive: PassiveHealthcheck,
        threshold: Type.Number({ minimum: 0, maximum: 100, default: 0 }),
      },
      { additionalProperties: false, default: {} },
    ),
    host_header: Nullable(Type.String({ minLength: 1 })),
    client_certificate: ForeignKey('certificate presented to targets'),
    use_srv_name: Type.Boolean({ default: false }),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Upstream = Static<typeof UpstreamSchema> & { id: string };

export const TargetSchema = Type.Object(
  {
    id: Id,
    target: Type.String({ minLength: 1, maxLength: 262 }),
    weight: Type.Integer({ minimum: 0, maximum: 65535, default: 100 }),
    upstream: ForeignKey('the upstream this target belongs to'),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Target = Omit<Static<typeof TargetSchema>, 'upstream'> & {
  id: string;
  upstream: { id: string };
};
