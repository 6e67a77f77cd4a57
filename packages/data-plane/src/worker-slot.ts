/**
 * One place in the worker pool: the process currently filling it (replaced when it dies), what
 * that process reported, and the restart backoff. A slot keeps its index for the node's life,
 * so logs and /status can follow "worker 2" across restarts.
 */
import type { Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { PrimaryMessage, Running, WireMeta, WorkerMessage, WorkerStats } from './worker-messages.js';

/** forking: no hello yet; starting: init sent; serving: listening; stopping: drain sent; down: no process. */
export type SlotState = 'forking' | 'starting' | 'serving' | 'stopping' | 'down';

export interface RestartPolicy {
  /** At most one restart per this interval per slot; default 1 s. */
  readonly minIntervalMs: number;
  /** A worker that keeps dying waits twice as long each time, up to this; default 30 s. */
  readonly maxDelayMs: number;
  /** A worker that lived this long before dying counts as healthy: the backoff starts over; default 10 s. */
  readonly healthyAfterMs: number;
}

export const DEFAULT_RESTART: RestartPolicy = { minIntervalMs: 1000, maxDelayMs: 30_000, healthyAfterMs: 10_000 };

export class WorkerSlot {
  readonly index: number;
  worker: Worker | null = null;
  pid: number | null = null;
  state: SlotState = 'down';
  /** The config the worker last reported running. */
  running: Running | null = null;
  /** The apply sent and not answered yet. */
  inflight: { readonly seq: number; readonly meta: WireMeta } | null = null;
  /** The config sent with init (the start counts as applying it). */
  initMeta: WireMeta | null = null;
  stats: WorkerStats | null = null;
  restarts = 0;
  startedAt = 0;
  restartTimer: NodeJS.Timeout | null = null;
  lastExit: { readonly pid: number | null; readonly code: number | null; readonly signal: string | null; readonly at: string } | null = null;
  #quickDeaths = 0;
  /** Questions to the process (stats, metrics) by sequence number, answered by reply or timeout. */
  readonly #asks = new Map<number, (message: WorkerMessage | null) => void>();
  readonly #log: Logger;
  #exited: { readonly promise: Promise<void>; readonly resolve: () => void } | null = null;

  constructor(index: number, log: Logger) {
    this.index = index;
    this.#log = log;
  }

  /** Call when a process takes the slot. */
  filled(worker: Worker, now: number): void {
    this.worker = worker;
    this.pid = worker.process.pid ?? null;
    this.state = 'forking';
    this.running = null;
    this.inflight = null;
    this.initMeta = null;
    this.stats = null;
    this.startedAt = now;
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    this.#exited = { promise, resolve };
  }

  /** Call when its process exited; returns how long to wait before the replacement. */
  emptied(code: number | null, signal: string | null, now: number, policy: RestartPolicy): number {
    for (const done of [...this.#asks.values()]) done(null);
    this.#exited?.resolve();
    this.lastExit = { pid: this.pid, code, signal, at: new Date(now).toISOString() };
    this.worker = null;
    this.state = 'down';
    this.running = null;
    this.inflight = null;
    this.stats = null;
    const lived = now - this.startedAt;
    this.#quickDeaths = lived >= policy.healthyAfterMs ? 0 : this.#quickDeaths + 1;
    if (this.#quickDeaths <= 1) return Math.max(0, policy.minIntervalMs - lived);
    return Math.min(policy.maxDelayMs, policy.minIntervalMs * 2 ** (this.#quickDeaths - 1));
  }

  /** Sends if the process is there to listen; a process that is going away just misses it. */
  send(message: PrimaryMessage): void {
    if (!this.worker?.isConnected()) return;
    this.worker.send(message, undefined, (err) => {
      if (err) this.#log.debug({ err, slot: this.index }, 'could not reach a worker (it is exiting)');
    });
  }

  /** Asks the process to stop accepting and finish its requests within `graceMs`, then exit. */
  drain(graceMs: number): void {
    this.state = 'stopping';
    this.send({ type: 'drain', grace_ms: graceMs });
  }

  /** Resolves when the process exited, or after `ms`. */
  async exited(ms: number): Promise<void> {
    if (!this.worker || !this.#exited) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#exited.promise, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  /** Sends a question; resolves with the reply, or null after `timeoutMs` or when the process exits. */
  ask(message: PrimaryMessage & { seq: number }, timeoutMs: number): Promise<WorkerMessage | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), timeoutMs);
      const done = (reply: WorkerMessage | null) => {
        clearTimeout(timer);
        this.#asks.delete(message.seq);
        resolve(reply);
      };
      this.#asks.set(message.seq, done);
      this.send(message);
    });
  }

  answer(reply: WorkerMessage & { seq: number }): void {
    this.#asks.get(reply.seq)?.(reply);
  }

  describe(): string {
    return `worker ${this.index}${this.pid ? ` (pid ${this.pid})` : ''}`;
  }

  /** Its /status entry. */
  status(): Record<string, unknown> {
    const s = this.stats;
    return {
      slot: this.index,
      pid: this.worker ? this.pid : null,
      state: this.state,
      config: this.running,
      connections_active: s?.connections_active ?? null,
      requests: s?.requests ?? null,
      memory: s ? { rss: s.rss, heap_used: s.heap_used } : null,
      started_at: this.worker ? new Date(this.startedAt).toISOString() : null,
      restarts: this.restarts,
      last_exit: this.lastExit,
    };
  }
}
