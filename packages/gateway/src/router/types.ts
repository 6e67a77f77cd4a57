// Public shapes of the router: what it is built from (Kong's route entity, normalised),
// what a request looks like to it, and what a match tells the proxy engine.

/** A route in Kong's field names; structurally compatible with the normalised route entity. */
export interface RouteSpec {
  id: string;
  name?: string | null;
  /** `http` and/or `https`. The router matches regardless of protocol; see RouteMatch.httpsRequired. */
  protocols: string[];
  methods?: string[] | null;
  hosts?: string[] | null;
  paths?: string[] | null;
  headers?: Record<string, string[]> | null;
  snis?: string[] | null;
  regex_priority: number;
  strip_path: boolean;
  preserve_host: boolean;
  path_handling: 'v0' | 'v1';
  created_at?: number;
  service?: { id: string } | null;
}

/** One request as the router sees it. */
export interface RouterRequest {
  method: string;
  /** The Host header as received; may carry a port (`example.com:8080`, `[::1]:8443`). */
  host: string;
  /** The raw request target path, percent-encoding intact; a query string is ignored. */
  path: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The TLS SNI, only consulted when scheme is `https`. */
  sni?: string | undefined;
  scheme: 'http' | 'https';
  /** The port the client connected to; used for `host:port` routes when Host has no port. */
  port: number;
}

/** Regex path captures, as Kong's `uri_captures`: index 0 is the whole match. */
export interface UriCaptures {
  readonly numbered: readonly (string | undefined)[];
  readonly named: Readonly<Record<string, string | undefined>>;
}

export type PathMatchKind = 'prefix' | 'regex' | 'none';

/** The result of a successful match. Frozen: the router may hand the same object out twice. */
export interface RouteMatch {
  readonly route: RouteSpec;
  /** The request path without its query, exactly as received (for logs and X-Forwarded-Prefix). */
  readonly rawPath: string;
  /** The normalised path the routes were matched against (and that Kong forwards). */
  readonly path: string;
  readonly pathKind: PathMatchKind;
  /** The configured route path that matched (`/foo`, `~/v(\d+)`), or null for a route without paths. */
  readonly routePath: string | null;
  /** The part of `path` the route path matched: the prefix, or the whole regex match. */
  readonly matchedPath: string;
  readonly captures: UriCaptures | null;
  /** How many leading characters of `path` strip_path removes (0 when strip_path is off). */
  readonly stripLength: number;
  /**
   * What follows the stripped part, cleaned the way Kong does (a leading `./` or `../` dropped);
   * the whole `path` when nothing is stripped.
   */
  readonly pathRemainder: string;
  /** The configured host entry that matched, or null. */
  readonly matchedHost: string | null;
  /** Whether the request's scheme is one of route.protocols. */
  readonly protocolAllowed: boolean;
  /** True for a plain-http request on an https-only route: the engine answers 426 or redirects. */
  readonly httpsRequired: boolean;
}

export interface RouterOptions {
  /** Entries in the (method, host, path) result cache; 0 turns it off. Default 4096. */
  cacheSize?: number;
}

export interface RouterStats {
  routes: number;
  /** Routes after splitting by path group (Kong's traditional_compatible does the same). */
  entries: number;
  exactHosts: number;
  wildcardHosts: number;
  regexEntries: number;
}

export interface Router {
  match(req: RouterRequest): RouteMatch | null;
  readonly stats: RouterStats;
}
