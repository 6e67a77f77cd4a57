// The read-only status listener (status_listen): /status (version, config, uptime, memory),
// /status/ready (200 once the store is open and the node serves, 503 otherwise) and /metrics
// (Prometheus text).

import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ControlPlaneMetrics } from './cp-metrics.js';

export interface StatusSource {
  /** Why the node is not ready, or null when it is. */
  notReadyReason(): string | null;
  status(): Promise<Record<string, unknown>>;
}

export function createStatusServer(options: { logger: FastifyBaseLogger; metrics: ControlPlaneMetrics; source: StatusSource }): FastifyInstance {
  const { metrics, source } = options;
  const app = Fastify({ loggerInstance: options.logger.child({ component: 'status' }) });

  app.get('/status', async () => source.status());

  app.get('/status/ready', async (_request, reply) => {
    const reason = source.notReadyReason();
    if (reason === null) return { ready: true };
    return reply.code(503).send({ message: reason });
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.type(metrics.contentType).send(await metrics.text());
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ message: 'Not found' }));
  return app;
}

/** process.memoryUsage() in the names /status shows. */
export function memoryStatus(): Record<string, number> {
  const m = process.memoryUsage();
  return { rss_bytes: m.rss, heap_total_bytes: m.heapTotal, heap_used_bytes: m.heapUsed, external_bytes: m.external };
}
