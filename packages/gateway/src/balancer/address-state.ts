// The balancer's mutable model: one TargetState per target entity, holding the addresses
// its host resolved to; one AddressState per address (ip:port), which carries the health
// state and counters (as Kong's lua-resty-healthcheck keeps them) and the in-flight count.
import type { Target } from '@gatehouse/config';
import type { Peer } from '../upstream-types.js';
import type { TargetAddress } from './target-address.js';

/** lua-resty-healthcheck's four states; the two "mostly" ones keep the previous availability. */
export type InternalHealth = 'healthy' | 'mostly_healthy' | 'mostly_unhealthy' | 'unhealthy';

export interface HealthCounters {
  successes: number;
  httpFailures: number;
  tcpFailures: number;
  timeouts: number;
}

export interface AddressState {
  readonly peer: Peer;
  readonly ip: string;
  readonly port: number;
  readonly weight: number;
  readonly target: TargetState;
  health: InternalHealth;
  readonly counters: HealthCounters;
  /** Requests between acquire() and release(). */
  inFlight: number;
}

export interface TargetState {
  readonly entity: Target;
  readonly address: TargetAddress;
  readonly weight: number;
  /** Current addresses, sorted by `ip:port`; empty until the host resolves. */
  addresses: AddressState[];
  /** `A`, `AAAA`, `unknown` (not resolved yet) or the last DNS error. */
  dns: string;
  /** Set while the last resolution failed and no (stale) answer is in use. */
  dnsError: string | null;
  /** When the current answer's TTL ends (ms, balancer clock). */
  expiresAt: number;
}

/** Available to the balancer: healthy, or failing but not yet past the threshold. */
export function isAvailable(a: AddressState): boolean {
  return a.health === 'healthy' || a.health === 'mostly_healthy';
}

export function newAddress(target: TargetState, ip: string): AddressState {
  const port = target.address.port;
  return {
    peer: {
      key: `${target.entity.id}|${ip}:${port}`,
      targetId: target.entity.id,
      host: ip,
      port,
      hostname: target.address.host,
    },
    ip,
    port,
    weight: target.weight,
    target,
    health: 'healthy',
    counters: { successes: 0, httpFailures: 0, tcpFailures: 0, timeouts: 0 },
    inFlight: 0,
  };
}

export function newTarget(entity: Target, address: TargetAddress): TargetState {
  const state: TargetState = {
    entity,
    address,
    weight: entity.weight,
    addresses: [],
    dns: address.family === 0 ? 'unknown' : address.family === 6 ? 'AAAA' : 'A',
    dnsError: null,
    expiresAt: 0,
  };
  if (address.family !== 0) state.addresses = [newAddress(state, address.host)];
  return state;
}

/**
 * Replaces a target's addresses with `ips`, keeping the state (health, counters, in-flight)
 * of addresses that stay. Returns whether the set changed.
 */
export function replaceAddresses(target: TargetState, ips: readonly string[]): boolean {
  const wanted = [...new Set(ips)].sort();
  const old = new Map(target.addresses.map((a) => [a.ip, a]));
  const same = wanted.length === old.size && wanted.every((ip) => old.has(ip));
  if (same) return false;
  target.addresses = wanted.map((ip) => old.get(ip) ?? newAddress(target, ip));
  return true;
}
