// The value a consistent-hashing upstream hashes, chosen as Kong's balancer chooses it:
// `hash_on` first, then `hash_fallback` when the first gives nothing. A present but empty
// value counts (Lua's "" is true). `cookie` never falls back: a missing cookie gets a fresh
// UUID, and the caller must send it back (`setCookie`) so the client sticks to its peer.
import { randomUUID } from 'node:crypto';
import type { Upstream } from '@gatehouse/config';

export interface HashKeyRequest {
  /** The client address (Kong's remote_addr). */
  readonly ip: string;
  /** Request headers; names are matched without regard to case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The normalised request path (Kong uses nginx's `$uri`); a query part is ignored. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly consumerId?: string;
  /** Kong falls back from the consumer to the credential when no consumer is set. */
  readonly credentialId?: string;
  /** Named captures of the matched regex route path. */
  readonly uriCaptures?: Readonly<Record<string, string>>;
}

/** A cookie the response must set (`hash_on: cookie` and the request had none). */
export interface HashCookie {
  readonly name: string;
  readonly path: string;
  readonly value: string;
}

export interface HashKey {
  /** The value to hash, or undefined when neither source gave one (the ring hashes ""). */
  readonly key: string | undefined;
  readonly setCookie?: HashCookie;
}

type HashOn = Upstream['hash_on'];

function header(req: HashKeyRequest, name: string | null): string | undefined {
  if (!name) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(req.headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value.join(', ') : value; // nginx joins repeated headers
  }
  return undefined;
}

/** The first cookie of that name in the Cookie header(s); names compare case-insensitively, as nginx's $cookie_. */
function cookie(req: HashKeyRequest, name: string | null): string | undefined {
  const all = header(req, 'cookie');
  if (!all || !name) return undefined;
  const wanted = name.toLowerCase();
  for (const part of all.split(/[;,]/)) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim().toLowerCase() === wanted) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Kong: every value of a repeated argument, sorted and joined with ",". */
function queryArg(req: HashKeyRequest, name: string | null): string | undefined {
  if (!name) return undefined;
  const values = req.query.getAll(name);
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : [...values].sort().join(',');
}

function valueFor(upstream: Upstream, req: HashKeyRequest, on: HashOn, fallback: boolean): string | undefined {
  switch (on) {
    case 'none':
      return undefined;
    case 'consumer':
      return req.consumerId ?? req.credentialId;
    case 'ip':
      return req.ip;
    case 'header':
      return header(req, fallback ? upstream.hash_fallback_header : upstream.hash_on_header);
    case 'cookie':
      return cookie(req, upstream.hash_on_cookie);
    case 'path': {
      const q = req.path.indexOf('?');
      return q === -1 ? req.path : req.path.slice(0, q);
    }
    case 'query_arg':
      return queryArg(req, fallback ? upstream.hash_fallback_query_arg : upstream.hash_on_query_arg);
    case 'uri_capture': {
      const name = fallback ? upstream.hash_fallback_uri_capture : upstream.hash_on_uri_capture;
      return name ? req.uriCaptures?.[name] : undefined;
    }
  }
}

/** What to hash for this request, and the cookie to set when `cookie` had to invent one. */
export function hashKeyFor(upstream: Upstream, req: HashKeyRequest): HashKey {
  if (upstream.hash_on === 'none') return { key: undefined };
  const sources: Array<[HashOn, boolean]> = [
    [upstream.hash_on, false],
    [upstream.hash_fallback, true],
  ];
  for (const [on, fallback] of sources) {
    const value = valueFor(upstream, req, on, fallback);
    if (value !== undefined) return { key: value };
    if (on === 'cookie' && upstream.hash_on_cookie) {
      const setCookie = { name: upstream.hash_on_cookie, path: upstream.hash_on_cookie_path, value: randomUUID() };
      return { key: setCookie.value, setCookie };
    }
  }
  return { key: undefined };
}

/** The Set-Cookie value Kong sends: `name=value; Path=/; SameSite=Lax; HttpOnly`. */
export function formatHashCookie(c: HashCookie): string {
  return `${c.name}=${c.value}; Path=${c.path}; SameSite=Lax; HttpOnly`;
}
