// @gatehouse/data-plane — the data-plane node: local cache, cluster client, fallback import, gateway.
export { ConfigCache, CACHE_FORMAT } from './config-cache.js';
export type { CacheEntry, CacheLoad, CachedSource } from './config-cache.js';
export { DataPlaneNode } from './data-plane-node.js';
export type { DataPlaneOptions } from './data-plane-node.js';
export { clusterTlsFromSettings } from './cluster-tls-settings.js';
export { FallbackImport } from './fallback-import.js';
export type { FallbackImportOptions, SnapshotReader } from './fallback-import.js';
export { exporterFromSettings, fallbackImportFromSettings } from './fallback-settings.js';
