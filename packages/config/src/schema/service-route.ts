import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Describe, ForeignKey, Id, Name, Nullable, StringEnum, Tags, Timeout } from './schema-helpers.js';

/** Protocols Gatehouse proxies today; Kong's stream protocols (tcp, tls, udp) are refused by name. */
export const SERVICE_PROTOCOLS = ['http', 'https'] as const;
export const ROUTE_PROTOCOLS = ['http', 'https'] as const;

export const ServiceSchema = Type.Object(
  {
    id: Id,
    name: Nullable(Name, { description: 'Unique name of the service; routes and plugins can reference the service by it instead of its id.' }),
    protocol: StringEnum(SERVICE_PROTOCOLS, {
      default: 'http',
      description: 'Protocol used to talk to the upstream; Kong\'s other protocols (grpc, tcp, tls, udp, ws) are refused.',
    }),
    host: Type.String({
      minLength: 1,
      maxLength: 256,
      description: 'Upstream host: a host name or IP to proxy to directly, or the `name` of an upstream entity to balance across its targets.',
    }),
    port: Type.Integer({
      minimum: 0,
      maximum: 65535,
      default: 80,
      description: 'Upstream port when `host` is a host name or IP; unused when `host` names an upstream (its targets carry the ports).',
    }),
    path: Nullable(Type.String({ minLength: 1, pattern: '^/' }), {
      description: 'Path prefix of every request sent upstream, joined with what the route left of the request path (Kong\'s `path_handling` v0).',
    }),
    retries: Type.Integer({
      minimum: 0,
      maximum: 32767,
      default: 5,
      description:
        'Further attempts after a failed one, each on a peer not yet tried: connection failures always, after the request was sent only for idempotent requests without a body, never after a response head.',
    }),
    connect_timeout: Describe(Timeout, 'Milliseconds to establish the TCP (and TLS) connection to the upstream before the attempt fails.'),
    write_timeout: Describe(Timeout, 'Milliseconds the upstream may take to accept more of the request body before the attempt fails.'),
    read_timeout: Describe(Timeout, 'Milliseconds to wait for the response head after sending the request, and between two reads of the response body.'),
    enabled: Type.Boolean({ default: true, description: 'When false, the service\'s routes behave as if they did not exist.' }),
    tls_verify: Nullable(Type.Boolean(), {
      description: 'Whether to verify the upstream\'s TLS certificate (against Node.js\'s bundled CAs); null means off, as in Kong.',
    }),
    tls_verify_depth: Nullable(Type.Integer({ minimum: 0, maximum: 64 }), {
      description: 'Kong\'s maximum certificate chain depth for `tls_verify`; accepted for compatibility, Gatehouse ignores it.',
    }),
    ca_certificates: Nullable(Type.Array(Type.String({ minLength: 1 })), {
      description:
        'Ids of `ca_certificates` entries Kong trusts for the upstream\'s certificate; checked to exist, but Gatehouse does not use them yet (`tls_verify` uses Node.js\'s bundled CAs).',
    }),
    client_certificate: ForeignKey(
      'Certificate Kong presents to the upstream for mutual TLS, by id; checked to exist, but Gatehouse does not present it yet.',
      null,
    ),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Service = Static<typeof ServiceSchema> & { id: string };

export const ROUTE_REDIRECT_CODES = [426, 301, 302, 307, 308] as const;

export const RouteSchema = Type.Object(
  {
    id: Id,
    name: Nullable(Name, { description: 'Unique name of the route; plugins can reference the route by it instead of its id.' }),
    protocols: Type.Array(StringEnum(ROUTE_PROTOCOLS), {
      minItems: 1,
      uniqueItems: true,
      default: ['http', 'https'],
      description: 'Protocols the route accepts; an https-only route answers a plain-http request with `https_redirect_status_code`.',
    }),
    methods: Nullable(Type.Array(Type.String({ pattern: '^[A-Z]+$', 'x-message': 'must be an upper-case HTTP method such as GET' }), { uniqueItems: true }), {
      description: 'Request methods the route matches (any of them), in upper case.',
    }),
    hosts: Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { uniqueItems: true }), {
      description: 'Host header values the route matches (any of them): exact names or a `*.example.com` / `example.*` wildcard, optionally with `:port`.',
    }),
    paths: Nullable(Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true }), {
      description: 'Request paths the route matches (any of them): a prefix starting with `/`, or a regex starting with `~`; request paths are normalised first.',
    }),
    headers: Nullable(
      Type.Record(Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
      {
        description:
          'Request headers the route matches: every name must be present with one of its values (case-insensitive; a value starting with `~*` is a regex); not `Host`.',
      },
    ),
    snis: Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { uniqueItems: true }), {
      description: 'TLS server names (SNI) the route matches on https requests (any of them); only on routes whose protocols include https.',
    }),
    https_redirect_status_code: Type.Integer({
      enum: [...ROUTE_REDIRECT_CODES],
      default: 426,
      description: 'Answer to a plain-http request for an https-only route: 426 Upgrade Required, or 301/302/307/308 redirecting to the same URL over https.',
    }),
    regex_priority: Type.Integer({
      minimum: -2147483648,
      maximum: 2147483647,
      default: 0,
      description: 'Order of routes with regex paths that tie on Kong\'s other priority rules: higher first (may be negative); plain paths go by length instead.',
    }),
    strip_path: Type.Boolean({
      default: true,
      description: 'Remove the matched path prefix (or the text a regex path matched) from the path sent upstream.',
    }),
    path_handling: StringEnum(['v0', 'v1'] as const, {
      default: 'v0',
      description:
        'How Kong joins the service path and the request path; like Kong 3.x\'s `traditional_compatible` router, Gatehouse always joins as v0 and accepts v1 without acting on it.',
    }),
    preserve_host: Type.Boolean({
      default: false,
      description: 'Send the client\'s Host header upstream instead of the target\'s host name (or the upstream\'s `host_header`).',
    }),
    request_buffering: Type.Boolean({
      default: true,
      description: 'Kong: buffer the request body before proxying; Gatehouse always streams it (unless a plugin reads it), so the field is accepted for compatibility and ignored.',
    }),
    response_buffering: Type.Boolean({
      default: true,
      description:
        'Kong: buffer the response body before sending it on; Gatehouse always streams it (unless a plugin rewrites it), so the field is accepted for compatibility and ignored.',
    }),
    service: ForeignKey('The service this route proxies to, by name or id (implicit when nested under it); a route without one answers 503.'),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Route = Static<typeof RouteSchema> & { id: string };
