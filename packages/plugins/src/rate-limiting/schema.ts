/**
 * Config of the rate-limiting plugin, with Kong's field names, types and defaults. The redis
 * fields (nested `redis` and Kong's older flat `redis_*` forms) are accepted so Kong configs
 * load, but only the `local` policy runs: check() refuses the others.
 */
import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { HeaderName, StringEnum, orNull } from '../shared/schema.js';

export const PERIODS = ['second', 'minute', 'hour', 'day', 'month', 'year'] as const;
export type Period = (typeof PERIODS)[number];

export const LIMIT_BY = ['consumer', 'credential', 'ip', 'service', 'header', 'path'] as const;
export const POLICIES = ['local', 'cluster', 'redis'] as const;

const limit = (period: Period) =>
  orNull(Type.Number({ exclusiveMinimum: 0 }), { description: `The number of HTTP requests that can be made per ${period} (greater than 0); null for no limit on this period.` });

const headerName = Type.String({ minLength: 1, pattern: HeaderName.pattern, 'x-message': 'must be a header name (letters, digits and !#$%&\'*+-.^_`|~, no spaces)' });
const port = Type.Integer({ minimum: 0, maximum: 65535 });
const timeout = Type.Integer({ minimum: 0, maximum: 2147483646 });

const RedisSchema = Type.Object(
  {
    host: orNull(Type.String({ minLength: 1 }), { description: 'Redis host.' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 6379, description: 'Redis port.' }),
    timeout: Type.Integer({ minimum: 0, maximum: 2147483646, default: 2000, description: 'Redis timeout in milliseconds.' }),
    username: orNull(Type.String(), { description: 'Username for Redis ACL authentication (Redis 6+).' }),
    password: orNull(Type.String(), { description: 'Password for Redis connections.' }),
    database: Type.Integer({ default: 0, description: 'Redis database number.' }),
    ssl: Type.Boolean({ default: false, description: 'Whether to connect to Redis over TLS.' }),
    ssl_verify: Type.Boolean({ default: false, description: 'Whether to verify the Redis server certificate.' }),
    server_name: orNull(Type.String({ minLength: 1 }), { description: 'SNI name for the Redis TLS connection.' }),
  },
  { additionalProperties: false, default: {}, description: 'Redis connection, for the `redis` policy (not supported yet: accepted so Kong configs load).' },
);

const legacy = (description: string, schema: TSchema) => Type.Optional({ ...schema, description: `${description} Deprecated in Kong: use \`redis\`. Accepted, unused.` } as TSchema);

export const rateLimitingConfigSchema = Type.Object(
  {
    second: limit('second'),
    minute: limit('minute'),
    hour: limit('hour'),
    day: limit('day'),
    month: limit('month'),
    year: limit('year'),
    limit_by: StringEnum(LIMIT_BY, {
      default: 'consumer',
      description: 'What requests are counted by: the consumer (falling back to the credential, then the client IP), the credential, the client IP, the service, a header value (`header_name`) or a path (`path`). When the value is missing, the client IP is used.',
    }),
    header_name: orNull(headerName, { description: 'The header whose value identifies the client, with `limit_by: header`.' }),
    path: orNull(Type.String({ pattern: '^/', 'x-message': 'must start with "/"' }), {
      description: 'With `limit_by: path`: requests to exactly this path are counted together; other requests by client IP.',
    }),
    policy: StringEnum(POLICIES, {
      default: 'local',
      description: 'Where counters live. Only `local` (each node counts in its own memory) is supported; `cluster` and `redis` are refused.',
    }),
    fault_tolerant: Type.Boolean({
      default: true,
      description: 'Whether requests are proxied when the counter store fails. The local store cannot fail, so this has no effect yet.',
    }),
    redis: RedisSchema,
    hide_client_headers: Type.Boolean({ default: false, description: 'Whether to leave out the RateLimit-* and X-RateLimit-* response headers (and Retry-After).' }),
    error_code: Type.Integer({ minimum: 100, maximum: 599, default: 429, description: 'Status of the answer when a limit is exceeded.' }),
    error_message: Type.String({ default: 'API rate limit exceeded', description: 'Message of the answer when a limit is exceeded.' }),
    sync_rate: Type.Number({ default: -1, description: 'How often (seconds) counters sync to a central store; -1 for synchronous. Only meaningful with the `redis` policy.' }),
    redis_host: legacy('Redis host.', Type.String({ minLength: 1 })),
    redis_port: legacy('Redis port.', port),
    redis_password: legacy('Redis password.', Type.String()),
    redis_username: legacy('Redis username.', Type.String()),
    redis_ssl: legacy('Redis over TLS.', Type.Boolean()),
    redis_ssl_verify: legacy('Verify the Redis certificate.', Type.Boolean()),
    redis_server_name: legacy('Redis SNI name.', Type.String({ minLength: 1 })),
    redis_timeout: legacy('Redis timeout in milliseconds.', timeout),
    redis_database: legacy('Redis database number.', Type.Integer()),
  },
  { additionalProperties: false },
);

export type RateLimitingConfig = Static<typeof rateLimitingConfigSchema>;

type Problem = { path: (string | number)[]; message: string };

/** Kong's rules across fields: at least one limit, longer periods not lower, the policy, and what limit_by needs. */
export function checkRateLimitingConfig(config: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const limits = PERIODS.map((p) => [p, config[p]] as const).filter((e): e is readonly [Period, number] => typeof e[1] === 'number');
  if (limits.length === 0) {
    problems.push({ path: [], message: `at least one of these fields must be non-empty: ${PERIODS.map((p) => `'config.${p}'`).join(', ')}` });
  }
  for (const [j, [upper, upperLimit]] of limits.entries()) {
    const lower = limits.slice(0, j).find(([, v]) => upperLimit < v);
    if (lower) problems.push({ path: [upper], message: `The limit for ${upper}(${upperLimit.toFixed(1)}) cannot be lower than the limit for ${lower[0]}(${lower[1].toFixed(1)})` });
  }
  const policy = config['policy'];
  if (policy === 'cluster' || policy === 'redis') {
    problems.push({
      path: ['policy'],
      message: `"${policy}" is not supported yet: cluster-wide limits are not implemented, each Gatehouse node counts requests in its own memory; use "local"`,
    });
  } else if (config['sync_rate'] !== -1) {
    problems.push({ path: ['sync_rate'], message: 'sync_rate can only be used with the redis policy; use -1' });
  }
  if (config['limit_by'] === 'header' && config['header_name'] === null) problems.push({ path: ['header_name'], message: 'required when limit_by is "header"' });
  if (config['limit_by'] === 'path' && config['path'] === null) problems.push({ path: ['path'], message: 'required when limit_by is "path"' });
  return problems;
}
