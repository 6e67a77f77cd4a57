/**
 * prometheus (Kong priority 13): records request metrics in the log phase and serves them,
 * with process metrics and upstream health, at `/metrics` on the node's status listener.
 * The registry belongs to the node, not the config: counters survive config swaps.
 */
import type { Engine, UpstreamHealth } from '@gatehouse/gateway';
import type { FastifyInstance } from 'fastify';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import { PluginMetrics, TARGET_STATES } from './metrics.js';
import { PrometheusSchema } from './schema.js';

export interface PrometheusExporter {
  readonly plugin: BundledPlugin;
  readonly metrics: PluginMetrics;
  /** Adds GET /metrics to a status listener. */
  mount(app: FastifyInstance, engine: Engine): void;
  /** The exposition text, with upstream health read from the engine's current snapshot. */
  scrape(engine: Engine): Promise<string>;
}

interface Flags {
  per_consumer: boolean;
  status_code_metrics: boolean;
  latency_metrics: boolean;
  bandwidth_metrics: boolean;
  upstream_health_metrics: boolean;
}

function recordTargetHealth(metrics: PluginMetrics, engine: Engine): void {
  metrics.targetHealth.reset();
  const snap = engine.current;
  if (!snap) return;
  for (const [name, entry] of snap.upstreams) {
    const health = entry.runtime.health() as UpstreamHealth;
    for (const target of health.data) {
      const addresses = target.addresses.length > 0 ? target.addresses.map((a) => ({ address: `${a.ip}:${a.port}`, health: a.health as string })) : [{ address: '', health: target.health as string }];
      for (const a of addresses) {
        const current = target.health === 'DNS_ERROR' ? 'dns_error' : a.health.toLowerCase();
        for (const state of TARGET_STATES) metrics.targetHealth.set({ upstream: name, target: target.target, address: a.address, state }, state === current ? 1 : 0);
      }
    }
  }
}

/** One exporter per node: the plugin (to register with the node) and its /metrics route. */
export function createPrometheus(): PrometheusExporter {
  const metrics = new PluginMetrics();
  // Live instances that asked for target health (read at scrape time). Counted per build: a
  // new snapshot builds its instance before the retired one closes.
  let healthWanted = 0;
  const plugin: BundledPlugin = {
    name: 'prometheus',
    version: '1.0.0',
    priority: 13,
    configSchema: PrometheusSchema,
    summary:
      'Exposes metrics in the Prometheus text format at `/metrics` on the node\'s status listener (`status_listen`): process metrics always; ' +
      'requests by status code, latency histograms, bandwidth and upstream target health when the matching option is on.',
    notes: [
      '- Metric names are Kong\'s with the `gatehouse_` prefix: `gatehouse_http_requests_total{service,route,code,source,consumer}`, ' +
        '`gatehouse_request_latency_ms`, `gatehouse_upstream_latency_ms`, `gatehouse_gateway_latency_ms` (Kong\'s `kong_kong_latency_ms`), ' +
        '`gatehouse_bandwidth_bytes{direction}`, `gatehouse_upstream_target_health{upstream,target,address,state}`.',
      '- `source` is `service` when the upstream answered and `kong` when the gateway or a plugin did (an auth 401, a rate-limit 429, a cache hit).',
      '- The `consumer` label is empty unless `per_consumer` is on.',
      '- Counters live in the node and survive config changes; each node (and, with several workers, each node process) exports its own.',
      '- Labels use the service and route names, or their ids when unnamed.',
    ].join('\n'),
    build({ instance }) {
      const flags = instance.config as unknown as Flags;
      if (flags.upstream_health_metrics) healthWanted++;
      return {
        log(ctx) {
          const outcome = ctx.outcome;
          if (!outcome) return;
          const service = ctx.service ? (ctx.service.name ?? ctx.service.id) : '';
          const route = ctx.route.name ?? ctx.route.id;
          const consumer = flags.per_consumer && ctx.auth?.consumer ? (ctx.auth.consumer.username ?? ctx.auth.consumer.id) : '';
          if (flags.status_code_metrics) {
            metrics.requests.inc({ service, route, code: String(outcome.status), source: outcome.local ? 'kong' : 'service', consumer });
          }
          if (flags.latency_metrics) {
            const labels = { service, route, consumer };
            metrics.requestLatency.observe(labels, outcome.latencies.request);
            metrics.gatewayLatency.observe(labels, outcome.latencies.gateway);
            if (outcome.latencies.upstream !== null) metrics.upstreamLatency.observe(labels, outcome.latencies.upstream);
          }
          if (flags.bandwidth_metrics) {
            metrics.bandwidth.inc({ service, route, direction: 'ingress', consumer }, outcome.bytes.requestBody);
            metrics.bandwidth.inc({ service, route, direction: 'egress', consumer }, outcome.bytes.responseBody);
          }
        },
        close() {
          if (flags.upstream_health_metrics) healthWanted--;
        },
      };
    },
  };
  const scrape = async (engine: Engine): Promise<string> => {
    if (healthWanted > 0) recordTargetHealth(metrics, engine);
    else metrics.targetHealth.reset();
    return metrics.registry.metrics();
  };
  return {
    plugin,
    metrics,
    scrape,
    mount(app, engine) {
      app.get('/metrics', async (_req, reply) => {
        reply.header('content-type', metrics.registry.contentType);
        return scrape(engine);
      });
    },
  };
}
