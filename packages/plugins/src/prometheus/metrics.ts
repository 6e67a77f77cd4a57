/**
 * The metric families of the prometheus plugin, on one registry per node (they outlive config
 * snapshots: a config swap must not reset counters). Names follow Kong's with the `gatehouse_`
 * prefix (kong_http_requests_total -> gatehouse_http_requests_total ...) and Kong's buckets.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Kong's default latency buckets, in milliseconds. */
export const LATENCY_BUCKETS_MS = [1, 2, 5, 7, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300, 400, 500, 1000, 2000, 5000, 10000, 30000, 60000];

export const TARGET_STATES = ['healthy', 'unhealthy', 'dns_error', 'healthchecks_off'] as const;

export class PluginMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'service' | 'route' | 'code' | 'source' | 'consumer'>;
  readonly requestLatency: Histogram<'service' | 'route' | 'consumer'>;
  readonly upstreamLatency: Histogram<'service' | 'route' | 'consumer'>;
  readonly gatewayLatency: Histogram<'service' | 'route' | 'consumer'>;
  readonly bandwidth: Counter<'service' | 'route' | 'direction' | 'consumer'>;
  readonly targetHealth: Gauge<'upstream' | 'target' | 'address' | 'state'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'gatehouse_' });
    this.requests = new Counter({
      name: 'gatehouse_http_requests_total',
      help: 'HTTP requests by service, route, status code, source (service: the upstream answered; kong: the gateway or a plugin did) and consumer.',
      labelNames: ['service', 'route', 'code', 'source', 'consumer'],
      registers,
    });
    const histogram = (name: string, help: string) =>
      new Histogram({ name, help, labelNames: ['service', 'route', 'consumer'], buckets: LATENCY_BUCKETS_MS, registers });
    this.requestLatency = histogram('gatehouse_request_latency_ms', 'Total request latency in ms: first byte in to last byte out (Kong\'s kong_request_latency_ms).');
    this.upstreamLatency = histogram('gatehouse_upstream_latency_ms', 'Time the upstream took to send its response head, in ms (Kong\'s kong_upstream_latency_ms).');
    this.gatewayLatency = histogram('gatehouse_gateway_latency_ms', 'Time spent in the gateway and its plugins, in ms (Kong\'s kong_kong_latency_ms).');
    this.bandwidth = new Counter({
      name: 'gatehouse_bandwidth_bytes',
      help: 'Body bytes by service, route and direction (ingress: request bodies from clients, egress: response bodies to clients).',
      labelNames: ['service', 'route', 'direction', 'consumer'],
      registers,
    });
    this.targetHealth = new Gauge({
      name: 'gatehouse_upstream_target_health',
      help: 'Health of each upstream target address: 1 for its current state, 0 for the others.',
      labelNames: ['upstream', 'target', 'address', 'state'],
      registers,
    });
  }
}
