// Decides what a node does with a config push, before it spends time decompressing it:
// the versions a node ran or is applying only move forward. Pure state, no I/O.

export interface VersionedHash {
  readonly version: number;
  readonly hash: string;
}

export type GateDecision =
  /** New: decompress it and hand it to the consumer. */
  | 'apply'
  /** The config the node already runs: ACK it again, nothing to apply. */
  | 'duplicate'
  /** The config the consumer is applying right now: ignore, its ACK or NACK follows. */
  | 'in_progress'
  /** Older than the one being applied (out of order): ignore. */
  | 'stale'
  /** Older than the one the node runs: refuse (NACK), never go back. */
  | 'outdated'
  /** Same version as the one run or applied, different hash: refuse (NACK). */
  | 'conflict';

export class ConfigGate {
  #running: VersionedHash | null;
  #pending: VersionedHash | null = null;

  /** `running`: the config the node started with (from its cache), if any. */
  constructor(running: VersionedHash | null = null) {
    this.#running = running;
  }

  /** The newest config the node confirmed it runs. */
  get running(): VersionedHash | null {
    return this.#running;
  }

  /** The config handed to the consumer and not yet ACKed or NACKed. */
  get pending(): VersionedHash | null {
    return this.#pending;
  }

  offer(version: number, hash: string): GateDecision {
    const running = this.#running;
    if (running && version < running.version) return 'outdated';
    if (running && version === running.version) return hash === running.hash ? 'duplicate' : 'conflict';
    const pending = this.#pending;
    if (pending && version < pending.version) return 'stale';
    if (pending && version === pending.version) return hash === pending.hash ? 'in_progress' : 'conflict';
    this.#pending = { version, hash };
    return 'apply';
  }

  /** True while `version`/`hash` is still the one to apply (nothing newer arrived meanwhile). */
  isCurrent(version: number, hash: string): boolean {
    return this.#pending?.version === version && this.#pending.hash === hash;
  }

  acked(version: number, hash: string): void {
    if (!this.#running || version >= this.#running.version) this.#running = { version, hash };
    if (this.#pending && this.#pending.version <= version) this.#pending = null;
  }

  /** A NACK (or a failed decompression): a later push of the same version is tried again. */
  nacked(version: number, hash: string): void {
    if (this.isCurrent(version, hash)) this.#pending = null;
  }

  /** Sets what the node runs, e.g. after it loaded a config from its cache or fallback storage. */
  setRunning(running: VersionedHash | null): void {
    this.#running = running;
    if (running && this.#pending && this.#pending.version <= running.version) this.#pending = null;
  }
}
