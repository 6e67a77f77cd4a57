// The router: Kong 3.x `traditional_compatible` route matching, as a pure module.
// compileRouter() builds once per config snapshot; router.match() runs per request.

export { compileRouter } from './compile-router.js';
export { compileLinearRouter } from './linear-router.js';
export { RouterCompileError, GW_ERR_ROUTER_COMPILE } from './router-error.js';
export { normalisePath, stripQuery, escapeUpstreamPath } from './path-normalise.js';
export { upstreamPath } from './upstream-path.js';
export type {
  RouteSpec,
  RouterRequest,
  RouteMatch,
  UriCaptures,
  PathMatchKind,
  Router,
  RouterOptions,
  RouterStats,
} from './types.js';
