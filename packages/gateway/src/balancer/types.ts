// The public types of the balancer module: what createBalancer returns, what it needs
// (a DNS resolver, a logger, a clock) and the health JSON it reports for the status API.
import type { Upstream } from '@gatehouse/config';
import type { Logger } from 'pino';
import type { PeerSource } from '../upstream-types.js';

/** The answer for one hostname: its addresses and how long they may be used. */
export interface ResolvedAddresses {
  readonly addresses: readonly string[];
  readonly ttlSeconds: number;
}

/** Turns a target's hostname into addresses; rejects when the name cannot be resolved. */
export interface Resolver {
  resolve(hostname: string): Promise<ResolvedAddresses>;
}

/** The pino methods the balancer logs with (a pino Logger or child fits). */
export type BalancerLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface DnsRefreshOptions {
  /** Shortest time an answer is used before asking again; default 1 s (a TTL of 0 counts as this). */
  readonly minTtlSeconds?: number;
  /** Wait before asking again after a failed resolution; default 5 s (Kong: 30 s). */
  readonly errorRetrySeconds?: number;
  /** How long past its TTL an answer is still used while resolution fails; default 3600 s (Kong's dns_stale_ttl). */
  readonly staleTtlSeconds?: number;
}

export interface BalancerOptions {
  /** Default: createDnsResolver() on node:dns. */
  readonly resolver?: Resolver;
  readonly logger?: BalancerLogger;
  /** Milliseconds clock for DNS expiry; default Date.now. */
  readonly now?: () => number;
  /** Reported as `node_id` in the health JSON. */
  readonly nodeId?: string | null;
  readonly dns?: DnsRefreshOptions;
}

/** Kong's target health verdicts (`GET /upstreams/{name}/health`). */
export type TargetHealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'DNS_ERROR' | 'HEALTHCHECKS_OFF';
export type AddressHealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'HEALTHCHECKS_OFF';

export interface AddressHealth {
  readonly ip: string;
  readonly port: number;
  readonly weight: number;
  readonly health: AddressHealthStatus;
}

export interface WeightSummary {
  readonly total: number;
  readonly available: number;
  readonly unavailable: number;
}

/** Kong's per-target balancer status (the `data` of one health entry). */
export interface TargetStatus {
  readonly host: string;
  readonly port: number;
  /** `A` / `AAAA` for resolved or IP targets, `unknown` before the first answer, else the DNS error. */
  readonly dns: string;
  readonly nodeWeight: number;
  readonly weight: WeightSummary;
  readonly addresses: readonly AddressHealth[];
}

export interface TargetHealth {
  readonly id: string;
  /** Normalised `host:port`. */
  readonly target: string;
  readonly weight: number;
  readonly upstream: { readonly id: string };
  readonly tags: readonly string[] | null;
  readonly health: TargetHealthStatus;
  /** The same list as `data.addresses`, at the top level for convenience. */
  readonly addresses: readonly AddressHealth[];
  readonly data: TargetStatus;
}

/** Shaped like Kong's `GET /upstreams/{name}/health` (targets with weight 0 are left out, as Kong does). */
export interface UpstreamHealth {
  readonly data: readonly TargetHealth[];
  readonly total: number;
  readonly next: null;
  readonly node_id: string | null;
}

/** Shaped like Kong's `GET /upstreams/{name}/health?balancer_health=1`. */
export interface BalancerHealth {
  readonly data: {
    readonly id: string;
    readonly health: 'HEALTHY' | 'UNHEALTHY' | 'HEALTHCHECKS_OFF';
    /** Omitted when health checks are off, as Kong does. */
    readonly details?: {
      readonly healthy: boolean;
      readonly weight: WeightSummary;
      readonly hosts: readonly TargetStatus[];
    };
  };
  readonly next: null;
  readonly node_id: string | null;
}

export type SetHealthResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** One upstream's balancer: picks peers, learns from outcomes, runs health checks and DNS refresh. */
export interface Balancer extends PeerSource {
  readonly upstream: Upstream;
  /** Begins active health checks and DNS resolution/refresh; idempotent. */
  start(): void;
  health(): UpstreamHealth;
  balancerHealth(): BalancerHealth;
  /**
   * Kong's `PUT /upstreams/{u}/targets/{t}[/{address}]/healthy|unhealthy`: forces every address
   * of a target (by id or `host:port`), or one `ip:port` of it, and clears its counters.
   */
  setTargetHealth(target: string, healthy: boolean, address?: string): SetHealthResult;
  /** Stops timers and aborts probes in flight; pick() keeps answering from the last known state. */
  close(): Promise<void>;
}
