// A compressed prefix tree (radix tree) over strings, character by character. Kong's plain
// paths are prefixes that need not end at a `/` (`/foo` matches `/foobar`), so the tree is
// keyed by characters, not segments. A lookup walks the request path once and reports, from
// the shortest to the longest, every stored key that is a prefix of it.

interface RadixNode<T> {
  /** The characters on the edge leading into this node. */
  edge: string;
  /** Children keyed by the first character code of their edge. */
  children: Map<number, RadixNode<T>> | null;
  /** Values stored under the key that ends at this node, in insertion order. */
  values: T[] | null;
}

export interface PrefixSink<T> {
  add(values: readonly T[]): void;
}

function node<T>(edge: string): RadixNode<T> {
  return { edge, children: null, values: null };
}

export class RadixTree<T> {
  readonly #root: RadixNode<T> = node('');
  #size = 0;

  get size(): number {
    return this.#size;
  }

  insert(key: string, value: T): void {
    let current = this.#root;
    let i = 0;
    for (;;) {
      if (i === key.length) {
        (current.values ??= []).push(value);
        this.#size++;
        return;
      }
      const first = key.charCodeAt(i);
      const child = current.children?.get(first);
      if (child === undefined) {
        const leaf = node<T>(key.slice(i));
        leaf.values = [value];
        (current.children ??= new Map()).set(first, leaf);
        this.#size++;
        return;
      }
      let common = 0;
      const max = Math.min(child.edge.length, key.length - i);
      while (common < max && child.edge.charCodeAt(common) === key.charCodeAt(i + common)) common++;
      if (common < child.edge.length) {
        // Split the child's edge: current -> mid (shared part) -> child (rest).
        const mid = node<T>(child.edge.slice(0, common));
        child.edge = child.edge.slice(common);
        mid.children = new Map([[child.edge.charCodeAt(0), child]]);
        (current.children ??= new Map()).set(first, mid);
        current = mid;
      } else {
        current = child;
      }
      i += common;
    }
  }

  /** Hands `sink` the values of every stored key that is a prefix of `text`, shortest first. */
  forEachPrefix(text: string, sink: PrefixSink<T>): void {
    let current = this.#root;
    let i = 0;
    if (current.values !== null) sink.add(current.values);
    while (i < text.length && current.children !== null) {
      const child = current.children.get(text.charCodeAt(i));
      if (child === undefined || !text.startsWith(child.edge, i)) return;
      i += child.edge.length;
      current = child;
      if (current.values !== null) sink.add(current.values);
    }
  }
}
