/**
 * Decoding a compact JWT the way Kong's jwt plugin does, before any key is involved: three
 * base64url parts, a JSON header naming a known algorithm, a JSON object of claims, and a
 * signature that decodes. Failures carry Kong's reasons ("Bad token; <reason>").
 */

/** Algorithms Kong's parser knows; a token naming another is a bad token. */
const KNOWN_ALGORITHMS = new Set([
  'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA',
]);

export interface DecodedJwt {
  readonly header: Record<string, unknown> & { alg: string };
  readonly claims: Record<string, unknown>;
}

export type DecodeResult =
  | { ok: true; jwt: DecodedJwt }
  | { ok: false; reason: 'invalid JSON' | 'invalid alg' | 'invalid claims' | 'invalid signature' };

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** base64 or base64url, padded or not (as Kong accepts); null when it does not decode. */
export function decodeBase64(input: string): Buffer | null {
  if (!BASE64.test(input)) return null;
  const bare = input.replace(/=+$/, '');
  if (bare.length % 4 === 1) return null;
  return Buffer.from(bare.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function parseJsonPart(part: string): unknown {
  const bytes = decodeBase64(part);
  if (!bytes) throw new Error('not base64');
  return JSON.parse(bytes.toString('utf8'));
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function decodeJwt(token: string): DecodeResult {
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (second < 0) return { ok: false, reason: 'invalid JSON' };
  let header: unknown;
  let claims: unknown;
  try {
    header = parseJsonPart(token.slice(0, first));
    claims = parseJsonPart(token.slice(first + 1, second));
  } catch {
    return { ok: false, reason: 'invalid JSON' };
  }
  if (!isObject(header)) return { ok: false, reason: 'invalid JSON' };
  const alg = header['alg'];
  if (typeof alg !== 'string' || !KNOWN_ALGORITHMS.has(alg)) return { ok: false, reason: 'invalid alg' };
  if (!isObject(claims)) return { ok: false, reason: 'invalid claims' };
  if (!decodeBase64(token.slice(second + 1))) return { ok: false, reason: 'invalid signature' };
  return { ok: true, jwt: { header: header as DecodedJwt['header'], claims } };
}

/** Kong's checks of registered claims: each failing claim maps to its message. */
export function verifyClaims(claims: Record<string, unknown>, names: readonly string[], now: number): Record<string, string> | null {
  let errors: Record<string, string> | null = null;
  for (const name of names) {
    const value = claims[name];
    let problem: string | undefined;
    if (typeof value !== 'number') problem = 'must be a number';
    else if (name === 'exp' && value <= now) problem = 'token expired';
    else if (name === 'nbf' && value > now) problem = 'token not valid yet';
    if (problem) (errors ??= {})[name] = problem;
  }
  return errors;
}

/** Kong's maximum_expiration check: `exp` must exist and be at most `max` seconds away. */
export function exceedsMaximumExpiration(claims: Record<string, unknown>, max: number, now: number): boolean {
  const exp = claims['exp'];
  return typeof exp !== 'number' || exp - now > max;
}
