// The client's request body as handed to one upstream attempt. It starts pulling from the client
// only when undici first reads it (after the connection is up), so an attempt that fails to
// connect leaves the body untouched for a retry. Backpressure runs end to end: when the upstream
// stops taking data the client is paused, and if it stays stuck for write_timeout the attempt
// fails with a write timeout (Kong's service.write_timeout).

import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { ProxyError, WRITE_TIMEOUT } from './proxy-errors.js';

const CHUNK_HIGH_WATER_MARK = 64 * 1024;

/** Whether a request carries a body (HTTP/1.1 message framing rules). */
export function hasRequestBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

export class RequestBodyTap extends Readable {
  readonly #src: IncomingMessage;
  readonly #writeTimeoutMs: number;
  readonly #prefix: Buffer | null;
  #started = false;
  #bytes = 0;
  #timer: NodeJS.Timeout | undefined;

  /** `prefix`: body bytes already read from `src` (a plugin looked at the start of the body). */
  constructor(src: IncomingMessage, writeTimeoutMs: number, prefix: Buffer | null = null) {
    super({ highWaterMark: CHUNK_HIGH_WATER_MARK });
    this.#src = src;
    this.#writeTimeoutMs = writeTimeoutMs;
    this.#prefix = prefix;
  }

  /** Whether any of the client's body was taken (the request can no longer be replayed). */
  get started(): boolean {
    return this.#started;
  }

  /** Body bytes handed upstream so far. */
  get bytes(): number {
    return this.#bytes;
  }

  override _read(): void {
    this.#clearTimer();
    if (!this.#started) {
      this.#started = true;
      if (this.#prefix !== null && this.#prefix.length > 0) {
        this.#bytes += this.#prefix.length;
        this.push(this.#prefix);
      }
      if (this.#src.readableEnded) {
        this.push(null);
        return;
      }
      this.#src.on('data', this.#onData);
      this.#src.once('end', this.#onEnd);
      this.#src.once('error', this.#onError);
      this.#src.once('close', this.#onClose);
    }
    this.#src.resume();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#detach();
    callback(err);
  }

  /** Stops pulling from the client (the attempt is over); the client stream stays paused. */
  detach(): void {
    this.#detach();
  }

  #detach(): void {
    this.#clearTimer();
    if (!this.#started) return;
    this.#src.off('data', this.#onData);
    this.#src.off('end', this.#onEnd);
    this.#src.off('error', this.#onError);
    this.#src.off('close', this.#onClose);
    this.#src.pause();
  }

  #onData = (chunk: Buffer): void => {
    this.#bytes += chunk.length;
    if (!this.push(chunk)) {
      this.#src.pause();
      this.#armTimer();
    }
  };

  #onEnd = (): void => {
    this.push(null);
  };

  #onError = (err: Error): void => {
    this.destroy(err);
  };

  #onClose = (): void => {
    if (!this.#src.complete) {
      this.destroy(Object.assign(new Error('the client aborted the request body'), { code: 'ECONNRESET' }));
    }
  };

  #armTimer(): void {
    if (this.#timer !== undefined || this.#writeTimeoutMs <= 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const message = `the upstream accepted no request body for ${this.#writeTimeoutMs} ms (write_timeout)`;
      this.destroy(new ProxyError(WRITE_TIMEOUT, message));
    }, this.#writeTimeoutMs);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}
