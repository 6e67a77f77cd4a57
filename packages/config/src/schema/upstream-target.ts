import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ForeignKey, HttpStatus, Id, Nullable, StringEnum, Tags } from './schema-helpers.js';

/** Kong's defaults; an interval or counter of 0 disables that check. */
const Counter = (description: string) => Type.Integer({ minimum: 0, maximum: 255, default: 0, description });
const Interval = (description: string) => Type.Number({ minimum: 0, maximum: 65535, default: 0, description });
const Statuses = (defaults: number[], description: string) => Type.Array(HttpStatus, { uniqueItems: true, default: defaults, description });

const PASSIVE_HEALTHY = [200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308];

export const HASH_ON = ['none', 'consumer', 'ip', 'header', 'cookie', 'path', 'query_arg', 'uri_capture'] as const;
export const ALGORITHMS = ['round-robin', 'consistent-hashing', 'least-connections'] as const;

const ActiveHealthcheck = Type.Object(
  {
    type: StringEnum(['http', 'https', 'tcp'] as const, {
      default: 'http',
      description: 'How to probe a target: an HTTP or HTTPS `GET` of `http_path`, or just a TCP connect.',
    }),
    timeout: Type.Number({
      minimum: 0,
      maximum: 65535,
      default: 1,
      description: 'Seconds a probe may take to connect and get its answer before it counts as a timeout; 0 means 60 seconds.',
    }),
    concurrency: Type.Integer({ minimum: 1, maximum: 2147483648, default: 10, description: 'How many probes of one round run at once.' }),
    http_path: Type.String({ pattern: '^/', default: '/', description: 'Path that http and https probes request.' }),
    https_verify_certificate: Type.Boolean({ default: true, description: 'Whether https probes verify the target\'s TLS certificate.' }),
    https_sni: Nullable(Type.String({ minLength: 1 }), {
      description: 'SNI that https probes send; by default the upstream\'s `host_header`, else the target\'s host name (none for an IP).',
    }),
    headers: Nullable(Type.Record(Type.String({ minLength: 1 }), Type.Array(Type.String())), {
      description: 'Extra headers of http and https probes, each name with a list of values; a `Host` given here replaces the default one.',
    }),
    healthy: Type.Object(
      {
        interval: Interval('Seconds between probes of targets that are healthy; 0 stops probing them.'),
        http_statuses: Statuses([200, 302], 'Probe answer statuses that count as a success.'),
        successes: Counter('Successful probes (without a failure in between) that mark an unhealthy target healthy; 0 disables this counter.'),
      },
      { additionalProperties: false, default: {}, description: 'When active probes count a target as healthy, and how often healthy targets are probed.' },
    ),
    unhealthy: Type.Object(
      {
        interval: Interval('Seconds between probes of targets that are unhealthy; 0 stops probing them.'),
        http_statuses: Statuses([429, 404, 500, 501, 502, 503, 504, 505], 'Probe answer statuses that count as an HTTP failure.'),
        tcp_failures: Counter('Failed probe connections (refused, reset, TLS handshake) that mark a target unhealthy; 0 disables this counter.'),
        timeouts: Counter('Probe timeouts that mark a target unhealthy; 0 disables this counter.'),
        http_failures: Counter('Probe answers with an unhealthy status (or an unreadable answer) that mark a target unhealthy; 0 disables this counter.'),
      },
      { additionalProperties: false, default: {}, description: 'When active probes count a target as unhealthy, and how often unhealthy targets are probed.' },
    ),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'Probes Gatehouse sends to every target on its own schedule; off while both intervals are 0 (the default).',
  },
);

const PassiveHealthcheck = Type.Object(
  {
    type: StringEnum(['http', 'https', 'tcp'] as const, {
      default: 'http',
      description:
        'Kong: whether passive checks read response statuses or only connections; Gatehouse counts statuses, connection failures and timeouts whatever it says (accepted for compatibility).',
    }),
    healthy: Type.Object(
      {
        http_statuses: Statuses(PASSIVE_HEALTHY, 'Proxied response statuses that count as a success.'),
        successes: Counter('Successful proxied responses that mark a target healthy again; 0 disables this counter.'),
      },
      { additionalProperties: false, default: {}, description: 'When proxied traffic counts a target as healthy.' },
    ),
    unhealthy: Type.Object(
      {
        http_statuses: Statuses([429, 500, 503], 'Proxied response statuses that count as an HTTP failure.'),
        tcp_failures: Counter('Connection failures while proxying (refused, reset) that mark a target unhealthy; 0 disables this counter.'),
        timeouts: Counter('Proxy timeouts that mark a target unhealthy; 0 disables this counter.'),
        http_failures: Counter('Proxied responses with an unhealthy status that mark a target unhealthy; 0 disables this counter.'),
      },
      { additionalProperties: false, default: {}, description: 'When proxied traffic counts a target as unhealthy.' },
    ),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'Health judged from proxied traffic (a circuit breaker); a counter of 0 leaves that kind of outcome uncounted, as by default.',
  },
);

export const UpstreamSchema = Type.Object(
  {
    id: Id,
    name: Type.String({
      minLength: 1,
      maxLength: 253,
      pattern: '^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$',
      description: 'Unique name of the upstream; a service whose `host` is this name is balanced across the upstream\'s targets.',
    }),
    algorithm: StringEnum(ALGORITHMS, {
      default: 'round-robin',
      description: 'How a target is picked: weighted round-robin, consistent hashing of the `hash_on` value, or the fewest requests in flight per weight.',
    }),
    hash_on: StringEnum(HASH_ON, {
      default: 'none',
      description: 'What consistent hashing hashes: the consumer (else its credential), the client IP, a header, a cookie, the path, a query argument or a regex path capture.',
    }),
    hash_fallback: StringEnum(HASH_ON, {
      default: 'none',
      description: 'What to hash when `hash_on` gives no value (the same choices); must be none when `hash_on` is none or cookie, and must not repeat `hash_on`\'s source.',
    }),
    hash_on_header: Nullable(Type.String({ minLength: 1 }), { description: 'Header whose value is hashed when `hash_on` is header (required then).' }),
    hash_fallback_header: Nullable(Type.String({ minLength: 1 }), {
      description: 'Header whose value is hashed when `hash_fallback` is header (required then).',
    }),
    hash_on_cookie: Nullable(Type.String({ minLength: 1 }), {
      description: 'Cookie whose value is hashed when `hash_on` or `hash_fallback` is cookie; a client without it is sent a new random one in `Set-Cookie`.',
    }),
    hash_on_cookie_path: Type.String({ pattern: '^/', default: '/', description: 'The `Path` of the cookie Gatehouse sets for `hash_on_cookie`.' }),
    hash_on_query_arg: Nullable(Type.String({ minLength: 1 }), {
      description: 'Query argument hashed when `hash_on` is query_arg (required then); repeated values are sorted and joined with commas.',
    }),
    hash_fallback_query_arg: Nullable(Type.String({ minLength: 1 }), {
      description: 'Query argument hashed when `hash_fallback` is query_arg (required then).',
    }),
    hash_on_uri_capture: Nullable(Type.String({ minLength: 1 }), {
      description: 'Named capture of the matched regex route path that is hashed when `hash_on` is uri_capture (required then).',
    }),
    hash_fallback_uri_capture: Nullable(Type.String({ minLength: 1 }), {
      description: 'Named capture of the matched regex route path that is hashed when `hash_fallback` is uri_capture (required then).',
    }),
    slots: Type.Integer({
      minimum: 10,
      maximum: 65536,
      default: 10000,
      description: 'Points on the consistent-hashing ring (consistent-hashing only); fewer than 1000 act as 1000, as in Kong.',
    }),
    healthchecks: Type.Object(
      {
        active: ActiveHealthcheck,
        passive: PassiveHealthcheck,
        threshold: Type.Number({
          minimum: 0,
          maximum: 100,
          default: 0,
          description: 'Percentage of the targets\' total weight that must be available for the upstream to take traffic; below it requests get 503.',
        }),
      },
      { additionalProperties: false, default: {}, description: 'Health checks of the targets (Kong\'s defaults, all off); counters and intervals of 0 disable that check.' },
    ),
    host_header: Nullable(Type.String({ minLength: 1 }), {
      description: 'Host header sent to the targets (and in active probes) instead of the target\'s host name; a route\'s `preserve_host` takes precedence.',
    }),
    client_certificate: ForeignKey(
      'Certificate Kong presents to the targets for mutual TLS, by id; checked to exist, but Gatehouse does not present it yet.',
      null,
    ),
    use_srv_name: Type.Boolean({
      default: false,
      description: 'Kong: send the name from a target\'s DNS SRV record as Host; Gatehouse does not resolve SRV records, so the field is accepted and ignored.',
    }),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Upstream = Static<typeof UpstreamSchema> & { id: string };

export const TargetSchema = Type.Object(
  {
    id: Id,
    target: Type.String({
      minLength: 1,
      maxLength: 262,
      description: 'Address of a backend: `host`, `host:port`, `ip:port` or `[ipv6]:port` (port 8000 when absent); DNS names are resolved with the record\'s TTL.',
    }),
    weight: Type.Integer({
      minimum: 0,
      maximum: 65535,
      default: 100,
      description: 'Share of the upstream\'s traffic relative to the other targets; 0 takes the target out of balancing and health checks.',
    }),
    upstream: ForeignKey('The upstream this target belongs to, by name or id (implicit when nested under it).'),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Target = Omit<Static<typeof TargetSchema>, 'upstream'> & {
  id: string;
  upstream: { id: string };
};
