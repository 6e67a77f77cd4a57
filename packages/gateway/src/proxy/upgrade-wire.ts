// Raw HTTP/1.1 over a socket, for protocol upgrades (WebSocket and others): once the connection
// switches protocols it is a byte tunnel, so upgrades bypass undici and speak to the peer directly.

import { STATUS_CODES } from 'node:http';
import { isIP, connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { Peer } from '../upstream-types.js';
import { errorBody } from './proxy-errors.js';
import { SERVER_TOKEN } from './server-token.js';
import type { UpstreamHeaders } from './types.js';

/** Largest upstream response head accepted (node's default max header size is 16 KiB). */
const MAX_HEAD_BYTES = 64 * 1024;

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export interface ConnectOptions {
  readonly scheme: 'http' | 'https';
  readonly peer: Peer;
  readonly timeoutMs: number;
  readonly tlsVerify: boolean;
  /** TLS SNI: the Host header's name (never an IP literal). */
  readonly servername: string;
}

/** Opens a TCP (or TLS) connection to the peer within the connect timeout. */
export function connectPeer(opts: ConnectOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const { peer } = opts;
    const socket =
      opts.scheme === 'https'
        ? tlsConnect({
            host: peer.host,
            port: peer.port,
            rejectUnauthorized: opts.tlsVerify,
            ALPNProtocols: ['http/1.1'],
            ...(opts.servername !== '' && isIP(opts.servername) === 0 ? { servername: opts.servername } : {}),
          })
        : netConnect({ host: peer.host, port: peer.port });
    const timer = setTimeout(() => {
      socket.destroy(codedError('ETIMEDOUT', `no connection to ${peer.host}:${peer.port} within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    const onError = (err: Error): void => {
      clearTimeout(timer);
      reject(err);
    };
    socket.once('error', onError);
    socket.once(opts.scheme === 'https' ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

/** Writes the request line, the headers (repeated ones as separate lines) and the blank line. */
export function writeRequestHead(socket: Socket, method: string, path: string, headers: UpstreamHeaders): void {
  let head = `${method} ${path} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    for (const one of Array.isArray(value) ? value : [value]) head += `${name}: ${one}\r\n`;
  }
  socket.write(head + '\r\n', 'latin1');
}

export interface ResponseHead {
  readonly status: number;
  /** The head as received, through the blank line. */
  readonly head: string;
  /** Bytes after the head that arrived with it. */
  readonly rest: Buffer;
}

/** Reads the upstream's status line and headers, within the read timeout. */
export function readResponseHead(socket: Socket, timeoutMs: number): Promise<ResponseHead> {
  return new Promise((resolve, reject) => {
    let buffered: Buffer = Buffer.alloc(0);
    const finish = (err: Error | null, value?: ResponseHead): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onFailure);
      socket.off('close', onClose);
      socket.pause();
      if (err) reject(err);
      else if (value) resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) {
        if (buffered.length > MAX_HEAD_BYTES) finish(codedError('HPE_HEADER_OVERFLOW', 'upstream response head too large'));
        return;
      }
      const head = buffered.subarray(0, end + 4).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})[ \r]/.exec(head);
      if (!match) {
        finish(codedError('HPE_INVALID_STATUS', 'upstream did not answer with an HTTP/1.x status line'));
        return;
      }
      finish(null, { status: Number(match[1]), head, rest: buffered.subarray(end + 4) });
    };
    const onFailure = (err: Error): void => finish(err);
    const onClose = (): void => finish(codedError('UND_ERR_SOCKET', 'upstream closed the connection before answering'));
    const timer = setTimeout(
      () => finish(codedError('UND_ERR_HEADERS_TIMEOUT', `no response head within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('data', onData);
    socket.once('error', onFailure);
    socket.once('close', onClose);
    socket.resume();
  });
}

/** Adds lines before the blank line that ends a response head. */
export function withExtraHeaders(head: string, lines: readonly string[]): string {
  if (lines.length === 0) return head;
  return head.slice(0, -2) + lines.map((line) => `${line}\r\n`).join('') + '\r\n';
}

/** Drops the header lines named in `names` (lower case) from a response head. */
export function withoutHeaders(head: string, names: ReadonlySet<string>): string {
  const lines = head.slice(0, -4).split('\r\n');
  const kept = lines.filter((line, i) => i === 0 || !names.has(line.slice(0, line.indexOf(':')).trim().toLowerCase()));
  return kept.join('\r\n') + '\r\n\r\n';
}

/** The Content-Length of a response head, or null. */
export function contentLength(head: string): number | null {
  const match = /\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n/i.exec(head);
  return match ? Number(match[1]) : null;
}

/** Answers an upgrade request on the raw socket with Kong's JSON error body, then closes it. */
export function writeRawError(socket: Duplex, status: number, extraLines: readonly string[] = []): void {
  if (socket.destroyed) return;
  const body = errorBody(status);
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    `server: ${SERVER_TOKEN}`,
    'connection: close',
    ...extraLines,
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`, () => socket.destroy());
}
