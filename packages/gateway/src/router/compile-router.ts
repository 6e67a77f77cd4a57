// compileRouter: validate and compile every route once (off the hot path), rank the
// matchers, build the host/path index; match() then prepares the request once, gathers the
// few candidate lists the index points at, and tries candidates in priority order.
//
// Protocols: like Kong, matching ignores http vs https (a route's SNIs are consulted only for
// https requests). The engine reads RouteMatch.httpsRequired to answer 426 or redirect for an
// https-only route reached over plain http, as Kong's runloop does after routing.

import { MatchCache, NO_ROUTE } from './match-cache.js';
import { normaliseSni, tryEntry, type MatchContext, type SearchState } from './entry-match.js';
import { parseRequestHost } from './host-matcher.js';
import { normalisePath, stripQuery } from './path-normalise.js';
import { CandidateLists, RouteIndex } from './route-index.js';
import { compileAllEntries } from './route-entry.js';
import { rankEntries, type RouteEntry } from './route-priority.js';
import type { RouteMatch, RouteSpec, Router, RouterOptions, RouterRequest, RouterStats } from './types.js';

const DEFAULT_CACHE_SIZE = 4096;

/** Prepares a request for matching: host split, path normalised, SNI normalised. */
export function prepareRequest(req: RouterRequest, rawPath = stripQuery(req.path)): MatchContext {
  const https = req.scheme === 'https';
  return {
    method: req.method,
    host: parseRequestHost(req.host ?? '', req.port),
    rawPath,
    path: normalisePath(rawPath),
    headers: req.headers ?? {},
    sni: normaliseSni(req.sni, https),
    https,
  };
}

/** Compiles and ranks every route; throws RouterCompileError (GW_ERR_ROUTER_COMPILE). */
export function compileEntries(routes: readonly RouteSpec[]): RouteEntry[] {
  return rankEntries(compileAllEntries(routes));
}

export function routerStats(routes: number, entries: readonly RouteEntry[], index?: RouteIndex): RouterStats {
  return {
    routes,
    entries: entries.length,
    exactHosts: index?.exactHosts ?? 0,
    wildcardHosts: index?.wildcardHosts ?? 0,
    regexEntries: entries.filter((e) => e.pathKind === 'regex').length,
  };
}

function cacheKey(req: RouterRequest, rawPath: string): string {
  const sni = req.scheme === 'https' ? (req.sni ?? '') : '';
  return `${req.method} ${req.scheme} ${sni} ${req.port} ${req.host}\n${rawPath}`;
}

export function compileRouter(routes: readonly RouteSpec[], options: RouterOptions = {}): Router {
  const entries = compileEntries(routes);
  const index = new RouteIndex(entries);
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const cache = cacheSize > 0 ? new MatchCache<RouteMatch>(cacheSize) : null;
  // Scratch space reused by every match(); match() is synchronous, so it is never shared.
  const candidates = new CandidateLists();
  const state: SearchState = { headerDependent: false };

  function search(ctx: MatchContext): RouteMatch | null {
    index.collect(ctx.host.name, ctx.method, ctx.path, candidates);
    for (let entry = candidates.next(); entry !== undefined; entry = candidates.next()) {
      const found = tryEntry(entry, ctx, state);
      if (found !== null) return found;
    }
    return null;
  }

  function match(req: RouterRequest): RouteMatch | null {
    const rawPath = stripQuery(req.path);
    const key = cache === null ? '' : cacheKey(req, rawPath);
    if (cache !== null) {
      const hit = cache.get(key);
      if (hit !== undefined) return hit === NO_ROUTE ? null : hit;
    }
    state.headerDependent = false;
    const found = search(prepareRequest(req, rawPath));
    if (cache !== null && !state.headerDependent) cache.set(key, found);
    return found;
  }

  return { match, stats: routerStats(routes.length, entries, index) };
}
