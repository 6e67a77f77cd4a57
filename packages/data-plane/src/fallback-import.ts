/**
 * Fallback import: a data plane that has never been configured (nothing cached) and cannot
 * reach the control plane reads the newest snapshot from storage. It starts when the first
 * control-plane attempt fails or `timeoutMs` passes without a config, and retries with
 * backoff until either the storage or the control plane delivers (Kong imports once and gives
 * up). Once the node has a config from anywhere, storage is never read again.
 */
import type { ImportedSnapshot } from '@gatehouse/fallback';
import type { Logger } from 'pino';

export interface SnapshotReader {
  readLatest(options?: { minVersion?: number }): Promise<ImportedSnapshot>;
}

export interface FallbackImportOptions {
  readonly reader: SnapshotReader;
  /** cluster_fallback_config_timeout, in ms. */
  readonly timeoutMs: number;
  readonly retry?: { readonly initialMs: number; readonly maxMs: number };
}

export class FallbackImport {
  readonly #opts: FallbackImportOptions;
  readonly #log: Logger;
  /** Whether the node has a config (from anywhere): checked before every read. */
  readonly #configured: () => boolean;
  /** Applies a snapshot; resolves with an error message when the node refused it. */
  readonly #apply: (snapshot: ImportedSnapshot) => Promise<string | null>;
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #closed = false;
  #attempts = 0;
  lastError: string | null = null;

  constructor(opts: FallbackImportOptions, log: Logger, configured: () => boolean, apply: (snapshot: ImportedSnapshot) => Promise<string | null>) {
    this.#opts = opts;
    this.#log = log;
    this.#configured = configured;
    this.#apply = apply;
  }

  /** Arms the timeout; call when the node starts without a config. */
  arm(): void {
    this.#timer = setTimeout(() => this.trigger('the control plane did not send a config in time'), this.#opts.timeoutMs);
    this.#timer.unref();
  }

  /** Starts importing now (e.g. the first control-plane attempt failed). Idempotent. */
  trigger(why: string): void {
    if (this.#running || this.#closed || this.#configured()) return;
    this.#running = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#log.warn({ reason: why }, 'no config and no control plane: importing the newest config from fallback storage');
    void this.#loop();
  }

  async #loop(): Promise<void> {
    const retry = this.#opts.retry ?? { initialMs: 1000, maxMs: 30_000 };
    while (!this.#closed && !this.#configured()) {
      this.#attempts += 1;
      try {
        const snapshot = await this.#opts.reader.readLatest();
        if (this.#closed || this.#configured()) return;
        const refused = await this.#apply(snapshot);
        if (refused === null) return;
        this.lastError = refused;
      } catch (err) {
        const e = err as Error & { code?: string };
        this.lastError = `${e.code ?? 'GW_ERR_FALLBACK_STORAGE'}: ${e.message}`;
        this.#log.error({ code: e.code, attempt: this.#attempts }, `fallback import failed: ${e.message}; retrying until the storage or the control plane answers`);
      }
      const delay = Math.min(retry.maxMs, retry.initialMs * 2 ** Math.min(this.#attempts - 1, 16));
      await new Promise((resolve) => setTimeout(resolve, Math.round(delay * (0.5 + Math.random() / 2))).unref());
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
  }
}
