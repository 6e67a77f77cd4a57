// Health counting with lua-resty-healthcheck's rules (what Kong runs):
// - a counter whose limit is 0 is disabled: reports of that kind are ignored entirely;
// - a report matching the current full state (a success while healthy, a failure while
//   unhealthy) is not counted;
// - a success clears every failure counter; any failure clears the success counter, while
//   HTTP failures, TCP failures and timeouts count separately, each against its own limit;
// - reaching a limit switches the state; a first opposite report moves `healthy` to
//   `mostly_healthy` (still available) or `unhealthy` to `mostly_unhealthy` (still down).
// Active and passive checks share the counters and differ only in their limits.
import type { Upstream } from '@gatehouse/config';
import { isAvailable } from './address-state.js';
import type { AddressState, HealthCounters } from './address-state.js';

export type Healthchecks = Upstream['healthchecks'];
export type HealthReport = 'healthy' | 'unhealthy';

/** Statuses and limits for HTTP answers, as the active and passive configs both have them. */
export interface StatusRules {
  readonly healthy: { readonly http_statuses: readonly number[]; readonly successes: number };
  readonly unhealthy: { readonly http_statuses: readonly number[]; readonly http_failures: number };
}

/** Kong's test: health checks are on when an active interval or a passive failure counter is set. */
export function usesHealthchecks(checks: Healthchecks): boolean {
  return (
    checks.active.healthy.interval !== 0 ||
    checks.active.unhealthy.interval !== 0 ||
    checks.passive.unhealthy.tcp_failures !== 0 ||
    checks.passive.unhealthy.timeouts !== 0 ||
    checks.passive.unhealthy.http_failures !== 0
  );
}

function failures(c: HealthCounters): number {
  return c.httpFailures + c.tcpFailures + c.timeouts;
}

/** Counts one report; returns true when the address's availability flipped. */
export function countReport(a: AddressState, report: HealthReport, counter: keyof HealthCounters, limit: number): boolean {
  if (limit === 0 || a.health === report) return false;
  const c = a.counters;
  c[counter] = Math.min(c[counter] + 1, 255);
  if (counter === 'successes') {
    c.httpFailures = 0;
    c.tcpFailures = 0;
    c.timeouts = 0;
  } else {
    c.successes = 0;
  }
  let next = a.health;
  if (c[counter] >= limit) next = report;
  else if (a.health === 'healthy' && failures(c) > 0) next = 'mostly_healthy';
  else if (a.health === 'unhealthy' && c.successes > 0) next = 'mostly_unhealthy';
  const before = isAvailable(a);
  a.health = next;
  return before !== isAvailable(a);
}

/**
 * An HTTP status: in the healthy list it counts a success, in the unhealthy list (or 0 for an
 * unreadable answer) an HTTP failure; any other status is ignored.
 */
export function countHttpStatus(a: AddressState, status: number, rules: StatusRules): boolean {
  if (rules.healthy.http_statuses.includes(status)) {
    return countReport(a, 'healthy', 'successes', rules.healthy.successes);
  }
  if (status === 0 || rules.unhealthy.http_statuses.includes(status)) {
    return countReport(a, 'unhealthy', 'httpFailures', rules.unhealthy.http_failures);
  }
  return false;
}

/** Sets the state outright and clears the counters (Kong's set_target_status). */
export function forceHealth(a: AddressState, healthy: boolean): boolean {
  const before = isAvailable(a);
  a.health = healthy ? 'healthy' : 'unhealthy';
  a.counters.successes = 0;
  a.counters.httpFailures = 0;
  a.counters.tcpFailures = 0;
  a.counters.timeouts = 0;
  return before !== isAvailable(a);
}
