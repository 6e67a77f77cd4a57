// The backup node's export loop. The first config after start is written at once; after that,
// a change opens a window of `delayMs` (cluster_fallback_config_export_delay) and only the
// newest config scheduled within the window is written when it closes. The window is not
// extended by further changes, so a steady stream of changes still exports every `delayMs`.
// A failed export is retried with exponential backoff (the newest pending config wins);
// one export runs at a time.
import { FallbackError } from './fallback-error.js';
import type { FallbackErrorCode } from './fallback-error.js';
import { silentLogger } from './fallback-logger.js';
import type { FallbackLogger } from './fallback-logger.js';
import type { ExportMeta, ExportResult } from './snapshot-export.js';

export interface ExporterOptions {
  /** Anything with SnapshotStore's export(). */
  readonly store: { export(config: object, meta: ExportMeta): Promise<ExportResult> };
  /** cluster_fallback_config_export_delay in milliseconds. */
  readonly delayMs: number;
  /** First retry after a failure; doubles up to maxRetryDelayMs. Defaults 1 s and 60 s. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  readonly logger?: FallbackLogger;
  /** Called after every attempt (for metrics and tests). */
  readonly onAttempt?: (outcome: ExportAttempt) => void;
}

export type ExportAttempt =
  | { readonly ok: true; readonly version: number; readonly result: ExportResult }
  | { readonly ok: false; readonly version: number; readonly error: FallbackError; readonly retryInMs: number | undefined };

export interface ExporterStats {
  /** Snapshots written. */
  readonly exports: number;
  /** Attempts that failed. */
  readonly failures: number;
  /** Configs replaced by a newer one before they were written. */
  readonly coalesced: number;
  /** Exports that wrote nothing because storage was already at or past the version. */
  readonly skipped: number;
  readonly last_error: { readonly code: string; readonly message: string; readonly at: string } | null;
  readonly last_exported_version: number | null;
  readonly pending_version: number | null;
}

interface Pending {
  readonly config: object;
  readonly meta: ExportMeta;
}

/** Failures that retrying cannot fix: the input itself is wrong. */
const PERMANENT: ReadonlySet<FallbackErrorCode> = new Set<FallbackErrorCode>(['GW_ERR_FALLBACK_BAD_INPUT']);

export class Exporter {
  readonly #options: ExporterOptions;
  readonly #logger: FallbackLogger;
  #pending: Pending | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #started = false;
  #closed = false;
  #retries = 0;
  #lastVersion: number | undefined;
  #stats = { exports: 0, failures: 0, coalesced: 0, skipped: 0 };
  #lastError: ExporterStats['last_error'] = null;
  #lastErrorObject: FallbackError | undefined;
  #runningVersion: number | undefined;

  constructor(options: ExporterOptions) {
    if (!(options.delayMs >= 0)) throw new FallbackError('GW_ERR_FALLBACK_BAD_INPUT', `export delay must be >= 0 ms, not ${options.delayMs}`);
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  /** Queues a config for export; never throws and never blocks. Older versions than the pending or last written one are ignored. */
  scheduleExport(config: object, meta: ExportMeta): void {
    if (this.#closed) return;
    const newest = Math.max(this.#lastVersion ?? -1, this.#runningVersion ?? -1);
    if (meta.version <= newest) return;
    if (this.#pending !== undefined) {
      if (meta.version <= this.#pending.meta.version) return;
      this.#stats.coalesced++;
    }
    this.#pending = { config, meta };
    if (!this.#started) {
      this.#started = true;
      this.#arm(0);
    } else if (this.#timer === undefined && this.#running === undefined) {
      this.#arm(this.#options.delayMs);
    }
  }

  /** Writes the pending config now (skipping the window) and waits; rejects when that export fails (a retry stays scheduled). */
  async flush(): Promise<void> {
    if (this.#running !== undefined) await this.#running;
    if (this.#pending === undefined) return;
    this.#disarm();
    const version = this.#pending.meta.version;
    await this.#run();
    if (this.#lastVersion === undefined || this.#lastVersion < version) {
      throw this.#lastErrorObject ?? new FallbackError('GW_ERR_FALLBACK_STORAGE', `fallback: export of version ${version} did not complete`);
    }
  }

  /** Stops the timers, waits for a running export and writes a pending one once (a failure is logged). */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } catch (err) {
      this.#logger.warn({ err, version: this.#pending?.meta.version }, 'fallback: pending export lost at close');
    }
    this.#closed = true;
    this.#disarm();
    this.#pending = undefined;
  }

  stats(): ExporterStats {
    return { ...this.#stats, last_error: this.#lastError, last_exported_version: this.#lastVersion ?? null, pending_version: this.#pending?.meta.version ?? null };
  }

  #arm(ms: number): void {
    this.#disarm();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#run();
    }, ms);
    this.#timer.unref();
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** One attempt on the pending config; never rejects. */
  #run(): Promise<void> {
    if (this.#running !== undefined) return this.#running;
    const job = this.#pending;
    if (job === undefined || this.#closed) return Promise.resolve();
    this.#pending = undefined;
    this.#runningVersion = job.meta.version;
    this.#running = this.#attempt(job).finally(() => {
      this.#running = undefined;
      this.#runningVersion = undefined;
      if (this.#pending !== undefined && this.#timer === undefined && !this.#closed) this.#arm(this.#nextDelay());
    });
    return this.#running;
  }

  #nextDelay(): number {
    if (this.#retries === 0) return this.#options.delayMs;
    const base = this.#options.retryDelayMs ?? 1000;
    return Math.min(this.#options.maxRetryDelayMs ?? 60_000, base * 2 ** (this.#retries - 1));
  }

  async #attempt(job: Pending): Promise<void> {
    const { version } = job.meta;
    let outcome: ExportAttempt;
    try {
      const result = await this.#options.store.export(job.config, job.meta);
      this.#retries = 0;
      this.#lastErrorObject = undefined;
      this.#lastVersion = Math.max(this.#lastVersion ?? version, version);
      if (result.written) this.#stats.exports++;
      else this.#stats.skipped++;
      outcome = { ok: true, version, result };
    } catch (err) {
      const error = err instanceof FallbackError ? err : new FallbackError('GW_ERR_FALLBACK_STORAGE', `fallback: export of version ${version} failed`, { cause: err });
      this.#stats.failures++;
      this.#lastErrorObject = error;
      this.#lastError = { code: error.code, message: error.message, at: new Date().toISOString() };
      const permanent = PERMANENT.has(error.code);
      if (!permanent) {
        this.#retries++;
        this.#pending ??= job; // a newer config scheduled meanwhile replaces the failed one
      }
      const retryInMs = permanent ? undefined : this.#nextDelay();
      this.#logger.error({ err: error, version, retryInMs }, permanent ? 'fallback: export failed; not retried' : 'fallback: export failed; will retry');
      outcome = { ok: false, version, error, retryInMs };
    }
    try {
      this.#options.onAttempt?.(outcome);
    } catch (err) {
      this.#logger.warn({ err }, 'fallback: onAttempt callback threw');
    }
  }
}
