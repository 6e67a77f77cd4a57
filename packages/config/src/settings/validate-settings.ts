// Rules across settings: which settings fit which role, and which need each other. Every rule
// runs, so a user sees all problems at once; a rule is skipped when a setting it reads already
// failed to parse (its message would be about a value the user did not write).
import type { SecretSources } from './secrets.js';
import { formatSource } from './setting-source.js';
import type { SettingSource } from './setting-source.js';
import type { SettingsError } from './settings-error.js';
import type { SettingName, Settings } from './settings-schema.js';

export type SettingsSources = { readonly [K in SettingName]: SettingSource };

export interface ValidationInput {
  readonly settings: Settings;
  readonly sources: SettingsSources;
  /** Settings whose value was rejected; rules reading them are skipped. */
  readonly failed: ReadonlySet<string>;
  readonly secretSources: SecretSources;
}

interface Rule {
  readonly reads: readonly SettingName[];
  check(input: ValidationInput): SettingsError | undefined;
}

/** "gatehouse.conf:12", "env GATEHOUSE_ROLE", ...; undefined for a default. */
function whereOf(input: ValidationInput, name: SettingName): string | undefined {
  const source = input.sources[name];
  return source.kind === 'default' ? undefined : formatSource(source);
}

/** "role = control_plane (env GATEHOUSE_ROLE)" or "role = data_plane (the default)". */
function roleClause(input: ValidationInput): string {
  return `role = ${input.settings.role} (${whereOf(input, 'role') ?? 'the default'})`;
}

/** A data plane exporting to storage is a backup node: it does not proxy unless allowed to. */
export function isBackupNode(settings: Settings): boolean {
  return settings.role === 'data_plane' && settings.cluster_fallback_config_export && !settings.cluster_fallback_config_export_allow_proxy;
}

const RULES: readonly Rule[] = [
  {
    reads: ['role', 'cluster_fallback_config_import'],
    check: (input) => {
      if (!input.settings.cluster_fallback_config_import || input.settings.role === 'data_plane') return undefined;
      return {
        code: 'GW_ERR_SETTINGS_ROLE_CONFLICT', key: 'cluster_fallback_config_import', where: whereOf(input, 'cluster_fallback_config_import'),
        message: `only valid with role = data_plane, but ${roleClause(input)}; set it to off or change role`,
      };
    },
  },
  {
    reads: ['cluster_fallback_config_import', 'cluster_fallback_config_export', 'cluster_fallback_config_storage'],
    check: (input) => {
      const { settings } = input;
      if (settings.cluster_fallback_config_storage !== undefined) return undefined;
      const cause = settings.cluster_fallback_config_import ? 'cluster_fallback_config_import'
        : settings.cluster_fallback_config_export ? 'cluster_fallback_config_export' : undefined;
      if (cause === undefined) return undefined;
      return {
        code: 'GW_ERR_SETTINGS_MISSING', key: 'cluster_fallback_config_storage', where: whereOf(input, cause),
        message: `required when ${cause} = on; set it to s3://<bucket>[/<prefix>] or turn ${cause} off`,
      };
    },
  },
  {
    reads: ['cluster_fallback_config_import', 'cluster_fallback_config_export', 'cluster_fallback_config_storage'],
    check: (input) => {
      const { settings } = input;
      const active = settings.cluster_fallback_config_import || settings.cluster_fallback_config_export;
      if (!active || settings.cluster_fallback_config_storage === undefined || input.secretSources.aws_region !== undefined) return undefined;
      return {
        code: 'GW_ERR_SETTINGS_MISSING', key: 'aws_region', where: whereOf(input, 'cluster_fallback_config_storage'),
        message: 'fallback storage needs a region; set AWS_REGION (or AWS_DEFAULT_REGION) in the environment (any region, e.g. us-east-1, for MinIO)',
      };
    },
  },
  {
    reads: ['role', 'cluster_control_plane', 'declarative_config'],
    check: (input) => {
      const { settings } = input;
      if (settings.role !== 'data_plane' || settings.cluster_control_plane !== undefined || settings.declarative_config !== undefined) {
        return undefined;
      }
      return {
        code: 'GW_ERR_SETTINGS_MISSING', key: 'cluster_control_plane', where: whereOf(input, 'role'),
        message: `role = data_plane${input.sources.role.kind === 'default' ? ' (the default)' : ''} needs the control plane's address; ` +
          'set cluster_control_plane = <host>:8005, ' +
          'or declarative_config to run standalone, or role = control_plane',
      };
    },
  },
  {
    reads: ['cluster_mtls', 'cluster_ca_cert'],
    check: (input) => {
      if (input.settings.cluster_mtls !== 'pki' || input.settings.cluster_ca_cert !== undefined) return undefined;
      return {
        code: 'GW_ERR_SETTINGS_MISSING', key: 'cluster_ca_cert', where: whereOf(input, 'cluster_mtls'),
        message: 'required when cluster_mtls = pki; set it to the CA certificate that signs the cluster certificates, or use cluster_mtls = shared',
      };
    },
  },
  {
    reads: ['cluster_cert', 'cluster_cert_key'],
    check: (input) => {
      const hasCert = input.settings.cluster_cert !== undefined;
      if (hasCert === (input.settings.cluster_cert_key !== undefined)) return undefined;
      const [present, missing] = hasCert ? (['cluster_cert', 'cluster_cert_key'] as const) : (['cluster_cert_key', 'cluster_cert'] as const);
      return {
        code: 'GW_ERR_SETTINGS_MISSING', key: missing, where: whereOf(input, present),
        message: `required because ${present} is set; set both or neither`,
      };
    },
  },
  {
    reads: ['role', 'cluster_fallback_config_export', 'cluster_fallback_config_export_allow_proxy'],
    check: (input) => {
      const { settings } = input;
      if (!settings.cluster_fallback_config_export_allow_proxy) return undefined;
      const message = settings.role !== 'data_plane'
        ? `only valid with role = data_plane, but ${roleClause(input)}; remove it`
        : !settings.cluster_fallback_config_export
          ? 'only has an effect with cluster_fallback_config_export = on; remove it or turn export on'
          : undefined;
      if (message === undefined) return undefined;
      const code = settings.role === 'data_plane' ? 'GW_ERR_SETTINGS_CONFLICT' : 'GW_ERR_SETTINGS_ROLE_CONFLICT';
      return { code, key: 'cluster_fallback_config_export_allow_proxy', where: whereOf(input, 'cluster_fallback_config_export_allow_proxy'), message };
    },
  },
  {
    reads: ['role', 'cluster_fallback_config_export', 'cluster_fallback_config_export_allow_proxy', 'proxy_listen'],
    check: (input) => {
      if (!isBackupNode(input.settings) || input.settings.proxy_listen.length === 0) return undefined;
      return {
        code: 'GW_ERR_SETTINGS_CONFLICT', key: 'proxy_listen', where: whereOf(input, 'proxy_listen'),
        message: 'a data plane with cluster_fallback_config_export = on is a backup node and does not proxy; ' +
          'set proxy_listen = off, or cluster_fallback_config_export_allow_proxy = on to proxy as well',
      };
    },
  },
];

export function validateSettings(input: ValidationInput): SettingsError[] {
  const errors: SettingsError[] = [];
  for (const rule of RULES) {
    if (rule.reads.some((name) => input.failed.has(name))) continue;
    const error = rule.check(input);
    if (error !== undefined) errors.push(error);
  }
  return errors;
}
