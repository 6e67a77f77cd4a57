/**
 * The status listener: /status (uptime, config, connections, memory), /status/ready (503 with
 * the reason until a config is loaded) and /upstreams/{name}/health. Read-only; it never
 * touches the proxy's hot path.
 */
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Engine } from './engine.js';

export interface StatusApiOptions {
  readonly engine: Engine;
  readonly logger: Logger;
  /** Open client connections on the proxy listeners. */
  readonly connections: () => number;
  /** Why the node is not ready although it may have a config (e.g. shutting down); null when fine. */
  readonly notReadyReason?: () => string | null;
  /** Extra sections for /status (the data-plane node adds its cluster state). */
  readonly extraStatus?: () => Record<string, unknown>;
  /** More read-only routes (the prometheus plugin's /metrics). */
  readonly routes?: (app: FastifyInstance, engine: Engine) => void;
}

const startedAt = Date.now();

export function createStatusApi(opts: StatusApiOptions): FastifyInstance {
  const app = Fastify({ loggerInstance: opts.logger.child({ component: 'status-api' }) as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }) });
  const { engine } = opts;

  app.get('/status', async () => {
    const snap = engine.current;
    const mem = process.memoryUsage();
    return {
      server: {
        uptime_s: Math.round((Date.now() - startedAt) / 1000),
        connections_active: opts.connections(),
        memory: { rss: mem.rss, heap_used: mem.heapUsed, heap_total: mem.heapTotal, external: mem.external },
      },
      configuration: snap
        ? {
            version: snap.meta.version,
            hash: snap.meta.hash,
            source: snap.meta.source,
            loaded_at: new Date(snap.loadedAt).toISOString(),
            routes: snap.routes.size,
            services: snap.services.size,
          }
        : { version: null, hash: null, source: 'none' },
      ...opts.extraStatus?.(),
    };
  });

  app.get('/status/ready', async (_req, reply) => {
    // The node's own reason first (it knows why it has no config), else the generic one.
    const reason = opts.notReadyReason?.() ?? (engine.current === null ? 'no configuration loaded yet' : null);
    if (reason !== null) return reply.code(503).send({ message: reason });
    return { message: 'ready' };
  });

  app.get<{ Params: { name: string } }>('/upstreams/:name/health', async (req, reply) => {
    const entry = engine.current?.upstreams.get(req.params.name);
    if (!entry) return reply.code(404).send({ message: 'Not found' });
    return entry.runtime.health();
  });

  opts.routes?.(app, engine);
  return app;
}
