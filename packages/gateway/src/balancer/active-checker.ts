// Active health checks, scheduled as lua-resty-healthcheck schedules them: one loop probes
// the healthy addresses (healthy, mostly_healthy) every `healthy.interval` seconds, another
// the unhealthy ones every `unhealthy.interval`; an interval of 0 turns its loop off. The
// first round runs one interval after start. At most `concurrency` probes run at once.
// close() clears the timers, aborts the probes in flight and waits for them to settle.
import type { AddressState } from './address-state.js';
import { probe } from './health-probe.js';
import type { ActiveConfig, ProbeResult } from './health-probe.js';

export interface ActiveCheckerDeps {
  readonly config: ActiveConfig;
  /** Addresses that take traffic (weight > 0), read at every round. */
  readonly addresses: () => readonly AddressState[];
  readonly hostHeader: (a: AddressState) => string;
  readonly onResult: (a: AddressState, result: ProbeResult) => void;
}

type Mode = 'healthy' | 'unhealthy';

function inMode(a: AddressState, mode: Mode): boolean {
  return mode === 'healthy' ? a.health === 'healthy' || a.health === 'mostly_healthy' : a.health === 'unhealthy' || a.health === 'mostly_unhealthy';
}

export class ActiveChecker {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly rounds = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private started = false;

  constructor(private readonly deps: ActiveCheckerDeps) {}

  /** True when either loop has a non-zero interval. */
  get enabled(): boolean {
    const { healthy, unhealthy } = this.deps.config;
    return healthy.interval > 0 || unhealthy.interval > 0;
  }

  start(): void {
    if (this.started || this.abort.signal.aborted) return;
    this.started = true;
    const { healthy, unhealthy } = this.deps.config;
    if (healthy.interval > 0) this.schedule('healthy', healthy.interval);
    if (unhealthy.interval > 0) this.schedule('unhealthy', unhealthy.interval);
  }

  async close(): Promise<void> {
    this.abort.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.rounds]);
  }

  private schedule(mode: Mode, seconds: number): void {
    if (this.abort.signal.aborted) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const round = this.round(mode).finally(() => {
        this.rounds.delete(round);
        this.schedule(mode, seconds);
      });
      this.rounds.add(round);
    }, seconds * 1000);
    timer.unref();
    this.timers.add(timer);
  }

  /** Probes every address in `mode`, `concurrency` at a time. */
  private async round(mode: Mode): Promise<void> {
    const queue = this.deps.addresses().filter((a) => inMode(a, mode));
    const signal = this.abort.signal;
    const worker = async (): Promise<void> => {
      for (let a = queue.shift(); a !== undefined && !signal.aborted; a = queue.shift()) {
        const result = await probe({ ip: a.ip, port: a.port, hostHeader: this.deps.hostHeader(a) }, this.deps.config, signal);
        if (result.kind !== 'aborted' && !signal.aborted) this.deps.onResult(a, result);
      }
    };
    const workers = Math.max(1, Math.min(this.deps.config.concurrency, queue.length));
    await Promise.all(Array.from({ length: workers }, worker));
  }
}
