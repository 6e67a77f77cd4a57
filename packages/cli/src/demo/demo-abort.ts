/**
 * How the demo is ended early: Ctrl-C / SIGTERM, or a node that dies on its own. Either aborts
 * one AbortController; every wait of the demo races it, so the run falls through to its
 * `finally` and cleans up. A second signal while cleaning up kills every child at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { killAll } from '@gatehouse/testkit';

/** The user stopped the demo (not a failure). */
export class DemoStopped extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`stopped by ${signal}`);
  }
}

/** A part of the demo failed; `detail` holds the last log lines of the process concerned. */
export class DemoFailure extends Error {
  constructor(
    message: string,
    readonly detail = '',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export class DemoAbort {
  readonly #controller = new AbortController();
  readonly #aborted: Promise<never>;
  #cleaningUp = false;

  constructor() {
    this.#aborted = new Promise<never>((_, reject) => {
      this.#controller.signal.addEventListener('abort', () => reject(this.#controller.signal.reason as Error), { once: true });
    });
    this.#aborted.catch(() => {});
    for (const signal of SIGNALS) process.on(signal, this.#onSignal);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Ends the run with `reason` (the first reason wins). */
  fail(reason: Error): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
  }

  /** `work`, unless the run is aborted first. */
  guard<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.#aborted]);
  }

  /** Resolves when the run is stopped by a signal; rejects with a failure. */
  async untilStopped(): Promise<void> {
    // Keeps the event loop alive: the children and servers are unref'd.
    const keepAlive = setInterval(() => {}, 1 << 30);
    try {
      await this.#aborted;
    } catch (err) {
      if (!(err instanceof DemoStopped)) throw err;
    } finally {
      clearInterval(keepAlive);
    }
  }

  /** Sleeps `ms`, or less when the run is aborted. */
  async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.#controller.signal }).catch(() => {});
  }

  /** From now on a signal means "hurry": every child is killed at once. */
  cleaningUp(): void {
    this.#cleaningUp = true;
  }

  dispose(): void {
    for (const signal of SIGNALS) process.removeListener(signal, this.#onSignal);
  }

  readonly #onSignal = (signal: NodeJS.Signals): void => {
    if (this.#cleaningUp || this.#controller.signal.aborted) {
      void killAll('SIGKILL');
      return;
    }
    this.fail(new DemoStopped(signal));
  };
}
