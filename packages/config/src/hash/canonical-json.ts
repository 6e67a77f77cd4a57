import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and no whitespace: the same data always gives
 * the same text, whatever the key order or formatting of the source.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** sha256 (hex) of the canonical JSON of a normalised config. */
export function configHash(normalised: unknown): string {
  return createHash('sha256').update(canonicalJson(normalised)).digest('hex');
}
