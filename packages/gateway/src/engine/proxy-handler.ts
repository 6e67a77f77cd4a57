/**
 * One client request on the live snapshot: prepare it (routing, plugins' access phase), hand
 * it to the proxy core, and run header_filter and log around the response. The snapshot is
 * held for the whole request, so a config swap never changes a request midway.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { proxyRequest, traceIdOf } from '../proxy/index.js';
import type { DownstreamHeaders, PoolSet } from '../proxy/index.js';
import type { Engine } from './engine.js';
import { NOT_CONFIGURED, bodyBytes, sendJson } from './local-responses.js';
import { responseBodyFilter, runHeaderFilter, runLog } from './plugin-runtime.js';
import type { EngineContext } from './plugin-runtime.js';
import type { BuiltPlugin } from '../plugins/plugin-chains.js';
import type { RequestOutcome } from '../plugins/plugin-contract.js';
import { clientIpOf, prepareRequest, upstreamTarget } from './prepare-request.js';
import type { ListenerInfo } from './prepare-request.js';

export interface ProxyHandlerOptions {
  readonly engine: Engine;
  readonly pools: PoolSet;
  readonly logger: Logger;
  /** One JSON line per request (setting proxy_access_log); default on. */
  readonly accessLog?: boolean;
}

export function createProxyHandler(opts: ProxyHandlerOptions) {
  const log = opts.logger.child({ component: 'proxy' });
  const access = opts.accessLog === false ? null : opts.logger.child({ component: 'access' });
  return async function handle(req: IncomingMessage, res: ServerResponse, listener: ListenerInfo): Promise<void> {
    const receivedAt = performance.now();
    const snap = opts.engine.enter();
    if (!snap) {
      sendJson(res, 503, NOT_CONFIGURED);
      return;
    }
    try {
      const requestId = randomUUID();
      const prepared = await prepareRequest(snap, req, listener, { requestId, receivedAt, upgrade: false }, log);
      if (prepared.kind === 'local') {
        if (!prepared.plugins) {
          sendJson(res, prepared.status, prepared.body, prepared.headers);
        } else {
          sendPluginExit(res, prepared.status, prepared.body, prepared.headers, prepared.plugins, receivedAt, log);
        }
        access?.info(accessEntry(req, requestId, prepared.status, receivedAt, prepared.plugins?.ctx ?? null, undefined), 'request');
        return;
      }
      const { chain, ctx, service, route } = prepared;
      const onResponseHeaders = (status: number, out: DownstreamHeaders): DownstreamHeaders => {
        if (prepared.setCookie) out['set-cookie'] = [...[out['set-cookie'] ?? []].flat(), prepared.setCookie];
        if (chain.length > 0) {
          ctx.response = { status, headers: out };
          runHeaderFilter(chain, ctx, log);
        }
        return out;
      };
      const outcome = await proxyRequest({
        ...upstreamTarget(prepared),
        req,
        res,
        requestId,
        pools: opts.pools,
        onResponseHeaders,
        responseBodyFilter: chain.length > 0 ? () => responseBodyFilter(chain, ctx, log) : undefined,
        receivedAt,
      });
      if (outcome.bodyFilterSkipped) {
        log.warn({ code: 'GW_ERR_PLUGIN_BODY_FILTER_SKIPPED', route: route.name ?? route.id, requestId }, 'response body too long for body_filter; sent unfiltered');
      }
      if (outcome.errorCode && outcome.errorCode !== 'GW_ERR_PROXY_CLIENT_ABORTED') {
        log.warn({ code: outcome.errorCode, status: outcome.status, route: route.name ?? route.id, service: service.name ?? service.id, tries: outcome.tries, requestId }, 'upstream request failed');
      }
      if (chain.length > 0) {
        ctx.response ??= { status: outcome.status, headers: {} };
        ctx.outcome = requestOutcome(receivedAt, false, outcome.status, outcome.upstreamLatencyMs, outcome.bytesSent, outcome.bytesReceived, outcome.peer?.key ?? null);
        runLog(chain, ctx, log);
      }
      access?.info(
        {
          ...accessEntry(req, requestId, outcome.status, receivedAt, ctx, prepared.headers['traceparent']),
          upstream: outcome.peer?.key ?? null,
          upstream_latency_ms: outcome.upstreamLatencyMs === null ? null : Math.round(outcome.upstreamLatencyMs),
          tries: outcome.attempts,
          bytes_in: outcome.bytesSent,
          bytes_out: outcome.bytesReceived,
          ...(outcome.errorCode ? { code: outcome.errorCode } : {}),
        },
        'request',
      );
    } finally {
      snap.leave();
    }
  };
}

/**
 * A plugin's exit (Kong's kong.response.exit): the other plugins' header_filter runs on it, and
 * their body_filter unless the exit is final, then log.
 */
function sendPluginExit(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> | undefined,
  plugins: { chain: readonly BuiltPlugin[]; ctx: EngineContext; final: boolean },
  receivedAt: number,
  log: Logger,
): void {
  const { chain, ctx } = plugins;
  let bytes = bodyBytes(body);
  // An empty answer (a CORS preflight, a 204) carries no Content-Type, as in Kong.
  const out: Record<string, string | string[]> = bytes.length > 0 ? { 'content-type': 'application/json; charset=utf-8', ...headers } : { ...headers };
  ctx.response = { status, headers: out };
  runHeaderFilter(chain, ctx, log);
  if (!plugins.final) bytes = responseBodyFilter(chain, ctx, log)?.(bytes) ?? bytes;
  sendJson(res, status, bytes, normaliseHeaders(out));
  ctx.outcome = requestOutcome(receivedAt, true, status, null, 0, bytes.length, null);
  runLog(chain, ctx, log);
}

/** Header values plugins set may be numbers; drops unset ones and any stale Content-Length. */
function normaliseHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'content-length') continue;
    out[name] = typeof value === 'number' ? String(value) : value;
  }
  return out;
}

/** The fields every access-log line has. The query string is left out: it may carry API keys. */
function accessEntry(req: IncomingMessage, requestId: string, status: number, receivedAt: number, ctx: EngineContext | null, traceparent: string | string[] | undefined) {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const consumer = ctx?.auth?.consumer;
  return {
    request_id: requestId,
    trace_id: traceIdOf(traceparent) ?? null,
    method: req.method,
    path: q === -1 ? url : url.slice(0, q),
    status,
    route: ctx ? (ctx.route.name ?? ctx.route.id) : null,
    service: ctx?.service ? (ctx.service.name ?? ctx.service.id) : null,
    consumer: consumer ? (consumer.username ?? consumer.id) : null,
    client_ip: ctx?.request.clientIp ?? clientIpOf(req),
    latency_ms: Math.round(performance.now() - receivedAt),
  };
}

/** What log-phase plugins see of a finished request (`local`: a plugin answered, nothing was proxied). */
function requestOutcome(receivedAt: number, local: boolean, status: number, upstreamMs: number | null, requestBody: number, responseBody: number, peer: string | null): RequestOutcome {
  const request = performance.now() - receivedAt;
  return {
    status,
    local,
    latencies: { request, upstream: upstreamMs, gateway: Math.max(0, request - (upstreamMs ?? 0)) },
    bytes: { requestBody, responseBody },
    peer,
  };
}
