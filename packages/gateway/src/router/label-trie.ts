// Wildcard hosts indexed by DNS label: `*.tenant5.example.net` is stored under the path
// net -> example -> tenant5, `example.*` under example. A request name is walked one label at
// a time, from the right for suffixes and from the left for prefixes, and the walk stops at
// the first label nobody configured - usually the first one - so unrelated names cost one map
// read instead of a lookup for every suffix and prefix of the name.

interface LabelNode<T> {
  children: Map<string, LabelNode<T>> | null;
  value: T | null;
}

export class LabelTrie<T> {
  readonly #root: LabelNode<T> = { children: null, value: null };
  #size = 0;

  /** Number of stored values. */
  get size(): number {
    return this.#size;
  }

  /** The value under `labels` (outermost first), created with `make` when missing. */
  getOrCreate(labels: readonly string[], make: () => T): T {
    let node = this.#root;
    for (const label of labels) {
      node.children ??= new Map();
      let child = node.children.get(label);
      if (child === undefined) {
        child = { children: null, value: null };
        node.children.set(label, child);
      }
      node = child;
    }
    if (node.value === null) {
      node.value = make();
      this.#size++;
    }
    return node.value;
  }

  /** Pushes the values of every stored suffix of `name` that leaves at least one label over. */
  collectSuffixes(name: string, out: T[]): void {
    let node = this.#root;
    let end = name.length;
    for (;;) {
      const dot = end > 0 ? name.lastIndexOf('.', end - 1) : -1;
      const child = node.children?.get(name.slice(dot + 1, end));
      if (child === undefined || dot < 0) return;
      node = child;
      if (node.value !== null) out.push(node.value);
      end = dot;
    }
  }

  /** Pushes the values of every stored prefix of `name` that leaves at least one label over. */
  collectPrefixes(name: string, out: T[]): void {
    let node = this.#root;
    let start = 0;
    for (;;) {
      const dot = name.indexOf('.', start);
      const child = node.children?.get(dot === -1 ? name.slice(start) : name.slice(start, dot));
      if (child === undefined || dot === -1 || dot === name.length - 1) return;
      node = child;
      if (node.value !== null) out.push(node.value);
      start = dot + 1;
    }
  }
}
