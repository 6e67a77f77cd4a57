// createBalancer: one upstream's runtime balancer. Building is synchronous and cheap (targets
// parsed, IP targets ready at once, the hashing ring deferred to the first pick); start()
// begins DNS resolution and active checks. Health lives per address (ip:port of a target).
import type { Target, Upstream } from '@gatehouse/config';
import type { NoPeer, Peer, PeerOutcome } from '../upstream-types.js';
import { ActiveChecker } from './active-checker.js';
import { isAvailable, newTarget } from './address-state.js';
import type { AddressState, TargetState } from './address-state.js';
import { createAlgorithm } from './algorithm.js';
import type { Algorithm } from './algorithm.js';
import { createDnsResolver } from './dns-resolver.js';
import { DNS_DEFAULTS, DnsRefresher } from './dns-refresh.js';
import { countHttpStatus, countReport, forceHealth, usesHealthchecks } from './health-counters.js';
import type { ProbeResult } from './health-probe.js';
import { NO_PEER } from './no-peer.js';
import { parseTargetAddress } from './target-address.js';
import type { Balancer, BalancerHealth, BalancerLogger, BalancerOptions, Resolver, SetHealthResult, UpstreamHealth } from './types.js';
import { balancerHealth, upstreamHealth, weightOf } from './upstream-health.js';

let sharedResolver: Resolver | undefined;

class UpstreamBalancer implements Balancer {
  private readonly targets: TargetState[];
  private readonly algorithm: Algorithm;
  private readonly dns: DnsRefresher;
  private readonly checker: ActiveChecker;
  private readonly usingHealthchecks: boolean;
  private readonly log: BalancerLogger | undefined;
  private readonly nodeId: string | null;
  /** Addresses with weight > 0, in target order; and the same by peer key. */
  private live: AddressState[] = [];
  private byKey = new Map<string, AddressState>();
  private healthy = false;
  private started = false;

  constructor(readonly upstream: Upstream, targets: readonly Target[], opts: BalancerOptions) {
    this.log = opts.logger;
    this.nodeId = opts.nodeId ?? null;
    this.targets = targets.map((t) => newTarget(t, parseTargetAddress(t.target)));
    this.algorithm = createAlgorithm(upstream);
    this.usingHealthchecks = usesHealthchecks(upstream.healthchecks);
    this.dns = new DnsRefresher({
      resolver: opts.resolver ?? (sharedResolver ??= createDnsResolver()),
      now: opts.now ?? Date.now,
      options: { ...DNS_DEFAULTS, ...opts.dns },
      upstream: upstream.name,
      logger: opts.logger,
      onChange: () => this.addressesChanged(),
    });
    this.checker = new ActiveChecker({
      config: upstream.healthchecks.active,
      addresses: () => this.live,
      hostHeader: (a) => upstream.host_header ?? a.target.address.host,
      onResult: (a, result) => this.activeResult(a, result),
    });
    this.addressesChanged();
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.dns.start(this.targets);
    this.checker.start();
  }

  async close(): Promise<void> {
    this.started = true; // a closed balancer never starts
    this.dns.close();
    await this.checker.close();
  }

  pick(hashKey: string | undefined, tried: ReadonlySet<string>): Peer | NoPeer {
    if (!this.healthy) return NO_PEER;
    const fresh = tried.size === 0 ? undefined : this.algorithm.pick(hashKey, (a) => isAvailable(a) && !tried.has(a.peer.key));
    const picked = fresh ?? this.algorithm.pick(hashKey, isAvailable);
    return picked ? picked.peer : NO_PEER;
  }

  acquire(peer: Peer): void {
    const a = this.byKey.get(peer.key);
    if (a) a.inFlight += 1;
  }

  release(peer: Peer): void {
    const a = this.byKey.get(peer.key);
    if (a && a.inFlight > 0) a.inFlight -= 1;
  }

  report(peer: Peer, outcome: PeerOutcome): void {
    const a = this.byKey.get(peer.key);
    if (!a || !this.usingHealthchecks) return; // Kong: no health checker, nothing counted
    const passive = this.upstream.healthchecks.passive;
    let flipped: boolean;
    if (outcome.kind === 'response') flipped = countHttpStatus(a, outcome.status, passive);
    else if (outcome.kind === 'tcp_failure') flipped = countReport(a, 'unhealthy', 'tcpFailures', passive.unhealthy.tcp_failures);
    else flipped = countReport(a, 'unhealthy', 'timeouts', passive.unhealthy.timeouts);
    if (flipped) this.healthChanged(a, 'passive');
  }

  health(): UpstreamHealth {
    return upstreamHealth(this.targets, this.usingHealthchecks, this.nodeId);
  }

  balancerHealth(): BalancerHealth {
    return balancerHealth(this.upstream, this.targets, this.healthy, this.usingHealthchecks, this.nodeId);
  }

  setTargetHealth(target: string, healthy: boolean, address?: string): SetHealthResult {
    if (!this.usingHealthchecks) return { ok: false, message: `no health checks are configured for upstream "${this.upstream.name}"` };
    const t = this.findTarget(target);
    if (!t) return { ok: false, message: `target "${target}" not found in upstream "${this.upstream.name}"` };
    let addresses = t.addresses;
    if (address !== undefined) {
      const wanted = parseTargetAddress(address);
      addresses = addresses.filter((a) => a.ip === wanted.host && a.port === wanted.port);
      if (addresses.length === 0) return { ok: false, message: `address "${address}" not found for target "${target}"` };
    }
    for (const a of addresses) {
      if (forceHealth(a, healthy)) this.healthChanged(a, 'admin');
    }
    return { ok: true };
  }

  private findTarget(ref: string): TargetState | undefined {
    const byId = this.targets.find((t) => t.entity.id === ref || t.entity.target === ref);
    if (byId) return byId;
    try {
      const normalised = parseTargetAddress(ref).normalised;
      return this.targets.find((t) => t.address.normalised === normalised);
    } catch {
      return undefined;
    }
  }

  private activeResult(a: AddressState, result: ProbeResult): void {
    if (this.byKey.get(a.peer.key) !== a) return; // removed by a DNS update meanwhile
    const active = this.upstream.healthchecks.active;
    let flipped = false;
    if (result.kind === 'status') flipped = countHttpStatus(a, result.status, active);
    else if (result.kind === 'connected') flipped = countReport(a, 'healthy', 'successes', active.healthy.successes);
    else if (result.kind === 'tcp_failure') flipped = countReport(a, 'unhealthy', 'tcpFailures', active.unhealthy.tcp_failures);
    else if (result.kind === 'timeout') flipped = countReport(a, 'unhealthy', 'timeouts', active.unhealthy.timeouts);
    if (flipped) this.healthChanged(a, 'active');
  }

  private healthChanged(a: AddressState, source: 'active' | 'passive' | 'admin'): void {
    const health = isAvailable(a) ? 'healthy' : 'unhealthy';
    this.log?.warn(
      { upstream: this.upstream.name, target: a.target.address.normalised, address: `${a.ip}:${a.port}`, health, source },
      `upstream address is now ${health}`,
    );
    this.updateStatus();
  }

  private addressesChanged(): void {
    this.live = this.targets.flatMap((t) => (t.weight > 0 ? t.addresses : []));
    this.byKey = new Map(this.live.map((a) => [a.peer.key, a]));
    this.algorithm.update(this.live, this.targets);
    this.updateStatus();
  }

  /** The threshold rule: the upstream takes traffic while available weight >= threshold %. */
  private updateStatus(): void {
    const { total, available } = weightOf(this.live);
    const threshold = this.upstream.healthchecks.threshold;
    const healthy = available > 0 && (available / total) * 100 >= threshold;
    if (healthy !== this.healthy && this.started) {
      this.log?.warn({ upstream: this.upstream.name, available, total, threshold }, `upstream is now ${healthy ? 'healthy' : 'unhealthy'}`);
    }
    this.healthy = healthy;
  }
}

/** Builds the balancer for one upstream and its targets (normalised config entities). */
export function createBalancer(upstream: Upstream, targets: readonly Target[], opts: BalancerOptions = {}): Balancer {
  return new UpstreamBalancer(upstream, targets, opts);
}
