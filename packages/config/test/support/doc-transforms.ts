/**
 * Rewrites of a declarative document that must not change what it means: key order, the order
 * of entity lists, and comments in the YAML text. Randomness comes from a seed that fast-check
 * draws, so a failing case shrinks and replays.
 */
import { ENTITIES, ENTITY_TYPES } from '../../src/index.js';

/** mulberry32: a small seeded PRNG, enough to shuffle deterministically. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The same data with the keys of every object, at every level, in a random order. */
export function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of shuffled(Object.keys(value), random)) out[key] = shuffleKeys(value[key], random);
  return out;
}

/** Keys that hold lists of entities (top-level types and nested children), whose order is not meaningful. */
const ENTITY_LIST_KEYS = new Set<string>([...ENTITY_TYPES, ...ENTITY_TYPES.flatMap((t) => Object.keys(ENTITIES[t].nested))]);

/** The same document with every list of entities in a random order (other lists untouched). */
export function shuffleEntityLists(value: unknown, random: () => number, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => shuffleEntityLists(v, random));
    return key !== undefined && ENTITY_LIST_KEYS.has(key) ? shuffled(items, random) : items;
  }
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = shuffleEntityLists(v, random, k);
  return out;
}

/**
 * YAML text with comments added: whole comment lines (at any indentation) between lines and
 * trailing comments after values. Only valid for text without block scalars or folded
 * strings (stringify with lineWidth 0 and single-line strings).
 */
export function withComments(yamlText: string, random: () => number): string {
  const out: string[] = ['# leading comment'];
  for (const line of yamlText.split('\n')) {
    if (random() < 0.3) out.push(`${' '.repeat(Math.floor(random() * 8))}# comment line: a: b, [c] {d} "e"`);
    out.push(line !== '' && random() < 0.3 ? `${line} # trailing: ignored` : line);
  }
  return out.join('\n');
}
