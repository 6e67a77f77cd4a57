/**
 * The proxy listeners: one fastify instance per `proxy_listen` entry (plain or TLS), each with
 * a single catch-all route that dispatches on the engine's live snapshot — fastify freezes its
 * routes at start, so routing is ours. Bodies are never parsed: the raw request streams to the
 * upstream. TLS certificates come from the live snapshot by SNI. Upgrades (websockets) bypass
 * fastify and go straight to the proxy core.
 */
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { SecureContext } from 'node:tls';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ListenAddress } from '@gatehouse/config';
import type { PoolSet } from '../proxy/index.js';
import type { Engine } from './engine.js';
import { createProxyHandler } from './proxy-handler.js';
import type { ListenerInfo } from './prepare-request.js';
import { createUpgradeHandler } from './upgrade-handler.js';

export interface ProxyServerOptions {
  readonly engine: Engine;
  readonly logger: Logger;
  readonly pools: PoolSet;
  readonly listen: readonly ListenAddress[];
  /** Served when no certificate in the config matches the SNI; without one such handshakes fail. */
  readonly defaultCertificate?: SecureContext | null;
  /** One JSON log line per request; default on. */
  readonly accessLog?: boolean;
}

interface Listener {
  readonly app: FastifyInstance;
  readonly server: Server;
  readonly info: ListenerInfo;
  readonly address: ListenAddress;
}

export class ProxyServer {
  readonly #listeners: Listener[] = [];
  readonly #log: Logger;
  #connections = 0;

  private constructor(log: Logger) {
    this.#log = log;
  }

  static async start(opts: ProxyServerOptions): Promise<ProxyServer> {
    const proxy = new ProxyServer(opts.logger.child({ component: 'proxy-server' }));
    try {
      for (const address of opts.listen) await proxy.#listen(address, opts);
    } catch (err) {
      await proxy.close(0);
      throw err;
    }
    return proxy;
  }

  async #listen(address: ListenAddress, opts: ProxyServerOptions): Promise<void> {
    const scheme = address.ssl ? 'https' : 'http';
    const info: { scheme: 'http' | 'https'; port: number } = { scheme, port: address.port };
    const handle = createProxyHandler({ engine: opts.engine, pools: opts.pools, logger: opts.logger, ...(opts.accessLog === undefined ? {} : { accessLog: opts.accessLog }) });
    const upgrade = createUpgradeHandler({ engine: opts.engine, logger: opts.logger });
    let server: Server | undefined;
    const serverFactory = (handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
      server = address.ssl
        ? createHttpsServer(
            {
              SNICallback: (servername, cb) => {
                const ctx = opts.engine.current?.certificates.select(servername) ?? opts.defaultCertificate ?? null;
                if (ctx) cb(null, ctx);
                else cb(Object.assign(new Error(`no certificate for server name "${servername}"`), { code: 'GW_ERR_TLS_NO_CERTIFICATE' }), undefined);
              },
            },
            handler,
          )
        : createHttpServer(handler);
      server.keepAliveTimeout = 60_000;
      server.on('connection', (socket: Duplex) => {
        this.#connections += 1;
        socket.once('close', () => (this.#connections -= 1));
      });
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => upgrade(req, socket, head, info));
      return server;
    };
    const app = Fastify({
      serverFactory,
      loggerInstance: opts.logger.child({ component: 'proxy' }) as FastifyBaseLogger,
      logController: new LogController({ disableRequestLogging: true }),
      // Routing is the router's; fastify must accept any path, method and body as they come.
      routerOptions: { ignoreTrailingSlash: false, ignoreDuplicateSlashes: false },
      bodyLimit: Number.MAX_SAFE_INTEGER,
      return503OnClosing: true,
    });
    // No per-request child logger: the handler logs with its own, and a pino child per request
    // showed up in the proxy's CPU profile.
    app.setChildLoggerFactory((logger) => logger);
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_req, _payload, done) => done(null));
    app.all('/*', (request, reply) => {
      reply.hijack();
      handle(request.raw, reply.raw, info).catch((err: unknown) => {
        this.#log.error({ err, code: 'GW_ERR_PROXY_INTERNAL' }, 'unexpected error while proxying');
        if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"An unexpected error occurred"}');
        else reply.raw.destroy();
      });
    });
    await app.listen({ host: address.host, port: address.port, ...(address.backlog ? { backlog: address.backlog } : {}) });
    const bound = app.server.address();
    if (bound && typeof bound === 'object') info.port = address.port === 0 ? bound.port : address.port;
    this.#listeners.push({ app, server: server!, info, address });
    this.#log.info({ host: address.host, port: info.port, ssl: address.ssl }, 'proxy listening');
  }

  /** Where each listener is bound (ports resolved when 0 was asked). */
  addresses(): { host: string; port: number; ssl: boolean }[] {
    return this.#listeners.map((l) => ({ host: l.address.host, port: l.info.port, ssl: l.address.ssl }));
  }

  connections(): number {
    return this.#connections;
  }

  /**
   * Stops accepting, lets in-flight requests finish for up to `graceMs`, then closes what is left.
   * Idle keep-alive connections are closed at once.
   */
  async close(graceMs: number): Promise<void> {
    const closing = this.#listeners.map(({ app, server }) => {
      const done = app.close();
      server.closeIdleConnections();
      return done;
    });
    const timer = setTimeout(() => {
      for (const { server } of this.#listeners) server.closeAllConnections();
    }, graceMs);
    timer.unref();
    try {
      await Promise.all(closing);
    } finally {
      clearTimeout(timer);
    }
  }
}
