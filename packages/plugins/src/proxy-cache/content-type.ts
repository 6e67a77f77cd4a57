/**
 * `content_type` matching: media types compared case-insensitively with `*` and `type/*`
 * wildcards; parameters named in a configured entry must be in the response with the same
 * value (charset values case-insensitively), other response parameters are ignored.
 */

interface MediaType {
  readonly type: string;
  readonly subtype: string;
  readonly params: ReadonlyMap<string, string>;
}

export function parseMediaType(value: string): MediaType | null {
  const [essence = '', ...rest] = value.split(';');
  const trimmed = essence.trim().toLowerCase();
  const [type, subtype] = trimmed === '*' ? ['*', '*'] : trimmed.split('/');
  if (!type || !subtype) return null;
  const params = new Map<string, string>();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    let v = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (name === 'charset') v = v.toLowerCase();
    if (name !== '') params.set(name, v);
  }
  return { type, subtype, params };
}

/** Compiles the configured list once; the matcher takes the response's Content-Type. */
export function contentTypeMatcher(configured: readonly string[]): (contentType: string | undefined) => boolean {
  const wanted = configured.map(parseMediaType).filter((m): m is MediaType => m !== null);
  return (contentType) => {
    if (contentType === undefined || contentType === '') return false;
    const got = parseMediaType(contentType);
    if (!got) return false;
    return wanted.some(
      (w) =>
        (w.type === '*' || w.type === got.type) &&
        (w.subtype === '*' || w.subtype === got.subtype) &&
        [...w.params].every(([name, value]) => got.params.get(name) === value),
    );
  };
}
