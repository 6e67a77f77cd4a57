// proxyUpgrade: an HTTP Upgrade (WebSocket or any other protocol) proxied to a peer. The request
// head is rebuilt (buildUpstreamHeaders with `upgrade: true`) and written on a fresh TCP/TLS
// connection; the peer's response head is passed on with our Via entry. A 101 turns the two
// sockets into a tunnel, piped both ways with backpressure and closed together; like nginx
// (proxy_read_timeout), a tunnel idle for read_timeout is closed. Any other answer is passed on
// and the connection closed, so nothing else the client sends can reach the peer unrouted.
// Failures before an answer: 502 / 504 with Kong's JSON body, written raw to the socket;
// connection failures are retried on another peer like proxyRequest does.

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { NoPeer, Peer, PeerSource } from '../upstream-types.js';
import { classifyFailure, statusForCode } from './proxy-errors.js';
import type { FailureClass, ProxyErrorCode } from './proxy-errors.js';
import { viaEntry } from './server-token.js';
import type { HostHeaderInput, ProxyOutcome, ProxyTimeouts, ProxyTry, UpstreamHeaders } from './types.js';
import { hostWithoutPort, upstreamHostHeader } from './upstream-headers.js';
import {
  connectPeer,
  contentLength,
  readResponseHead,
  withExtraHeaders,
  withoutHeaders,
  writeRawError,
  writeRequestHead,
} from './upgrade-wire.js';

/** Dropped from a refused upgrade's answer, which is followed by closing the connection. */
const NOT_KEPT_ALIVE = new Set(['connection', 'keep-alive']);

export interface UpgradeTarget {
  /** Default: the client's method. */
  readonly method?: string | undefined;
  readonly upstreamPath: string;
  readonly upstreamScheme: 'http' | 'https';
  /** From buildUpstreamHeaders(req, { upgrade: true, ... }); Host is set per attempt. */
  readonly headers: UpstreamHeaders;
  readonly peers: PeerSource;
  readonly hashKey?: string | undefined;
  readonly timeouts: ProxyTimeouts;
  readonly retries: number;
  readonly tlsVerify?: boolean | undefined;
  readonly hostHeader: HostHeaderInput;
  /** Append our Via entry to the peer's answer. Default true. */
  readonly via?: boolean | undefined;
}

/**
 * The same record as a plain request's: status is the peer's (101 when the tunnel opened) or
 * the error sent; bytes are what passed through the tunnel (heads not counted).
 */
export type UpgradeOutcome = ProxyOutcome;

function isNoPeer(picked: Peer | NoPeer): picked is NoPeer {
  return (picked as NoPeer).error !== undefined;
}

/**
 * Pipes both ways (only upstream to client when `twoWay` is false) until either side ends,
 * errs or idles for `idleMs`; with `limit`, ends after that many body bytes from upstream.
 */
function tunnel(client: Duplex, upstream: Socket, idleMs: number, rest: Buffer, twoWay: boolean, limit: number | null) {
  return new Promise<{ sent: number; received: number }>((resolve) => {
    let sent = 0;
    let received = rest.length;
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      upstream.destroy();
      client.destroy();
      resolve({ sent, received });
    };
    const endAfterLimit = (): void => {
      if (limit !== null && received >= limit) {
        upstream.unpipe(client);
        client.end(close);
      }
    };
    upstream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      endAfterLimit();
    });
    client.on('data', (chunk: Buffer) => (sent += chunk.length));
    for (const side of [client, upstream]) {
      side.on('error', close);
      side.on('close', close);
    }
    if (idleMs > 0) upstream.setTimeout(idleMs, close);
    if (rest.length > 0) client.write(rest);
    if (limit !== null && received >= limit) {
      client.end(close);
      return;
    }
    upstream.pipe(client);
    if (twoWay) client.pipe(upstream);
  });
}

export async function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: UpgradeTarget): Promise<UpgradeOutcome> {
  const tried = new Set<string>();
  const tries: ProxyTry[] = [];
  const method = target.method ?? req.method ?? 'GET';
  let peer: Peer | null = null;
  let clientGone = socket.destroyed;
  let pending: Socket | null = null;
  const onClientClose = (): void => {
    clientGone = true;
    pending?.destroy();
  };
  socket.on('error', onClientClose);
  socket.once('close', onClientClose);
  const result = (status: number, extra: Partial<UpgradeOutcome> = {}): UpgradeOutcome => ({
    status,
    peer,
    attempts: tries.length,
    upstreamLatencyMs: null,
    bytesSent: 0,
    bytesReceived: 0,
    tries,
    ...extra,
  });
  const fail = (code: ProxyErrorCode): UpgradeOutcome => {
    if (clientGone) return result(499, { errorCode: 'GW_ERR_PROXY_CLIENT_ABORTED' });
    writeRawError(socket, statusForCode(code));
    return result(statusForCode(code), { errorCode: code });
  };

  let lastFailure: FailureClass | undefined;
  for (;;) {
    if (clientGone) return fail('GW_ERR_PROXY_CLIENT_ABORTED');
    const picked = target.peers.pick(target.hashKey, tried);
    if (isNoPeer(picked)) return fail(lastFailure?.code ?? 'GW_ERR_PROXY_NO_PEER');
    peer = picked;
    tried.add(picked.key);
    const host = upstreamHostHeader(target.hostHeader, picked, target.upstreamScheme);
    target.peers.acquire(picked);
    let requestStarted = false;
    let upstream: Socket | null = null;
    try {
      pending = null;
      const connecting = connectPeer({
        scheme: target.upstreamScheme,
        peer: picked,
        timeoutMs: target.timeouts.connect,
        tlsVerify: target.tlsVerify === true,
        servername: hostWithoutPort(host).replace(/^\[|\]$/g, ''),
      });
      upstream = await connecting;
      pending = upstream;
      if (clientGone) throw Object.assign(new Error('client went away'), { code: 'GW_ERR_PROXY_CLIENT_ABORTED' });
      const sentAt = performance.now();
      requestStarted = true;
      writeRequestHead(upstream, method, target.upstreamPath, { ...target.headers, host });
      if (head.length > 0) upstream.write(head);
      const answer = await readResponseHead(upstream, target.timeouts.read);
      const latency = performance.now() - sentAt;
      target.peers.report(picked, { kind: 'response', status: answer.status });
      tries.push({ peer: picked.key, status: answer.status });
      pending = null;
      socket.off('error', onClientClose);
      socket.off('close', onClientClose);
      const switched = answer.status === 101;
      const extra = target.via === false ? [] : [`via: ${viaEntry('1.1')}`];
      if (!switched) extra.push('connection: close');
      const passed = switched ? answer.head : withoutHeaders(answer.head, NOT_KEPT_ALIVE);
      socket.write(withExtraHeaders(passed, extra), 'latin1');
      const limit = switched ? null : contentLength(answer.head);
      const bytes = await tunnel(socket, upstream, target.timeouts.read, answer.rest, switched, limit);
      return result(answer.status, { upstreamLatencyMs: latency, bytesSent: bytes.sent, bytesReceived: bytes.received });
    } catch (err) {
      upstream?.destroy();
      pending = null;
      if (clientGone) {
        tries.push({ peer: picked.key, errorCode: 'GW_ERR_PROXY_CLIENT_ABORTED' });
        return fail('GW_ERR_PROXY_CLIENT_ABORTED');
      }
      const failure = classifyFailure(err);
      lastFailure = failure;
      if (failure.report) target.peers.report(picked, failure.report);
      tries.push({ peer: picked.key, errorCode: failure.code });
      const retry = failure.transient && (!requestStarted || method.toUpperCase() === 'GET');
      if (tries.length > target.retries || !retry) return fail(failure.code);
    } finally {
      target.peers.release(picked);
    }
  }
}
