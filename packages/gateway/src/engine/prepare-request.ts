/**
 * Everything between "a request arrived" and "send it upstream", shared by plain requests and
 * upgrades: route on the live snapshot, check the protocol, find the service and its peers,
 * build the upstream headers, run the plugins' access phase, work out the hash key and path.
 * Returns either a local answer (404, 426, a plugin's exit...) or what to proxy.
 */
import type { IncomingMessage } from 'node:http';
import type { Route, Service } from '@gatehouse/config';
import type { Logger } from 'pino';
import { formatHashCookie, hashKeyFor } from '../balancer/index.js';
import type { BuiltPlugin } from '../plugins/plugin-chains.js';
import type { PluginRequest } from '../plugins/plugin-contract.js';
import { appendQuery, buildUpstreamHeaders } from '../proxy/index.js';
import type { UpstreamHeaders } from '../proxy/index.js';
import { upstreamPath } from '../router/index.js';
import type { PeerSource } from '../upstream-types.js';
import { NO_ROUTE, NO_SERVICE } from './local-responses.js';
import { ClientBody } from './client-body.js';
import { createPluginContext, runAccess } from './plugin-runtime.js';
import type { EngineContext } from './plugin-runtime.js';
import type { Snapshot } from './snapshot.js';

export interface ListenerInfo {
  readonly scheme: 'http' | 'https';
  readonly port: number;
}

export interface LocalAnswer {
  readonly kind: 'local';
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string | string[]> | undefined;
  /** Set when plugins ran, so their log phase still runs. */
  readonly plugins?: { chain: readonly BuiltPlugin[]; ctx: EngineContext; final: boolean };
}

export interface Prepared {
  readonly kind: 'proxy';
  readonly route: Route;
  readonly service: Service;
  readonly peers: PeerSource;
  readonly method: string;
  readonly upstreamPath: string;
  readonly headers: UpstreamHeaders;
  readonly hashKey: string | undefined;
  /** A cookie the response must set (consistent hashing on a cookie the client lacked). */
  readonly setCookie: string | undefined;
  readonly upstreamHostHeader: string | null | undefined;
  readonly clientHost: string;
  readonly chain: readonly BuiltPlugin[];
  readonly ctx: EngineContext;
  /** The body to send from memory (read or replaced by a plugin), else undefined to stream. */
  readonly body: Buffer | undefined;
  /** What a plugin read of a longer body; the rest streams from the client. */
  readonly bodyPrefix: Buffer | undefined;
  /** A Host a plugin set (Kong's kong.service.request.set_header("Host")): wins over preserve_host. */
  readonly hostOverride: string | undefined;
}

/** What proxyRequest and proxyUpgrade both take from a prepared request and its service. */
export function upstreamTarget(p: Prepared) {
  const { service, route } = p;
  return {
    method: p.method,
    upstreamPath: p.upstreamPath,
    upstreamScheme: service.protocol,
    headers: p.headers,
    peers: p.peers,
    hashKey: p.hashKey,
    timeouts: { connect: service.connect_timeout, write: service.write_timeout, read: service.read_timeout },
    retries: service.retries,
    tlsVerify: service.tls_verify ?? undefined,
    hostHeader: { preserveHost: route.preserve_host, clientHost: p.clientHost, upstreamHostHeader: p.upstreamHostHeader, override: p.hostOverride },
    body: p.body,
    bodyPrefix: p.bodyPrefix,
  };
}

export function hostOf(req: IncomingMessage): string {
  return req.headers.host ?? '';
}

/** The client's address, IPv4-mapped IPv6 shown as IPv4 (Kong's ngx.var.remote_addr). */
export function clientIpOf(req: IncomingMessage): string {
  return req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
}

export async function prepareRequest(
  snap: Snapshot,
  req: IncomingMessage,
  listener: ListenerInfo,
  ids: { requestId: string; receivedAt: number; upgrade: boolean },
  log: Logger,
): Promise<LocalAnswer | Prepared> {
  const url = req.url ?? '/';
  const host = hostOf(req);
  const sni = listener.scheme === 'https' ? ((req.socket as { servername?: string | false }).servername || undefined) : undefined;
  const match = snap.router.match({
    method: req.method ?? 'GET',
    host,
    path: url,
    headers: snap.matchesHeaders ? req.headersDistinct : req.headers,
    sni,
    scheme: listener.scheme,
    port: listener.port,
  });
  if (!match) return { kind: 'local', status: 404, body: NO_ROUTE };
  const route = snap.routes.get(match.route.id)!;
  if (match.httpsRequired) {
    const code = route.https_redirect_status_code;
    const headers: Record<string, string> = code === 426 ? { connection: 'Upgrade', upgrade: 'TLS/1.2, HTTP/1.1' } : { location: `https://${host}${url}` };
    return { kind: 'local', status: code, body: { message: 'Please use HTTPS protocol' }, headers };
  }
  const service = route.service ? (snap.services.get(route.service.id) ?? null) : null;
  const peers = service ? snap.peers.get(service.id) : undefined;
  if (!service || !peers) return { kind: 'local', status: 503, body: NO_SERVICE };

  const clientIp = clientIpOf(req);
  // Parsed only when a plugin or a query_arg hash reads it: most requests never need it.
  let parsedQuery: URLSearchParams | undefined;
  const queryOf = (): URLSearchParams => (parsedQuery ??= new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : ''));
  const stripped = match.stripLength > 0 ? match.path.slice(0, match.stripLength) : undefined;
  const headers = buildUpstreamHeaders(req, {
    scheme: listener.scheme,
    port: listener.port,
    clientIp,
    strippedPrefix: stripped,
    requestId: ids.requestId,
    upgrade: ids.upgrade,
  });
  const clientBody = new ClientBody(req);
  const request: PluginRequest = {
    method: req.method ?? 'GET',
    scheme: listener.scheme,
    host,
    port: listener.port,
    path: match.path,
    get query() {
      return queryOf();
    },
    clientIp,
    headers: req.headers,
    readBody: (limit) => clientBody.read(limit),
  };
  const { ctx, edits } = createPluginContext(request, route, service, headers, ids.receivedAt);
  let chain = snap.plugins.size > 0 ? snap.plugins.chainFor(route.id, service.id, null, listener.scheme) : [];
  if (chain.length > 0) {
    const access = await runAccess(snap.plugins, chain, ctx, listener.scheme, log);
    chain = access.chain;
    if (access.exit) {
      const exit = access.exit;
      return { kind: 'local', status: exit.status, body: exit.body ?? '', headers: exit.headers, plugins: { chain, ctx, final: exit.final === true } };
    }
  }

  const upstream = snap.upstreams.get(service.host)?.upstream;
  let hashKey: string | undefined;
  let setCookie: string | undefined;
  if (upstream && upstream.hash_on !== 'none') {
    const named = match.captures?.named;
    const captures = named ? (Object.fromEntries(Object.entries(named).filter(([, v]) => v !== undefined)) as Record<string, string>) : undefined;
    const key = hashKeyFor(upstream, {
      ip: clientIp,
      headers: req.headers,
      path: match.path,
      query: queryOf(),
      ...(ctx.auth?.consumer ? { consumerId: ctx.auth.consumer.id } : {}),
      ...(ctx.auth?.credential ? { credentialId: ctx.auth.credential.id } : {}),
      ...(captures ? { uriCaptures: captures } : {}),
    });
    hashKey = key.key;
    if (key.setCookie) setCookie = formatHashCookie(key.setCookie);
  }
  const path = edits.path ?? upstreamPath(service.path, match);
  // The proxy sets Host per attempt; one a plugin set becomes that attempt's Host instead.
  const pluginHost = edits.headers['host'];
  delete edits.headers['host'];
  const body = edits.body ?? (clientBody.complete !== null && clientBody.complete.length > 0 ? clientBody.complete : undefined);
  if (edits.body) {
    edits.headers['content-length'] = String(edits.body.length);
    delete edits.headers['transfer-encoding'];
  } else if (body && edits.headers['content-length'] === undefined) {
    edits.headers['content-length'] = String(body.length); // it came chunked; it goes with a length
  }
  const target = edits.query ? `${path}${edits.query.size > 0 ? `?${edits.query.toString()}` : ''}` : appendQuery(path, url);
  return {
    kind: 'proxy',
    route,
    service,
    peers,
    method: edits.method ?? req.method ?? 'GET',
    upstreamPath: target,
    headers: edits.headers,
    hashKey,
    setCookie,
    upstreamHostHeader: upstream?.host_header,
    clientHost: host,
    chain,
    ctx,
    body,
    bodyPrefix: clientBody.prefix ?? undefined,
    hostOverride: typeof pluginHost === 'string' && pluginHost !== '' ? pluginHost : undefined,
  };
}
