// Upstream balancers with Kong's semantics: round-robin, least-connections and
// consistent-hashing over targets resolved through DNS, with active and passive health
// checks. createBalancer() builds one per upstream per config snapshot; the engine picks a
// peer per attempt and reports outcomes (see ../upstream-types.ts).

export { createBalancer } from './create-balancer.js';
export { hashKeyFor, formatHashCookie } from './hash-key.js';
export type { HashCookie, HashKey, HashKeyRequest } from './hash-key.js';
export { createDnsResolver } from './dns-resolver.js';
export type { DnsResolverOptions } from './dns-resolver.js';
export { parseHostsFile } from './hosts-file.js';
export { DNS_DEFAULTS } from './dns-refresh.js';
export { NO_PEER, NO_PEER_MESSAGE, isNoPeer } from './no-peer.js';
export { DEFAULT_TARGET_PORT, parseTargetAddress, formatHostPort } from './target-address.js';
export type { TargetAddress } from './target-address.js';
export { usesHealthchecks } from './health-counters.js';
export { xxhash32 } from './xxhash32.js';
export type {
  AddressHealth,
  AddressHealthStatus,
  Balancer,
  BalancerHealth,
  BalancerLogger,
  BalancerOptions,
  DnsRefreshOptions,
  ResolvedAddresses,
  Resolver,
  SetHealthResult,
  TargetHealth,
  TargetHealthStatus,
  TargetStatus,
  UpstreamHealth,
  WeightSummary,
} from './types.js';
