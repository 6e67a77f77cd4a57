/**
 * One client request on the live snapshot: prepare it (routing, plugins' access phase), hand
 * it to the proxy core, and run header_filter and log around the response. The snapshot is
 * held for the whole request, so a config swap never changes a request midway.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { proxyRequest } from '../proxy/index.js';
import type { DownstreamHeaders, PoolSet } from '../proxy/index.js';
import type { Engine } from './engine.js';
import { NOT_CONFIGURED, sendJson } from './local-responses.js';
import { runHeaderFilter, runLog } from './plugin-runtime.js';
import { prepareRequest, upstreamTarget } from './prepare-request.js';
import type { ListenerInfo } from './prepare-request.js';

export interface ProxyHandlerOptions {
  readonly engine: Engine;
  readonly pools: PoolSet;
  readonly logger: Logger;
}

export function createProxyHandler(opts: ProxyHandlerOptions) {
  const log = opts.logger.child({ component: 'proxy' });
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
        sendJson(res, prepared.status, prepared.body, prepared.headers);
        if (prepared.plugins) {
          prepared.plugins.ctx.response = { status: prepared.status, headers: {} };
          runLog(prepared.plugins.chain, prepared.plugins.ctx, log);
        }
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
        receivedAt,
      });
      if (outcome.errorCode && outcome.errorCode !== 'GW_ERR_PROXY_CLIENT_ABORTED') {
        log.warn({ code: outcome.errorCode, status: outcome.status, route: route.name ?? route.id, service: service.name ?? service.id, tries: outcome.tries, requestId }, 'upstream request failed');
      }
      if (chain.length > 0) {
        ctx.response ??= { status: outcome.status, headers: {} };
        runLog(chain, ctx, log);
      }
    } finally {
      snap.leave();
    }
  };
}
