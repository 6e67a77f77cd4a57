/**
 * The contract between the balancers (which pick a peer and learn from outcomes) and the proxy
 * (which sends the request to that peer and reports how it went). Both sides import only this.
 */

/** One address a request can go to: a target resolved to an IP, or a service's own host. */
export interface Peer {
  /** Stable within a snapshot: `${targetId}|${ip}:${port}`, or `${host}:${port}` for a plain service host. */
  readonly key: string;
  /** The target entity's id, or null when the service points at a host directly. */
  readonly targetId: string | null;
  /** Host to connect to (an IP once resolved, or a hostname). */
  readonly host: string;
  readonly port: number;
  /** The name written in the config (used for the Host header when the service sets none). */
  readonly hostname: string;
}

/** How one attempt at a peer went, as the passive health checker counts it. */
export type PeerOutcome =
  | { readonly kind: 'response'; readonly status: number }
  | { readonly kind: 'tcp_failure'; readonly code: string }
  | { readonly kind: 'timeout' };

/** Why no peer could be picked; the engine answers 503 with Kong's message. */
export interface NoPeer {
  readonly error: 'GW_ERR_UPSTREAM_NO_PEER';
  readonly message: string;
}

/** What the proxy needs from a balancer, per request. */
export interface PeerSource {
  /** A peer for this attempt, skipping peers in `tried` when others are available. */
  pick(hashKey: string | undefined, tried: ReadonlySet<string>): Peer | NoPeer;
  /** Called when a request to `peer` starts and ends (least-connections counts these). */
  acquire(peer: Peer): void;
  release(peer: Peer): void;
  /** Passive health checks learn from every outcome. */
  report(peer: Peer, outcome: PeerOutcome): void;
}
