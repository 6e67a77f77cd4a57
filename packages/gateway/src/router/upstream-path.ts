// The path Kong sends upstream for a match: service.path joined with what is left of the
// normalised request path, by Kong's `path_handling = "v0"` rules (service path, route path
// and request path treated as URL segments, joined with single slashes), then re-escaped.
// Kong 3.x's traditional_compatible router always uses v0, whatever route.path_handling says
// (v1 works only with the legacy `traditional` flavour); we do the same.
//
//   service.path  route.path  strip  request     upstream
//   /s            /fv0        no     /fv0/req    /s/fv0/req
//   /s            /tv0        yes    /tv0/req    /s/req
//   /s            /tv0        yes    /tv0        /s
//   /s            /tv0/       yes    /tv0/       /s/
//   /s            /tv0        yes    /tv0req     /s/req

import { escapeUpstreamPath } from './path-normalise.js';
import type { RouteMatch } from './types.js';

function joinV0(base: string, strip: boolean, postfix: string, path: string): string {
  const baseEndsWithSlash = base.endsWith('/');
  if (!strip) {
    if (baseEndsWithSlash) return base + path.slice(1);
    return path === '/' ? base : base + path;
  }
  if (postfix === '') {
    if (baseEndsWithSlash) {
      if (base === '/') return '/';
      return path.endsWith('/') ? base : base.slice(0, -1);
    }
    return path.length > 1 && path.endsWith('/') ? base + '/' : base;
  }
  if (postfix.startsWith('/')) return (baseEndsWithSlash ? base.slice(0, -1) : base) + postfix;
  return baseEndsWithSlash ? base + postfix : base + '/' + postfix;
}

/**
 * The upstream request path (no query) for a match and the matched service's `path`
 * (null or empty means `/`).
 */
export function upstreamPath(servicePath: string | null | undefined, match: RouteMatch): string {
  const base = servicePath ? servicePath : '/';
  const strip = match.stripLength > 0;
  const postfix = strip ? match.pathRemainder : match.path.slice(1);
  return escapeUpstreamPath(joinV0(base, strip, postfix, match.path));
}
