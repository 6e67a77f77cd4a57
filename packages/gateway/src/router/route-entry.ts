// Validates one route and turns it into matchers (RouteEntry): one per plain-path length and
// one for all regex paths, as Kong's traditional_compatible router splits routes; a route
// without paths is one entry. Every problem throws a RouterCompileError naming the place.

import { compileHeaders } from './header-matcher.js';
import { parseHostPattern, type HostPattern } from './host-matcher.js';
import { normalisePath, normaliseRegexSource } from './path-normalise.js';
import { regexLiteralPrefix } from './regex-prefix.js';
import type { PrefixPath, RegexPath, RouteEntry } from './route-priority.js';
import { RouterCompileError, type RouteRef } from './router-error.js';
import type { RouteSpec } from './types.js';

const METHOD = /^[A-Z]+$/;

function nonEmpty<T>(v: readonly T[] | null | undefined): v is readonly T[] {
  return Array.isArray(v) && v.length > 0;
}

function fail(ref: RouteRef, field: string, value: unknown, problem: string, cause?: unknown): never {
  throw new RouterCompileError(ref, field, value, problem, cause === undefined ? undefined : { cause });
}

function compileHosts(ref: RouteRef, field: string, values: readonly string[], allowPort: boolean): HostPattern[] {
  return values.map((value, j) => {
    const parsed = parseHostPattern(value);
    if (typeof parsed === 'string') fail(ref, `${field}[${j}]`, value, parsed);
    if (!allowPort && parsed.port !== null) fail(ref, `${field}[${j}]`, value, 'must not carry a port');
    return parsed;
  });
}

/** `~/v(?P<n>\d+)` -> /^(?:\/v(?<n>\d+))/ ; anchored at the start like Kong. */
function compileRegex(ref: RouteRef, field: string, path: string): RegexPath {
  const source = normaliseRegexSource(path.slice(1)).replaceAll('(?P<', '(?<');
  try {
    return { source: path, re: new RegExp(`^(?:${source})`), prefix: regexLiteralPrefix(source) };
  } catch (cause) {
    return fail(
      ref,
      field,
      path,
      `is not a valid regex (${(cause as Error).message}); fix it, or remove the leading "~" to match it as a plain prefix`,
      cause,
    );
  }
}

interface PathGroups {
  prefixGroups: PrefixPath[][];
  regexes: RegexPath[];
}

function compilePaths(ref: RouteRef, paths: readonly string[]): PathGroups {
  const byLength = new Map<number, PrefixPath[]>();
  const regexes: RegexPath[] = [];
  paths.forEach((path, j) => {
    const field = `paths[${j}]`;
    if (typeof path !== 'string') fail(ref, field, path, 'must be a string');
    if (path.startsWith('~')) {
      regexes.push(compileRegex(ref, field, path));
      return;
    }
    if (!path.startsWith('/')) {
      fail(ref, field, path, 'must start with "/" (or with "~" for a regex)');
    }
    const value = normalisePath(path);
    const group = byLength.get(value.length);
    if (group === undefined) byLength.set(value.length, [{ source: path, value }]);
    else if (!group.some((p) => p.value === value)) group.push({ source: path, value });
  });
  return { prefixGroups: [...byLength.values()], regexes };
}

function checkProtocols(ref: RouteRef, protocols: unknown): { http: boolean; https: boolean } {
  if (!Array.isArray(protocols) || protocols.length === 0) {
    fail(ref, 'protocols', protocols, 'must list "http" and/or "https"');
  }
  for (const [j, p] of protocols.entries()) {
    if (p !== 'http' && p !== 'https') {
      fail(ref, `protocols[${j}]`, p, 'is not supported by the HTTP router (use "http" or "https")');
    }
  }
  return { http: protocols.includes('http'), https: protocols.includes('https') };
}

/** Compiles one route into its entries (rank not yet set). */
export function compileRouteEntries(route: RouteSpec, routeIndex: number): RouteEntry[] {
  const ref: RouteRef = { index: routeIndex, id: String(route.id), name: route.name };
  if (typeof route.id !== 'string' || route.id.length === 0) fail(ref, 'id', route.id, 'must be a non-empty string');
  const protocols = checkProtocols(ref, route.protocols);

  const methods = nonEmpty(route.methods) ? route.methods : null;
  methods?.forEach((m, j) => {
    if (typeof m !== 'string' || !METHOD.test(m)) fail(ref, `methods[${j}]`, m, 'must be an upper-case HTTP method');
  });
  const hosts = nonEmpty(route.hosts) ? compileHosts(ref, 'hosts', route.hosts, true) : null;
  const snis = nonEmpty(route.snis) ? compileHosts(ref, 'snis', route.snis.map(stripDot), false) : null;
  if (snis && !protocols.https) fail(ref, 'snis', route.snis, 'can only be set when "protocols" includes "https"');

  let headers = null;
  if (route.headers != null && Object.keys(route.headers).length > 0) {
    const compiled = compileHeaders(route.headers);
    if (!Array.isArray(compiled)) fail(ref, compiled.field, compiled.value, compiled.problem, compiled.cause);
    headers = compiled;
  }
  const paths = nonEmpty(route.paths) ? compilePaths(ref, route.paths) : null;
  if (!methods && !hosts && !headers && !paths && !snis) {
    fail(ref, '', null, 'sets none of "methods", "hosts", "headers", "paths", "snis"; at least one is required');
  }
  const regexPriority = route.regex_priority ?? 0;
  if (typeof regexPriority !== 'number' || !Number.isInteger(regexPriority)) {
    fail(ref, 'regex_priority', route.regex_priority, 'must be an integer');
  }

  const common: EntryCommon = {
    route,
    routeIndex,
    methods: methods ? new Set(methods) : null,
    hosts,
    snis,
    headers,
    allowsHttp: protocols.http,
    allowsHttps: protocols.https,
    weight: [methods, hosts, headers, paths, snis].filter((f) => f !== null).length,
    plainHostsOnly: hosts !== null && hosts.every((h) => h.kind === 'exact'),
    headerCount: headers?.length ?? 0,
    regexPriority,
    createdAt: typeof route.created_at === 'number' ? route.created_at : Infinity,
  };
  if (!paths) return [makeEntry(common, 0, 'none', [], [])];
  const entries: RouteEntry[] = [];
  if (paths.regexes.length > 0) entries.push(makeEntry(common, 0, 'regex', [], paths.regexes));
  for (const prefixes of paths.prefixGroups) {
    entries.push(makeEntry(common, entries.length, 'prefix', prefixes, []));
  }
  return entries;
}

type EntryCommon = Omit<RouteEntry, 'rank' | 'group' | 'pathKind' | 'prefixes' | 'regexes' | 'prefixLength'>;

/**
 * One literal with every field in a fixed order, so all entries share one hidden class
 * (built with object spread, each got its own, and property reads on the hot path went
 * megamorphic - twenty times slower).
 */
function makeEntry(
  c: EntryCommon,
  group: number,
  pathKind: RouteEntry['pathKind'],
  prefixes: readonly PrefixPath[],
  regexes: readonly RegexPath[],
): RouteEntry {
  return {
    rank: -1,
    route: c.route,
    routeIndex: c.routeIndex,
    group,
    methods: c.methods,
    hosts: c.hosts,
    snis: c.snis,
    headers: c.headers,
    pathKind,
    prefixes,
    regexes,
    allowsHttp: c.allowsHttp,
    allowsHttps: c.allowsHttps,
    weight: c.weight,
    plainHostsOnly: c.plainHostsOnly,
    headerCount: c.headerCount,
    regexPriority: c.regexPriority,
    prefixLength: prefixes[0]?.value.length ?? 0,
    createdAt: c.createdAt,
  };
}

function stripDot(name: string): string {
  return typeof name === 'string' && name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name;
}

/** Compiles every route; rejects duplicate ids. Entries come back unsorted. */
export function compileAllEntries(routes: readonly RouteSpec[]): RouteEntry[] {
  if (!Array.isArray(routes)) throw new TypeError('compileRouter expects an array of routes');
  const seen = new Map<string, number>();
  const entries: RouteEntry[] = [];
  routes.forEach((route, i) => {
    const first = seen.get(route.id);
    if (first !== undefined) {
      fail({ index: i, id: route.id, name: route.name }, 'id', route.id, `duplicates the id of routes[${first}]`);
    }
    seen.set(route.id, i);
    entries.push(...compileRouteEntries(route, i));
  });
  return entries;
}
