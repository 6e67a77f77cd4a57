// @gatehouse/control-plane — Admin API, config store, cluster server.

// Config store: durable, versioned, atomic
export { isUnchanged, DEFAULT_KEEP } from './store/config-store.js';
export type {
  CommitInput,
  CommitResult,
  ConfigMeta,
  ConfigStore,
  ConfigStoreOptions,
  RollbackInput,
  StoredConfig,
  UnchangedCommit,
} from './store/config-store.js';
export { FileConfigStore } from './store/file-config-store.js';
export type { OpenedFileConfigStore } from './store/file-config-store.js';
export type { RecoveryNote } from './store/recover-store.js';
export { MemoryConfigStore } from './store/memory-config-store.js';
export { StoreError, STORE_ERROR_CODES } from './store/store-error.js';
export type { StoreErrorCode } from './store/store-error.js';
export { writeFileAtomic, fsyncDir, removeStrayTemps, TEMP_PREFIX } from './store/atomic-file.js';

// Admin API (Kong-compatible)
export { createAdminApi, DEFAULT_ADMIN_BODY_LIMIT } from './admin/admin-api.js';
export type { AdminApiOptions, AdminRequestObserver } from './admin/admin-api.js';
export { ADMIN_ERROR_CODES, AdminError, KONG_ERRORS } from './admin/admin-errors.js';
export type { AdminErrorCode } from './admin/admin-errors.js';
export { isLoopbackHost } from './admin/admin-auth.js';
export { exportConfig, SECRET_FIELDS } from './admin/declarative-export.js';
export { toYaml } from './admin/yaml-emit.js';

// Config state and change notifications
export { ConfigService, ConfigSnapshot, emptyConfig, isEmptyConfig } from './config-service.js';
export type { Entity, PlanWrite, WriteInput, WriteOutcome } from './config-service.js';
export { ConfigChanges } from './config-changes.js';
export type { ConfigChange, ConfigChangeListener } from './config-changes.js';

// The control plane node
export { startControlPlane } from './control-plane-node.js';
export type { ControlPlane, ControlPlaneOptions } from './control-plane-node.js';
export { CP_ERROR_CODES, ControlPlaneError } from './cp-errors.js';
export type { ControlPlaneErrorCode } from './cp-errors.js';
export { ControlPlaneMetrics } from './cp-metrics.js';
export { createNodeLogger } from './node-logger.js';
export type { NodeLogger } from './node-logger.js';

// Cluster: the listener nodes connect to, the node registry, /clustering routes
export { ClusterServer, DEFAULT_PURGE_DELAY_MS, DEFAULT_PUSH_INTERVAL_MS, NodeRegistry, clusterRoutes, observeCluster } from './cluster/index.js';
export type { AckEvent, ClusterServerEvents, ClusterServerOptions, ClusterSummary, FrameStats, NodeRow, PublishInput, RegistryOptions } from './cluster/index.js';
