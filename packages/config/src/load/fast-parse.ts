import { load } from 'js-yaml';

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

/** `ok: false` means "use the careful parser": a syntax error, or aliases in use. */
export function fastParse(text: string): FastParse {
  let data: unknown;
  try {
    data = load(text, { json: false });
  } catch {
    return { ok: false };
  }
  return sharesObjects(data) ? { ok: false } : { ok: true, data };
}
