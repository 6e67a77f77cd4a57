/**
 * One /metrics for a node with proxy workers: the primary's prometheus registry and each
 * worker's (collected over IPC on scrape) merged with prom-client's AggregatorRegistry —
 * counters and histograms summed, process gauges by the aggregator each metric declares.
 * Metrics named in `primaryOnly` (e.g. upstream health, which the primary's health checkers
 * also track) come from the primary alone, so a state is not counted once per process.
 */
import { AggregatorRegistry } from 'prom-client';
import type { Registry } from 'prom-client';
import type { MetricJson } from './worker-messages.js';

export function aggregateMetrics(primary: readonly MetricJson[], workers: readonly (readonly MetricJson[])[], primaryOnly: readonly string[] = []): Registry {
  const skip = new Set(primaryOnly);
  return AggregatorRegistry.aggregate([primary, ...workers.map((list) => list.filter((m) => !skip.has(m.name)))]);
}
