// The default Resolver, on node:dns. Order: the hosts file (as Kong), then A records, then
// AAAA records (each with its TTL), then the system resolver (`lookup`, all addresses) for
// names only it knows (nsswitch, mDNS). A name that nothing resolves rejects with the
// first DNS error, whose code (ENOTFOUND, ETIMEOUT ...) is kept.
import { lookup, Resolver as DnsResolver } from 'node:dns/promises';
import { hostsFileReader } from './hosts-file.js';
import type { ResolvedAddresses, Resolver } from './types.js';

export interface DnsResolverOptions {
  /** Per-query timeout; default 2000 ms. */
  readonly timeoutMs?: number;
  /** Attempts per query; default 2. */
  readonly tries?: number;
  /** The hosts file; default /etc/hosts. */
  readonly hostsFile?: string;
  /** TTL given to hosts-file and `lookup` answers; default 60 s. */
  readonly localTtlSeconds?: number;
}

/** Codes meaning "this name has no records of that type", after which the next type is tried. */
const NO_RECORDS = new Set(['ENODATA', 'ENOTFOUND', 'ENONAME', 'NOTFOUND', 'NODATA']);

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

export function createDnsResolver(opts: DnsResolverOptions = {}): Resolver {
  const dns = new DnsResolver({ timeout: opts.timeoutMs ?? 2000, tries: opts.tries ?? 2 });
  const localTtl = opts.localTtlSeconds ?? 60;
  const hosts = hostsFileReader(opts.hostsFile ?? '/etc/hosts', localTtl);

  const records = async (query: () => Promise<Array<{ address: string; ttl: number }>>): Promise<ResolvedAddresses | undefined> => {
    const found = await query();
    if (found.length === 0) return undefined;
    return { addresses: found.map((r) => r.address), ttlSeconds: Math.min(...found.map((r) => r.ttl)) };
  };

  return {
    async resolve(hostname: string): Promise<ResolvedAddresses> {
      const name = hostname.toLowerCase();
      const listed = (await hosts()).get(name);
      if (listed && listed.length > 0) return { addresses: listed, ttlSeconds: localTtl };
      let firstError: unknown;
      for (const query of [() => dns.resolve4(name, { ttl: true }), () => dns.resolve6(name, { ttl: true })]) {
        try {
          const answer = await records(query);
          if (answer) return answer;
        } catch (err) {
          firstError ??= err;
          if (!NO_RECORDS.has(codeOf(err) ?? '')) throw err; // a server failure: do not mask it
        }
      }
      try {
        const all = await lookup(name, { all: true });
        if (all.length > 0) return { addresses: all.map((a) => a.address), ttlSeconds: localTtl };
      } catch {
        // report the DNS error below, it says more than getaddrinfo's
      }
      throw firstError ?? Object.assign(new Error(`no addresses for ${hostname}`), { code: 'ENODATA' });
    },
  };
}
