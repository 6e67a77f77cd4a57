import { ConfigValidationError, documentOrder, sortConfigErrors } from './errors.js';
import type { ConfigError } from './errors.js';
import { configHash } from './hash/canonical-json.js';
import { decodeSource, DEFAULT_MAX_CONFIG_BYTES } from './load/read-source.js';
import { fastParse, fastPathSafe } from './load/fast-parse.js';
import { DEFAULT_MAX_ALIAS_COUNT, parseConfigDocument } from './load/parse-document.js';
import type { Locator } from './load/parse-document.js';
import { checkEntityRules } from './normalise/entity-rules.js';
import { flattenDocument, SUPPORTED_FORMAT_VERSION } from './normalise/flatten.js';
import { linkEntities } from './normalise/link-entities.js';
import { validateRecords } from './normalise/validate-records.js';
import { PluginRegistry } from './plugins/plugin-registry.js';
import { ENTITY_TYPES } from './schema/entities.js';
import type { NormalisedConfig } from './schema/entities.js';

export interface LoadOptions {
  /** Shown in error positions, e.g. `kong.yml:41:9`. */
  fileName?: string;
  /** Plugins whose configs may appear; any other plugin name is an error. */
  plugins?: PluginRegistry;
  maxBytes?: number;
  maxAliasCount?: number;
}

export type ConfigResult =
  | { ok: true; config: NormalisedConfig; hash: string }
  | { ok: false; errors: ConfigError[] };

const EMPTY_REGISTRY = new PluginRegistry();
function placeAll(errors: ConfigError[], doc: unknown, locate: Locator | undefined): ConfigError[] {
  const placed = locate
    ? errors.map((e) => {
        if (e.position) return e;
        const position = locate(e.path, e.code === 'GW_ERR_CONFIG_UNKNOWN_FIELD' || e.code === 'GW_ERR_CONFIG_UNKNOWN_ENTITY');
        return position ? { ...e, position } : e;
      })
    : errors;
  return sortConfigErrors(placed, documentOrder(doc));
}

/**
 * A parsed document (plain data) → the normalised canonical config, or every error in it.
 * The input is not modified.
 */
export function normaliseConfig(doc: unknown, options: LoadOptions = {}): ConfigResult {
  return normaliseOwned(structuredClone(doc), options, undefined);
}

/** Normalises a document this module owns (it is consumed: records are built from its objects). */
function normaliseOwned(doc: unknown, options: LoadOptions, locate: Locator | undefined): ConfigResult {
  const { records, errors } = flattenDocument(doc);
  errors.push(...validateRecords(records, options.plugins ?? EMPTY_REGISTRY));
  errors.push(...linkEntities(records));
  errors.push(...checkEntityRules(records));
  if (errors.length > 0) return { ok: false, errors: placeAll(errors, doc, locate) };

  const config = { _format_version: SUPPORTED_FORMAT_VERSION } as Record<string, unknown>;
  for (const type of ENTITY_TYPES) config[type] = [];
  for (const r of records) (config[r.type] as unknown[]).push(r.data);
  for (const type of ENTITY_TYPES) {
    (config[type] as { id: string }[]).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  const normalised = config as unknown as NormalisedConfig;
  return { ok: true, config: normalised, hash: configHash(normalised) };
}

/** YAML or JSON text or bytes → the normalised config, or every error with its line:col. */
export function loadDeclarativeConfig(input: Uint8Array | string, options: LoadOptions = {}): ConfigResult {
  const source = decodeSource(input, options.fileName, options.maxBytes ?? DEFAULT_MAX_CONFIG_BYTES);
  if (!source.ok) return { ok: false, errors: [source.error] };
  // Fast path: js-yaml builds plain data about eight times faster than a document with
  // positions. Positions are only needed to report errors, and the two parsers could disagree
  // on an invalid file, so any error sends the file through the careful parser, whose errors
  // (and whose reading of the YAML) are the ones reported.
  if (fastPathSafe(source.text)) {
    const fast = fastParse(source.text);
    if (fast.ok) {
      const result = normaliseOwned(fast.data, options, undefined);
      if (result.ok) return result;
    }
  }
  const parsed = parseConfigDocument(source.text, options.fileName, options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT);
  if (!parsed.ok) return { ok: false, errors: sortConfigErrors(parsed.errors) };
  return normaliseOwned(parsed.data, options, parsed.locate);
}

/** Like loadDeclarativeConfig, but throws a ConfigValidationError carrying every error. */
export function loadDeclarativeConfigOrThrow(input: Uint8Array | string, options: LoadOptions = {}): { config: NormalisedConfig; hash: string } {
  const result = loadDeclarativeConfig(input, options);
  if (!result.ok) throw new ConfigValidationError(result.errors);
  return { config: result.config, hash: result.hash };
}
