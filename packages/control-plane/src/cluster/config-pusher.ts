// Which config goes out, and when: the first change is pushed at once, later ones at most once
// per cluster_push_interval, so a burst of commits becomes one push of the newest version.
// Each version is compressed and framed once, lazily, and the frame is shared by every node.
import { performance } from 'node:perf_hooks';
import { compressConfig, encodeMessage, pluginsInConfig } from '@gatehouse/protocol';
import type { ClusterLogger, SizeLimits } from '@gatehouse/protocol';

export interface PublishInput {
  readonly version: number;
  readonly hash: string;
  /** The normalised config; read, never modified. */
  readonly config: unknown;
}

export interface FrameStats {
  readonly version: number;
  readonly bytes: number;
  readonly size: number;
  readonly compress_ms: number;
}

export class PublishedConfig {
  readonly version: number;
  readonly hash: string;
  /** Plugins the config uses, for the compatibility check. */
  readonly plugins: readonly string[];
  /** performance.now() at publish(). */
  readonly publishedAt: number;
  #config: unknown;
  #released = false;
  #frame: Promise<Buffer | null> | null = null;

  constructor(input: PublishInput) {
    this.version = input.version;
    this.hash = input.hash;
    this.#config = input.config;
    this.plugins = pluginsInConfig(input.config);
    this.publishedAt = performance.now();
  }

  /** The binary config frame, built on first use; null when it cannot be sent (logged). */
  frame(limits: SizeLimits, log: ClusterLogger, onBuilt: (stats: FrameStats) => void): Promise<Buffer | null> {
    this.#frame ??= this.#released ? Promise.resolve(null) : this.#build(limits, log, onBuilt);
    return this.#frame;
  }

  /** Superseded: drop the config and the frame (sends under way hold their own reference). */
  release(): void {
    this.#released = true;
    this.#config = null;
    this.#frame = null;
  }

  async #build(limits: SizeLimits, log: ClusterLogger, onBuilt: (stats: FrameStats) => void): Promise<Buffer | null> {
    const started = performance.now();
    const config = this.#config;
    this.#config = null;
    try {
      const compressed = await compressConfig(config, { expectedHash: this.hash });
      const encoded = encodeMessage({ type: 'config', version: this.version, hash: this.hash, size: compressed.size, payload: compressed.payload }, { from: 'control_plane', limits });
      if (!encoded.ok) {
        log.error({ version: this.version, code: encoded.code }, `config not pushed: ${encoded.error}`);
        return null;
      }
      const frame = encoded.frame as Buffer;
      onBuilt({ version: this.version, bytes: compressed.payload.length, size: compressed.size, compress_ms: performance.now() - started });
      return frame;
    } catch (err) {
      log.error({ version: this.version, err, code: (err as { code?: string }).code }, 'config not pushed: it could not be serialised');
      return null;
    }
  }
}

export interface PusherOptions {
  readonly intervalMs: number;
  readonly logger: ClusterLogger;
  /** Called when a version is due to go out (at once, or at the end of the interval). */
  readonly onPush: (config: PublishedConfig) => void;
}

export class ConfigPusher {
  readonly #options: PusherOptions;
  readonly #recent = new Map<number, PublishedConfig>();
  #current: PublishedConfig | null = null;
  #lastPushAt = -Infinity;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: PusherOptions) {
    this.#options = options;
  }

  get current(): PublishedConfig | null {
    return this.#current;
  }

  /** A recently published version (for ACK latencies). */
  find(version: number): PublishedConfig | undefined {
    return this.#recent.get(version);
  }

  /** Returns false (and logs) for a version not newer than the current one. */
  publish(input: PublishInput): boolean {
    const current = this.#current;
    if (current && input.version <= current.version) {
      if (input.version === current.version && input.hash !== current.hash) {
        this.#options.logger.error({ version: input.version, hash: input.hash, current_hash: current.hash }, 'two configs published under one version; the first is kept');
      }
      return false;
    }
    const published = new PublishedConfig(input);
    current?.release();
    this.#current = published;
    this.#recent.set(published.version, published);
    for (const version of this.#recent.keys()) {
      if (this.#recent.size <= 64) break;
      this.#recent.delete(version);
    }
    if (this.#timer) return true;
    const wait = this.#lastPushAt + this.#options.intervalMs - performance.now();
    if (wait <= 0) this.#push();
    else this.#timer = setTimeout(() => this.#push(), wait);
    return true;
  }

  #push(): void {
    this.#timer = null;
    this.#lastPushAt = performance.now();
    if (this.#current) this.#options.onPush(this.#current);
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
