/**
 * The client's request body as plugins read it (Kong's kong.request.get_raw_body): read on
 * demand, at most once, up to a limit. What was read is what goes upstream; a body longer than
 * the limit stops being read there, and the proxy sends the prefix then streams the rest.
 */
import type { IncomingMessage } from 'node:http';
import { hasRequestBody } from '../proxy/index.js';

export const DEFAULT_BODY_READ_LIMIT = 8 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);

export class ClientBody {
  readonly #req: IncomingMessage;
  readonly #chunks: Buffer[] = [];
  #length = 0;
  #complete: Buffer | null = null;

  constructor(req: IncomingMessage) {
    this.#req = req;
    if (!hasRequestBody(req)) this.#complete = EMPTY;
  }

  /** The whole body once it was read, else null. */
  get complete(): Buffer | null {
    return this.#complete;
  }

  /** What was read of a body not read to the end (null when nothing or everything was read). */
  get prefix(): Buffer | null {
    return this.#complete === null && this.#length > 0 ? Buffer.concat(this.#chunks) : null;
  }

  async read(limit = DEFAULT_BODY_READ_LIMIT): Promise<Buffer | null> {
    if (this.#complete !== null) return this.#complete.length <= limit ? this.#complete : null;
    const declared = Number(this.#req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return null;
    if (this.#length > limit) return null;
    const req = this.#req;
    return new Promise<Buffer | null>((resolve, reject) => {
      const detach = (): void => {
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('error', onError);
        req.off('close', onClose);
      };
      const onData = (chunk: Buffer): void => {
        this.#chunks.push(chunk);
        this.#length += chunk.length;
        if (this.#length > limit) {
          detach();
          req.pause();
          resolve(null);
        }
      };
      const onEnd = (): void => {
        detach();
        this.#complete = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
        resolve(this.#complete);
      };
      const onError = (err: Error): void => {
        detach();
        reject(err);
      };
      const onClose = (): void => {
        if (req.complete) return;
        detach();
        reject(Object.assign(new Error('the client aborted the request body'), { code: 'ECONNRESET' }));
      };
      req.on('data', onData);
      req.once('end', onEnd);
      req.once('error', onError);
      req.once('close', onClose);
      req.resume();
    });
  }
}
