// The control plane's durable config store.

export { isUnchanged, DEFAULT_KEEP } from './config-store.js';
export type {
  CommitInput,
  CommitResult,
  ConfigMeta,
  ConfigStore,
  ConfigStoreOptions,
  RollbackInput,
  StoredConfig,
  UnchangedCommit,
} from './config-store.js';
export { FileConfigStore } from './file-config-store.js';
export type { OpenedFileConfigStore } from './file-config-store.js';
export type { RecoveryNote } from './recover-store.js';
export { MemoryConfigStore } from './memory-config-store.js';
export { StoreError, STORE_ERROR_CODES } from './store-error.js';
export type { StoreErrorCode } from './store-error.js';
export { writeFileAtomic, fsyncDir, removeStrayTemps, TEMP_PREFIX } from './atomic-file.js';
