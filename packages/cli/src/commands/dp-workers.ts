/**
 * The primary's side of `gatehouse dp` with worker_processes > 1: the worker pool, and the
 * status routes that speak for the workers — /status asks each for fresh numbers first, and
 * /metrics merges every worker's prometheus registry into the primary's.
 */
import type { Settings } from '@gatehouse/config';
import { aggregateMetrics, WorkerPool, workerCount } from '@gatehouse/data-plane';
import type { MetricJson, Scheduling } from '@gatehouse/data-plane';
import type { GatewayNodeOptions } from '@gatehouse/gateway';
import type { Logger } from 'pino';
import { bundledPlugins } from '../bundled-plugins.js';
import { GATEHOUSE_VERSION } from '../version.js';

/**
 * The workers share the listen sockets and the kernel hands out connections (SCHED_NONE) rather
 * than the primary accepting each and passing it on (SCHED_RR): measured (e2e/bench/
 * worker-scheduling.bench.ts, docs/data-plane.md "Workers") RR gave no more throughput on
 * keep-alive traffic, 35–45 % less on new connections, and left a connection hanging forever
 * whenever a worker was killed (node:cluster's handoff to a dead worker never completes).
 * NODE_CLUSTER_SCHED_POLICY=rr|none overrides it.
 */
export const WORKER_SCHEDULING: Scheduling = 'none';

/** Health is tracked by every process; report the primary's view once, not a sum over processes. */
const PRIMARY_ONLY_METRICS = ['gatehouse_upstream_target_health'];

/** The pool for a data plane that proxies and asked for more than one process; null otherwise (with the reason logged). */
export async function startWorkerPool(settings: Settings, log: Logger, standalone: boolean): Promise<WorkerPool | null> {
  const size = workerCount(settings.worker_processes);
  if (size <= 1) return null;
  const ignored = standalone ? 'a standalone data plane (declarative_config) runs in one process'
    : settings.proxy_listen.length === 0 ? 'this node has no proxy listener (proxy_listen = off, e.g. a backup node)' : null;
  if (ignored) {
    log.warn({ worker_processes: settings.worker_processes }, `worker_processes is ignored: ${ignored}`);
    return null;
  }
  return WorkerPool.start({
    size,
    settings: { proxy_listen: settings.proxy_listen, prefix: settings.prefix, log_level: settings.log_level, proxy_access_log: settings.proxy_access_log },
    version: GATEHOUSE_VERSION,
    logger: log,
    scheduling: WORKER_SCHEDULING,
  });
}

/** The primary's extra status routes: fresh worker numbers on /status, aggregated /metrics. */
export function workerStatusRoutes(pool: WorkerPool): NonNullable<GatewayNodeOptions['statusRoutes']> {
  return (app, engine) => {
    app.addHook('onRequest', async (req) => {
      if (req.routeOptions.url === '/status') await pool.refresh();
    });
    app.get('/metrics', async (_req, reply) => {
      const { prometheus } = bundledPlugins();
      await prometheus.scrape(engine); // refreshes the primary's upstream health gauges
      const own = (await prometheus.metrics.registry.getMetricsAsJSON()) as unknown as MetricJson[];
      const registry = aggregateMetrics(own, await pool.collectMetrics(), PRIMARY_ONLY_METRICS);
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    });
  };
}
