/**
 * IP/CIDR lists compiled once (per config snapshot) into node:net BlockLists: IPv4, IPv6, and
 * IPv4-mapped IPv6 addresses (::ffff:10.0.0.1 matches 10.0.0.0/8).
 */
import { BlockList, isIP } from 'node:net';

export interface IpRange {
  readonly address: string;
  readonly family: 'ipv4' | 'ipv6';
  /** Prefix length; the full width (32 or 128) for a single address. */
  readonly prefix: number;
}

/** Parses `10.0.0.1`, `10.0.0.0/8`, `::1` or `2001:db8::/32`; null when it is neither an IP nor a CIDR. */
export function parseIpOrCidr(entry: string): IpRange | null {
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return null;
  const width = version === 4 ? 32 : 128;
  let prefix = width;
  if (slash !== -1) {
    const bits = entry.slice(slash + 1);
    if (!/^\d{1,3}$/.test(bits)) return null;
    prefix = Number(bits);
    if (prefix > width) return null;
  }
  return { address, family: version === 4 ? 'ipv4' : 'ipv6', prefix };
}

/** Why an entry is refused, or null when it is a valid IP or CIDR. */
export function ipEntryError(entry: string): string | null {
  return parseIpOrCidr(entry) ? null : `"${entry}" is not a valid IP address or CIDR range (e.g. 10.0.0.1, 10.0.0.0/8, ::1, 2001:db8::/32)`;
}

export interface IpMatcher {
  matches(ip: string): boolean;
}

/**
 * Compiles a list of valid entries (check them with ipEntryError first; invalid ones throw).
 * IPv4 and IPv6 entries are kept apart, as in Kong: an IPv4 client is matched against IPv4
 * entries only (so `::/0` does not cover it), an IPv6 client against IPv6 entries and, when it
 * is IPv4-mapped (`::ffff:10.0.0.1`), against IPv4 entries too.
 */
export function compileIpMatcher(entries: readonly string[]): IpMatcher {
  const v4 = new BlockList();
  const v6 = new BlockList();
  for (const entry of entries) {
    const range = parseIpOrCidr(entry);
    if (!range) throw new Error(`invalid IP or CIDR: ${entry}`);
    const list = range.family === 'ipv4' ? v4 : v6;
    if (range.prefix === (range.family === 'ipv4' ? 32 : 128)) list.addAddress(range.address, range.family);
    else list.addSubnet(range.address, range.prefix, range.family);
  }
  return {
    matches(ip) {
      const version = isIP(ip);
      if (version === 4) return v4.check(ip, 'ipv4');
      // BlockList matches an IPv4-mapped IPv6 address against IPv4 rules, and nothing else.
      return version === 6 && (v6.check(ip, 'ipv6') || v4.check(ip, 'ipv6'));
    },
  };
}
