// Keeps the addresses of hostname targets current. Each name is resolved at start, then
// again when its TTL ends (never sooner than minTtlSeconds). While a new answer is awaited
// the old addresses stay in use. A failed resolution keeps the last answer for up to
// staleTtlSeconds past its TTL (Kong's DNS client serves stale records the same way), then
// empties the target: it shows DNS_ERROR and takes no traffic; other targets are untouched.
// Failures are retried every errorRetrySeconds. Timers are unref'd and cleared by close().
import { isIP } from 'node:net';
import { replaceAddresses } from './address-state.js';
import type { TargetState } from './address-state.js';
import type { BalancerLogger, DnsRefreshOptions, Resolver } from './types.js';

/** Timers cannot wait longer than ~24.8 days; a longer TTL is re-checked daily. */
const MAX_WAIT_SECONDS = 86_400;

export const DNS_DEFAULTS: Required<DnsRefreshOptions> = { minTtlSeconds: 1, errorRetrySeconds: 5, staleTtlSeconds: 3600 };

export interface DnsRefreshDeps {
  readonly resolver: Resolver;
  readonly now: () => number;
  readonly options: Required<DnsRefreshOptions>;
  readonly upstream: string;
  readonly logger?: BalancerLogger | undefined;
  /** Called after a target's addresses changed. */
  readonly onChange: (target: TargetState) => void;
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message || String((err as { code?: unknown }).code ?? 'DNS error');
  return String(err);
}

export class DnsRefresher {
  private readonly timers = new Map<TargetState, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly deps: DnsRefreshDeps) {}

  /** Resolves every hostname target now; IP targets need nothing. */
  start(targets: readonly TargetState[]): void {
    for (const target of targets) {
      if (target.address.family === 0) this.run(target);
    }
  }

  private run(target: TargetState): void {
    this.resolve(target).catch((err: unknown) => {
      this.deps.logger?.error({ upstream: this.deps.upstream, host: target.address.host, err }, 'DNS refresh failed');
    });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(target: TargetState, seconds: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(target);
      this.run(target);
    }, Math.min(seconds, MAX_WAIT_SECONDS) * 1000);
    timer.unref();
    this.timers.set(target, timer);
  }

  private async resolve(target: TargetState): Promise<void> {
    const { resolver, now, options, logger } = this.deps;
    const host = target.address.host;
    let addresses: readonly string[] | undefined;
    let ttlSeconds = 0;
    let failure: unknown;
    try {
      const answer = await resolver.resolve(host);
      if (answer.addresses.length === 0) throw new Error(`empty DNS answer for ${host}`);
      addresses = answer.addresses;
      ttlSeconds = answer.ttlSeconds;
    } catch (err) {
      failure = err;
    }
    if (this.closed) return;
    let changed: boolean;
    if (addresses !== undefined) {
      const ttl = Math.max(Number.isFinite(ttlSeconds) ? ttlSeconds : 0, options.minTtlSeconds);
      target.dns = isIP(addresses[0]!) === 6 ? 'AAAA' : 'A';
      target.dnsError = null;
      target.expiresAt = now() + ttl * 1000;
      changed = replaceAddresses(target, addresses);
      this.schedule(target, ttl);
    } else {
      const message = describe(failure);
      const staleUntil = target.expiresAt + options.staleTtlSeconds * 1000;
      if (target.addresses.length > 0 && now() < staleUntil) {
        logger?.warn({ upstream: this.deps.upstream, host, err: failure }, 'DNS resolution failed; keeping the last answer');
        changed = false;
      } else {
        logger?.warn({ upstream: this.deps.upstream, host, err: failure }, 'DNS resolution failed; target has no addresses');
        target.dns = message;
        target.dnsError = message;
        changed = replaceAddresses(target, []);
      }
      this.schedule(target, options.errorRetrySeconds);
    }
    if (changed) this.deps.onChange(target);
  }
}
