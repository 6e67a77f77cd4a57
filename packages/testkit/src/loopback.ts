import { isIPv4 } from 'node:net';
import { TestkitError } from './testkit-error.js';

/**
 * True for names that can only reach this machine: `localhost`, 127.0.0.0/8 and ::1.
 * Takes a URL hostname, so IPv6 may come bracketed (`[::1]`).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host === '::1') return true;
  return isIPv4(host) && host.startsWith('127.');
}

/** Parses `url` and throws GW_ERR_TESTKIT_NOT_LOOPBACK unless it is http:// on loopback. */
export function assertLoopbackUrl(url: string | URL): URL {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || !isLoopbackHost(parsed.hostname)) {
    throw new TestkitError(
      'GW_ERR_TESTKIT_NOT_LOOPBACK',
      `refusing to target ${parsed.origin}: test load may only go to http:// on 127.0.0.1, ::1 or localhost`,
    );
  }
  return parsed;
}
