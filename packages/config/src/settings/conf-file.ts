// The conf file every node reads:
//
//   # a comment
//   role = data_plane
//   cluster_control_plane: cp.example.com:8005     # trailing comment
//   cluster_server_name = "cp # one"                # '#' inside quotes is kept
//   cluster_fallback_config_import = on
//
// `key = value` or `key: value`; values may be "double-quoted" (escapes \" \\ \n \t) or
// 'single-quoted' (no escapes). An unquoted value ends at ` #`. An empty value means "not set".
import { unknownKeyError } from './setting-keys.js';
import type { SettingsError } from './settings-error.js';
import { isSettingName } from './settings-schema.js';
import type { SettingName } from './settings-schema.js';

export interface ConfEntry {
  readonly key: SettingName;
  /** Unquoted and trimmed; "" when the line gives no value. */
  readonly value: string;
  readonly line: number;
}

export interface ConfFile {
  /** The file name used in messages, e.g. "gatehouse.conf" or "/etc/gatehouse/gatehouse.conf". */
  readonly file: string;
  /** Entries for known settings, in file order. */
  readonly entries: readonly ConfEntry[];
  /** Syntax errors, unknown keys, duplicates and secrets in the file; empty when all is well. */
  readonly errors: readonly SettingsError[];
}

type ValueParse = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };
const AFTER_QUOTE = /^\s*(#.*)?$/;

function parseDoubleQuoted(rest: string): ValueParse {
  let value = '';
  for (let i = 1; i < rest.length; i++) {
    const char = rest[i] ?? '';
    if (char === '"') {
      return AFTER_QUOTE.test(rest.slice(i + 1)) ? { ok: true, value } : { ok: false, message: 'unexpected text after the closing quote' };
    }
    if (char === '\\') {
      const escaped = ESCAPES[rest[i + 1] ?? ''];
      if (escaped === undefined) return { ok: false, message: 'unknown escape in a double-quoted value; use \\" \\\\ \\n or \\t' };
      value += escaped;
      i++;
    } else {
      value += char;
    }
  }
  return { ok: false, message: 'missing closing " (a quoted value must end on the same line)' };
}

function parseSingleQuoted(rest: string): ValueParse {
  const close = rest.indexOf("'", 1);
  if (close < 0) return { ok: false, message: "missing closing ' (a quoted value must end on the same line)" };
  if (!AFTER_QUOTE.test(rest.slice(close + 1))) return { ok: false, message: 'unexpected text after the closing quote' };
  return { ok: true, value: rest.slice(1, close) };
}

/** `rest` is the text after the separator, without leading whitespace. */
function parseValue(rest: string): ValueParse {
  if (rest.startsWith('"')) return parseDoubleQuoted(rest);
  if (rest.startsWith("'")) return parseSingleQuoted(rest);
  if (rest.startsWith('#')) return { ok: true, value: '' };
  const comment = /\s#/.exec(rest);
  return { ok: true, value: (comment === null ? rest : rest.slice(0, comment.index)).trim() };
}

/**
 * Parses conf-file text. Never throws: every problem becomes an error carrying
 * `where: "<fileName>:<line>"`, and parsing goes on so that all of them are reported at once.
 */
export function parseConfFile(text: string, fileName: string): ConfFile {
  const entries: ConfEntry[] = [];
  const errors: SettingsError[] = [];
  const firstLine = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const where = `${fileName}:${line}`;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = /^([^\s=:#"']+)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (match?.[1] === undefined || match[2] === undefined) {
      errors.push({ code: 'GW_ERR_SETTINGS_SYNTAX', where, message: 'expected "key = value" or "key: value"' });
      return;
    }
    const key = match[1];
    if (!isSettingName(key)) {
      errors.push(unknownKeyError(key, where, 'conf file'));
      return;
    }
    const first = firstLine.get(key);
    if (first !== undefined) {
      errors.push({
        code: 'GW_ERR_SETTINGS_DUPLICATE_KEY', key, where,
        message: `set twice, on lines ${first} and ${line}; remove one of them`,
      });
      return;
    }
    firstLine.set(key, line);
    const value = parseValue(match[2]);
    if (!value.ok) {
      errors.push({ code: 'GW_ERR_SETTINGS_SYNTAX', key, where, message: value.message });
      return;
    }
    entries.push({ key, value: value.value, line });
  });
  return { file: fileName, entries, errors };
}
