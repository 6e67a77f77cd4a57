// Secrets from the environment: values that are never read from the conf file, never accepted
// as overrides, and never printed or serialised. The AWS_* names are the SDK's (and Kong's).
import type { SettingsError } from './settings-error.js';

interface SecretDef {
  /** Environment variables read, first set wins. */
  readonly env: readonly string[];
  /** Storage settings share one message: "storage credentials come only from the environment". */
  readonly storage: boolean;
  readonly description: string;
}

export const SECRETS = {
  admin_token: {
    env: ['GATEHOUSE_ADMIN_TOKEN'], storage: false,
    description: 'Token Admin API clients must present.',
  },
  cluster_fallback_config_encryption_key: {
    env: ['GATEHOUSE_CLUSTER_FALLBACK_CONFIG_ENCRYPTION_KEY'], storage: false,
    description: 'AES-256 key (32 bytes, base64 or hex) that encrypts exported snapshots; importers with it refuse unencrypted ones.',
  },
  aws_access_key_id: {
    env: ['AWS_ACCESS_KEY_ID'], storage: true,
    description: 'Access key of the fallback storage; without one the AWS SDK\'s default credential chain is used.',
  },
  aws_secret_access_key: { env: ['AWS_SECRET_ACCESS_KEY'], storage: true, description: 'Secret of AWS_ACCESS_KEY_ID.' },
  aws_session_token: { env: ['AWS_SESSION_TOKEN'], storage: true, description: 'Session token for temporary credentials.' },
  aws_region: {
    env: ['AWS_REGION', 'AWS_DEFAULT_REGION'], storage: true,
    description: 'Region of the fallback storage bucket; required when import or export is on.',
  },
  aws_config_storage_endpoint: {
    env: ['AWS_CONFIG_STORAGE_ENDPOINT'], storage: true,
    description: 'Endpoint of a non-AWS S3-compatible store, e.g. http://minio:9000/ (path-style requests).',
  },
} as const satisfies Record<string, SecretDef>;

export type SecretName = keyof typeof SECRETS;

export const SECRET_NAMES = Object.keys(SECRETS) as readonly SecretName[];

export function isSecretName(name: string): name is SecretName {
  return Object.hasOwn(SECRETS, name);
}

/**
 * Secret values. Its properties are non-enumerable, so JSON.stringify, util.inspect, pino and
 * object spread never copy them; read them by name (`secrets.admin_token`).
 */
export type Secrets = { readonly [K in SecretName]?: string };

/** For each secret that is set, the environment variable it came from. */
export type SecretSources = { readonly [K in SecretName]?: string };

export interface SecretsRead {
  readonly secrets: Secrets;
  readonly sources: SecretSources;
  readonly errors: readonly SettingsError[];
}

/** Where a secret must be set, for messages: "GATEHOUSE_ADMIN_TOKEN", "AWS_REGION (or AWS_DEFAULT_REGION)". */
export function secretEnvNames(name: SecretName): string {
  const [first, ...others] = SECRETS[name].env;
  return others.length === 0 ? `${first}` : `${first} (or ${others.join(', ')})`;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function readSecrets(env: NodeJS.ProcessEnv): SecretsRead {
  const secrets = {};
  const sources: { [K in SecretName]?: string } = {};
  const errors: SettingsError[] = [];
  for (const name of SECRET_NAMES) {
    const envName = SECRETS[name].env.find((candidate) => (env[candidate] ?? '') !== '');
    if (envName === undefined) continue;
    Object.defineProperty(secrets, name, { value: env[envName], enumerable: false });
    sources[name] = envName;
  }
  const endpoint = sources.aws_config_storage_endpoint;
  if (endpoint !== undefined && !isHttpUrl(env[endpoint] ?? '')) {
    errors.push({
      code: 'GW_ERR_SETTINGS_INVALID_VALUE', key: 'aws_config_storage_endpoint', where: `env ${endpoint}`,
      message: 'expected an http:// or https:// URL, such as http://minio:9000/',
    });
  }
  const keyId = sources.aws_access_key_id;
  const secretKey = sources.aws_secret_access_key;
  const present = keyId ?? secretKey ?? sources.aws_session_token;
  if (present !== undefined && (keyId === undefined || secretKey === undefined)) {
    const missing = keyId === undefined ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY';
    errors.push({
      code: 'GW_ERR_SETTINGS_MISSING', key: missing.toLowerCase(), where: `env ${present}`,
      message: `${present} needs ${missing} as well; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY together (or neither, to use the AWS SDK's default credentials)`,
    });
  }
  return { secrets: Object.freeze(secrets), sources, errors };
}
