// The proxy core: forwards one client request (or upgrade) to an upstream peer the way Kong
// does — headers, path joining, retries, timeouts and error answers — with bodies streamed
// both ways under backpressure. The engine builds the inputs from its snapshot and the match.

export { proxyRequest, peerOrigin } from './proxy-request.js';
export { proxyUpgrade } from './proxy-upgrade.js';
export type { UpgradeOutcome, UpgradeTarget } from './proxy-upgrade.js';
export { createUpstreamPools } from './upstream-pools.js';
export type { ConnectionSettings, PoolSet, PoolSetStats, UpstreamPoolOptions } from './upstream-pools.js';
export {
  buildUpstreamHeaders,
  upstreamHostHeader,
  hostWithoutPort,
  DEFAULT_REQUEST_ID_HEADER,
} from './upstream-headers.js';
export type { UpstreamHeaderOptions } from './upstream-headers.js';
export {
  filterResponseHeaders,
  addGatewayResponseHeaders,
  UPSTREAM_LATENCY_HEADER,
  PROXY_LATENCY_HEADER,
} from './response-headers.js';
export type { GatewayResponseHeaders } from './response-headers.js';
export { HOP_BY_HOP, hopByHopNames, isUpgradeRequest, wantsTrailers } from './hop-by-hop.js';
export { joinUpstreamPath, appendQuery } from './upstream-path-join.js';
export type { JoinUpstreamPathInput, PathHandling } from './upstream-path-join.js';
export {
  PROXY_ERROR_CODES,
  ProxyError,
  classifyFailure,
  errorBody,
  sendProxyError,
  statusForCode,
} from './proxy-errors.js';
export type { ErrorResponseOptions, FailureClass, ProxyErrorCode } from './proxy-errors.js';
export { SERVER_TOKEN, appendVia, viaEntry } from './server-token.js';
export { hasRequestBody } from './request-body.js';
export { isValidTraceparent, newTraceparent, traceIdOf, upstreamTraceparent } from './trace-context.js';
export type {
  DownstreamHeaders,
  HostHeaderInput,
  ProxyContext,
  ProxyOutcome,
  ProxyTimeouts,
  ProxyTry,
  ResponseHeaderSwitches,
  ResponseHeadersHook,
  UpstreamHeaders,
} from './types.js';
