// @gatehouse/config — the one definition of a valid Gatehouse config.

// Declarative config (Kong's _format_version "3.0")
export { loadDeclarativeConfig, loadDeclarativeConfigOrThrow, normaliseConfig } from './declarative.js';
export type { ConfigResult, LoadOptions } from './declarative.js';
export { DEFAULT_MAX_CONFIG_BYTES } from './load/read-source.js';
export { DEFAULT_MAX_ALIAS_COUNT } from './load/parse-document.js';
export { SUPPORTED_FORMAT_VERSION } from './normalise/flatten.js';
export { translateRegexPath } from './normalise/route-rules.js';

// Errors
export { CONFIG_ERROR_CODES, ConfigValidationError, formatConfigError, formatPath, sortConfigErrors } from './errors.js';
export type { ConfigError, ConfigErrorCode, JsonPath, PathSegment, SourcePosition } from './errors.js';

// Canonical form and hash
export { canonicalJson, configHash } from './hash/canonical-json.js';

// Entities and their schemas
export { ENTITIES, ENTITY_TYPES } from './schema/entities.js';
export type { EntityDef, EntityType, NormalisedConfig } from './schema/entities.js';
export { RouteSchema, ServiceSchema, ROUTE_PROTOCOLS, SERVICE_PROTOCOLS } from './schema/service-route.js';
export type { Route, Service } from './schema/service-route.js';
export { TargetSchema, UpstreamSchema, ALGORITHMS, HASH_ON } from './schema/upstream-target.js';
export type { Target, Upstream } from './schema/upstream-target.js';
export {
  AclSchema, BasicauthCredentialSchema, ConsumerSchema, JwtSecretSchema, KeyauthCredentialSchema, PluginSchema, JWT_ALGORITHMS,
} from './schema/consumer-plugin.js';
export type { Acl, BasicauthCredential, Consumer, JwtSecret, KeyauthCredential, Plugin } from './schema/consumer-plugin.js';
export { CaCertificateSchema, CertificateSchema, SniSchema } from './schema/certificate.js';
export type { CaCertificate, Certificate, Sni } from './schema/certificate.js';

// Generated reference docs
export { renderErrorCodesDoc, renderSettingsDoc } from './docs/reference-docs.js';
export { renderEntitiesDoc } from './docs/entities-doc.js';
export { FIELD_TABLE_HEADER, cell, schemaFieldRows } from './docs/schema-table.js';

// Plugin config schemas
export { PluginRegistry } from './plugins/plugin-registry.js';
export type { PluginSchemaEntry } from './plugins/plugin-registry.js';

// Node settings (conf file + GATEHOUSE_* environment)
export { parseConfFile } from './settings/conf-file.js';
export type { ConfEntry, ConfFile } from './settings/conf-file.js';
export { REDACTED, describeSettings, redactedSettings } from './settings/describe-settings.js';
export type { DescribedSetting } from './settings/describe-settings.js';
export { formatHostPort, formatListenList, parseHostPort, parseListenList } from './settings/listen-address.js';
export type { HostPort, ListenAddress, Parsed } from './settings/listen-address.js';
export { loadSettings, resolveSettings } from './settings/load-settings.js';
export type { LoadSettingsOptions, LoadedSettings, ResolveSettingsOptions, SettingsFailure, SettingsResult } from './settings/load-settings.js';
export { SECRETS, SECRET_NAMES } from './settings/secrets.js';
export type { SecretName, SecretSources, Secrets } from './settings/secrets.js';
export { ENV_ALLOW_LIST, ENV_PREFIX, envNameFor } from './settings/setting-keys.js';
export { formatSource } from './settings/setting-source.js';
export type { SettingSource } from './settings/setting-source.js';
export { SETTINGS_ERROR_CODES, formatSettingsError } from './settings/settings-error.js';
export type { SettingsError, SettingsErrorCode } from './settings/settings-error.js';
export { CLUSTER_MTLS_MODES, LOG_LEVELS, ROLES, SETTINGS, SETTING_NAMES, isSettingName } from './settings/settings-schema.js';
export type { ClusterMtlsMode, JsonObject, LogLevel, Role, SettingDef, SettingKind, SettingName, Settings } from './settings/settings-schema.js';
export { bucketNameProblem, parseStorageUrl } from './settings/storage-url.js';
export type { StorageLocation, StorageParse } from './settings/storage-url.js';
export { isBackupNode } from './settings/validate-settings.js';
export type { SettingsSources } from './settings/validate-settings.js';

// Durable file writes (temp file, fsync, rename, directory fsync)
export { TEMP_PREFIX, fsyncDir, writeFileDurably } from './fs/atomic-write.js';
