// Public shapes of the proxy core: what the engine hands to proxyRequest / proxyUpgrade for one
// client request, and what it gets back for its log line and metrics.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Peer, PeerSource } from '../upstream-types.js';
import type { ProxyErrorCode } from './proxy-errors.js';
import type { PoolSet } from './upstream-pools.js';

/** Request headers bound upstream, names in lower case (what buildUpstreamHeaders returns). */
export type UpstreamHeaders = Record<string, string | string[]>;

/** Response headers bound to the client, names in lower case. */
export type DownstreamHeaders = Record<string, string | string[]>;

/** Kong's service timeouts, in milliseconds. */
export interface ProxyTimeouts {
  /** service.connect_timeout: establishing the TCP (and TLS) connection. */
  readonly connect: number;
  /** service.write_timeout: longest wait for the upstream to accept more request body. */
  readonly write: number;
  /** service.read_timeout: longest wait for the response head, and between two body reads. */
  readonly read: number;
}

/** What decides the Host header of each attempt (it can change when a retry picks another peer). */
export interface HostHeaderInput {
  /** route.preserve_host: forward the client's Host unchanged. */
  readonly preserveHost: boolean;
  /** The Host header the client sent (used when preserveHost is true). */
  readonly clientHost?: string | undefined;
  /** upstream.host_header, when the upstream entity sets one. */
  readonly upstreamHostHeader?: string | null | undefined;
  /** A Host a plugin set: sent as it is, whatever the peer or preserve_host. */
  readonly override?: string | undefined;
}

/** Kong's `headers` setting for the headers the gateway adds to responses; all on by default. */
export interface ResponseHeaderSwitches {
  /** `Via: 1.1 gatehouse/<version>` appended to the upstream's Via. */
  readonly via?: boolean;
  /** `Server: gatehouse/<version>` when the upstream sent none. */
  readonly server?: boolean;
  /** X-Gatehouse-Upstream-Latency and X-Gatehouse-Proxy-Latency. */
  readonly latency?: boolean;
}

/**
 * Hook for plugins' header_filter phase: gets the upstream status and the response headers
 * (hop-by-hop already removed) and returns the headers to send; it may modify them in place.
 */
export type ResponseHeadersHook = (status: number, headers: DownstreamHeaders) => DownstreamHeaders;

export interface ProxyContext {
  /** The client request and response (fastify's `request.raw` / `reply.raw`). */
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The method sent upstream (plugins may change it). */
  readonly method: string;
  /** Path and query string sent upstream, already joined and escaped. */
  readonly upstreamPath: string;
  readonly upstreamScheme: 'http' | 'https';
  /** From buildUpstreamHeaders; the Host header is added per attempt from `hostHeader`. */
  readonly headers: UpstreamHeaders;
  readonly peers: PeerSource;
  readonly hashKey?: string | undefined;
  readonly timeouts: ProxyTimeouts;
  /** service.retries: further attempts after a failed first one. */
  readonly retries: number;
  readonly requestId: string;
  /** Response header carrying requestId back to the client; null for none. Default x-gatehouse-request-id. */
  readonly requestIdHeader?: string | null | undefined;
  /** service.tls_verify; unset means off, as in Kong (nginx's proxy_ssl_verify default). */
  readonly tlsVerify?: boolean | undefined;
  readonly hostHeader: HostHeaderInput;
  readonly pools: PoolSet;
  readonly onResponseHeaders?: ResponseHeadersHook | undefined;
  readonly responseHeaders?: ResponseHeaderSwitches | undefined;
  /** A body to send instead of the client's (read by plugins, or replaced); sent from memory. */
  readonly body?: Buffer | undefined;
  /** The start of the client's body, already read by a plugin; the rest still streams from the client. */
  readonly bodyPrefix?: Buffer | undefined;
  /**
   * Asked once the response head is known: return a function to get the whole response body
   * buffered and rewritten (plugins' body_filter), or null to stream it as usual.
   */
  readonly responseBodyFilter?: ((status: number, headers: DownstreamHeaders) => ((body: Buffer) => Buffer) | null) | undefined;
  /** performance.now() when the client request arrived; for the proxy latency. Default: now. */
  readonly receivedAt?: number | undefined;
}

/** One attempt at one peer, as Kong logs `tries`. */
export interface ProxyTry {
  readonly peer: string;
  /** Upstream status, when a response head arrived. */
  readonly status?: number;
  readonly errorCode?: ProxyErrorCode;
}

export interface ProxyOutcome {
  /** Status sent to the client: the upstream's, or 502/503/504/500; 499 when the client left first. */
  readonly status: number;
  /** The peer of the last attempt, or null when none could be picked. */
  readonly peer: Peer | null;
  readonly attempts: number;
  /** From sending the last attempt to its response head (Kong's upstream latency); null without one. */
  readonly upstreamLatencyMs: number | null;
  readonly errorCode?: ProxyErrorCode;
  /** Request body bytes sent upstream by the last attempt. */
  readonly bytesSent: number;
  /** Response body bytes received from the upstream. */
  readonly bytesReceived: number;
  /** The response body was longer than the body_filter buffer and went to the client unfiltered. */
  readonly bodyFilterSkipped?: boolean;
  readonly tries: readonly ProxyTry[];
}
