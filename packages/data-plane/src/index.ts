// @gatehouse/data-plane — the data-plane node: local cache, cluster client, fallback import, gateway,
// and its proxy worker processes (worker_processes > 1).
export { ConfigCache, CACHE_FORMAT } from './config-cache.js';
export type { CacheEntry, CacheLoad, CachedSource } from './config-cache.js';
export { DataPlaneNode } from './data-plane-node.js';
export type { DataPlaneOptions, DataPlaneWorkers } from './data-plane-node.js';
export { validateConfig } from './validate-config.js';
export type { ValidatedConfig } from './validate-config.js';
export { clusterTlsFromSettings } from './cluster-tls-settings.js';
export { FallbackImport } from './fallback-import.js';
export type { FallbackImportOptions, SnapshotReader } from './fallback-import.js';
export { exporterFromSettings, fallbackImportFromSettings } from './fallback-settings.js';

// Proxy worker processes: the primary's pool, the worker's runtime, the messages between them
export { WorkerPool } from './worker-pool.js';
export type { Scheduling, WorkerPoolOptions } from './worker-pool.js';
export { ConfigRollout, sameConfig } from './config-rollout.js';
export type { RolloutResult } from './config-rollout.js';
export { DEFAULT_RESTART, WorkerSlot } from './worker-slot.js';
export type { RestartPolicy, SlotState } from './worker-slot.js';
export { runWorker } from './worker-runtime.js';
export type { WorkerRuntimeOptions, WorkerServices } from './worker-runtime.js';
export { WorkerGateway } from './worker-gateway.js';
export type { WorkerApply, WorkerGatewayOptions } from './worker-gateway.js';
export { MAX_METRIC_FAMILIES, MAX_METRIC_VALUES, parsePrimaryMessage, parseWorkerMessage, wireCode, wireText } from './worker-messages.js';
export type { MetricJson, Parsed, PrimaryMessage, Running, WireConfig, WireMeta, WorkerMessage, WorkerSettings, WorkerStats } from './worker-messages.js';
export { aggregateMetrics } from './worker-metrics.js';
export { workerCount } from './worker-count.js';
export { WORKER_ERROR_CODES } from './worker-errors.js';
