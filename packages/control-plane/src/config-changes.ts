// The hook the cluster server subscribes to: after every commit that produced a new version,
// listeners get the version, its hash and the normalised config (shared and read-only: never
// modify it). Listeners run synchronously after the commit; one that throws is reported to
// `onListenerError` and never fails the write or stops the other listeners.

import type { NormalisedConfig } from '@gatehouse/config';
import type { ConfigMeta } from './store/index.js';

export interface ConfigChange {
  readonly version: number;
  readonly hash: string;
  readonly config: NormalisedConfig;
  readonly meta: ConfigMeta;
}

export type ConfigChangeListener = (change: ConfigChange) => void;

export class ConfigChanges {
  readonly #listeners = new Set<ConfigChangeListener>();
  readonly #onListenerError: (err: unknown) => void;

  constructor(onListenerError: (err: unknown) => void = () => {}) {
    this.#onListenerError = onListenerError;
  }

  /** Subscribes; the returned function unsubscribes. */
  on(listener: ConfigChangeListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(change: ConfigChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (err) {
        this.#onListenerError(err);
      }
    }
  }
}
