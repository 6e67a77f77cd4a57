// The request headers Kong sends upstream (runloop `access` phase and nginx_kong.conf):
//   - hop-by-hop headers removed (see hop-by-hop.ts), Upgrade/Connection kept for upgrades;
//   - X-Forwarded-For: the client's list plus the connecting address, or the client IP alone;
//   - X-Forwarded-Proto/Host/Port/Path/Prefix: ours, or the client's own when it is trusted
//     (trusted_ips); X-Forwarded-Prefix only when strip_path removed a prefix other than `/`;
//     a client's values are never passed on from an untrusted client;
//   - X-Real-IP: the client IP; Via: `<client HTTP version> gatehouse/<version>` appended;
//   - the request id header (Kong: X-Kong-Request-Id) replaced by ours.
// Host is not set here: it is decided per attempt (a retry can pick a peer with another
// hostname or port) by upstreamHostHeader below, as Kong's balancer.set_host_header does.

import { upstreamTraceparent } from './trace-context.js';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Peer } from '../upstream-types.js';
import { hopByHopNames, isUpgradeRequest, wantsTrailers } from './hop-by-hop.js';
import { appendVia } from './server-token.js';
import type { HostHeaderInput, UpstreamHeaders } from './types.js';

export const DEFAULT_REQUEST_ID_HEADER = 'x-gatehouse-request-id';

export interface UpstreamHeaderOptions {
  /** The scheme the client used to reach the gateway. */
  readonly scheme: 'http' | 'https';
  /** The port the client connected to (Kong's server_port or port_maps). Default: the socket's local port. */
  readonly port?: number | undefined;
  /** The client IP as trusted (after trusted_ips / real_ip_header): X-Real-IP. Default: the remote address. */
  readonly clientIp?: string | undefined;
  /** The address at the other end of the connection (Kong's realip_remote_addr). Default: the socket's. */
  readonly remoteAddress?: string | undefined;
  /** The connecting address is in trusted_ips: its X-Forwarded-* headers are passed on. Default false. */
  readonly trusted?: boolean | undefined;
  /** What strip_path removed from the path (X-Forwarded-Prefix); empty or undefined when nothing. */
  readonly strippedPrefix?: string | undefined;
  readonly requestId?: string | undefined;
  /** Header for requestId; null leaves it out. Default x-gatehouse-request-id. */
  readonly requestIdHeader?: string | null | undefined;
  /** Forward a valid W3C traceparent, or start a new trace when there is none. Default true. */
  readonly traceparent?: boolean | undefined;
  /** Keep Upgrade and Connection: upgrade (for proxyUpgrade). Default false. */
  readonly upgrade?: boolean | undefined;
  /** Append our Via entry. Default true. */
  readonly via?: boolean | undefined;
}

/** Headers replaced by the gateway's own values (or dropped): never copied from the client. */
const MANAGED = new Set([
  'host',
  'expect',
  'proxy',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-path',
  'x-forwarded-prefix',
  'x-real-ip',
  'via',
]);

/** The client's request headers in lower case, repeated headers kept as arrays (nothing dropped). */
function collectHeaders(req: IncomingMessage): UpstreamHeaders {
  const out: UpstreamHeaders = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const prior = out[name];
    if (prior === undefined) out[name] = value;
    else if (Array.isArray(prior)) prior.push(value);
    else out[name] = [prior, value];
  }
  return out;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** nginx's $host: the Host header without its port, lower-cased. */
export function hostWithoutPort(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    return end === -1 ? lower : lower.slice(0, end + 1);
  }
  const colon = lower.indexOf(':');
  return colon === -1 || lower.indexOf(':', colon + 1) !== -1 ? lower : lower.slice(0, colon);
}

/** `1.1`, `1.0`, or `2` (Kong prints ngx.req.http_version(), so HTTP/2 is `2`). */
export function protocolVersion(req: IncomingMessage): string {
  return req.httpVersionMajor >= 2 ? String(req.httpVersionMajor) : req.httpVersion;
}

/** Builds the upstream request headers for `req` (no Host; see upstreamHostHeader). */
export function buildUpstreamHeaders(req: IncomingMessage, opts: UpstreamHeaderOptions): UpstreamHeaders {
  const src = collectHeaders(req);
  const upgrade = opts.upgrade === true && isUpgradeRequest(src);
  const drop = hopByHopNames(src.connection);
  const out: UpstreamHeaders = {};
  for (const [name, value] of Object.entries(src)) {
    if (!drop.has(name) && !MANAGED.has(name)) out[name] = value;
  }
  if (upgrade && src.upgrade !== undefined) {
    out.upgrade = src.upgrade;
    out.connection = 'upgrade';
  }
  if (!upgrade && wantsTrailers(src.te)) out.te = 'trailers';

  const remote = opts.remoteAddress ?? req.socket.remoteAddress ?? '';
  const clientIp = opts.clientIp ?? remote;
  const trusted = opts.trusted === true;
  const priorFor = joined(src['x-forwarded-for']);
  out['x-forwarded-for'] = priorFor !== undefined ? `${priorFor}, ${remote}` : clientIp;

  const pathOnly = (req.url ?? '/').split('?', 1)[0] ?? '/';
  const own = {
    'x-forwarded-proto': opts.scheme,
    'x-forwarded-host': hostWithoutPort(first(src.host) ?? ''),
    'x-forwarded-port': String(opts.port ?? req.socket.localPort ?? ''),
    'x-forwarded-path': pathOnly,
  };
  for (const [name, value] of Object.entries(own)) {
    const chosen = (trusted ? first(src[name]) : undefined) ?? value;
    if (chosen !== '') out[name] = chosen;
  }
  const prefix = (trusted ? first(src['x-forwarded-prefix']) : undefined) ??
    (opts.strippedPrefix && opts.strippedPrefix !== '/' ? opts.strippedPrefix : undefined);
  if (prefix !== undefined) out['x-forwarded-prefix'] = prefix;
  out['x-real-ip'] = clientIp;

  if (opts.via !== false) out.via = appendVia(src.via, protocolVersion(req));
  const idHeader = opts.requestIdHeader === undefined ? DEFAULT_REQUEST_ID_HEADER : opts.requestIdHeader;
  if (idHeader !== null && opts.requestId !== undefined) out[idHeader.toLowerCase()] = opts.requestId;
  if (opts.traceparent !== false) out.traceparent = upstreamTraceparent(src.traceparent);
  return out;
}

/** The default port of a scheme, omitted from Host as Kong does. */
function defaultPort(scheme: string): number {
  return scheme === 'https' || scheme === 'wss' ? 443 : 80;
}

/**
 * The Host header for one attempt: the client's with preserve_host, else upstream.host_header
 * or the peer's configured hostname, with `:port` unless it is the scheme's default.
 */
export function upstreamHostHeader(input: HostHeaderInput, peer: Peer, scheme: 'http' | 'https'): string {
  if (input.override !== undefined && input.override !== '') return input.override;
  if (input.preserveHost && input.clientHost !== undefined && input.clientHost !== '') return input.clientHost;
  const name = input.upstreamHostHeader ?? peer.hostname;
  const host = isIP(name) === 6 ? `[${name}]` : name;
  return peer.port === defaultPort(scheme) ? host : `${host}:${peer.port}`;
}
