// The health JSON of the status API, shaped like Kong's `GET /upstreams/{name}/health`
// (per target) and `?balancer_health=1` (the upstream as a whole). Kong's rules: with health
// checks off every address is HEALTHCHECKS_OFF; a target is HEALTHY when any address is,
// else UNHEALTHY when any is, and DNS_ERROR when it has no address at all (its name did not
// resolve, or not yet). Targets with weight 0 are not listed.
import type { Upstream } from '@gatehouse/config';
import { isAvailable } from './address-state.js';
import type { AddressState, TargetState } from './address-state.js';
import type { AddressHealth, BalancerHealth, TargetHealth, TargetHealthStatus, TargetStatus, UpstreamHealth, WeightSummary } from './types.js';

export function weightOf(addresses: readonly AddressState[]): WeightSummary {
  let total = 0;
  let unavailable = 0;
  for (const a of addresses) {
    total += a.weight;
    if (!isAvailable(a)) unavailable += a.weight;
  }
  return { total, available: total - unavailable, unavailable };
}

export function targetStatus(target: TargetState, usingHealthchecks: boolean): TargetStatus {
  const addresses: AddressHealth[] = target.addresses.map((a) => ({
    ip: a.ip,
    port: a.port,
    weight: a.weight,
    health: usingHealthchecks ? (isAvailable(a) ? 'HEALTHY' : 'UNHEALTHY') : 'HEALTHCHECKS_OFF',
  }));
  return {
    host: target.address.host,
    port: target.address.port,
    dns: target.dns,
    nodeWeight: target.weight,
    weight: weightOf(target.addresses),
    addresses,
  };
}

function verdict(status: TargetStatus): TargetHealthStatus {
  if (status.addresses.length === 0) return 'DNS_ERROR';
  if (status.addresses.some((a) => a.health === 'HEALTHY')) return 'HEALTHY';
  if (status.addresses.some((a) => a.health === 'UNHEALTHY')) return 'UNHEALTHY';
  return 'HEALTHCHECKS_OFF';
}

export function upstreamHealth(targets: readonly TargetState[], usingHealthchecks: boolean, nodeId: string | null): UpstreamHealth {
  const data: TargetHealth[] = targets
    .filter((t) => t.weight > 0)
    .map((t) => {
      const status = targetStatus(t, usingHealthchecks);
      return {
        id: t.entity.id,
        target: t.address.normalised,
        weight: t.weight,
        upstream: { id: t.entity.upstream.id },
        tags: t.entity.tags,
        health: verdict(status),
        addresses: status.addresses,
        data: status,
      };
    });
  return { data, total: data.length, next: null, node_id: nodeId };
}

export function balancerHealth(
  upstream: Upstream,
  targets: readonly TargetState[],
  healthy: boolean,
  usingHealthchecks: boolean,
  nodeId: string | null,
): BalancerHealth {
  if (!usingHealthchecks) return { data: { id: upstream.id, health: 'HEALTHCHECKS_OFF' }, next: null, node_id: nodeId };
  const hosts = targets.map((t) => targetStatus(t, true));
  return {
    data: {
      id: upstream.id,
      health: healthy ? 'HEALTHY' : 'UNHEALTHY',
      details: { healthy, weight: weightOf(targets.flatMap((t) => t.addresses)), hosts },
    },
    next: null,
    node_id: nodeId,
  };
}
