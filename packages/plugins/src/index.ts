// @gatehouse/plugins — the bundled plugin set: Kong's names, config fields, defaults, priorities,
// status codes and messages. One set per node process (createBundledPlugins): the prometheus
// exporter and the rate-limiting counters belong to the node, not to a config.

import { PluginRegistry } from '@gatehouse/config';
import type { GatewayPlugin } from '@gatehouse/gateway';
import type { BundledPlugin } from './shared/bundled-plugin.js';
import { aclPlugin } from './acl/index.js';
import { basicAuthPlugin } from './basic-auth/index.js';
import { correlationIdPlugin } from './correlation-id/index.js';
import { corsPlugin } from './cors/index.js';
import { ipRestrictionPlugin } from './ip-restriction/index.js';
import { jwtPlugin } from './jwt/index.js';
import { keyAuthPlugin } from './key-auth/index.js';
import { proxyCachePlugin } from './proxy-cache/index.js';
import { createRateLimitingPlugin } from './rate-limiting/index.js';
import { requestSizeLimitingPlugin } from './request-size-limiting/index.js';
import { requestTransformerPlugin } from './request-transformer/index.js';
import { responseTransformerPlugin } from './response-transformer/index.js';
import { createPrometheus } from './prometheus/index.js';
import type { PrometheusExporter } from './prometheus/index.js';

export type { BundledPlugin } from './shared/bundled-plugin.js';
export { aclPlugin, basicAuthPlugin, correlationIdPlugin, corsPlugin, ipRestrictionPlugin, jwtPlugin, keyAuthPlugin, proxyCachePlugin, requestSizeLimitingPlugin, requestTransformerPlugin, responseTransformerPlugin };
export { createPrometheus } from './prometheus/index.js';
export { createRateLimitingPlugin, rateLimitingPlugin } from './rate-limiting/index.js';
export type { PrometheusExporter } from './prometheus/index.js';
export { PluginMetrics, LATENCY_BUCKETS_MS } from './prometheus/metrics.js';
export { renderPluginDoc, renderPluginIndex } from './docs/plugin-doc.js';

export interface BundledPlugins {
  /** Every bundled plugin, to hand to a node (GatewayNode / DataPlaneNode `plugins`). */
  readonly plugins: readonly BundledPlugin[];
  /** The prometheus plugin's exporter: mount its /metrics on the status listener. */
  readonly prometheus: PrometheusExporter;
}

/** The bundled set for one node process. */
export function createBundledPlugins(): BundledPlugins {
  const prometheus = createPrometheus();
  const plugins: BundledPlugin[] = [
    aclPlugin,
    basicAuthPlugin,
    correlationIdPlugin,
    corsPlugin,
    ipRestrictionPlugin,
    jwtPlugin,
    keyAuthPlugin,
    proxyCachePlugin,
    createRateLimitingPlugin(),
    requestSizeLimitingPlugin,
    requestTransformerPlugin,
    responseTransformerPlugin,
    prometheus.plugin,
  ];
  return { plugins: plugins.sort((a, b) => a.name.localeCompare(b.name)), prometheus };
}

/** A config registry with these plugins' schemas: what `validate`, the CP and the DP check configs with. */
export function pluginRegistry(plugins: readonly GatewayPlugin[]): PluginRegistry {
  const registry = new PluginRegistry();
  for (const p of plugins) registry.register(p);
  return registry;
}
