// Raw setting values from the environment (GATEHOUSE_<KEY>) and from caller overrides, before
// they are typed. Empty values are skipped: `GATEHOUSE_ROLE=` means "not set here".
import { SECRETS } from './secrets.js';
import { ENV_ALLOW_LIST, ENV_PREFIX, envNameFor, unknownEnvError, unknownKeyError } from './setting-keys.js';
import type { SettingSource } from './setting-source.js';
import type { SettingsError } from './settings-error.js';
import { isSettingName } from './settings-schema.js';
import type { SettingName } from './settings-schema.js';

export interface RawInput {
  readonly name: SettingName;
  /** Trimmed, never empty. */
  readonly text: string;
  readonly source: SettingSource;
}

export interface RawInputs {
  readonly inputs: readonly RawInput[];
  readonly errors: readonly SettingsError[];
}

const SECRET_ENV_NAMES = new Set<string>(Object.values(SECRETS).flatMap((secret) => secret.env));

export function readEnvInputs(env: NodeJS.ProcessEnv): RawInputs {
  const inputs: RawInput[] = [];
  const errors: SettingsError[] = [];
  const names = Object.keys(env).filter((name) => name.startsWith(ENV_PREFIX)).sort();
  for (const envName of names) {
    if (Object.hasOwn(ENV_ALLOW_LIST, envName) || SECRET_ENV_NAMES.has(envName)) continue;
    const key = envName.slice(ENV_PREFIX.length).toLowerCase();
    if (!isSettingName(key) || envNameFor(key) !== envName) {
      errors.push(unknownEnvError(envName));
      continue;
    }
    const text = (env[envName] ?? '').trim();
    if (text !== '') inputs.push({ name: key, text, source: { kind: 'env', name: envName } });
  }
  return { inputs, errors };
}

/** Overrides may be conf-syntax strings or typed values: booleans, numbers, JSON objects, string lists. */
function overrideText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ');
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return JSON.stringify(value);
  return undefined;
}

export function readOverrides(overrides: Readonly<Record<string, unknown>>): RawInputs {
  const inputs: RawInput[] = [];
  const errors: SettingsError[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined || value === null) continue;
    if (!isSettingName(key)) {
      errors.push(unknownKeyError(key, 'override', 'overrides'));
      continue;
    }
    const text = overrideText(value);
    if (text === undefined) {
      errors.push({
        code: 'GW_ERR_SETTINGS_INVALID_VALUE', key, where: 'override',
        message: 'expected a string, boolean, number, list of strings or JSON object',
      });
    } else if (text !== '') {
      inputs.push({ name: key, text, source: { kind: 'override' } });
    }
  }
  return { inputs, errors };
}
