/**
 * HTTP Upgrade requests (websockets): routed and checked exactly like plain requests
 * (plugins' access phase included), then tunnelled by the proxy core.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { proxyUpgrade } from '../proxy/index.js';
import type { Engine } from './engine.js';
import { NOT_CONFIGURED } from './local-responses.js';
import { runLog } from './plugin-runtime.js';
import { prepareRequest, upstreamTarget } from './prepare-request.js';
import type { ListenerInfo } from './prepare-request.js';

function writeRaw(socket: Duplex, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`, 'content-type: application/json; charset=utf-8', `content-length: ${Buffer.byteLength(text)}`, 'connection: close'];
  for (const [name, value] of Object.entries(headers)) for (const v of [value].flat()) lines.push(`${name}: ${v}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n${text}`);
}

export function createUpgradeHandler(opts: { engine: Engine; logger: Logger }) {
  const log = opts.logger.child({ component: 'proxy' });
  return (req: IncomingMessage, socket: Duplex, head: Buffer, listener: ListenerInfo): void => {
    socket.on('error', () => socket.destroy());
    const snap = opts.engine.enter();
    if (!snap) {
      writeRaw(socket, 503, NOT_CONFIGURED);
      return;
    }
    const receivedAt = performance.now();
    const requestId = randomUUID();
    const run = async (): Promise<void> => {
      const prepared = await prepareRequest(snap, req, listener, { requestId, receivedAt, upgrade: true }, log);
      if (prepared.kind === 'local') {
        writeRaw(socket, prepared.status, prepared.body, prepared.headers);
        if (prepared.plugins) runLog(prepared.plugins.chain, prepared.plugins.ctx, log);
        return;
      }
      const { route } = prepared;
      const outcome = await proxyUpgrade(req, socket, head, upstreamTarget(prepared));
      if (outcome.errorCode && outcome.errorCode !== 'GW_ERR_PROXY_CLIENT_ABORTED') {
        log.warn({ code: outcome.errorCode, status: outcome.status, route: route.name ?? route.id, requestId }, 'upstream upgrade failed');
      }
      prepared.ctx.response ??= { status: outcome.status, headers: {} };
      if (prepared.chain.length > 0) runLog(prepared.chain, prepared.ctx, log);
    };
    run()
      .catch((err: unknown) => {
        log.error({ err, code: 'GW_ERR_PROXY_INTERNAL' }, 'unexpected error in an upgrade');
        socket.destroy();
      })
      .finally(() => snap.leave());
  };
}
