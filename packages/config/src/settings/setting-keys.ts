// Which names are settings, and the errors for names that are not: typos (with a suggestion)
// and secrets written where only the environment may hold them.
import { closestName } from './closest-name.js';
import { SECRETS, isSecretName, secretEnvNames } from './secrets.js';
import type { SettingsError } from './settings-error.js';
import { SETTING_NAMES, isSettingName } from './settings-schema.js';
import type { SettingName } from './settings-schema.js';

export const ENV_PREFIX = 'GATEHOUSE_';

/** GATEHOUSE_* variables that are not settings but are allowed in the environment. */
export const ENV_ALLOW_LIST = {
  GATEHOUSE_CONF: 'Path of the conf file, used by loadSettings() when no file is passed.',
} as const;

/** GATEHOUSE_PROXY_LISTEN for proxy_listen. */
export function envNameFor(name: SettingName): string {
  return ENV_PREFIX + name.toUpperCase();
}

/**
 * The error for a conf-file or override key that is not a setting: a typo (with a suggestion)
 * or a secret. `place` completes "remove it from the ...".
 */
export function unknownKeyError(key: string, where: string, place: 'conf file' | 'overrides'): SettingsError {
  const lower = key.toLowerCase();
  if (isSecretName(lower)) {
    const what = SECRETS[lower].storage
      ? 'storage credentials come only from the environment'
      : `${lower} is a secret and is read only from the environment`;
    return {
      code: 'GW_ERR_SETTINGS_SECRET_NOT_FROM_ENV', key: lower, where,
      message: `${what}; set ${secretEnvNames(lower)} and remove it from the ${place}`,
    };
  }
  const suggestion = closestName(key, SETTING_NAMES);
  return {
    code: 'GW_ERR_SETTINGS_UNKNOWN_KEY', key, where,
    message: suggestion === undefined ? 'unknown setting; check the name or remove it' : `unknown setting; did you mean ${suggestion}?`,
  };
}

/** The error for a GATEHOUSE_* variable that is neither a setting, a secret nor allow-listed. */
export function unknownEnvError(envName: string): SettingsError {
  const key = envName.slice(ENV_PREFIX.length).toLowerCase();
  const where = `env ${envName}`;
  if (isSecretName(key) && SECRETS[key].storage) {
    return {
      code: 'GW_ERR_SETTINGS_UNKNOWN_ENV', where,
      message: `storage credentials are read from ${secretEnvNames(key)}, without the GATEHOUSE_ prefix; rename the variable`,
    };
  }
  if (isSettingName(key)) {
    return { code: 'GW_ERR_SETTINGS_UNKNOWN_ENV', where, message: `setting variables are upper case; rename it to ${envNameFor(key)}` };
  }
  const suggestion = closestName(key, SETTING_NAMES);
  return {
    code: 'GW_ERR_SETTINGS_UNKNOWN_ENV', where,
    message: suggestion === undefined
      ? `no setting is named ${key}; unset the variable or fix its name`
      : `no setting is named ${key}; did you mean ${envNameFor(suggestion)}?`,
  };
}
