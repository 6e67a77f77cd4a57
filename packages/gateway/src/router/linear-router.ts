// The reference router: the same compiled, ranked entries and the same per-entry checks as
// compileRouter, tried one by one over the whole list, with no index and no cache. Tests
// compare the indexed router with it; the benchmark measures what the index saves.
// Not for production traffic.

import { compileEntries, prepareRequest, routerStats } from './compile-router.js';
import { tryEntry, type SearchState } from './entry-match.js';
import type { RouteMatch, RouteSpec, Router, RouterRequest } from './types.js';

export function compileLinearRouter(routes: readonly RouteSpec[]): Router {
  const entries = compileEntries(routes);
  const state: SearchState = { headerDependent: false };
  function match(req: RouterRequest): RouteMatch | null {
    const ctx = prepareRequest(req);
    for (const entry of entries) {
      const found = tryEntry(entry, ctx, state);
      if (found !== null) return found;
    }
    return null;
  }
  return { match, stats: routerStats(routes.length, entries) };
}
