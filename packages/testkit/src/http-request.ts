import { request } from 'node:http';
import type { Agent, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TestkitError } from './testkit-error.js';

export interface HttpRequestOptions {
  method?: string;
  headers?: OutgoingHttpHeaders;
  /** A string, bytes, or a stream (for large uploads without buffering). */
  body?: string | Uint8Array | Readable;
  /** Sent as JSON with `content-type: application/json`; ignored when `body` is set. */
  json?: unknown;
  /** Deadline for the whole exchange, body included; default 10 s. */
  timeoutMs?: number;
  /** Default `false`: a fresh connection closed after the response (no pooling surprises). */
  agent?: Agent | false;
  /** Count the response body but do not keep it (`body` is then empty). */
  discardBody?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Bytes of the response body received, also when it was discarded. */
  bodyBytes: number;
  text(): string;
  /** Parses the body as JSON; the type is the caller's claim, not checked. */
  json<T = unknown>(): T;
}

/**
 * One HTTP/1.1 request over node:http. Socket failures reject with the socket's code
 * (ECONNREFUSED, ECONNRESET, ...); missing the deadline rejects with GW_ERR_TESTKIT_TIMEOUT.
 */
export function httpRequest(url: string | URL, opts: HttpRequestOptions = {}): Promise<HttpResponse> {
  const headers: OutgoingHttpHeaders = { ...opts.headers };
  let body = opts.body;
  if (body === undefined && opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] ??= 'application/json';
  }
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    const req = request(url, { method: opts.method ?? 'GET', headers, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      let bodyBytes = 0;
      res.on('data', (chunk: Buffer) => {
        bodyBytes += chunk.length;
        if (opts.discardBody !== true) chunks.push(chunk);
      });
      res.once('error', fail);
      res.once('end', () => {
        if (settled) return;
        if (!res.complete) {
          fail(Object.assign(new Error('response ended before its body was complete'), { code: 'ECONNRESET' }));
          return;
        }
        settled = true;
        clearTimeout(timer);
        const buffer = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: buffer,
          bodyBytes,
          text: () => buffer.toString('utf8'),
          json: <T>() => JSON.parse(buffer.toString('utf8')) as T,
        });
      });
    });
    const timer = setTimeout(() => {
      const message = `${opts.method ?? 'GET'} ${String(url)} got no complete response within ${timeoutMs} ms`;
      fail(new TestkitError('GW_ERR_TESTKIT_TIMEOUT', message));
    }, timeoutMs);
    req.once('error', fail);
    if (body instanceof Readable) pipeline(body, req).catch(fail);
    else req.end(body);
  });
}
