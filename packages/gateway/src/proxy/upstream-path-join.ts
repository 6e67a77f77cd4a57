// The upstream path Kong builds from service.path and the request path (Admin API docs, route
// object, "path_handling"; code in kong/router/utils.lua and the 2.x traditional router):
//   v0: service path, route path and request path are URL segments joined by single slashes;
//       with strip_path, an empty rest gives the service path (plus `/` if the request path
//       ended with one); the default, and the only behaviour of Kong 3.x's
//       traditional_compatible and expressions routers.
//   v1: service.path is a plain prefix: with strip_path it is followed by the rest as is,
//       without, by the request path minus its leading `/`; only a double slash at the join is
//       merged (Kong 1.x; deprecated, kept for routes migrated with path_handling v1).
// The rest after the stripped prefix loses a leading `./` or `../` (Kong's sanitize_uri_postfix).
// Input and output are paths without a query; appendQuery adds it back the way Kong does.

export type PathHandling = 'v0' | 'v1';

export interface JoinUpstreamPathInput {
  /** service.path; null, undefined or empty means `/`. */
  readonly servicePath?: string | null | undefined;
  /** The normalised request path (the router's match.path), without a query string. */
  readonly requestPath: string;
  /** What strip_path removed from the start of requestPath; empty or undefined when nothing. */
  readonly strippedPrefix?: string | undefined;
  readonly pathHandling: PathHandling;
}

function sanitizeRest(rest: string): string {
  if (rest === '.' || rest === '..') return '';
  if (rest.startsWith('./')) return rest.slice(2);
  if (rest.startsWith('../')) return rest.slice(3);
  return rest;
}

function joinV0(base: string, strip: boolean, rest: string, path: string): string {
  const baseSlash = base.endsWith('/');
  if (!strip) {
    if (baseSlash) return base + path.slice(1);
    return path === '/' ? base : base + path;
  }
  if (rest === '') {
    if (base === '/') return '/';
    if (baseSlash) return path.endsWith('/') ? base : base.slice(0, -1);
    return path.length > 1 && path.endsWith('/') ? base + '/' : base;
  }
  if (rest.startsWith('/')) return (baseSlash ? base.slice(0, -1) : base) + rest;
  return baseSlash ? base + rest : `${base}/${rest}`;
}

function joinV1(base: string, strip: boolean, rest: string, path: string): string {
  if (!strip) return base + path.slice(1);
  if (base.endsWith('/') && rest.startsWith('/')) return base.slice(0, -1) + rest;
  return base + rest;
}

/** The path (no query) Kong sends upstream for this service path, request path and strip. */
export function joinUpstreamPath(input: JoinUpstreamPathInput): string {
  const base = input.servicePath ? input.servicePath : '/';
  const path = input.requestPath === '' ? '/' : input.requestPath;
  const prefix = input.strippedPrefix ?? '';
  const strip = prefix !== '' && path.startsWith(prefix);
  const rest = strip ? sanitizeRest(path.slice(prefix.length)) : path.slice(1);
  return input.pathHandling === 'v1' ? joinV1(base, strip, rest, path) : joinV0(base, strip, rest, path);
}

/**
 * Adds the client's query string to an upstream path as Kong does: `?args` when there are
 * any, and a bare `?` kept when the request target ended with one.
 */
export function appendQuery(path: string, requestTarget: string): string {
  const mark = requestTarget.indexOf('?');
  return mark === -1 ? path : path + requestTarget.slice(mark);
}
