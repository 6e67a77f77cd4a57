// Admin API authentication: one shared token (`admin_token`, from GATEHOUSE_ADMIN_TOKEN), sent
// as Kong's `Kong-Admin-Token` header or `Authorization: Bearer <token>`, compared in constant
// time. Without a token the API is open, which createAdminApi allows only on loopback.

import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** True for 127.0.0.0/8, ::1 and localhost: addresses other hosts cannot reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare.startsWith('::ffff:127.');
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The token the request presents, or undefined. */
function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers['kong-admin-token'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = request.headers.authorization;
  const match = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  return match?.[1];
}

/** A checker that answers in constant time whatever the length of the presented token. */
export function tokenChecker(adminToken: string): (request: FastifyRequest) => boolean {
  const expected = digest(adminToken);
  return (request) => {
    const token = presentedToken(request);
    // Hash both sides: equal-length buffers, and no early exit on the first differing byte.
    const ok = timingSafeEqual(digest(token ?? ''), expected);
    return token !== undefined && ok;
  };
}

const AUTHOR = /^[\x21-\x7e][\x20-\x7e]{0,127}$/;

/**
 * Who made a change, for the history: Kong's `Kong-Admin-User` header when it is printable and
 * at most 128 characters, else "admin-token" when the token authenticated the request.
 */
export function requestAuthor(request: FastifyRequest, tokenUsed: boolean): string | undefined {
  const user = request.headers['kong-admin-user'];
  if (typeof user === 'string' && AUTHOR.test(user.trim())) return user.trim();
  return tokenUsed ? 'admin-token' : undefined;
}
