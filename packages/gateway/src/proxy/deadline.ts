// A restartable native timer for the proxy's timeouts. undici's own header/body/connect timers
// tick at about one second, too coarse for a read_timeout of a few hundred milliseconds.

export class Deadline {
  readonly #ms: number;
  readonly #onExpire: () => void;
  #timer: NodeJS.Timeout | undefined;

  /** `ms` <= 0 disables the deadline. */
  constructor(ms: number, onExpire: () => void) {
    this.#ms = ms;
    this.#onExpire = onExpire;
  }

  /** Starts the countdown, or restarts it from the full duration when it is running. */
  start(): void {
    if (this.#ms <= 0) return;
    if (this.#timer !== undefined) this.#timer.refresh();
    else this.#timer = setTimeout(this.#fire, this.#ms);
  }

  stop(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #fire = (): void => {
    this.#timer = undefined;
    this.#onExpire();
  };
}
