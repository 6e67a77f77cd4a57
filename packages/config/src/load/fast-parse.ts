import { CORE_SCHEMA, load } from 'js-yaml';

/**
 * The fast path for loading: js-yaml builds plain data about eight times faster than a full
 * YAML document with positions. It refuses duplicate keys itself. Aliases make js-yaml share
 * one object between places, which an alias bomb would blow up downstream, so a document with
 * shared objects is handed to the careful parser (which counts alias expansion) instead.
 */
export type FastParse = { ok: true; data: unknown } | { ok: false };

function sharesObjects(root: unknown): boolean {
  const seen = new WeakSet<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (seen.has(value)) return true;
    seen.add(value);
    if (Array.isArray(value)) for (const v of value) stack.push(v);
    else for (const k in value) stack.push((value as Record<string, unknown>)[k]);
  }
  return false;
}

/**
 * Where YAML 1.1 (js-yaml) and YAML 1.2 (the careful parser) could read the same text
 * differently — explicit tags, merge keys, binary numbers, timestamps — the careful parser
 * alone decides. A conservative textual check: false positives only cost speed.
 */
const DIVERGENT = /!!|<<|\b0b[01]|\d{4}-\d\d?-\d\d?/;

export function fastPathSafe(text: string): boolean {
  return !DIVERGENT.test(text);
}

/** `ok: false` means "use the careful parser": a syntax error, or aliases in use. */
export function fastParse(text: string): FastParse {
  let data: unknown;
  try {
    data = load(text, { json: false, schema: CORE_SCHEMA });
  } catch {
    return { ok: false };
  }
  // Sharing needs an anchor (`&name`); without one there is nothing to walk for.
  return text.includes('&') && sharesObjects(data) ? { ok: false } : { ok: true, data };
}
