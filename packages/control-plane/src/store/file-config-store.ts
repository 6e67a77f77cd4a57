// The embedded ConfigStore: files under the control plane's prefix directory, one process.
//
// A commit writes the version file durably, then the `current` pointer durably (both with
// writeFileAtomic), and only then reports success and prunes old versions. Whenever the
// process dies, the next open() finds either the previous or the new version as current.
// The index (metadata of retained versions) and the current content live in memory; older
// contents are read from disk on demand and re-validated on every read.

import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import {
  buildMeta,
  checkCommitInput,
  checkExpectedVersion,
  checkRollbackInput,
  checkVersionArg,
  closedError,
  resolveKeep,
  rollbackInput,
  serialQueue,
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
import { recoverStore } from './recover-store.js';
import type { RecoveryNote } from './recover-store.js';
import { StoreError } from './store-error.js';
import { readVersion, removeFile, storeLayout } from './store-layout.js';
import type { StoreLayout } from './store-layout.js';
import { encodePointer, encodeRecord, versionFileName } from './version-record.js';

export interface OpenedFileConfigStore {
  readonly store: FileConfigStore;
  /** Set when open() had to repair the directory; log it as a warning. */
  readonly recovered: RecoveryNote | null;
}

export class FileConfigStore implements ConfigStore {
  readonly dir: string;
  readonly #layout: StoreLayout;
  readonly #keep: number;
  readonly #enqueue = serialQueue();
  #current: StoredConfig | null;
  #history: ConfigMeta[];
  #highWater: number;
  #closed = false;

  private constructor(layout: StoreLayout, keep: number, current: StoredConfig | null, history: ConfigMeta[], highWater: number) {
    this.dir = layout.dir;
    this.#layout = layout;
    this.#keep = keep;
    this.#current = current;
    this.#history = history;
    this.#highWater = highWater;
  }

  /**
   * Opens (and creates if missing) the store in `dir`, recovering from an interrupted write
   * or corrupt files. Only one process may use a directory at a time.
   */
  static async open(dir: string, options: ConfigStoreOptions = {}): Promise<OpenedFileConfigStore> {
    const keep = resolveKeep(options.keep);
    const layout = storeLayout(dir);
    const state = await recoverStore(layout, keep);
    const store = new FileConfigStore(layout, keep, state.current, state.history, state.highWater);
    return { store, recovered: state.recovered };
  }

  async current(): Promise<StoredConfig | null> {
    this.#assertOpen();
    return this.#current;
  }

  async history(): Promise<ConfigMeta[]> {
    this.#assertOpen();
    return [...this.#history];
  }

  async get(version: number): Promise<StoredConfig> {
    this.#assertOpen();
    checkVersionArg(version);
    return this.#read(version);
  }

  async commit(input: CommitInput): Promise<CommitResult> {
    this.#assertOpen();
    checkCommitInput(input);
    return this.#enqueue(() => this.#commitNow(input));
  }

  async rollback(version: number, input: RollbackInput = {}): Promise<CommitResult> {
    this.#assertOpen();
    checkRollbackInput(version, input);
    return this.#enqueue(async () => {
      const old = await this.#read(version);
      return this.#commitNow(rollbackInput(version, old.content, old.meta.hash, input));
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#enqueue(async () => undefined);
  }

  #assertOpen(): void {
    if (this.#closed) throw closedError();
  }

  async #read(version: number): Promise<StoredConfig> {
    if (this.#current?.meta.version === version) return this.#current;
    const meta = this.#history.find((m) => m.version === version);
    if (meta === undefined) throw versionNotFound(version, this.#keep);
    const record = await readVersion(this.#layout, meta);
    if (record === undefined) throw versionNotFound(version, this.#keep);
    if (!record.ok) {
      throw new StoreError(
        'GW_ERR_STORE_CORRUPT',
        `version ${version} is unreadable (${record.reason}) in ${this.#layout.versions}; ` +
          'restart the control plane to set the file aside, or roll back to another version',
      );
    }
    return record.value;
  }

  async #commitNow(input: CommitInput): Promise<CommitResult> {
    const current = this.#current;
    checkExpectedVersion(input.expectVersion, current?.meta.version ?? 0);
    if (current !== null && current.meta.hash === input.hash) return { unchanged: current.meta };
    // Reserved before writing: a failed write never lets this process reuse the number.
    const version = ++this.#highWater;
    const meta = buildMeta(version, input);
    await writeFileAtomic(join(this.#layout.versions, versionFileName(meta)), encodeRecord(meta, input.content));
    await writeFileAtomic(this.#layout.pointer, encodePointer(meta));
    this.#current = Object.freeze({ meta, content: input.content });
    this.#history.unshift(meta);
    await this.#prune();
    return meta;
  }

  /** Deletes versions beyond `keep`; the new current is durable already. */
  async #prune(): Promise<void> {
    for (const old of this.#history.splice(this.#keep)) {
      // Best effort: the commit has succeeded; a file left behind is pruned at the next open.
      await removeFile(join(this.#layout.versions, versionFileName(old))).catch(() => undefined);
    }
  }
}
