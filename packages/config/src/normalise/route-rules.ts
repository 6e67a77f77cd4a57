import type { JsonPath } from '../errors.js';

export interface RuleProblem {
  path: JsonPath;
  message: string;
}

const LABEL = '[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?';
const HOSTNAME = new RegExp(`^${LABEL}(\\.${LABEL})*\\.?$`);
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;

/** Kong's PCRE regex paths in JavaScript syntax: `(?P<name>` becomes `(?<name>`. */
export function translateRegexPath(regex: string): string {
  return regex.replace(/\(\?P</g, '(?<');
}

function splitPort(host: string): { name: string; port?: string } {
  const v6 = /^(\[[^\]]*\])(?::(\d+))?$/.exec(host);
  if (v6) return { name: v6[1]!, ...(v6[2] ? { port: v6[2] } : {}) };
  const i = host.lastIndexOf(':');
  return i === -1 ? { name: host } : { name: host.slice(0, i), port: host.slice(i + 1) };
}

/** A route or SNI host: exact, or one `*` as the whole leftmost or rightmost label; optional port. */
export function checkHost(host: string, allowPort: boolean): string | undefined {
  const { name, port } = splitPort(host);
  if (port !== undefined) {
    if (!allowPort) return 'must not include a port';
    const n = Number(port);
    if (!/^\d+$/.test(port) || n < 1 || n > 65535) return `invalid port "${port}": must be 1-65535`;
  }
  if (IPV6.test(name)) return undefined;
  const stars = name.split('*').length - 1;
  if (stars > 1) return 'may contain at most one wildcard "*"';
  if (stars === 1) {
    if (name.startsWith('*.')) return HOSTNAME.test(name.slice(2)) ? undefined : 'invalid hostname after "*."';
    if (name.endsWith('.*')) return HOSTNAME.test(name.slice(0, -2)) ? undefined : 'invalid hostname before ".*"';
    return 'the wildcard "*" must be the whole leftmost or rightmost label, as in *.example.com or example.*';
  }
  return HOSTNAME.test(name) ? undefined : 'invalid hostname: letters, digits, "-", "_" and "." only';
}

function checkPath(path: string): string | undefined {
  if (path.startsWith('~')) {
    try {
      new RegExp(translateRegexPath(path.slice(1)));
    } catch (err) {
      return `invalid regex ${JSON.stringify(path.slice(1))}: ${(err as Error).message}`;
    }
    return undefined;
  }
  if (!path.startsWith('/')) return 'must start with "/" (a prefix) or "~" (a regex)';
  if (/%(?![0-9A-Fa-f]{2})/.test(path)) return 'invalid percent-encoding: "%" must be followed by two hex digits';
  if (/[\s?#]/.test(path)) return 'must not contain whitespace, "?" or "#"';
  return undefined;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Checks a route beyond its schema: what it matches on must be well-formed and sufficient. */
export function checkRoute(route: Record<string, unknown>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const list = (k: string): string[] => {
    const v = route[k];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  };
  const protocols = list('protocols');
  const rawHeaders = route['headers'];
  const headers = typeof rawHeaders === 'object' && rawHeaders !== null && !Array.isArray(rawHeaders) ? (rawHeaders as Record<string, unknown>) : {};
  const https = protocols.includes('https');
  const fields = ['methods', 'hosts', 'headers', 'paths', ...(https ? ['snis'] : [])];
  // A field written with the wrong type counts as set: its schema error says what is wrong.
  const isSet = (k: string): boolean => {
    const v = route[k];
    if (v === null || v === undefined) return false;
    if (Array.isArray(v)) return v.length > 0;
    return typeof v !== 'object' || Object.keys(v).length > 0;
  };
  const anySet = fields.some(isSet);
  if (!anySet) problems.push({ path: [], message: `must set at least one of ${fields.map((f) => `'${f}'`).join(', ')}` });
  list('hosts').forEach((h, i) => {
    const why = checkHost(h, true);
    if (why) problems.push({ path: ['hosts', i], message: `${why} (got ${JSON.stringify(h)})` });
  });
  list('paths').forEach((p, i) => {
    const why = checkPath(p);
    if (why) problems.push({ path: ['paths', i], message: why });
  });
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'host') problems.push({ path: ['headers', name], message: "use 'hosts' to match on the Host header" });
    else if (!TOKEN.test(name)) problems.push({ path: ['headers', name], message: 'invalid header name' });
  }
  if (list('snis').length > 0 && !https) problems.push({ path: ['snis'], message: "can only be set when 'protocols' includes https" });
  list('snis').forEach((s, i) => {
    const why = checkHost(s, false);
    if (why) problems.push({ path: ['snis', i], message: why });
  });
  return problems;
}

/** A service's upstream host: a hostname, an IP, or an upstream's name. */
export function checkServiceHost(host: string): string | undefined {
  if (host.includes('*')) return 'must not contain a wildcard';
  if (/^[0-9a-fA-F:]+$/.test(host) && host.includes(':')) return undefined; // IPv6 literal
  return HOSTNAME.test(host) ? undefined : 'invalid hostname: letters, digits, "-", "_" and "." only';
}

/** A target: `host`, `host:port`, `ip:port` or `[ipv6]:port`; Kong's default port is 8000. */
export function checkTarget(target: string): string | undefined {
  const { name, port } = splitPort(target);
  if (port !== undefined) {
    const n = Number(port);
    if (!/^\d+$/.test(port) || n < 1 || n > 65535) return `invalid port "${port}": must be 1-65535`;
  }
  if (IPV6.test(name)) return undefined;
  if (name.includes('*')) return 'must not contain a wildcard';
  return HOSTNAME.test(name) ? undefined : 'must be "host:port" with a valid hostname or IP';
}
