// Builders for normalised upstreams and targets (every default filled, as @gatehouse/config
// produces them) and small helpers shared by the balancer tests.
import type { Target, Upstream } from '@gatehouse/config';
import { isNoPeer } from '../../src/balancer/index.js';
import type { Balancer, Resolver, ResolvedAddresses } from '../../src/balancer/index.js';
import type { Peer } from '../../src/upstream-types.js';

type Checks = Upstream['healthchecks'];
export interface ChecksPatch {
  active?: Partial<Omit<Checks['active'], 'healthy' | 'unhealthy'>> & {
    healthy?: Partial<Checks['active']['healthy']>;
    unhealthy?: Partial<Checks['active']['unhealthy']>;
  };
  passive?: { healthy?: Partial<Checks['passive']['healthy']>; unhealthy?: Partial<Checks['passive']['unhealthy']> };
  threshold?: number;
}

export const UPSTREAM_ID = '00000000-0000-4000-8000-000000000001';

export function upstream(fields: Partial<Omit<Upstream, 'healthchecks'>> = {}, checks: ChecksPatch = {}): Upstream {
  return {
    id: UPSTREAM_ID,
    name: 'backend',
    algorithm: 'round-robin',
    hash_on: 'none',
    hash_fallback: 'none',
    hash_on_header: null,
    hash_fallback_header: null,
    hash_on_cookie: null,
    hash_on_cookie_path: '/',
    hash_on_query_arg: null,
    hash_fallback_query_arg: null,
    hash_on_uri_capture: null,
    hash_fallback_uri_capture: null,
    slots: 10000,
    healthchecks: {
      active: {
        type: 'http',
        timeout: 1,
        concurrency: 10,
        http_path: '/',
        https_verify_certificate: true,
        https_sni: null,
        headers: null,
        ...checks.active,
        healthy: { interval: 0, http_statuses: [200, 302], successes: 0, ...checks.active?.healthy },
        unhealthy: {
          interval: 0,
          http_statuses: [429, 404, 500, 501, 502, 503, 504, 505],
          tcp_failures: 0,
          timeouts: 0,
          http_failures: 0,
          ...checks.active?.unhealthy,
        },
      },
      passive: {
        type: 'http',
        healthy: {
          http_statuses: [200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308],
          successes: 0,
          ...checks.passive?.healthy,
        },
        unhealthy: { http_statuses: [429, 500, 503], tcp_failures: 0, timeouts: 0, http_failures: 0, ...checks.passive?.unhealthy },
      },
      threshold: checks.threshold ?? 0,
    },
    host_header: null,
    client_certificate: null,
    use_srv_name: false,
    tags: null,
    ...fields,
  };
}

let nextId = 1;
export function target(spec: string, weight = 100, id?: string): Target {
  const n = nextId++;
  return {
    id: id ?? `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    target: spec,
    weight,
    upstream: { id: UPSTREAM_ID },
    tags: null,
  };
}

/** Picks `n` times (no retries) and returns how often each peer host:port was chosen. */
export function countPicks(b: Balancer, n: number, key?: (i: number) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const p = pickPeer(b, key?.(i));
    const name = `${p.host}:${p.port}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** A pick that must succeed. */
export function pickPeer(b: Balancer, key?: string, tried: ReadonlySet<string> = new Set()): Peer {
  const p = b.pick(key, tried);
  if (isNoPeer(p)) throw new Error(`expected a peer, got ${p.message}`);
  return p;
}

/** Polls `check` on the event loop until it is true; fails after `limitMs` (a safety net, not a timing claim). */
export async function eventually(check: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A scripted resolver: answers from `table`, counts calls; a missing name rejects with ENOTFOUND. */
export class FakeResolver implements Resolver {
  readonly calls: string[] = [];
  table = new Map<string, ResolvedAddresses | Error | Promise<ResolvedAddresses>>();

  set(name: string, answer: ResolvedAddresses | Error | Promise<ResolvedAddresses>): void {
    this.table.set(name, answer);
  }

  resolve(hostname: string): Promise<ResolvedAddresses> {
    this.calls.push(hostname);
    const answer = this.table.get(hostname);
    if (answer === undefined) return Promise.reject(Object.assign(new Error(`queryA ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve(answer);
  }
}
