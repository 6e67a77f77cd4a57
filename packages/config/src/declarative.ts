import { ConfigValidationError, sortConfigErrors } from './errors.js';
import type { ConfigError } from './errors.js';
import { configHash } from './hash/canonical-json.js';
import { decodeSource, DEFAULT_MAX_CONFIG_BYTES } from './load/read-source.js';
import { DEFAULT_MAX_ALIAS_COUNT, parseConfigDocument } from './load/parse-document.js';
import type { Locator } from './load/parse-document.js';
import { checkEntityRules } from './normalise/entity-rules.js';
import { flattenDocument, SUPPORTED_FORMAT_VERSION } from './normalise/flatten.js';
import { linkEntities } from './normalise/link-entities.js';
import { validateRecords } from './normalise/validate-records.js';
import { PluginRegistry } from './plugins/plugin-registry.js';
import { ENTITIES, ENTITY_TYPES } from './schema/entities.js';
import type { EntityType, NormalisedConfig } from './schema/entities.js';

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
/** Kong exports carry these; they say when, not what, so they are not part of the config. */
const DROPPED_FIELDS = new Set(['created_at', 'updated_at']);
const FIELD_ORDER = new Map(ENTITY_TYPES.map((t) => [t, Object.keys(ENTITIES[t].schema['properties'] as object)]));

/** The entity with its fields in schema order (id first), for readable output. */
function inSchemaOrder(data: Record<string, unknown>, type: EntityType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of FIELD_ORDER.get(type)!) if (!DROPPED_FIELDS.has(field)) out[field] = data[field];
  return out;
}

function locateAll(errors: ConfigError[], locate: Locator | undefined): ConfigError[] {
  if (!locate) return sortConfigErrors(errors);
  return sortConfigErrors(
    errors.map((e) => {
      if (e.position) return e;
      const position = locate(e.path, e.code === 'GW_ERR_CONFIG_UNKNOWN_FIELD' || e.code === 'GW_ERR_CONFIG_UNKNOWN_ENTITY');
      return position ? { ...e, position } : e;
    }),
  );
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
  if (errors.length > 0) return { ok: false, errors: locateAll(errors, locate) };

  const config = { _format_version: SUPPORTED_FORMAT_VERSION } as Record<string, unknown>;
  for (const type of ENTITY_TYPES) config[type] = [];
  for (const r of records) (config[r.type] as unknown[]).push(inSchemaOrder(r.data, r.type));
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
