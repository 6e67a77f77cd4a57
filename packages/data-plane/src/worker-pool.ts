/**
 * The primary side of a multi-process data plane: forks `size` proxy workers with node:cluster
 * (sharing the proxy listen sockets), hands each the node's config and every later one, and
 * says when all run it — the node ACKs only then. A config one worker refuses is rolled back on
 * the others. A dead worker is replaced (at most once a second per slot, backing off while it
 * keeps dying) and gets the current config before it listens. close() drains them all.
 */
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import type { NormalisedConfig } from '@gatehouse/config';
import type { ConfigMeta } from '@gatehouse/gateway';
import type { Logger } from 'pino';
import { ConfigRollout, sameConfig } from './config-rollout.js';
import type { RolloutResult } from './config-rollout.js';
import { parseWorkerMessage } from './worker-messages.js';
import type { MetricJson, WireConfig, WorkerSettings } from './worker-messages.js';
import { DEFAULT_RESTART, WorkerSlot } from './worker-slot.js';
import type { RestartPolicy } from './worker-slot.js';

export type Scheduling = 'rr' | 'none';

export interface WorkerPoolOptions {
  readonly size: number;
  readonly settings: WorkerSettings;
  /** This build's version: a worker of another build (the installation changed on disk) is refused. */
  readonly version: string;
  readonly logger: Logger;
  /** How node:cluster hands out connections; NODE_CLUSTER_SCHED_POLICY still wins when set. */
  readonly scheduling: Scheduling;
  /** How long every worker gets to run a new config; default 60 s. */
  readonly applyTimeoutMs?: number;
  readonly restart?: RestartPolicy;
}

export class WorkerPool {
  readonly scheduling: Scheduling;
  readonly #opts: WorkerPoolOptions;
  readonly #log: Logger;
  readonly #slots: WorkerSlot[];
  readonly #rollout = new ConfigRollout();
  #seq = 0;
  #startup: { resolve: () => void; reject: (err: Error) => void } | null = null;
  #closing = false;

  private constructor(opts: WorkerPoolOptions) {
    this.#opts = opts;
    this.#log = opts.logger.child({ component: 'worker-pool' });
    this.#slots = Array.from({ length: opts.size }, (_, i) => new WorkerSlot(i, this.#log));
    if (process.env['NODE_CLUSTER_SCHED_POLICY'] === undefined) cluster.schedulingPolicy = opts.scheduling === 'rr' ? cluster.SCHED_RR : cluster.SCHED_NONE;
    this.scheduling = cluster.schedulingPolicy === cluster.SCHED_RR ? 'rr' : 'none';
  }

  /** Forks every worker; resolves once all listen, rejects (and stops them) if one cannot start. */
  static async start(opts: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(opts);
    pool.#log.info({ workers: opts.size, scheduling: pool.scheduling }, 'starting proxy worker processes');
    try {
      await new Promise<void>((resolve, reject) => {
        pool.#startup = { resolve, reject };
        for (const slot of pool.#slots) pool.#fork(slot);
      });
    } catch (err) {
      await pool.close(0);
      throw err;
    }
    return pool;
  }

  /** Hands a config the primary validated and applied to every worker; resolves once all run it, or with why not. */
  apply(config: NormalisedConfig, meta: ConfigMeta): Promise<RolloutResult> {
    if (this.#closing) return Promise.resolve({ ok: false, code: 'GW_ERR_DP_WORKERS_STOPPING', message: 'the worker processes are shutting down' });
    const wire: WireConfig = { config, meta: { version: meta.version, hash: meta.hash, source: meta.source } };
    const ms = this.#opts.applyTimeoutMs ?? 60_000;
    const done = this.#rollout.begin(wire, ms, () => {
      const behind = this.#slots.filter((s) => !sameConfig(s.running, wire.meta)).map((s) => `${s.describe()} is ${s.state}`);
      return { ok: false, code: 'GW_ERR_DP_WORKER_APPLY_TIMEOUT', message: `not every worker ran config version ${wire.meta.version} within ${ms} ms (${behind.join('; ')})` };
    });
    this.#reconcile();
    return done.then((result) => (result.ok ? result : (this.#reconcile(), result)));
  }

  /** Null when every worker serves the current config; else why not (/status/ready says it). */
  notReadyReason(): string | null {
    if (this.#closing) return 'shutting down';
    const accepted = this.#rollout.accepted();
    for (const slot of this.#slots) {
      if (slot.state !== 'serving') return `${slot.describe()} is ${slot.state === 'down' ? 'being replaced' : slot.state}`;
      if (accepted.length === 0) return 'no config has reached the worker processes yet';
      if (!accepted.some((m) => sameConfig(slot.running, m))) return `${slot.describe()} does not run the current config yet`;
    }
    return null;
  }

  /** The /status `workers` list, as of the last refresh(). */
  status(): Record<string, unknown>[] {
    return this.#slots.map((s) => s.status());
  }

  /** Asks every serving worker for its numbers; one that does not answer in time keeps its last ones. */
  async refresh(timeoutMs = 1000): Promise<void> {
    await Promise.all(this.#serving().map(async (slot) => {
      const reply = await slot.ask({ type: 'stats', seq: ++this.#seq }, timeoutMs);
      if (reply?.type === 'stats') slot.stats = reply.stats;
    }));
  }

  /** Every serving worker's prometheus registry as JSON (prom-client's getMetricsAsJSON()). */
  async collectMetrics(timeoutMs = 2000): Promise<MetricJson[][]> {
    const replies = await Promise.all(this.#serving().map((slot) => slot.ask({ type: 'metrics', seq: ++this.#seq }, timeoutMs)));
    return replies.flatMap((r) => (r?.type === 'metrics' ? [[...r.metrics]] : []));
  }

  /** Drains every worker (stop accepting, finish in-flight requests within `graceMs`); kills what is left after. */
  async close(graceMs: number): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
      this.#rollout.fail({ ok: false, code: 'GW_ERR_DP_WORKERS_STOPPING', message: 'the worker processes are shutting down' });
      this.#endStartup(new Error('the worker processes were stopped while starting'));
      for (const slot of this.#slots) {
        if (slot.restartTimer) clearTimeout(slot.restartTimer);
        if (slot.worker) slot.drain(graceMs);
      }
    }
    await Promise.all(this.#slots.map((s) => s.exited(graceMs + 5000)));
    for (const slot of this.#slots.filter((s) => s.worker !== null)) {
      this.#log.error({ slot: slot.index, pid: slot.pid }, 'worker did not stop in time; killing it');
      slot.worker?.process.kill('SIGKILL');
    }
    await Promise.all(this.#slots.map((s) => s.exited(5000)));
  }

  /** Ends the wait in start(): ok once every worker serves, or with the first failure. */
  #endStartup(err?: Error): void {
    if (err) this.#startup?.reject(err);
    else if (this.#slots.every((s) => s.state === 'serving')) this.#startup?.resolve();
    else return;
    this.#startup = null;
  }

  #serving(): WorkerSlot[] {
    return this.#slots.filter((s) => s.state === 'serving');
  }

  #fork(slot: WorkerSlot): void {
    slot.restartTimer = null;
    if (this.#closing) return;
    const worker = cluster.fork();
    slot.filled(worker, Date.now());
    worker.on('message', (raw: unknown) => {
      if (slot.worker === worker) this.#onMessage(slot, raw);
    });
    worker.on('error', (err) => this.#log.warn({ err, slot: slot.index, pid: slot.pid }, 'worker IPC error'));
    worker.once('exit', (code, signal) => this.#onExit(slot, worker, code, signal));
  }

  #onMessage(slot: WorkerSlot, raw: unknown): void {
    const parsed = parseWorkerMessage(raw);
    if (!parsed.ok) {
      this.#log.warn({ code: 'GW_ERR_DP_WORKER_MESSAGE', slot: slot.index, pid: slot.pid, detail: parsed.error }, 'ignored a malformed message from a worker');
      return;
    }
    const m = parsed.message;
    switch (m.type) {
      case 'hello':
        if (this.#closing) return;
        if (m.version !== this.#opts.version) {
          this.#startFailed(slot, 'GW_ERR_DP_WORKER_VERSION', `the worker runs gatehouse ${m.version}, the primary ${this.#opts.version}: the installation changed under a running node; restart the node`);
          slot.worker?.kill();
          return;
        }
        slot.state = 'starting';
        slot.initMeta = this.#rollout.target?.meta ?? null;
        slot.send({ type: 'init', slot: slot.index, settings: this.#opts.settings, config: this.#rollout.target });
        return;
      case 'started':
        if (slot.state !== 'starting') return;
        slot.state = 'serving';
        slot.running = m.running;
        this.#log.info({ slot: slot.index, pid: slot.pid, config_version: m.running?.version ?? null }, 'worker serving');
        this.#endStartup();
        this.#reconcile();
        return;
      case 'start_failed':
        return this.#startFailed(slot, m.code, m.message);
      case 'applied':
      case 'apply_failed':
        if (slot.inflight?.seq !== m.seq) return;
        slot.inflight = null;
        if (m.type === 'applied') slot.running = m.running;
        else this.#applyFailed(slot, m.hash, m.code, m.message);
        this.#reconcile();
        return;
      case 'stats':
      case 'metrics':
        return slot.answer(m);
    }
  }

  #startFailed(slot: WorkerSlot, code: string, message: string): void {
    this.#log.error({ code, slot: slot.index, pid: slot.pid }, `worker could not start: ${message}`);
    if (this.#startup) this.#endStartup(Object.assign(new Error(`proxy worker ${slot.index} could not start: ${message}`), { code }));
    else if (slot.initMeta && sameConfig(slot.initMeta, this.#rollout.pending)) {
      this.#rollout.fail({ ok: false, code, message: `${slot.describe()} could not start with it: ${message}` });
    }
  }

  #applyFailed(slot: WorkerSlot, hash: string, code: string, message: string): void {
    if (code === 'GW_ERR_DP_WORKER_NOT_SERVING') {
      slot.state = 'stopping'; // draining on its own signal: its replacement gets the config
      return;
    }
    this.#log.error({ code, slot: slot.index, pid: slot.pid, hash }, `worker refused a config: ${message}`);
    if (this.#rollout.pending?.hash === hash) {
      this.#rollout.fail({ ok: false, code, message: `${slot.describe()}: ${message}` });
    } else if (this.#rollout.target?.meta.hash === hash) {
      // It cannot run the config every other worker runs: replace it rather than let it serve another.
      this.#log.error({ slot: slot.index, pid: slot.pid }, 'worker cannot run the current config; replacing it');
      slot.drain(10_000);
    }
  }

  /** Sends the target config to every serving worker that neither runs nor is applying it; ends the rollout once all run it. */
  #reconcile(): void {
    const target = this.#rollout.target;
    if (!target) return;
    for (const slot of this.#serving()) {
      if (sameConfig(slot.running, target.meta) || sameConfig(slot.inflight?.meta, target.meta)) continue;
      const seq = ++this.#seq;
      slot.inflight = { seq, meta: target.meta };
      slot.send({ type: 'apply', seq, config: target });
    }
    this.#rollout.check(this.#slots.map((s) => (s.state === 'serving' ? s.running : null)));
  }

  #onExit(slot: WorkerSlot, worker: Worker, code: number | null, signal: string | null): void {
    if (slot.worker !== worker) return;
    const pid = slot.pid;
    const delay = slot.emptied(code, signal, Date.now(), this.#opts.restart ?? DEFAULT_RESTART);
    if (this.#closing) {
      this.#log.info({ slot: slot.index, pid, exit_code: code, signal }, 'worker stopped');
      return;
    }
    this.#endStartup(Object.assign(new Error(`proxy worker ${slot.index} (pid ${pid}) exited while starting (code ${code}, signal ${signal})`), { code: 'GW_ERR_DP_WORKER_START' }));
    this.#log.error({ code: 'GW_ERR_DP_WORKER_EXITED', slot: slot.index, pid, exit_code: code, signal, restart_in_ms: delay }, 'worker exited; replacing it');
    slot.restarts += 1;
    slot.restartTimer = setTimeout(() => this.#fork(slot), delay);
  }
}
