// The response headers Kong sends the client for a proxied response (runloop header_filter):
//   before plugins: hop-by-hop headers of the upstream response removed (Connection and what it
//     names, Keep-Alive, Proxy-Connection, Transfer-Encoding, Upgrade, TE; Trailer unless the
//     client asked for trailers); Server and Date pass through (nginx's proxy_pass_header);
//   then plugins' header_filter (ProxyContext.onResponseHeaders);
//   after plugins: `Via: 1.1 gatehouse/<version>` appended to the upstream's Via (Kong 3.8+),
//     `Server: gatehouse/<version>` when the upstream sent none, and the latency pair
//     X-Gatehouse-Upstream-Latency (ms from sending the request upstream to its response head,
//     Kong's X-Kong-Upstream-Latency) and X-Gatehouse-Proxy-Latency (ms the gateway spent
//     before sending the request upstream, Kong's X-Kong-Proxy-Latency), integers.

import type { IncomingHttpHeaders } from 'node:http';
import { hopByHopNames } from './hop-by-hop.js';
import { SERVER_TOKEN, appendVia } from './server-token.js';
import type { DownstreamHeaders, ResponseHeaderSwitches } from './types.js';

export const UPSTREAM_LATENCY_HEADER = 'x-gatehouse-upstream-latency';
export const PROXY_LATENCY_HEADER = 'x-gatehouse-proxy-latency';

/** Copies the upstream response headers minus hop-by-hop ones (names are lower case already). */
export function filterResponseHeaders(upstream: IncomingHttpHeaders, keepTrailer: boolean): DownstreamHeaders {
  const drop = hopByHopNames(upstream.connection);
  const out: DownstreamHeaders = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined) continue;
    if (drop.has(name) && !(keepTrailer && name === 'trailer')) continue;
    out[name] = value;
  }
  return out;
}

export interface GatewayResponseHeaders {
  readonly switches?: ResponseHeaderSwitches | undefined;
  /** The upstream's HTTP version as Kong prints it in Via (`1.1`). */
  readonly protocolVersion: string;
  readonly upstreamLatencyMs: number;
  readonly proxyLatencyMs: number;
  readonly requestIdHeader?: string | null | undefined;
  readonly requestId?: string | undefined;
}

/** Adds what the gateway itself says about the response (after plugins ran). */
export function addGatewayResponseHeaders(headers: DownstreamHeaders, opts: GatewayResponseHeaders): DownstreamHeaders {
  const switches = opts.switches ?? {};
  if (switches.latency !== false) {
    headers[UPSTREAM_LATENCY_HEADER] = String(Math.max(0, Math.round(opts.upstreamLatencyMs)));
    headers[PROXY_LATENCY_HEADER] = String(Math.max(0, Math.round(opts.proxyLatencyMs)));
  }
  if (switches.via !== false) headers.via = appendVia(headers.via, opts.protocolVersion);
  if (switches.server !== false && headers.server === undefined) headers.server = SERVER_TOKEN;
  if (opts.requestIdHeader && opts.requestId !== undefined) headers[opts.requestIdHeader.toLowerCase()] = opts.requestId;
  return headers;
}
