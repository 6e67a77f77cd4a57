// Reads an S3 response body into one Buffer with a hard size limit: a huge or endless object
// never fills the heap.
import { Readable } from 'node:stream';
import { FallbackError } from './fallback-error.js';

function toReadable(body: unknown): Readable | undefined {
  if (body instanceof Readable) return body;
  if (body instanceof Uint8Array) return Readable.from([body]);
  return undefined;
}

export async function readBody(body: unknown, contentLength: number | undefined, maxBytes: number, what: string): Promise<Buffer> {
  const tooLarge = (size: string): FallbackError =>
    new FallbackError('GW_ERR_FALLBACK_TOO_LARGE', `fallback storage: ${what} is ${size}, over the limit of ${maxBytes} bytes`);
  const stream = toReadable(body);
  if (stream === undefined) {
    if (body === undefined || body === null) return Buffer.alloc(0);
    throw new FallbackError('GW_ERR_FALLBACK_STORAGE', `fallback storage: ${what}: unexpected response body type`);
  }
  if (contentLength !== undefined && contentLength > maxBytes) {
    stream.destroy();
    throw tooLarge(`${contentLength} bytes`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buf.length;
    if (total > maxBytes) {
      stream.destroy();
      throw tooLarge(`more than ${maxBytes} bytes`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total);
}
