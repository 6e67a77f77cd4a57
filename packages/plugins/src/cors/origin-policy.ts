/**
 * Which `Access-Control-Allow-Origin` a request gets, decided as Kong's cors plugin does:
 *   - no origins, or just `*`: `*` for everyone;
 *   - one plain origin (only letters, digits, `.`, `:`, `/`, `-`): that origin, whoever asks;
 *   - otherwise, when the request has an Origin: a `*` entry allows all; else a plain
 *     entry must equal it (both normalised: scheme://host[:port], default ports dropped), a
 *     regex entry must match the whole of it (or of its host, when the entry has no `:`).
 * Every policy but allow-all varies on Origin. Compiled once per config snapshot.
 */

/** An entry is a regex when it has a character outside this set (Kong's test). */
const PLAIN_ORIGIN = /^[A-Za-z0-9.:/-]+$/;

export interface NormalisedOrigin {
  /** scheme://host[:port], or the raw value when it is not an absolute URL. */
  readonly domain: string;
  readonly host: string;
}

type Entry =
  | { readonly kind: 'exact'; readonly domain: string }
  | { readonly kind: 'regex'; readonly regex: RegExp; readonly byHost: boolean };

export type OriginPolicy =
  | { readonly kind: 'all' }
  | { readonly kind: 'fixed'; readonly origin: string }
  /** `anyOrigin`: the list has a `*` entry, which wins over the others whenever an Origin was sent. */
  | { readonly kind: 'list'; readonly entries: readonly Entry[]; readonly anyOrigin: boolean };

const URL_HEAD = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/;

/** Normalises an origin (or a configured entry) the way Kong compares them. */
export function normaliseOrigin(value: string): NormalisedOrigin {
  const m = URL_HEAD.exec(value);
  if (!m) return { domain: value, host: value };
  const scheme = m[1]!;
  const authority = m[2]!.slice(m[2]!.lastIndexOf('@') + 1);
  const portAt = authority.lastIndexOf(':');
  const hasPort = portAt >= 0 && !authority.slice(portAt).includes(']');
  const host = hasPort ? authority.slice(0, portAt) : authority;
  let port = hasPort ? authority.slice(portAt + 1) : '';
  if (host === '') return { domain: value, host: value };
  const lower = scheme.toLowerCase();
  if ((lower === 'http' && port === '80') || (lower === 'https' && port === '443')) port = '';
  return { domain: `${scheme}://${host}${port !== '' ? `:${port}` : ''}`, host };
}

/** Whether a configured entry is treated as a regular expression. */
export function isRegexEntry(entry: string): boolean {
  return !PLAIN_ORIGIN.test(entry);
}

/** Kong's anchoring: the match starts at the beginning and, unless the entry already ends with `$`, at the end. */
export function compileOriginRegex(entry: string): RegExp {
  let source = entry.endsWith('$') ? entry : `${entry}$`;
  if (source.startsWith('^')) source = source.slice(1);
  return new RegExp(`^(?:${source})`);
}

export function compileOriginPolicy(origins: readonly string[] | null): OriginPolicy {
  if (origins === null || origins.length === 0 || (origins.length === 1 && origins[0] === '*')) return { kind: 'all' };
  if (origins.length === 1 && !isRegexEntry(origins[0]!)) return { kind: 'fixed', origin: origins[0]! };
  const entries = origins.filter((entry) => entry !== '*').map((entry): Entry => {
    if (isRegexEntry(entry)) return { kind: 'regex', regex: compileOriginRegex(entry), byHost: !entry.includes(':') };
    return { kind: 'exact', domain: normaliseOrigin(entry).domain };
  });
  return { kind: 'list', entries, anyOrigin: entries.length < origins.length };
}

/**
 * The Allow-Origin value for a request: `*`, an origin, or null (no header). `allowAll` is true
 * when the answer is `*` (credentials then echo the request origin instead).
 */
export function resolveOrigin(policy: OriginPolicy, requestOrigin: string | undefined): { allowOrigin: string | null; allowAll: boolean } {
  if (policy.kind === 'all') return { allowOrigin: '*', allowAll: true };
  if (policy.kind === 'fixed') return { allowOrigin: policy.origin, allowAll: false };
  if (requestOrigin === undefined) return { allowOrigin: null, allowAll: false };
  if (policy.anyOrigin) return { allowOrigin: '*', allowAll: true };
  const origin = normaliseOrigin(requestOrigin);
  for (const entry of policy.entries) {
    const found = entry.kind === 'exact' ? entry.domain === origin.domain : entry.regex.test(entry.byHost ? origin.host : origin.domain);
    if (found) return { allowOrigin: origin.domain, allowAll: false };
  }
  return { allowOrigin: null, allowAll: false };
}
