// Host matching as Kong 3.x (traditional_compatible):
// - names compare without regard to case (we lower-case both sides);
// - `*.example.com` matches any name ending in `.example.com` (`a.example.com`,
//   `x.y.example.com`, not `example.com`); `example.*` matches any name starting with
//   `example.`; only one `*`, and only as the whole leftmost or rightmost label;
// - `host:port` matches only that port, a host without a port matches any port.
// The request's port is the one in its Host header, else the port it connected to
// (Kong 3.x compares with the listener port; Kong 2.x's traditional router with the Host
// header's port; we take the header's when there is one - they agree unless a proxy in
// front rewrites one of them).

export type HostPatternKind = 'exact' | 'suffix' | 'prefix';

export interface HostPattern {
  /** The entry as configured. */
  readonly source: string;
  readonly kind: HostPatternKind;
  /** exact: the name; suffix: `.example.com`; prefix: `example.` (all lower case). */
  readonly key: string;
  readonly port: number | null;
}

export interface RequestHost {
  name: string;
  port: number;
}

const LABEL = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/;

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/** Splits `name[:port]`, `[v6]` or `[v6]:port`; the name comes back without brackets. */
function splitHostPort(host: string): { name: string; portText: string | null } {
  if (host.charCodeAt(0) === 91 /* [ */) {
    const close = host.indexOf(']');
    if (close === -1) return { name: host, portText: null };
    const rest = host.slice(close + 1);
    return { name: host.slice(1, close), portText: rest.startsWith(':') ? rest.slice(1) : null };
  }
  const colon = host.indexOf(':');
  if (colon === -1 || colon !== host.lastIndexOf(':')) return { name: host, portText: null };
  return { name: host.slice(0, colon), portText: host.slice(colon + 1) };
}

/** Parses one `hosts` entry; returns a message instead when it is not valid. */
export function parseHostPattern(source: string): HostPattern | string {
  if (typeof source !== 'string' || source.length === 0) return 'must be a non-empty string';
  const { name: rawName, portText } = splitHostPort(source.toLowerCase());
  let port: number | null = null;
  if (portText !== null) {
    port = parsePort(portText);
    if (port === null) return 'has an invalid port (expected 1-65535)';
  }
  const name = rawName;
  const stars = name.split('*').length - 1;
  if (stars > 1) return 'may contain only one wildcard "*"';
  if (stars === 1) {
    if (name.startsWith('*.') && name.length > 2) {
      return checkLabels(name.slice(2)) ?? { source, kind: 'suffix', key: name.slice(1), port };
    }
    if (name.endsWith('.*') && name.length > 2) {
      return checkLabels(name.slice(0, -2)) ?? { source, kind: 'prefix', key: name.slice(0, -1), port };
    }
    return 'may use "*" only as the whole leftmost or rightmost label (*.example.com, example.*)';
  }
  if (name.includes(':')) return { source, kind: 'exact', key: name, port }; // IPv6 literal
  return checkLabels(name) ?? { source, kind: 'exact', key: name, port };
}

function checkLabels(name: string): string | undefined {
  for (const label of name.split('.')) {
    if (!LABEL.test(label)) return `is not a valid host name (bad label "${label}")`;
  }
  return undefined;
}

/** Splits a request's Host header into a lower-case name and the effective port. */
export function parseRequestHost(hostHeader: string, connectionPort: number): RequestHost {
  if (hostHeader.indexOf(':') === -1) return { name: hostHeader.toLowerCase(), port: connectionPort };
  const { name, portText } = splitHostPort(hostHeader);
  const port = portText === null ? null : parsePort(portText);
  return { name: name.toLowerCase(), port: port ?? connectionPort };
}

export function hostMatches(pattern: HostPattern, host: RequestHost): boolean {
  if (pattern.port !== null && pattern.port !== host.port) return false;
  const { name } = host;
  switch (pattern.kind) {
    case 'exact':
      return name === pattern.key;
    case 'suffix':
      return name.length > pattern.key.length && name.endsWith(pattern.key);
    case 'prefix':
      return name.length > pattern.key.length && name.startsWith(pattern.key);
  }
}
