// One active probe, as lua-resty-healthcheck runs it: connect (type tcp stops there), then
// for http/https send `GET http_path` with the configured headers and the Host header, and
// read the status. Outcomes: the status; a timeout (connect or answer slower than
// `timeout`); a TCP failure (refused, reset, TLS handshake failed); an unreadable answer
// is status 0, which counts as an HTTP failure.
import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, isIP } from 'node:net';
import type { Upstream } from '@gatehouse/config';

export type ActiveConfig = Upstream['healthchecks']['active'];

export type ProbeResult =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'connected' }
  | { readonly kind: 'tcp_failure'; readonly code: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted' };

export interface ProbeTarget {
  readonly ip: string;
  readonly port: number;
  /** Host header and default SNI: the upstream's host_header, else the target's host. */
  readonly hostHeader: string;
}

/** Kong's `timeout` is seconds; 0 falls back to nginx's 60 s socket default. */
function timeoutMs(config: ActiveConfig): number {
  return (config.timeout > 0 ? config.timeout : 60) * 1000;
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'ERR_PROBE';
}

function settle(signal: AbortSignal, config: ActiveConfig, run: (finish: (r: ProbeResult) => void) => () => void): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let done = false;
    let cleanup: () => void = () => undefined;
    const finish = (result: ProbeResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      cleanup();
      resolve(result);
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs(config));
    timer.unref();
    if (signal.aborted) return finish({ kind: 'aborted' });
    signal.addEventListener('abort', onAbort, { once: true });
    cleanup = run(finish);
  });
}

function probeTcp(target: ProbeTarget, config: ActiveConfig, signal: AbortSignal): Promise<ProbeResult> {
  return settle(signal, config, (finish) => {
    const socket = connect({ host: target.ip, port: target.port });
    socket.once('connect', () => finish({ kind: 'connected' }));
    socket.once('error', (err) => finish({ kind: 'tcp_failure', code: codeOf(err) }));
    return () => socket.destroy();
  });
}

function probeHttp(target: ProbeTarget, config: ActiveConfig, signal: AbortSignal): Promise<ProbeResult> {
  const headers: OutgoingHttpHeaders = { connection: 'close' };
  for (const [name, values] of Object.entries(config.headers ?? {})) headers[name.toLowerCase()] = values;
  headers['host'] ??= target.hostHeader;
  const https = config.type === 'https';
  const sni = config.https_sni ?? (isIP(target.hostHeader) ? undefined : target.hostHeader);
  const options = {
    host: target.ip,
    port: target.port,
    method: 'GET',
    path: config.http_path,
    headers,
    agent: false as const,
    ...(https ? { servername: sni, rejectUnauthorized: config.https_verify_certificate } : {}),
  };
  return settle(signal, config, (finish) => {
    const onResponse = (res: IncomingMessage): void => {
      finish({ kind: 'status', status: res.statusCode ?? 0 });
    };
    const req: ClientRequest = (https ? httpsRequest : httpRequest)(options, onResponse);
    req.once('error', (err) => {
      const code = codeOf(err);
      if (code === 'ETIMEDOUT') finish({ kind: 'timeout' });
      else if (code.startsWith('HPE_')) finish({ kind: 'status', status: 0 });
      else finish({ kind: 'tcp_failure', code });
    });
    req.end();
    return () => {
      req.on('error', () => undefined); // errors after the verdict are expected (destroyed socket)
      req.destroy();
    };
  });
}

/** Runs one probe; `signal` aborts it (the result is then `aborted` and counts for nothing). */
export function probe(target: ProbeTarget, config: ActiveConfig, signal: AbortSignal): Promise<ProbeResult> {
  return config.type === 'tcp' ? probeTcp(target, config, signal) : probeHttp(target, config, signal);
}
