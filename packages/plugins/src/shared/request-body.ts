/**
 * Request bodies as Kong's kong.request.get_body sees them: JSON objects and url-encoded forms
 * by Content-Type (multipart is not parsed). Used by key-auth (key_in_body) and
 * request-transformer.
 */
export type BodyKind = 'json' | 'form';

export interface ParsedBody {
  readonly kind: BodyKind;
  /** JSON: the object; form: name -> values (repeated names keep every value). */
  readonly json?: Record<string, unknown>;
  readonly form?: URLSearchParams;
}

/** The body kind a Content-Type names, or null for one we do not parse. */
export function bodyKind(contentType: string | string[] | undefined): BodyKind | null {
  const value = (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';')[0]?.trim().toLowerCase();
  if (value === undefined) return null;
  if (value === 'application/json' || (value.startsWith('application/') && value.endsWith('+json'))) return 'json';
  if (value === 'application/x-www-form-urlencoded') return 'form';
  return null;
}

/** Parses a body of a known kind; null when it does not parse (or is JSON but not an object). */
export function parseBody(kind: BodyKind, raw: Buffer): ParsedBody | null {
  if (kind === 'form') return { kind, form: new URLSearchParams(raw.toString('utf8')) };
  if (raw.length === 0) return { kind, json: {} };
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? { kind, json: value as Record<string, unknown> } : null;
  } catch {
    return null;
  }
}

export function serialiseBody(body: ParsedBody): Buffer {
  return Buffer.from(body.kind === 'form' ? body.form!.toString() : JSON.stringify(body.json));
}
