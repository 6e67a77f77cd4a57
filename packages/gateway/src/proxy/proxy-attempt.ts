// One attempt at one peer: dispatches the request on the peer's pool (undici's dispatch API) and
// streams the response to the client with backpressure both ways. It never retries and never
// answers errors itself before the response head; it reports how it went and proxyRequest decides.

import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher, Pool } from 'undici';
import { Deadline } from './deadline.js';
import { ProxyError, READ_TIMEOUT, classifyFailure } from './proxy-errors.js';
import type { FailureClass } from './proxy-errors.js';
import { RequestBodyTap } from './request-body.js';
import { addGatewayResponseHeaders, filterResponseHeaders } from './response-headers.js';
import type { DownstreamHeaders, ProxyContext, UpstreamHeaders } from './types.js';
import { DEFAULT_REQUEST_ID_HEADER } from './upstream-headers.js';

export type AttemptResult =
  /** A response head arrived and was sent on; the body ended, or `interrupted` says why not. */
  | {
      readonly kind: 'responded';
      readonly status: number;
      readonly upstreamLatencyMs: number;
      readonly bytesReceived: number;
      /** The upstream failed mid-body (the client connection was destroyed). */
      readonly interrupted: FailureClass | null;
      readonly clientAborted: boolean;
      readonly bodyFilterSkipped: boolean;
    }
  /** No response head; `requestStarted` tells whether anything was written to the peer. */
  | { readonly kind: 'failed'; readonly failure: FailureClass; readonly requestStarted: boolean }
  /** The client went away before a response head. */
  | { readonly kind: 'client-aborted' };

export interface AttemptInput {
  readonly ctx: ProxyContext;
  readonly pool: Pool;
  readonly headers: UpstreamHeaders;
  /** The client's body streamed, a body held in memory, or none. */
  readonly body: RequestBodyTap | Buffer | null;
  /** The client asked for trailers (TE: trailers): keep the Trailer header and forward trailers. */
  readonly trailers: boolean;
  readonly receivedAt: number;
}

export interface AttemptHandle {
  readonly result: Promise<AttemptResult>;
  /** The client is gone: abort the upstream request (at once, or as soon as it is connected). */
  abortForClient(): void;
}

const CLIENT_GONE = 'GW_ERR_PROXY_CLIENT_ABORTED';

/** The most response body held in memory for body_filter; a longer body streams unfiltered. */
export const BODY_FILTER_MAX_BYTES = 16 * 1024 * 1024;

/** A response held back until its body is complete, so plugins can rewrite it. */
interface HeldResponse {
  readonly headers: DownstreamHeaders;
  readonly filter: (body: Buffer) => Buffer;
  readonly chunks: Buffer[];
  length: number;
}

function hasNoBody(method: string, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 304;
}

/** undici's coarse timers as a safety net behind ours; 0 (off) stays off. */
function fallbackTimeout(ms: number): number {
  return ms <= 0 ? 0 : ms + 2_000;
}

export function startAttempt(input: AttemptInput): AttemptHandle {
  const { ctx, body } = input;
  const { res } = ctx;
  const streamed = body instanceof RequestBodyTap ? body : null;
  let settle!: (result: AttemptResult) => void;
  const result = new Promise<AttemptResult>((resolve) => (settle = resolve));
  let settled = false;
  let controller: Dispatcher.DispatchController | null = null;
  let clientGone = false;
  let requestStarted = false;
  let status = 0;
  let headersAt = 0;
  let bytesReceived = 0;
  let waitingForDrain = false;
  let held: HeldResponse | null = null;
  let bodyFilterSkipped = false;
  const dispatchedAt = performance.now();
  // read_timeout: from the request being sent to the response head, then between body reads.
  const readDeadline = new Deadline(ctx.timeouts.read, () => {
    controller?.abort(new ProxyError(READ_TIMEOUT, `nothing read from the upstream for ${ctx.timeouts.read} ms`));
  });
  streamed?.once('end', () => {
    if (status === 0) readDeadline.start();
  });

  const done = (value: AttemptResult): void => {
    if (settled) return;
    settled = true;
    readDeadline.stop();
    settle(value);
  };
  const responded = (interrupted: FailureClass | null): void =>
    done({
      kind: 'responded',
      status,
      upstreamLatencyMs: headersAt - dispatchedAt,
      bytesReceived,
      interrupted,
      clientAborted: clientGone,
      bodyFilterSkipped,
    });
  const onDrain = (): void => {
    waitingForDrain = false;
    readDeadline.start();
    controller?.resume();
  };

  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(ctl) {
      controller = ctl;
      requestStarted = true;
      if (clientGone) ctl.abort(new ProxyError(CLIENT_GONE, 'the client went away'));
      else if (streamed === null) readDeadline.start();
    },
    onResponseStart(ctl, statusCode, upstreamHeaders: IncomingHttpHeaders) {
      if (settled) return;
      readDeadline.start();
      if (statusCode < 200) return; // 1xx: informational, not forwarded
      status = statusCode;
      headersAt = performance.now();
      try {
        let headers = filterResponseHeaders(upstreamHeaders, input.trailers);
        if (ctx.onResponseHeaders) headers = ctx.onResponseHeaders(statusCode, headers);
        addGatewayResponseHeaders(headers, {
          switches: ctx.responseHeaders,
          protocolVersion: '1.1',
          upstreamLatencyMs: headersAt - dispatchedAt,
          proxyLatencyMs: dispatchedAt - input.receivedAt,
          requestIdHeader: ctx.requestIdHeader === undefined ? DEFAULT_REQUEST_ID_HEADER : ctx.requestIdHeader,
          requestId: ctx.requestId,
        });
        const filter = hasNoBody(ctx.method, statusCode) ? null : (ctx.responseBodyFilter?.(statusCode, headers) ?? null);
        if (filter) held = { headers, filter, chunks: [], length: 0 };
        else res.writeHead(statusCode, headers);
      } catch (err) {
        status = 0;
        ctl.abort(new ProxyError('GW_ERR_PROXY_INTERNAL', 'building the response head failed', { cause: err }));
      }
    },
    onResponseData(ctl, chunk) {
      if (settled) return;
      bytesReceived += chunk.length;
      readDeadline.start();
      if (held) {
        held.chunks.push(chunk);
        held.length += chunk.length;
        if (held.length <= BODY_FILTER_MAX_BYTES) return;
        // Too long to hold: what arrived so far goes out as it came, the rest streams.
        bodyFilterSkipped = true;
        res.writeHead(status, held.headers);
        const pending = Buffer.concat(held.chunks);
        held = null;
        chunk = pending;
      }
      if (!res.write(chunk) && !waitingForDrain) {
        waitingForDrain = true;
        readDeadline.stop(); // a slow client is not a slow upstream
        ctl.pause();
        res.once('drain', onDrain);
      }
    },
    onResponseEnd(_ctl, trailers) {
      if (settled) return;
      if (held) {
        const { headers, filter, chunks } = held;
        held = null;
        const out = filter(Buffer.concat(chunks));
        delete headers['transfer-encoding'];
        headers['content-length'] = String(out.length);
        res.writeHead(status, headers);
        res.end(out);
        responded(null);
        return;
      }
      if (input.trailers && Object.keys(trailers).length > 0) {
        res.addTrailers(trailers as Record<string, string | string[]>);
      }
      res.end();
      responded(null);
    },
    onResponseError(_ctl, err) {
      res.off('drain', onDrain);
      if (settled) return;
      if (held) {
        // Nothing went to the client yet, but the upstream's answer is incomplete: say so.
        held = null;
        res.destroy();
        responded(clientGone ? null : classifyFailure(err));
      } else if (status !== 0) {
        // The head is out: a cut connection is the only way to say the body is incomplete.
        res.destroy();
        responded(clientGone ? null : classifyFailure(err));
      } else if (clientGone) {
        done({ kind: 'client-aborted' });
      } else {
        done({ kind: 'failed', failure: classifyFailure(err), requestStarted });
      }
    },
  };

  try {
    input.pool.dispatch(
      {
        path: ctx.upstreamPath,
        method: ctx.method,
        headers: input.headers,
        body,
        // Fallbacks only: the Deadline above and the body's write timer fire first.
        headersTimeout: fallbackTimeout(Math.max(ctx.timeouts.read, ctx.timeouts.write)),
        bodyTimeout: fallbackTimeout(ctx.timeouts.read),
        blocking: true,
      },
      handler,
    );
  } catch (err) {
    done({ kind: 'failed', failure: classifyFailure(err), requestStarted: false });
  }

  return {
    result,
    abortForClient() {
      if (clientGone) return;
      clientGone = true;
      const reason = new ProxyError(CLIENT_GONE, 'the client went away');
      streamed?.destroy(reason);
      if (controller) controller.abort(reason);
      // Not connected yet: onRequestStart aborts it; the outcome need not wait for that.
      if (status === 0) done({ kind: 'client-aborted' });
      else responded(null);
    },
  };
}
