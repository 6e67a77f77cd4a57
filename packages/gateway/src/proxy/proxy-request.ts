// proxyRequest: forwards one client request to a peer the balancer picks, retrying on another
// peer the way Kong (nginx `proxy_next_upstream error timeout`, unbuffered request) does:
//   - a failed connection (refused, reset, DNS, TLS, connect timeout) before anything was sent
//     is retried, up to service.retries more attempts, each on a peer not tried yet if any;
//   - once the request went out, only an idempotent method with an empty body is retried
//     (a streamed body cannot be replayed), for connection errors and read timeouts;
//   - never after a response head arrived.
// Every attempt calls peers.acquire/release and reports its outcome (a client that went away
// is not the peer's fault and is not reported).

import { performance } from 'node:perf_hooks';
import type { NoPeer, Peer } from '../upstream-types.js';
import { startAttempt } from './proxy-attempt.js';
import type { AttemptHandle, AttemptResult } from './proxy-attempt.js';
import { classifyFailure, sendProxyError } from './proxy-errors.js';
import type { FailureClass, ProxyErrorCode } from './proxy-errors.js';
import { wantsTrailers } from './hop-by-hop.js';
import { RequestBodyTap, hasRequestBody } from './request-body.js';
import { SERVER_TOKEN } from './server-token.js';
import type { ProxyContext, ProxyOutcome, ProxyTry } from './types.js';
import { DEFAULT_REQUEST_ID_HEADER, upstreamHostHeader } from './upstream-headers.js';

/** Methods whose request may be sent twice (RFC 9110 §9.2.2); nginx's non_idempotent complement. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

function isNoPeer(picked: Peer | NoPeer): picked is NoPeer {
  return (picked as NoPeer).error !== undefined;
}

/** `http://10.0.0.1:8080`, brackets around IPv6 literals. */
export function peerOrigin(scheme: 'http' | 'https', peer: Peer): string {
  const host = peer.host.includes(':') && !peer.host.startsWith('[') ? `[${peer.host}]` : peer.host;
  return `${scheme}://${host}:${peer.port}`;
}

function canRetry(result: Extract<AttemptResult, { kind: 'failed' }>, replayable: boolean): boolean {
  return result.failure.transient && (!result.requestStarted || replayable);
}

export async function proxyRequest(ctx: ProxyContext): Promise<ProxyOutcome> {
  const { req, res } = ctx;
  const receivedAt = ctx.receivedAt ?? performance.now();
  const withBody = ctx.body !== undefined || hasRequestBody(req);
  // A body held in memory can be sent again; a streamed one cannot.
  const replayable = (ctx.body !== undefined || !withBody) && IDEMPOTENT.has(ctx.method.toUpperCase());
  const trailers = wantsTrailers(req.headers.te);
  const requestIdHeader = ctx.requestIdHeader === undefined ? DEFAULT_REQUEST_ID_HEADER : ctx.requestIdHeader;
  const tried = new Set<string>();
  const tries: ProxyTry[] = [];
  let peer: Peer | null = null;
  let current: AttemptHandle | undefined;
  let clientGone = false;
  let bytesSent = 0;

  const onClose = (): void => {
    if (res.writableFinished) return;
    clientGone = true;
    current?.abortForClient();
  };
  res.once('close', onClose);

  const outcome = (status: number, extra: Partial<ProxyOutcome> = {}): ProxyOutcome => ({
    status,
    peer,
    attempts: tries.length,
    upstreamLatencyMs: null,
    bytesSent,
    bytesReceived: 0,
    tries,
    ...extra,
  });
  const fail = (code: ProxyErrorCode): ProxyOutcome => {
    if (!req.complete) res.shouldKeepAlive = false;
    const status = clientGone
      ? 499
      : sendProxyError(res, code, { server: SERVER_TOKEN, requestIdHeader, requestId: ctx.requestId });
    return outcome(clientGone ? 499 : status, { errorCode: clientGone ? 'GW_ERR_PROXY_CLIENT_ABORTED' : code });
  };

  try {
    let lastFailure: FailureClass | undefined;
    for (;;) {
      if (clientGone) return fail('GW_ERR_PROXY_CLIENT_ABORTED');
      const picked = ctx.peers.pick(ctx.hashKey, tried);
      if (isNoPeer(picked)) return fail(lastFailure?.code ?? 'GW_ERR_PROXY_NO_PEER');
      peer = picked;
      tried.add(picked.key);

      let pool;
      try {
        pool = ctx.pools.get(peerOrigin(ctx.upstreamScheme, picked), {
          connectTimeoutMs: ctx.timeouts.connect,
          tlsVerify: ctx.tlsVerify,
        });
      } catch (err) {
        tries.push({ peer: picked.key, errorCode: classifyFailure(err).code });
        return fail(classifyFailure(err).code);
      }
      // The headers object is this request's own (built for it): set Host in place per attempt.
      const headers = ctx.headers;
      headers.host = upstreamHostHeader(ctx.hostHeader, picked, ctx.upstreamScheme);
      const body = ctx.body ?? (withBody ? new RequestBodyTap(req, ctx.timeouts.write, ctx.bodyPrefix ?? null) : null);

      ctx.peers.acquire(picked);
      let result: AttemptResult;
      try {
        current = startAttempt({ ctx, pool, headers, body, trailers, receivedAt });
        result = await current.result;
      } finally {
        current = undefined;
        if (body instanceof RequestBodyTap) body.detach();
        ctx.peers.release(picked);
      }
      bytesSent = body === null ? 0 : body instanceof RequestBodyTap ? body.bytes : body.length;

      if (result.kind === 'client-aborted') {
        tries.push({ peer: picked.key, errorCode: 'GW_ERR_PROXY_CLIENT_ABORTED' });
        return fail('GW_ERR_PROXY_CLIENT_ABORTED');
      }
      if (result.kind === 'responded') {
        const interrupted = result.interrupted;
        ctx.peers.report(picked, interrupted?.report ?? { kind: 'response', status: result.status });
        const errorCode: ProxyErrorCode | undefined = result.clientAborted
          ? 'GW_ERR_PROXY_CLIENT_ABORTED'
          : interrupted
            ? 'GW_ERR_PROXY_RESPONSE_INTERRUPTED'
            : undefined;
        tries.push({ peer: picked.key, status: result.status, ...(errorCode ? { errorCode } : {}) });
        return outcome(result.status, {
          upstreamLatencyMs: result.upstreamLatencyMs,
          bytesReceived: result.bytesReceived,
          ...(result.bodyFilterSkipped ? { bodyFilterSkipped: true } : {}),
          ...(errorCode ? { errorCode } : {}),
        });
      }
      lastFailure = result.failure;
      if (result.failure.report) ctx.peers.report(picked, result.failure.report);
      tries.push({ peer: picked.key, errorCode: result.failure.code });
      if (tries.length > ctx.retries || !canRetry(result, replayable)) return fail(result.failure.code);
    }
  } finally {
    res.off('close', onClose);
    // Whatever of the body nobody read is drained so the connection can close cleanly.
    if (!req.complete && !req.destroyed) req.resume();
  }
}
