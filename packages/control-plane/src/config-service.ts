// The control plane's view of its config: the current normalised config parsed once per version,
// and the one write path every change goes through. A write reads the current snapshot, lets
// the caller build the whole next config, validates it with the plugin registry, and commits it
// with the version it was based on. Writes run one at a time; a conflict with another writer
// (a second control plane on a shared store) re-runs the change on the newer config.

import { ENTITY_TYPES, canonicalJson, loadDeclarativeConfig, normaliseConfig } from '@gatehouse/config';
import type { ConfigResult, EntityType, NormalisedConfig, PluginRegistry } from '@gatehouse/config';
import { AdminError, unexpected } from './admin/admin-errors.js';
import { ConfigChanges } from './config-changes.js';
import { serialQueue } from './store/commit-rules.js';
import { StoreError, isUnchanged } from './store/index.js';
import type { CommitResult, ConfigMeta, ConfigStore } from './store/index.js';

export type Entity = Readonly<Record<string, unknown>> & { readonly id: string };

/** One version of the config, read-only, with lazily built indexes. */
export class ConfigSnapshot {
  readonly meta: ConfigMeta | null;
  readonly config: NormalisedConfig;
  readonly #byId = new Map<EntityType, Map<string, Entity>>();
  readonly #byField = new Map<string, Map<string, Entity>>();

  constructor(meta: ConfigMeta | null, config: NormalisedConfig) {
    this.meta = meta;
    this.config = config;
  }

  list(type: EntityType): readonly Entity[] {
    return this.config[type] as unknown as readonly Entity[];
  }

  byId(type: EntityType): ReadonlyMap<string, Entity> {
    let index = this.#byId.get(type);
    if (!index) {
      index = new Map(this.list(type).map((e) => [e.id, e]));
      this.#byId.set(type, index);
    }
    return index;
  }

  /** Entities by a field that is unique across the type (name, username, key ...). */
  byField(type: EntityType, field: string): ReadonlyMap<string, Entity> {
    const key = `${type}\u0000${field}`;
    let index = this.#byField.get(key);
    if (!index) {
      index = new Map();
      for (const e of this.list(type)) if (typeof e[field] === 'string') index.set(e[field], e);
      this.#byField.set(key, index);
    }
    return index;
  }

  isEmpty(): boolean {
    return isEmptyConfig(this.config);
  }
}

export function emptyConfig(): NormalisedConfig {
  const config: Record<string, unknown> = { _format_version: '3.0' };
  for (const type of ENTITY_TYPES) config[type] = [];
  return config as unknown as NormalisedConfig;
}

export function isEmptyConfig(config: NormalisedConfig): boolean {
  return ENTITY_TYPES.every((type) => config[type].length === 0);
}

export interface WriteInput {
  readonly source: string;
  readonly author?: string | undefined;
}

export interface WriteOutcome {
  readonly result: CommitResult;
  /** The current config after the write (the unchanged one when the hash was the same). */
  readonly snapshot: ConfigSnapshot;
}

/** Builds the next config from the current one; throws an AdminError to refuse. */
export type PlanWrite = (current: ConfigSnapshot) => { config: NormalisedConfig; hash: string };

const MAX_CONFLICT_RETRIES = 3;

export class ConfigService {
  readonly store: ConfigStore;
  readonly plugins: PluginRegistry;
  readonly changes: ConfigChanges;
  readonly #enqueue = serialQueue();
  #cached: ConfigSnapshot | undefined;

  constructor(store: ConfigStore, plugins: PluginRegistry, changes: ConfigChanges = new ConfigChanges()) {
    this.store = store;
    this.plugins = plugins;
    this.changes = changes;
  }

  async snapshot(): Promise<ConfigSnapshot> {
    const current = await this.store.current().catch(storeFailure);
    if (current === null) return new ConfigSnapshot(null, emptyConfig());
    const cached = this.#cached;
    if (cached?.meta?.version === current.meta.version && cached.meta.hash === current.meta.hash) return cached;
    const snapshot = new ConfigSnapshot(current.meta, JSON.parse(current.content) as NormalisedConfig);
    this.#cached = snapshot;
    return snapshot;
  }

  /** Plain data (a parsed document) → normalised config or every error. */
  normalise(doc: unknown): ConfigResult {
    return normaliseConfig(doc, { plugins: this.plugins });
  }

  /** YAML or JSON text → normalised config or every error with line:col in `fileName`. */
  load(input: Uint8Array | string, fileName: string): ConfigResult {
    return loadDeclarativeConfig(input, { fileName, plugins: this.plugins, maxBytes: Number.MAX_SAFE_INTEGER });
  }

  /** Applies one change as exactly one new version (or none when the hash is unchanged). */
  write(plan: PlanWrite, input: WriteInput): Promise<WriteOutcome> {
    return this.#enqueue(async () => {
      for (let attempt = 0; ; attempt++) {
        const current = await this.snapshot();
        const next = plan(current);
        try {
          const result = await this.store.commit({
            content: canonicalJson(next.config),
            hash: next.hash,
            source: input.source,
            author: input.author,
            expectVersion: current.meta?.version ?? 0,
          });
          if (isUnchanged(result)) return { result, snapshot: current };
          const snapshot = new ConfigSnapshot(result, next.config);
          this.#cached = snapshot;
          this.changes.emit({ version: result.version, hash: result.hash, config: next.config, meta: result });
          return { result, snapshot };
        } catch (err) {
          if (err instanceof StoreError && err.code === 'GW_ERR_STORE_CONFLICT' && attempt < MAX_CONFLICT_RETRIES) continue;
          throw storeError(err);
        }
      }
    });
  }
}

function storeError(err: unknown): unknown {
  if (!(err instanceof StoreError)) return err;
  if (err.code === 'GW_ERR_STORE_CONFLICT') {
    return new AdminError('GW_ERR_ADMIN_CONFLICT', { message: `${err.message}` }, { cause: err });
  }
  if (err.code === 'GW_ERR_STORE_VERSION_NOT_FOUND') {
    return new AdminError('GW_ERR_ADMIN_VERSION_NOT_FOUND', { message: err.message }, { cause: err });
  }
  return unexpected('GW_ERR_ADMIN_STORE', err);
}

function storeFailure(err: unknown): never {
  throw storeError(err);
}

/** Maps a store failure met outside write() (history, get) the same way. */
export function mapStoreError(err: unknown): unknown {
  return storeError(err);
}
