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

import { joinUpstreamPath } from '../proxy/upstream-path-join.js';
import { escapeUpstreamPath } from './path-normalise.js';
import type { RouteMatch } from './types.js';

/**
 * The upstream request path (no query) for a match and the matched service's `path`
 * (null or empty means `/`): the proxy's v0 join of what strip_path left, re-escaped.
 */
export function upstreamPath(servicePath: string | null | undefined, match: RouteMatch): string {
  const strippedPrefix = match.stripLength > 0 ? match.path.slice(0, match.stripLength) : undefined;
  return escapeUpstreamPath(joinUpstreamPath({ servicePath, requestPath: match.path, strippedPrefix, pathHandling: 'v0' }));
}
