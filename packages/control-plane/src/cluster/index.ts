// The control plane's cluster side: listener, node registry, Admin API routes.

export { ClusterServer, DEFAULT_PURGE_DELAY_MS, DEFAULT_PUSH_INTERVAL_MS } from './cluster-server.js';
export type { ClusterServerEvents, ClusterServerOptions } from './cluster-server.js';
export type { AckEvent } from './ack-log.js';
export type { FrameStats, PublishInput } from './config-pusher.js';
export { NodeRegistry } from './node-registry.js';
export type { ClusterSummary, NodeRow, RegistryOptions } from './node-registry.js';
export { clusterRoutes } from './cluster-routes.js';
export { observeCluster } from './cluster-metrics.js';
