// @gatehouse/plugins — the bundled plugin set: Kong's names, config fields, defaults, priorities,
// status codes and messages. One set per node process (createBundledPlugins): the prometheus
// exporter and the rate-limiting counters belong to the node, not to a config.

import { PluginRegistry } from '@gatehouse/config';
import type { BundledPlugin } from './shared/bundled-plugin.js';
import { createPrometheus } from './prometheus/index.js';
import type { PrometheusExporter } from './prometheus/index.js';

export type { BundledPlugin } from './shared/bundled-plugin.js';
export { createPrometheus } from './prometheus/index.js';
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
  const plugins: BundledPlugin[] = [prometheus.plugin];
  return { plugins: plugins.sort((a, b) => a.name.localeCompare(b.name)), prometheus };
}

/** A config registry with these plugins' schemas: what `validate`, the CP and the DP check configs with. */
export function pluginRegistry(plugins: readonly BundledPlugin[]): PluginRegistry {
  const registry = new PluginRegistry();
  for (const p of plugins) registry.register({ name: p.name, version: p.version, configSchema: p.configSchema, ...(p.check ? { check: p.check } : {}) });
  return registry;
}
