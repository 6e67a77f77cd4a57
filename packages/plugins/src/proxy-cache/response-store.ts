/**
 * The memory strategy: one store per process, shared by every proxy-cache instance, bounded by
 * a byte budget and evicting the least recently used entry first; an entry also goes when its
 * storage time is over. Entries belong to a partition (plugin instance id + config hash) that
 * is counted by the snapshots using it: a config swap that keeps the instance and its config
 * keeps its entries; when the last snapshot using a partition closes (the config changed or the
 * instance was removed), its entries are dropped.
 */

/** Total bytes of stored responses per process (bodies, headers and bookkeeping). */
export const STORE_MAX_BYTES = 128 * 1024 * 1024;
/** Largest response body stored; a longer one is proxied but not cached. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Rough cost of an entry beyond its body and headers (key, maps, object). */
const ENTRY_OVERHEAD_BYTES = 512;

export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Buffer;
  /** ms since the epoch. */
  readonly storedAt: number;
  /** Seconds the response is fresh. */
  readonly ttl: number;
}

interface Entry {
  readonly response: StoredResponse;
  readonly partition: string;
  /** ms since the epoch; Infinity: until evicted. */
  readonly expiresAt: number;
  readonly bytes: number;
}

function headerBytes(headers: Readonly<Record<string, string | string[]>>): number {
  let n = 0;
  for (const [name, value] of Object.entries(headers)) {
    n += name.length;
    for (const v of Array.isArray(value) ? value : [value]) n += v.length + 4;
  }
  return n;
}

export class ResponseStore {
  readonly #maxBytes: number;
  /** Map order is recency: the first entry is the least recently used. */
  readonly #entries = new Map<string, Entry>();
  readonly #partitions = new Map<string, { refs: number; keys: Set<string> }>();
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** A snapshot starts using `partition`. */
  acquire(partition: string): void {
    const p = this.#partitions.get(partition);
    if (p) p.refs++;
    else this.#partitions.set(partition, { refs: 1, keys: new Set() });
  }

  /** A snapshot stopped using `partition`; the last one out drops its entries. */
  release(partition: string): void {
    const p = this.#partitions.get(partition);
    if (!p || --p.refs > 0) return;
    for (const key of p.keys) this.#remove(key);
    this.#partitions.delete(partition);
  }

  /** The live entry under `key` (made most recently used), or undefined. */
  get(key: string, now: number): StoredResponse | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.#remove(key);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.response;
  }

  /** Stores a response for `storageSeconds` (0: until evicted); false when it cannot be held. */
  set(partition: string, key: string, response: StoredResponse, storageSeconds: number): boolean {
    const p = this.#partitions.get(partition);
    if (!p) return false; // the snapshot that would own it is gone
    const bytes = response.body.length + headerBytes(response.headers) + key.length + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.#maxBytes) return false;
    this.#remove(key);
    const expiresAt = storageSeconds > 0 ? response.storedAt + storageSeconds * 1000 : Infinity;
    this.#entries.set(key, { response, partition, expiresAt, bytes });
    p.keys.add(key);
    this.#bytes += bytes;
    for (const [oldest] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#remove(oldest);
    }
    return true;
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    this.#partitions.get(entry.partition)?.keys.delete(key);
  }
}

/** The process's store (Kong's shared dictionary): survives config swaps. */
export const responseStore = new ResponseStore(STORE_MAX_BYTES);
