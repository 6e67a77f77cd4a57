/**
 * Request counters of the local policy: one per plugin instance, identifier and period, in this
 * process's memory. The store is module-level so counts outlive config snapshots: a new snapshot
 * builds new handlers, but the same plugin instance id finds its counters again (Kong keeps its
 * counters in a shared dict across reloads too). Counters of ended windows are dropped by a
 * sweep every few seconds (an unref'd timer that runs only while counters exist), so memory is
 * bounded by the clients active in the current windows.
 */

interface Counter {
  /** End of the window this count belongs to (ms since the epoch). */
  windowEnd: number;
  count: number;
}

const SWEEP_EVERY_MS = 10_000;

export class CounterStore {
  readonly #counters = new Map<string, Counter>();
  #sweeper: NodeJS.Timeout | null = null;

  /** Requests counted in the window ending at `windowEnd`. */
  count(key: string, windowEnd: number): number {
    const counter = this.#counters.get(key);
    return counter !== undefined && counter.windowEnd === windowEnd ? counter.count : 0;
  }

  /** Counts one request in the window ending at `windowEnd`. */
  increment(key: string, windowEnd: number): void {
    const counter = this.#counters.get(key);
    if (counter !== undefined && counter.windowEnd === windowEnd) {
      counter.count += 1;
      return;
    }
    this.#counters.set(key, { windowEnd, count: 1 });
    this.#sweeper ??= setInterval(() => this.sweep(Date.now()), SWEEP_EVERY_MS).unref();
  }

  /** Drops counters whose window ended by `nowMs`; stops the sweeper when none are left. */
  sweep(nowMs: number): void {
    for (const [key, counter] of this.#counters) if (counter.windowEnd <= nowMs) this.#counters.delete(key);
    if (this.#counters.size === 0 && this.#sweeper !== null) {
      clearInterval(this.#sweeper);
      this.#sweeper = null;
    }
  }

  get size(): number {
    return this.#counters.size;
  }
}

/** The process-wide store every rate-limiting instance counts in. */
export const localCounters = new CounterStore();
