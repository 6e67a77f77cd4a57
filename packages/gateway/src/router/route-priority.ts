// Route priority, as Kong 3.x `router_flavor = traditional_compatible`.
//
// What we checked, and where:
// - Kong docs, "Proxy reference" > "Matching priorities": routes with the most rules
//   (fields set among methods, hosts, headers, paths, snis) are tried first; on equal counts
//   A beats B when A has only plain hosts and B a wildcard host, when A has more non-Host
//   headers, when A has a regex path and B only plain ones, when A's longest path is longer,
//   then when A was created first. "Evaluation order": regex paths by regex_priority, higher
//   first, before plain paths. "Request path": the longest plain path is evaluated first.
// - kong/router/compat.lua + transform.lua (`get_priority`): one 64-bit number per route, in
//   this order of significance: field count; "plain hosts only" bit (set only when the route
//   has hosts and none of them is a wildcard - a route without hosts does not get it, so at
//   equal counts a plain-host route beats a host-less one); number of header names; "has a
//   regex path" bit; regex_priority (regex routes only); length of the plain path prefix.
//   Consequence we keep: a wildcard-host route ranks with host-less ones, so at equal counts
//   `paths: ["/foo"]` beats `hosts: ["*.example.com"]` (longer prefix, 4 > 0).
// - kong/router/transform.lua (`split_routes_and_services_by_path`): a route whose paths have
//   different lengths, or mix regex and plain paths, is split into one matcher per plain
//   length plus one for all its regex paths, each ranked on its own. So
//   `paths: ["/", "/api/v1/users"]` competes with its length 1 at `/other` and its length 13
//   at `/api/v1/users/7` - unlike Kong 2.x's traditional router, which ranked the whole route
//   by its longest path. We do the same (see route-entry.ts).
// - Equal numbers: the ATC router orders by the matcher's UUID; Kong 2.x and the docs by
//   created_at. We use created_at (earlier first; a route without it after those with one),
//   then id, then the path group - deterministic and independent of input order.
// - regex_priority may be negative here and sorts numerically (Kong packs it into 32 bits,
//   where a negative value would wrap).

import type { RouteSpec } from './types.js';
import type { HostPattern } from './host-matcher.js';
import type { HeaderCondition } from './header-matcher.js';

export interface PrefixPath {
  /** As configured. */
  readonly source: string;
  /** Normalised; what the request path must start with. */
  readonly value: string;
}

export interface RegexPath {
  /** As configured, with its `~`. */
  readonly source: string;
  readonly re: RegExp;
  /** Literal text every match starts with (see regex-prefix.ts); may be empty. */
  readonly prefix: string;
}

/** One matcher: a route, or one path group of a route split as Kong does. */
export interface RouteEntry {
  /** Position in the global priority order (0 = tried first); set once sorted. */
  rank: number;
  readonly route: RouteSpec;
  readonly routeIndex: number;
  readonly group: number;
  readonly methods: ReadonlySet<string> | null;
  readonly hosts: readonly HostPattern[] | null;
  readonly snis: readonly HostPattern[] | null;
  readonly headers: readonly HeaderCondition[] | null;
  readonly pathKind: 'prefix' | 'regex' | 'none';
  readonly prefixes: readonly PrefixPath[];
  readonly regexes: readonly RegexPath[];
  readonly allowsHttp: boolean;
  readonly allowsHttps: boolean;
  // priority inputs
  readonly weight: number;
  readonly plainHostsOnly: boolean;
  readonly headerCount: number;
  readonly regexPriority: number;
  /** Length of the (normalised) plain prefixes of this group; 0 for regex or no paths. */
  readonly prefixLength: number;
  readonly createdAt: number;
}

function bit(v: boolean): number {
  return v ? 1 : 0;
}

/** Negative when `a` must be tried before `b`. */
export function compareEntries(a: RouteEntry, b: RouteEntry): number {
  const aRegex = a.pathKind === 'regex';
  const bRegex = b.pathKind === 'regex';
  return (
    b.weight - a.weight ||
    bit(b.plainHostsOnly) - bit(a.plainHostsOnly) ||
    b.headerCount - a.headerCount ||
    bit(bRegex) - bit(aRegex) ||
    (aRegex && bRegex ? b.regexPriority - a.regexPriority : 0) ||
    b.prefixLength - a.prefixLength ||
    compareCreated(a.createdAt, b.createdAt) ||
    (a.route.id < b.route.id ? -1 : a.route.id > b.route.id ? 1 : 0) ||
    a.group - b.group
  );
}

function compareCreated(a: number, b: number): number {
  if (a === b) return 0;
  return a < b ? -1 : 1; // Infinity (unknown) sorts last
}

/** Sorts entries in place into matching order and numbers them. */
export function rankEntries(entries: RouteEntry[]): RouteEntry[] {
  entries.sort(compareEntries);
  entries.forEach((e, i) => {
    e.rank = i;
  });
  return entries;
}
