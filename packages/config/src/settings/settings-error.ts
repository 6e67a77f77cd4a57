// Errors a node's settings can produce. Every code is stable API: the CLI prints them, the docs
// list them (generated from SETTINGS_ERROR_CODES), and callers branch on `code`.

export const SETTINGS_ERROR_CODES = {
  GW_ERR_SETTINGS_FILE_UNREADABLE: 'The conf file could not be read (missing, a directory, or no permission).',
  GW_ERR_SETTINGS_SYNTAX: 'A conf file line is not `key = value` / `key: value`, or a quoted value is malformed.',
  GW_ERR_SETTINGS_UNKNOWN_KEY: 'A conf file key or an override names no setting.',
  GW_ERR_SETTINGS_UNKNOWN_ENV: 'A GATEHOUSE_* environment variable names no setting.',
  GW_ERR_SETTINGS_DUPLICATE_KEY: 'A conf file sets the same key twice.',
  GW_ERR_SETTINGS_SECRET_NOT_FROM_ENV: 'A secret or storage credential was given somewhere other than the environment.',
  GW_ERR_SETTINGS_INVALID_VALUE: 'A value does not have the type of its setting (boolean, duration, listen address, ...).',
  GW_ERR_SETTINGS_STORAGE_UNSUPPORTED: 'The fallback storage URL uses a scheme Gatehouse does not support yet (gcs://).',
  GW_ERR_SETTINGS_ROLE_CONFLICT: 'A setting is not valid for the role of the node.',
  GW_ERR_SETTINGS_ROLE_MISMATCH: 'role disagrees with the role the command starts.',
  GW_ERR_SETTINGS_CONFLICT: 'Two settings contradict each other.',
  GW_ERR_SETTINGS_MISSING: 'A setting that another setting needs is not set.',
} as const;

export type SettingsErrorCode = keyof typeof SETTINGS_ERROR_CODES;

export interface SettingsError {
  readonly code: SettingsErrorCode;
  /** The setting concerned (snake_case), when there is one. */
  readonly key?: string;
  /** Where the offending value came from: "gatehouse.conf:12", "env GATEHOUSE_X", "override", "command". */
  readonly where?: string;
  /** What is wrong and what to change. Never contains a secret. */
  readonly message: string;
  /** The low-level failure behind it (e.g. the fs error of an unreadable file). */
  readonly cause?: unknown;
}

/** One line: `gatehouse.conf:12: cluster_fallback_config_import: only valid with role = data_plane; ...` */
export function formatSettingsError(error: SettingsError): string {
  return [error.where, error.key, error.message].filter((part) => part !== undefined).join(': ');
}

/** A user's value quoted for a message, cut short so a pasted blob does not flood the terminal. */
export function quoteValue(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
