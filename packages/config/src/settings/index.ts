// Node settings: the conf file every node reads, GATEHOUSE_* environment overrides, secrets
// from the environment, and the checks that run before a node starts.
export { parseConfFile } from './conf-file.js';
export type { ConfEntry, ConfFile } from './conf-file.js';
export { REDACTED, describeSettings, redactedSettings } from './describe-settings.js';
export type { DescribedSetting } from './describe-settings.js';
export { formatHostPort, formatListenList, parseHostPort, parseListenList } from './listen-address.js';
export type { HostPort, ListenAddress, Parsed } from './listen-address.js';
export { loadSettings, resolveSettings } from './load-settings.js';
export type { LoadSettingsOptions, LoadedSettings, ResolveSettingsOptions, SettingsFailure, SettingsResult } from './load-settings.js';
export { SECRETS, SECRET_NAMES } from './secrets.js';
export type { SecretName, SecretSources, Secrets } from './secrets.js';
export { ENV_ALLOW_LIST, ENV_PREFIX, envNameFor } from './setting-keys.js';
export { formatSource } from './setting-source.js';
export type { SettingSource } from './setting-source.js';
export { SETTINGS_ERROR_CODES, formatSettingsError } from './settings-error.js';
export type { SettingsError, SettingsErrorCode } from './settings-error.js';
export { CLUSTER_MTLS_MODES, LOG_LEVELS, ROLES, SETTINGS, SETTING_NAMES, isSettingName } from './settings-schema.js';
export type { ClusterMtlsMode, JsonObject, LogLevel, Role, SettingDef, SettingKind, SettingName, Settings } from './settings-schema.js';
export { bucketNameProblem, parseStorageUrl } from './storage-url.js';
export type { StorageLocation, StorageParse } from './storage-url.js';
export { isBackupNode } from './validate-settings.js';
export type { SettingsSources } from './validate-settings.js';
