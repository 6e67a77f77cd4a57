// `host:port` and listen lists in Kong's syntax:
//   proxy_listen = 0.0.0.0:8000, 0.0.0.0:8443 ssl http2, [::1]:8000 backlog=1024
//   status_listen = off
import { isIP } from 'node:net';

export interface HostPort {
  /** Hostname or IP address; IPv6 without brackets ("::1"). */
  readonly host: string;
  readonly port: number;
}

export interface ListenAddress extends HostPort {
  readonly ssl: boolean;
  readonly http2: boolean;
  /** Length of the pending-connection queue, when set with `backlog=N`. */
  readonly backlog?: number;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);
const LISTEN_FLAGS = 'ssl, http2, backlog=N';

function validHost(host: string): boolean {
  if (isIP(host) === 4) return true;
  // "1.2.3.999" matches the hostname pattern but is a mistyped address, not a name.
  return HOSTNAME.test(host) && !/^[\d.]+$/.test(host);
}

/** Parses `host:port` or `[ipv6]:port`. Port 0 (the OS picks) only when `minPort` is 0. */
export function parseHostPort(text: string, minPort: 0 | 1): Parsed<HostPort> {
  let host: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    host = text.slice(1, close);
    if (close < 0 || isIP(host) !== 6) return { ok: false, message: 'expected an IPv6 address in brackets, such as [::1]:8000' };
    if (text[close + 1] !== ':') return { ok: false, message: 'missing ":port" after the IPv6 address' };
    portText = text.slice(close + 2);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) return { ok: false, message: 'missing ":port"' };
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (host.includes(':')) return { ok: false, message: 'an IPv6 address needs brackets, such as [::1]:8000' };
    if (!validHost(host)) return { ok: false, message: `"${host}" is not a valid hostname or IPv4 address` };
  }
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= minPort && port <= 65535)) {
    return { ok: false, message: `port must be a number from ${minPort} to 65535, got "${portText}"` };
  }
  return { ok: true, value: { host, port } };
}

export function formatHostPort(address: HostPort): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

function parseListenEntry(entry: string): Parsed<ListenAddress> {
  const [addressText = '', ...flags] = entry.split(/\s+/);
  const address = parseHostPort(addressText, 0);
  if (!address.ok) return { ok: false, message: `"${entry}": ${address.message}` };
  let ssl = false;
  let http2 = false;
  let backlog: number | undefined;
  for (const flag of flags) {
    const backlogMatch = /^backlog=(\d{1,9})$/.exec(flag);
    if (flag === 'ssl') ssl = true;
    else if (flag === 'http2') http2 = true;
    else if (backlogMatch?.[1] !== undefined && Number(backlogMatch[1]) > 0) backlog = Number(backlogMatch[1]);
    else return { ok: false, message: `"${entry}": unknown flag "${flag}"; supported flags are ${LISTEN_FLAGS}` };
  }
  return { ok: true, value: { ...address.value, ssl, http2, ...(backlog === undefined ? {} : { backlog }) } };
}

/** Parses a comma-separated listen list; `off` is the empty list. */
export function parseListenList(text: string): Parsed<readonly ListenAddress[]> {
  if (text.trim() === 'off') return { ok: true, value: [] };
  const result: ListenAddress[] = [];
  const seen = new Set<string>();
  for (const rawEntry of text.split(',')) {
    const entry = rawEntry.trim();
    if (entry === '') return { ok: false, message: 'empty entry in the list; separate addresses with single commas' };
    if (entry === 'off') return { ok: false, message: '"off" must be the only value; remove the other addresses or the "off"' };
    const parsed = parseListenEntry(entry);
    if (!parsed.ok) return { ok: false, message: `${parsed.message} (expected host:port [${LISTEN_FLAGS.replaceAll(', ', '] [')}], or off)` };
    const id = formatHostPort(parsed.value);
    if (parsed.value.port !== 0 && seen.has(id)) return { ok: false, message: `${id} is listed twice; list each address once` };
    seen.add(id);
    result.push(parsed.value);
  }
  return { ok: true, value: result };
}

export function formatListenList(list: readonly ListenAddress[]): string {
  if (list.length === 0) return 'off';
  return list
    .map((entry) => {
      const flags = [entry.ssl ? 'ssl' : '', entry.http2 ? 'http2' : '', entry.backlog === undefined ? '' : `backlog=${entry.backlog}`];
      return [formatHostPort(entry), ...flags.filter((flag) => flag !== '')].join(' ');
    })
    .join(', ');
}
