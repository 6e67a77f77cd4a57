// The index that keeps matching away from a scan over all routes.
//
// Level 1, by host: an exact-name map, label tries of wildcard suffixes (`*.example.com`) and
// prefixes (`example.*`), and one bucket for routes without hosts. A request looks up its own
// name, walks the two tries label by label (label-trie.ts), and adds the host-less bucket.
// Level 2, inside each bucket, by path: plain prefixes in a radix tree (one walk of the path
// yields every prefix that matches), regex entries in a second radix tree keyed by the literal
// text their matches must start with (`~/v1/users/(\d+)` under `/v1/users/`; a regex with
// no literal start sits at the root and is a candidate for every path), and path-less entries
// split by method.
// Every list is sorted by rank, so the candidates are merged lazily in global priority order
// and the first candidate that passes every check wins - later ones are never looked at.
// A route with several hosts sits in several buckets; a repeat of the same entry is skipped.

import type { HostPatternKind } from './host-matcher.js';
import { LabelTrie } from './label-trie.js';
import { RadixTree, type PrefixSink } from './radix-tree.js';
import type { RouteEntry } from './route-priority.js';

/** The candidate lists of one request, merged in rank order on demand. */
export class CandidateLists implements PrefixSink<RouteEntry> {
  readonly #lists: (readonly RouteEntry[])[] = [];
  readonly #cursors: number[] = [];
  #count = 0;
  #lastRank = -1;

  reset(): void {
    this.#count = 0;
    this.#lastRank = -1;
  }

  add(list: readonly RouteEntry[]): void {
    if (list.length === 0) return;
    this.#lists[this.#count] = list;
    this.#cursors[this.#count] = 0;
    this.#count++;
  }

  /** The next candidate by rank (each entry once), or undefined when none is left. */
  next(): RouteEntry | undefined {
    for (;;) {
      let best = -1;
      let bestEntry: RouteEntry | undefined;
      for (let k = 0; k < this.#count; k++) {
        const list = this.#lists[k];
        const entry = list?.[this.#cursors[k] ?? 0];
        if (entry !== undefined && (bestEntry === undefined || entry.rank < bestEntry.rank)) {
          best = k;
          bestEntry = entry;
        }
      }
      if (bestEntry === undefined) return undefined;
      this.#cursors[best] = (this.#cursors[best] ?? 0) + 1;
      if (bestEntry.rank === this.#lastRank) continue;
      this.#lastRank = bestEntry.rank;
      return bestEntry;
    }
  }
}

class PathBucket {
  readonly prefixes = new RadixTree<RouteEntry>();
  readonly regexByPrefix = new RadixTree<RouteEntry>();
  readonly pathlessAnyMethod: RouteEntry[] = [];
  readonly pathlessByMethod = new Map<string, RouteEntry[]>();

  /** Entries must arrive in rank order. */
  add(entry: RouteEntry): void {
    if (entry.pathKind === 'prefix') {
      for (const p of entry.prefixes) this.prefixes.insert(p.value, entry);
    } else if (entry.pathKind === 'regex') {
      for (const prefix of new Set(entry.regexes.map((r) => r.prefix))) this.regexByPrefix.insert(prefix, entry);
    } else if (entry.methods === null) {
      this.pathlessAnyMethod.push(entry);
    } else {
      for (const m of entry.methods) {
        const list = this.pathlessByMethod.get(m);
        if (list === undefined) this.pathlessByMethod.set(m, [entry]);
        else list.push(entry);
      }
    }
  }

  collect(path: string, method: string, out: CandidateLists): void {
    this.prefixes.forEachPrefix(path, out);
    this.regexByPrefix.forEachPrefix(path, out);
    out.add(this.pathlessAnyMethod);
    const byMethod = this.pathlessByMethod.get(method);
    if (byMethod !== undefined) out.add(byMethod);
  }
}

export class RouteIndex {
  readonly #exact = new Map<string, PathBucket>();
  readonly #suffix = new LabelTrie<PathBucket>();
  readonly #prefix = new LabelTrie<PathBucket>();
  readonly #anyHost = new PathBucket();
  /** Scratch list of wildcard buckets for the request being matched. */
  readonly #wildcard: PathBucket[] = [];

  /** `entries` must be sorted by rank. */
  constructor(entries: readonly RouteEntry[]) {
    for (const entry of entries) {
      if (entry.hosts === null) {
        this.#anyHost.add(entry);
        continue;
      }
      const placed = new Set<string>();
      for (const host of entry.hosts) {
        const slot = `${host.kind} ${host.key}`;
        if (placed.has(slot)) continue;
        placed.add(slot);
        this.#bucket(host.kind, host.key).add(entry);
      }
    }
  }

  get exactHosts(): number {
    return this.#exact.size;
  }

  get wildcardHosts(): number {
    return this.#suffix.size + this.#prefix.size;
  }

  #bucket(kind: HostPatternKind, key: string): PathBucket {
    const make = (): PathBucket => new PathBucket();
    if (kind === 'suffix') return this.#suffix.getOrCreate(key.slice(1).split('.').reverse(), make);
    if (kind === 'prefix') return this.#prefix.getOrCreate(key.slice(0, -1).split('.'), make);
    let bucket = this.#exact.get(key);
    if (bucket === undefined) {
      bucket = make();
      this.#exact.set(key, bucket);
    }
    return bucket;
  }

  /** Fills `out` with the candidate lists for a request (host name lower-case, path normalised). */
  collect(hostName: string, method: string, path: string, out: CandidateLists): void {
    out.reset();
    this.#exact.get(hostName)?.collect(path, method, out);
    const wildcard = this.#wildcard;
    wildcard.length = 0;
    if (this.#suffix.size > 0) this.#suffix.collectSuffixes(hostName, wildcard);
    if (this.#prefix.size > 0) this.#prefix.collectPrefixes(hostName, wildcard);
    for (const bucket of wildcard) bucket.collect(path, method, out);
    this.#anyHost.collect(path, method, out);
  }
}
