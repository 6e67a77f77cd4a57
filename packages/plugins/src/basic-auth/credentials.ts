/**
 * Reading `Basic` credentials from a header and checking a password in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const BASIC = /^\s*basic\s+(\S+)\s*$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/**
 * The username and password of a `Basic <base64(user:password)>` header value; null when the
 * value is not of that form. The username is what precedes the first colon (never empty); the
 * password is the rest and may contain colons or be empty.
 */
export function parseBasic(value: string | undefined): { username: string; password: string } | null {
  if (value === undefined) return null;
  const token = BASIC.exec(value)?.[1];
  if (token === undefined || !BASE64.test(token)) return null;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares passwords without leaking, through timing, how much of the given one matched: both
 * are hashed to the same length first. Stored passwords' digests are computed once and kept
 * for the life of the config snapshot.
 */
export class PasswordChecker {
  readonly #stored = new WeakMap<object, Buffer>();

  matches(credential: { password: string }, given: string): boolean {
    let expected = this.#stored.get(credential);
    if (!expected) this.#stored.set(credential, (expected = digest(credential.password)));
    return timingSafeEqual(expected, digest(given));
  }
}
