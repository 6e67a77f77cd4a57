// Effective settings with their sources, for `gatehouse` to print or serve. Secrets appear only
// as "<redacted>" with the variable they came from; their values are never read here.
import { formatValue } from './coerce-value.js';
import type { LoadedSettings } from './load-settings.js';
import { SECRET_NAMES } from './secrets.js';
import { formatSource } from './setting-source.js';
import { SETTINGS, SETTING_NAMES } from './settings-schema.js';
import type { SettingDef } from './settings-schema.js';

export const REDACTED = '<redacted>';

export interface DescribedSetting {
  /** Conf-file form of the value ("0.0.0.0:8000, 0.0.0.0:8443 ssl", "on"); null when unset; REDACTED for secrets. */
  readonly value: string | null;
  /** "default" | "gatehouse.conf:12" | "env GATEHOUSE_ROLE" | "override" | "command". */
  readonly source: string;
  readonly secret: boolean;
}

/** Every setting, then every secret that is set, by name. Safe to serialise and log. */
export function redactedSettings(loaded: LoadedSettings): Readonly<Record<string, DescribedSetting>> {
  const out: Record<string, DescribedSetting> = {};
  for (const name of SETTING_NAMES) {
    const def: SettingDef = SETTINGS[name];
    const value: unknown = loaded.settings[name];
    out[name] = {
      value: value === undefined ? null : formatValue(def, value),
      source: formatSource(loaded.sources[name]),
      secret: false,
    };
  }
  for (const name of SECRET_NAMES) {
    const envName = loaded.secretSources[name];
    if (envName !== undefined) out[name] = { value: REDACTED, source: `env ${envName}`, secret: true };
  }
  return out;
}

/** Quotes a value when the conf parser would otherwise misread it. */
function confText(text: string): string {
  return /\s#|^["'#]|^\s|\s$|[\n\r]/.test(text) ? JSON.stringify(text) : text;
}

/**
 * The effective settings as conf-file text, each line commented with its source. Unset settings
 * and secrets are comments, so the output can be saved and loaded as a conf file.
 */
export function describeSettings(loaded: LoadedSettings): string {
  const lines = ['# Effective Gatehouse settings; secrets are never shown.'];
  for (const [name, entry] of Object.entries(redactedSettings(loaded))) {
    if (entry.secret) {
      lines.push(`# ${name} = ${REDACTED}`.padEnd(56) + `  # ${entry.source}`);
    } else if (entry.value === null) {
      lines.push(`# ${name} is not set`);
    } else {
      lines.push(`${name} = ${confText(entry.value)}`.padEnd(56) + `  # ${entry.source}`);
    }
  }
  return lines.join('\n') + '\n';
}
