// How upstream failures reach the client and the log: a stable code per failure, the HTTP status
// and Kong's body for it, and what the passive health checker is told. Branch on `code`.

import type { ServerResponse } from 'node:http';
import type { PeerOutcome } from '../upstream-types.js';

/** Every code the proxy core can put in ProxyOutcome.errorCode, with what it means (docs table). */
export const PROXY_ERROR_CODES = {
  GW_ERR_PROXY_UPSTREAM_CONNECT:
    'No connection to the peer: refused, unreachable, or its name did not resolve. 502; retried on another peer.',
  GW_ERR_PROXY_UPSTREAM_RESET:
    'The peer closed or reset the connection before sending a response head. 502.',
  GW_ERR_PROXY_UPSTREAM_TLS: 'The TLS handshake with the peer failed or its certificate was refused. 502.',
  GW_ERR_PROXY_UPSTREAM_PROTOCOL: 'The peer sent something that is not a valid HTTP/1.1 response. 502.',
  GW_ERR_PROXY_UPSTREAM_TIMEOUT:
    'service.connect_timeout, write_timeout or read_timeout passed before a response head arrived. 504.',
  GW_ERR_PROXY_NO_PEER: 'The balancer had no peer to offer (no targets, or all unhealthy). 503.',
  GW_ERR_PROXY_RESPONSE_INTERRUPTED:
    'The peer failed or stalled after the response head was sent; the client connection was closed so the body cannot pass for complete.',
  GW_ERR_PROXY_CLIENT_ABORTED: 'The client went away before the response was complete; the upstream request was aborted. Logged as 499.',
  GW_ERR_PROXY_POOLS_CLOSED: 'The connection pools of a retired config snapshot were used after close(). 502.',
  GW_ERR_PROXY_INTERNAL: 'An unexpected error inside the proxy (a bug, or a header hook that threw). 500.',
} as const;

export type ProxyErrorCode = keyof typeof PROXY_ERROR_CODES;

/** Kong's bodies for the statuses the proxy itself produces. */
const MESSAGES: Record<number, string> = {
  500: 'An unexpected error occurred',
  502: 'An invalid response was received from the upstream server',
  503: 'failure to get a peer from the ring-balancer',
  504: 'The upstream server is timing out',
};

const STATUS: Record<ProxyErrorCode, number> = {
  GW_ERR_PROXY_UPSTREAM_CONNECT: 502,
  GW_ERR_PROXY_UPSTREAM_RESET: 502,
  GW_ERR_PROXY_UPSTREAM_TLS: 502,
  GW_ERR_PROXY_UPSTREAM_PROTOCOL: 502,
  GW_ERR_PROXY_UPSTREAM_TIMEOUT: 504,
  GW_ERR_PROXY_NO_PEER: 503,
  GW_ERR_PROXY_RESPONSE_INTERRUPTED: 502,
  GW_ERR_PROXY_CLIENT_ABORTED: 499,
  GW_ERR_PROXY_POOLS_CLOSED: 502,
  GW_ERR_PROXY_INTERNAL: 500,
};

export function statusForCode(code: ProxyErrorCode): number {
  return STATUS[code];
}

/** The JSON body the client gets for a status the proxy produced. */
export function errorBody(status: number): string {
  return JSON.stringify({ message: MESSAGES[status] ?? 'An unexpected error occurred' });
}

/** Our own timeout for a request body the peer stopped accepting (undici has no write timeout). */
export const WRITE_TIMEOUT = 'GW_UPSTREAM_WRITE_TIMEOUT';
/** Our own read_timeout: no response head, or no body data, for that long. */
export const READ_TIMEOUT = 'GW_UPSTREAM_READ_TIMEOUT';

const TIMEOUTS = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  WRITE_TIMEOUT,
  READ_TIMEOUT,
  'ETIMEDOUT',
]);
const CONNECT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EADDRNOTAVAIL', 'ENETDOWN']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);
const CLOSED = new Set(['UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);

/** How one failed attempt is classified. */
export interface FailureClass {
  readonly code: ProxyErrorCode;
  /** The low-level code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, ...), for the peer report. */
  readonly cause: string;
  /** What the passive health checker learns; null when the peer is not to blame. */
  readonly report: PeerOutcome | null;
  /** A connection-level failure that nginx's `proxy_next_upstream error timeout` would retry. */
  readonly transient: boolean;
}

function errorCodeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

function isTlsFailure(code: string, err: unknown): boolean {
  if (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code === 'EPROTO') return true;
  if (/CERT|UNABLE_TO_(GET|VERIFY)|SELF_SIGNED/.test(code)) return true;
  return err instanceof Error && /before secure TLS connection was established/i.test(err.message);
}

/** Classifies an error from the upstream side of one attempt (before the response head). */
export function classifyFailure(err: unknown): FailureClass {
  const cause = errorCodeOf(err);
  if (Object.hasOwn(PROXY_ERROR_CODES, cause)) return { code: cause as ProxyErrorCode, cause, report: null, transient: false };
  if (TIMEOUTS.has(cause)) return { code: 'GW_ERR_PROXY_UPSTREAM_TIMEOUT', cause, report: { kind: 'timeout' }, transient: true };
  if (CONNECT.has(cause)) {
    return { code: 'GW_ERR_PROXY_UPSTREAM_CONNECT', cause, report: { kind: 'tcp_failure', code: cause }, transient: true };
  }
  if (isTlsFailure(cause, err)) {
    return { code: 'GW_ERR_PROXY_UPSTREAM_TLS', cause, report: { kind: 'tcp_failure', code: cause }, transient: true };
  }
  if (RESET.has(cause)) {
    return { code: 'GW_ERR_PROXY_UPSTREAM_RESET', cause, report: { kind: 'tcp_failure', code: cause }, transient: true };
  }
  if (CLOSED.has(cause)) return { code: 'GW_ERR_PROXY_POOLS_CLOSED', cause, report: null, transient: false };
  if (cause.startsWith('HPE_') || cause === 'UND_ERR_HEADERS_OVERFLOW' || cause === 'UND_ERR_INFO') {
    return { code: 'GW_ERR_PROXY_UPSTREAM_PROTOCOL', cause, report: { kind: 'tcp_failure', code: cause }, transient: false };
  }
  return { code: 'GW_ERR_PROXY_INTERNAL', cause, report: null, transient: false };
}

/** The server token the proxy's own responses carry (Kong sends `Server: kong/x.y.z`). */
export interface ErrorResponseOptions {
  readonly server?: string | undefined;
  readonly requestIdHeader?: string | null | undefined;
  readonly requestId?: string | undefined;
}

/**
 * Answers the client with the status and Kong's JSON body for `code`. When the response head
 * is already out, the only honest signal left is to destroy the connection.
 */
export function sendProxyError(res: ServerResponse, code: ProxyErrorCode, opts: ErrorResponseOptions = {}): number {
  const status = statusForCode(code);
  if (res.headersSent || res.destroyed || status === 499) {
    res.destroy();
    return status;
  }
  const body = errorBody(status);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  };
  if (opts.server !== undefined) headers.server = opts.server;
  if (opts.requestIdHeader && opts.requestId !== undefined) headers[opts.requestIdHeader] = opts.requestId;
  res.writeHead(status, headers);
  res.end(body);
  return status;
}

/** An Error carrying one of our codes, with the low-level failure as its cause. */
export class ProxyError extends Error {
  readonly code: ProxyErrorCode | typeof WRITE_TIMEOUT | typeof READ_TIMEOUT;
  constructor(code: ProxyError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProxyError';
    this.code = code;
  }
}
