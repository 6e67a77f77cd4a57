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
