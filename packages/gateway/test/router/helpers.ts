// Shared builders for the router tests. Every lookup goes through three routers - indexed
// with cache, indexed without cache, and the linear reference - and they must agree.
import assert from 'node:assert/strict';
import { compileLinearRouter, compileRouter } from '../../src/router/index.js';
import type { RouteMatch, RouteSpec, RouterRequest } from '../../src/router/index.js';

export function route(id: string, fields: Partial<RouteSpec> = {}): RouteSpec {
  return {
    id,
    protocols: ['http', 'https'],
    regex_priority: 0,
    strip_path: true,
    preserve_host: false,
    path_handling: 'v0',
    ...fields,
  };
}

export function request(fields: Partial<RouterRequest> = {}): RouterRequest {
  return { method: 'GET', host: 'example.com', path: '/', headers: {}, scheme: 'http', port: 80, ...fields };
}

/** Matches with all three routers, checks they agree, returns the match. */
export function matchWith(routes: RouteSpec[], req: Partial<RouterRequest>): RouteMatch | null {
  const full = request(req);
  const routers = [compileRouter(routes), compileRouter(routes, { cacheSize: 0 }), compileLinearRouter(routes)];
  const results = routers.map((r) => r.match(full));
  const ids = results.map((m) => m?.route.id ?? null);
  assert.deepEqual(ids, [ids[0], ids[0], ids[0]], 'indexed, uncached and linear routers disagree');
  return results[0] ?? null;
}

/** The id of the matching route, or null. */
export function matchId(routes: RouteSpec[], req: Partial<RouterRequest>): string | null {
  return matchWith(routes, req)?.route.id ?? null;
}
