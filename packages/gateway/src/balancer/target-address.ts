// Parses a target's `host:port`, `ip:port`, `[ipv6]:port` or bare host (Kong's default port
// 8000) into the host to resolve and the port to connect to.
import { isIP } from 'node:net';

/** Kong's port for a target written without one. */
export const DEFAULT_TARGET_PORT = 8000;

export interface TargetAddress {
  /** A hostname (lower-cased) or an IP literal without brackets. */
  readonly host: string;
  readonly port: number;
  /** 4 or 6 for an IP literal (needs no DNS), 0 for a name. */
  readonly family: 0 | 4 | 6;
  /** The canonical `host:port` (`[ipv6]:port`), as Kong stores a target. */
  readonly normalised: string;
}

/** `ip:port`, with brackets around an IPv6 address. */
export function formatHostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

function parsePort(text: string, target: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new Error(`target "${target}": invalid port "${text}"; use host:port with a port 1-65535`);
  }
  return port;
}

/** Splits a target string; throws on an unreadable port (the config schema rejects those first). */
export function parseTargetAddress(target: string): TargetAddress {
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(target);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
  } else if (isIP(target) === 6) {
    host = target; // a bare IPv6 address: Kong adds the default port
  } else {
    const colon = target.lastIndexOf(':');
    host = colon === -1 ? target : target.slice(0, colon);
    portText = colon === -1 ? undefined : target.slice(colon + 1);
  }
  const family = isIP(host);
  if (!family) host = host.toLowerCase();
  const port = portText === undefined ? DEFAULT_TARGET_PORT : parsePort(portText, target);
  return { host, port, family: family === 4 || family === 6 ? family : 0, normalised: formatHostPort(host, port) };
}
