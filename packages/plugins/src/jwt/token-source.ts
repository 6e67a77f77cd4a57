/**
 * Where a request carries its JWT, in Kong's order: query parameters, cookies, then headers
 * holding `Bearer <token>`. Every distinct non-empty token found is collected: none means no
 * credentials, more than one is refused (Kong's "Multiple tokens provided").
 */
import type { PluginRequest } from '@gatehouse/gateway';
import { firstHeader } from '../shared/headers.js';

export interface TokenSources {
  readonly uriParamNames: readonly string[];
  /** Lower case: cookie names match case-insensitively, as nginx's $cookie_<name>. */
  readonly cookieNames: readonly string[];
  /** Lower case, as request headers are. */
  readonly headerNames: readonly string[];
}

const BEARER = /bearer\s+(.+)/i;

/** The first value of each cookie named in `names`, by lower-cased name. */
function cookiesOf(header: string | string[] | undefined, names: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  if (header === undefined) return found;
  for (const line of Array.isArray(header) ? header : [header]) {
    for (const pair of line.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim().toLowerCase();
      if (names.includes(name) && !found.has(name)) found.set(name, pair.slice(eq + 1).trim());
    }
  }
  return found;
}

/** The distinct tokens the request carries. */
export function findTokens(request: PluginRequest, sources: TokenSources): Set<string> {
  const tokens = new Set<string>();
  for (const name of sources.uriParamNames) {
    for (const value of request.query.getAll(name)) if (value !== '') tokens.add(value);
  }
  if (sources.cookieNames.length > 0) {
    const cookies = cookiesOf(request.headers['cookie'], sources.cookieNames);
    for (const name of sources.cookieNames) {
      const value = cookies.get(name);
      if (value) tokens.add(value);
    }
  }
  for (const name of sources.headerNames) {
    const value = firstHeader(request.headers[name]);
    const token = value === undefined ? undefined : BEARER.exec(value)?.[1]?.trim();
    if (token) tokens.add(token);
  }
  return tokens;
}
