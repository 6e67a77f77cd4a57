// Turns a setting's text (from the conf file, the environment, an override or its default) into
// its typed value, and back into conf syntax for describeSettings().
import { resolve } from 'node:path';
import { closestName } from './closest-name.js';
import { formatHostPort, formatListenList, parseHostPort, parseListenList } from './listen-address.js';
import type { HostPort, ListenAddress, Parsed } from './listen-address.js';
import { quoteValue } from './settings-error.js';
import type { SettingsErrorCode } from './settings-error.js';
import type { SettingDef } from './settings-schema.js';
import { parseStorageUrl } from './storage-url.js';
import type { StorageLocation } from './storage-url.js';

export type Coerced =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: SettingsErrorCode; readonly message: string };

const ok = (value: unknown): Coerced => ({ ok: true, value });
const bad = (message: string): Coerced => ({ ok: false, code: 'GW_ERR_SETTINGS_INVALID_VALUE', message });
const fromParsed = (parsed: Parsed<unknown>): Coerced => (parsed.ok ? ok(parsed.value) : bad(parsed.message));

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

function parseBoolean(text: string): Coerced {
  const lower = text.toLowerCase();
  if (lower === 'on' || lower === 'true') return ok(true);
  if (lower === 'off' || lower === 'false') return ok(false);
  return bad(`expected on or off (or true/false), got ${quoteValue(text)}`);
}

function parseInteger(text: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): Coerced {
  const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) return bad(`expected a whole number, got ${quoteValue(text)}`);
  if (value < min) return bad(`must be at least ${min}, got ${value}`);
  if (value > max) return bad(`must be at most ${max}, got ${value}`);
  return ok(value);
}

function parseIntegerOrAuto(text: string, min: number, max: number): Coerced {
  if (text.toLowerCase() === 'auto') return ok('auto');
  if (!/^-?\d+$/.test(text)) return bad(`expected auto or a whole number from ${min} to ${max}, got ${quoteValue(text)}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) return bad(`expected auto or a whole number from ${min} to ${max}, got ${value}`);
  return ok(value);
}

function parseEnum(text: string, values: readonly string[]): Coerced {
  if (values.includes(text)) return ok(text);
  const suggestion = closestName(text, values);
  const hint = suggestion === undefined ? '' : `; did you mean ${suggestion}?`;
  return bad(`expected one of ${values.join(', ')}, got ${quoteValue(text)}${hint}`);
}

function parseDuration(text: string, min: number | undefined, positive: boolean): Coerced {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text);
  if (match?.[1] === undefined) {
    return bad(`expected a duration in seconds such as 60 (units ms, s, m, h also work: 30s, 5m), got ${quoteValue(text)}`);
  }
  const seconds = Number(match[1]) * (DURATION_UNITS[match[2] ?? 's'] ?? 1);
  if (positive && seconds <= 0) return bad('must be more than 0 seconds');
  if (min !== undefined && seconds < min) return bad(`must be at least ${min} seconds, got ${seconds}`);
  return ok(seconds);
}

function parseJsonObject(text: string): Coerced {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return bad(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return bad(`expected a JSON object such as {"ServerSideEncryption":"aws:kms"}, got ${got}`);
  }
  return ok(value);
}

function parseControlPlaneAddress(text: string): Coerced {
  if (text.includes('://')) return bad('expected host:port without a scheme, such as cp.example.com:8005');
  const parsed = parseHostPort(text, 1);
  return parsed.ok ? ok(parsed.value) : bad(`${parsed.message} (expected host:port such as cp.example.com:8005)`);
}

/** Parses `text` (already unquoted and trimmed, never empty) as a value of `def`. */
export function coerceValue(def: SettingDef, text: string, cwd: string): Coerced {
  switch (def.kind) {
    case 'string':
      return ok(text);
    case 'path':
      return text.includes('\0') ? bad('a path must not contain a NUL character') : ok(resolve(cwd, text));
    case 'boolean':
      return parseBoolean(text);
    case 'integer':
      return parseInteger(text, def.min, def.max);
    case 'integer_or_auto':
      return parseIntegerOrAuto(text, def.min, def.max);
    case 'enum':
      return parseEnum(text, def.values);
    case 'listen':
      return fromParsed(parseListenList(text));
    case 'duration':
      return parseDuration(text, def.min, def.positive ?? false);
    case 'json_object':
      return parseJsonObject(text);
    case 'host_port':
      return parseControlPlaneAddress(text);
    case 'storage_url': {
      const parsed = parseStorageUrl(text);
      if (parsed.ok) return ok(parsed.value);
      return { ok: false, code: parsed.unsupported ? 'GW_ERR_SETTINGS_STORAGE_UNSUPPORTED' : 'GW_ERR_SETTINGS_INVALID_VALUE', message: parsed.message };
    }
  }
}

/** A typed value of `def` written as it would be in the conf file (before any quoting). */
export function formatValue(def: SettingDef, value: unknown): string {
  switch (def.kind) {
    case 'boolean':
      return value === true ? 'on' : 'off';
    case 'listen':
      return formatListenList(value as readonly ListenAddress[]);
    case 'json_object':
      return JSON.stringify(value);
    case 'host_port':
      return formatHostPort(value as HostPort);
    case 'storage_url':
      return (value as StorageLocation).url;
    default:
      return String(value);
  }
}
