// Effective settings of a node: defaults, then the role the command implies, then the conf
// file, then GATEHOUSE_* variables, then caller overrides (the last one set wins), typed,
// checked across settings, with every error reported at once.
import { readFileSync } from 'node:fs';
import { parseConfFile } from './conf-file.js';
import type { ConfFile } from './conf-file.js';
import { coerceValue } from './coerce-value.js';
import { readSecrets } from './secrets.js';
import type { SecretSources, Secrets } from './secrets.js';
import { readEnvInputs, readOverrides } from './setting-inputs.js';
import type { RawInput } from './setting-inputs.js';
import { formatSource } from './setting-source.js';
import type { SettingSource } from './setting-source.js';
import type { SettingsError } from './settings-error.js';
import { SETTINGS, SETTING_NAMES } from './settings-schema.js';
import type { Role, SettingDef, SettingName, Settings } from './settings-schema.js';
import { isBackupNode, validateSettings } from './validate-settings.js';
import type { SettingsSources } from './validate-settings.js';

export interface ResolveSettingsOptions {
  /** A parsed conf file (see parseConfFile); its errors are reported with the others. */
  readonly conf?: ConfFile;
  /** Defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Highest precedence, e.g. from command-line flags; undefined values are ignored. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** The role the command starts (`gatehouse cp` -> control_plane); used when nothing sets role. */
  readonly roleHint?: Role;
  /** Base for relative paths; defaults to process.cwd(). */
  readonly cwd?: string;
}

export interface LoadSettingsOptions extends Omit<ResolveSettingsOptions, 'conf'> {
  /** Conf file to read; defaults to $GATEHOUSE_CONF; without either only env and defaults apply. */
  readonly file?: string;
}

export interface LoadedSettings {
  readonly ok: true;
  readonly settings: Settings;
  readonly sources: SettingsSources;
  /** Non-enumerable values: never serialised or logged by accident. */
  readonly secrets: Secrets;
  readonly secretSources: SecretSources;
}

export interface SettingsFailure {
  readonly ok: false;
  readonly errors: readonly SettingsError[];
}

export type SettingsResult = LoadedSettings | SettingsFailure;

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

function defaultValue(name: SettingName, def: SettingDef, cwd: string): unknown {
  if (def.default === undefined) return undefined;
  const parsed = coerceValue(def, def.default, cwd);
  if (!parsed.ok) throw new Error(`settings schema: the default of ${name} is invalid: ${parsed.message}`);
  return parsed.value;
}

function inputRank(input: RawInput | undefined): number {
  const source = input?.source;
  if (source?.kind === 'file') return source.line;
  return source?.kind === 'env' ? 1e9 : source?.kind === 'override' ? 2e9 : 0;
}

function layerInputs(options: ResolveSettingsOptions, env: NodeJS.ProcessEnv, errors: SettingsError[]): Map<SettingName, RawInput> {
  const layered = new Map<SettingName, RawInput>();
  if (options.roleHint !== undefined) layered.set('role', { name: 'role', text: options.roleHint, source: { kind: 'role_hint' } });
  const conf = options.conf;
  if (conf !== undefined) {
    errors.push(...conf.errors);
    for (const entry of conf.entries) {
      if (entry.value !== '') layered.set(entry.key, { name: entry.key, text: entry.value, source: { kind: 'file', file: conf.file, line: entry.line } });
    }
  }
  for (const layer of [readEnvInputs(env), readOverrides(options.overrides ?? {})]) {
    errors.push(...layer.errors);
    for (const input of layer.inputs) layered.set(input.name, input);
  }
  return layered;
}

/** Builds settings from an already parsed conf file (or none), the environment and overrides. */
export function resolveSettings(options: ResolveSettingsOptions = {}): SettingsResult {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const errors: SettingsError[] = [];
  const inputs = layerInputs(options, env, errors);
  const secrets = readSecrets(env);
  errors.push(...secrets.errors);
  const failed = new Set(errors.flatMap((error) => (error.key === undefined ? [] : [error.key])));

  const values: Record<string, unknown> = {};
  const sources: Record<string, SettingSource> = {};
  // Parse in the order a user reads: the file top to bottom, then the environment, then overrides.
  for (const name of [...SETTING_NAMES].sort((a, b) => inputRank(inputs.get(a)) - inputRank(inputs.get(b)))) {
    const def: SettingDef = SETTINGS[name];
    const input = inputs.get(name);
    sources[name] = input?.source ?? { kind: 'default' };
    if (input === undefined) {
      values[name] = defaultValue(name, def, cwd);
      continue;
    }
    const parsed = coerceValue(def, input.text, cwd);
    if (parsed.ok) {
      values[name] = parsed.value;
    } else {
      errors.push({ code: parsed.code, key: name, where: formatSource(input.source), message: parsed.message });
      failed.add(name);
    }
  }
  const settings = values as Settings;
  const settingSources = sources as SettingsSources;

  if (options.roleHint !== undefined && !failed.has('role') && settings.role !== options.roleHint) {
    errors.push({
      code: 'GW_ERR_SETTINGS_ROLE_MISMATCH', key: 'role', where: formatSource(settingSources.role),
      message: `the command starts a ${options.roleHint} node but role = ${settings.role}; set role = ${options.roleHint} or remove it`,
    });
    failed.add('role');
  }
  const backupReads = ['role', 'cluster_fallback_config_export', 'cluster_fallback_config_export_allow_proxy'];
  if (!backupReads.some((name) => failed.has(name)) && isBackupNode(settings) && settingSources.proxy_listen.kind === 'default') {
    values.proxy_listen = [];
  }
  errors.push(...validateSettings({ settings, sources: settingSources, failed, secretSources: secrets.sources }));

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, settings: Object.freeze(settings), sources: Object.freeze(settingSources), secrets: secrets.secrets, secretSources: secrets.sources };
}

/** Reads the conf file (if any) and resolves the node's settings. Never throws for user input. */
export function loadSettings(options: LoadSettingsOptions = {}): SettingsResult {
  const env = options.env ?? process.env;
  const fromEnv = env.GATEHOUSE_CONF !== undefined && env.GATEHOUSE_CONF !== '' ? env.GATEHOUSE_CONF : undefined;
  const file = options.file ?? fromEnv;
  if (file === undefined) return resolveSettings({ ...options, env });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? '';
    const reason = FILE_ERRORS[code] ?? (cause instanceof Error ? cause.message : String(cause));
    const origin = options.file === undefined ? ' (named by GATEHOUSE_CONF)' : '';
    const error: SettingsError = {
      code: 'GW_ERR_SETTINGS_FILE_UNREADABLE', where: file,
      message: `cannot read the conf file${origin}: ${reason}; check the path and its permissions`, cause,
    };
    return { ok: false, errors: [error] };
  }
  return resolveSettings({ ...options, env, conf: parseConfFile(text, file) });
}
