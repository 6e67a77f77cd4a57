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
  Authenticated, ConsumerIndex, GatewayPlugin, Phase, PluginBuildContext, PluginContext, PluginExit, PluginHandlers, PluginRequest, RequestOutcome, UpstreamRequestEditor,
} from './plugins/plugin-contract.js';

// The engine: compile, swap, serve
export { Engine } from './engine/engine.js';
export type { ApplyResult, EngineOptions } from './engine/engine.js';
export { Snapshot } from './engine/snapshot.js';
export type { ConfigMeta, ConfigSource, UpstreamRuntime } from './engine/snapshot.js';
export { GatewayNode } from './engine/gateway-node.js';
export type { GatewayNodeOptions } from './engine/gateway-node.js';
export { StandaloneNode } from './engine/standalone-node.js';
export type { ReloadResult } from './engine/standalone-node.js';
export { ProxyServer } from './engine/proxy-server.js';
export type { ProxyServerOptions } from './engine/proxy-server.js';
export { createStatusApi } from './engine/status-api.js';
export type { StatusApiOptions } from './engine/status-api.js';
export { ENGINE_ERROR_CODES } from './engine/local-responses.js';
export type { ListenerInfo } from './engine/prepare-request.js';

// Balancers and the proxy core
export { createBalancer, hashKeyFor } from './balancer/index.js';
export type { Balancer, BalancerOptions, UpstreamHealth } from './balancer/index.js';
export { createUpstreamPools, proxyRequest, proxyUpgrade, PROXY_ERROR_CODES } from './proxy/index.js';
export type { PoolSet, ProxyContext, ProxyOutcome } from './proxy/index.js';
