// Evaluating one candidate entry against a request, and building the RouteMatch.
// Shared by the indexed router and the linear reference router, so both agree by design and
// differ only in which entries they try.

import { headersMatch, type RequestHeaders } from './header-matcher.js';
import { hostMatches, type HostPattern, type RequestHost } from './host-matcher.js';
import { sanitizePostfix } from './path-normalise.js';
import type { RouteEntry } from './route-priority.js';
import type { PathMatchKind, RouteMatch, UriCaptures } from './types.js';

/** A request prepared once for matching. */
export interface MatchContext {
  readonly method: string;
  readonly host: RequestHost;
  readonly rawPath: string;
  readonly path: string;
  readonly headers: RequestHeaders;
  /** Lower-case SNI without trailing dot; null for plain http (SNIs are then not consulted). */
  readonly sni: string | null;
  readonly https: boolean;
}

/** Set while searching: did a header condition decide anything? (Then the result is not cached.) */
export interface SearchState {
  headerDependent: boolean;
}

interface PathHit {
  kind: PathMatchKind;
  routePath: string | null;
  matched: string;
  captures: UriCaptures | null;
}

const NO_PATH: PathHit = Object.freeze({ kind: 'none', routePath: null, matched: '', captures: null });

function firstHost(patterns: readonly HostPattern[], host: RequestHost): HostPattern | null {
  for (const p of patterns) if (hostMatches(p, host)) return p;
  return null;
}

function matchPath(entry: RouteEntry, path: string): PathHit | null {
  if (entry.pathKind === 'none') return NO_PATH;
  if (entry.pathKind === 'prefix') {
    for (const p of entry.prefixes) {
      if (path.startsWith(p.value)) return { kind: 'prefix', routePath: p.source, matched: p.value, captures: null };
    }
    return null;
  }
  for (const r of entry.regexes) {
    const m = r.re.exec(path);
    if (m === null) continue;
    const captures: UriCaptures | null =
      m.length > 1
        ? Object.freeze({
            numbered: Object.freeze(Array.from(m)),
            named: Object.freeze({ ...(m.groups ?? {}) }),
          })
        : null;
    return { kind: 'regex', routePath: r.source, matched: m[0], captures };
  }
  return null;
}

/** Tries one entry; returns the match or null. Cheap checks first, headers last. */
export function tryEntry(entry: RouteEntry, ctx: MatchContext, state: SearchState): RouteMatch | null {
  if (entry.methods !== null && !entry.methods.has(ctx.method)) return null;
  let matchedHost: HostPattern | null = null;
  if (entry.hosts !== null) {
    matchedHost = firstHost(entry.hosts, ctx.host);
    if (matchedHost === null) return null;
  }
  if (entry.snis !== null && ctx.https) {
    if (ctx.sni === null || firstHost(entry.snis, { name: ctx.sni, port: 0 }) === null) return null;
  }
  const hit = matchPath(entry, ctx.path);
  if (hit === null) return null;
  if (entry.headers !== null) {
    state.headerDependent = true;
    if (!headersMatch(entry.headers, ctx.headers)) return null;
  }
  return buildMatch(entry, ctx, hit, matchedHost);
}

function buildMatch(entry: RouteEntry, ctx: MatchContext, hit: PathHit, host: HostPattern | null): RouteMatch {
  const route = entry.route;
  const strip = route.strip_path && hit.kind !== 'none';
  const stripLength = strip ? hit.matched.length : 0;
  const allowed = ctx.https ? entry.allowsHttps : entry.allowsHttp;
  return Object.freeze({
    route,
    rawPath: ctx.rawPath,
    path: ctx.path,
    pathKind: hit.kind,
    routePath: hit.routePath,
    matchedPath: hit.matched,
    captures: hit.captures,
    stripLength,
    pathRemainder: strip ? sanitizePostfix(ctx.path.slice(stripLength)) : ctx.path,
    matchedHost: host?.source ?? null,
    protocolAllowed: allowed,
    httpsRequired: !ctx.https && !entry.allowsHttp && entry.allowsHttps,
  });
}

/** Lower-cases an SNI and drops a trailing dot (FQDN form), as Kong does for route SNIs. */
export function normaliseSni(sni: string | undefined, https: boolean): string | null {
  if (!https || !sni) return null;
  const lower = sni.toLowerCase();
  return lower.length > 1 && lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
