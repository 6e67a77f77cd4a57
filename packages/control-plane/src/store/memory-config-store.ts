// An in-memory ConfigStore with the same rules as the file store (versions, unchanged hash,
// expectVersion, rollback, keep, closed), for unit tests of the modules that use a store.

import {
  buildMeta,
  checkCommitInput,
  checkExpectedVersion,
  checkRollbackInput,
  checkVersionArg,
  closedError,
  resolveKeep,
  rollbackInput,
  versionNotFound,
} from './commit-rules.js';
import type {
  CommitInput,
  CommitResult,
  ConfigMeta,
  ConfigStore,
  ConfigStoreOptions,
  RollbackInput,
  StoredConfig,
} from './config-store.js';

export class MemoryConfigStore implements ConfigStore {
  readonly #keep: number;
  /** Retained versions, newest first. */
  #versions: StoredConfig[] = [];
  #highWater = 0;
  #closed = false;

  constructor(options: ConfigStoreOptions = {}) {
    this.#keep = resolveKeep(options.keep);
  }

  async current(): Promise<StoredConfig | null> {
    this.#assertOpen();
    return this.#versions[0] ?? null;
  }

  async history(): Promise<ConfigMeta[]> {
    this.#assertOpen();
    return this.#versions.map((v) => v.meta);
  }

  async get(version: number): Promise<StoredConfig> {
    this.#assertOpen();
    checkVersionArg(version);
    return this.#find(version);
  }

  // Each method runs to completion without awaiting, so commits are serialised by the event loop.
  async commit(input: CommitInput): Promise<CommitResult> {
    this.#assertOpen();
    checkCommitInput(input);
    return this.#commitNow(input);
  }

  async rollback(version: number, input: RollbackInput = {}): Promise<CommitResult> {
    this.#assertOpen();
    checkRollbackInput(version, input);
    const old = this.#find(version);
    return this.#commitNow(rollbackInput(version, old.content, old.meta.hash, input));
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw closedError();
  }

  #find(version: number): StoredConfig {
    const found = this.#versions.find((v) => v.meta.version === version);
    if (found === undefined) throw versionNotFound(version, this.#keep);
    return found;
  }

  #commitNow(input: CommitInput): CommitResult {
    const current = this.#versions[0];
    checkExpectedVersion(input.expectVersion, current?.meta.version ?? 0);
    if (current !== undefined && current.meta.hash === input.hash) return { unchanged: current.meta };
    const meta = buildMeta(++this.#highWater, input);
    this.#versions = [Object.freeze({ meta, content: input.content }), ...this.#versions].slice(0, this.#keep);
    return meta;
  }
}
