// A small LRU of request key -> match result (null = no route), like Kong's router cache.
// The router stores only results that no header condition took part in deciding, so the
// key (method, scheme, SNI, Host header, connection port, raw path) determines the result.
// A Map keeps insertion order: a hit is moved to the back, the front is evicted.

export const NO_ROUTE = Symbol('no route');

export class MatchCache<V> {
  readonly #max: number;
  readonly #map = new Map<string, V | typeof NO_ROUTE>();

  constructor(max: number) {
    this.#max = max;
  }

  get size(): number {
    return this.#map.size;
  }

  /** The cached value, NO_ROUTE for a cached miss, or undefined when not cached. */
  get(key: string): V | typeof NO_ROUTE | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V | null): void {
    if (this.#map.size >= this.#max) {
      const oldest = this.#map.keys().next();
      if (oldest.done !== true) this.#map.delete(oldest.value);
    }
    this.#map.set(key, value ?? NO_ROUTE);
  }
}
