// @gatehouse/gateway — the data-plane proxy engine.

// Router (Kong traditional_compatible)
export { compileRouter, compileLinearRouter, RouterCompileError, GW_ERR_ROUTER_COMPILE, normalisePath, stripQuery, escapeUpstreamPath, upstreamPath } from './router/index.js';
export type { RouteSpec, RouterRequest, RouteMatch, UriCaptures, PathMatchKind, Router, RouterOptions, RouterStats } from './router/index.js';

// Upstream peers: the contract between balancers and the proxy
export type { NoPeer, Peer, PeerOutcome, PeerSource } from './upstream-types.js';

// Plugins: the contract and Kong's precedence
export { PluginChains } from './plugins/plugin-chains.js';
export type { BuiltPlugin } from './plugins/plugin-chains.js';
export type {
  Authenticated, GatewayPlugin, Phase, PluginBuildContext, PluginContext, PluginExit, PluginHandlers, PluginRequest, UpstreamRequestEditor,
} from './plugins/plugin-contract.js';
