/**
 * The plugin contract: what a plugin gives the gateway, and what it gets per request.
 * Kong's model: a plugin has a name, a version, a priority (higher runs first) and a JSON
 * Schema for its config; `build` runs once per config snapshot per plugin instance (never per
 * request) and returns phase handlers. Like a Caddy module: build -> validate -> use -> close.
 */
import type { Acl, BasicauthCredential, Consumer, JwtSecret, KeyauthCredential, Route, Service } from '@gatehouse/config';

export type Phase = 'access' | 'header_filter' | 'body_filter' | 'log';

/**
 * A response a plugin sends instead of proxying (Kong's kong.response.exit). An object body is
 * sent as JSON; a string or Buffer as is (set content-type in `headers`). The other plugins'
 * header_filter still runs on it, as in Kong; their body_filter runs unless `final` is set
 * (proxy-cache serving a body that already went through them).
 */
export interface PluginExit {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
  final?: boolean;
}

/** The request as plugins see and change it. Header names are lower case. */
export interface PluginRequest {
  readonly method: string;
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  /** Normalised path, without query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly clientIp: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * Reads the whole request body, once (later calls get the same bytes). Resolves null when the
   * body is longer than `limit` bytes (default 8 MiB): then only a prefix was read, and the
   * request can still be proxied in full. Bodies read here are sent upstream from memory.
   */
  readBody(limit?: number): Promise<Buffer | null>;
}

/** Changes to the request sent upstream (Kong's kong.service.request). */
export interface UpstreamRequestEditor {
  setHeader(name: string, value: string | string[]): void;
  removeHeader(name: string): void;
  /** Replaces the whole query string. */
  setQuery(query: URLSearchParams): void;
  setMethod(method: string): void;
  /** Replaces the upstream path (before the query). */
  setPath(path: string): void;
  /** Replaces the request body; Content-Length follows, Transfer-Encoding is dropped. */
  setBody(body: Buffer): void;
}

/** Who the caller is, once an authentication plugin has decided (Kong's kong.client.authenticate). */
export interface Authenticated {
  consumer: Consumer | null;
  credential: { id: string; identifier?: string } | null;
  anonymous?: boolean;
}

export interface PluginContext {
  readonly request: PluginRequest;
  readonly upstream: UpstreamRequestEditor;
  readonly route: Route;
  readonly service: Service | null;
  /** Set by authentication plugins through authenticate(); read by acl, rate-limiting... */
  readonly auth: Authenticated | null;
  authenticate(auth: Authenticated): void;
  /** Per-request scratch space shared by plugins (Kong's kong.ctx.shared). */
  readonly shared: Map<string, unknown>;
  /** Response status and headers, available in header_filter and log; headers may be changed in header_filter. */
  readonly response: { status: number; headers: Record<string, string | string[] | number | undefined> } | null;
  /** When the request started (ms, performance.now()). */
  readonly startedAt: number;
  /** How the request went; set before the log phase (Kong's kong.log.serialize), null before. */
  readonly outcome: RequestOutcome | null;
}

/** What the log phase knows about a finished request. */
export interface RequestOutcome {
  /** Status sent to the client. */
  readonly status: number;
  /** True when a plugin answered (no upstream request). */
  readonly local: boolean;
  /** Milliseconds: whole request; waiting for the upstream's head (null without one); the gateway's own share. */
  readonly latencies: { readonly request: number; readonly upstream: number | null; readonly gateway: number };
  /** Body bytes: received from the client and sent upstream; received from the upstream. */
  readonly bytes: { readonly requestBody: number; readonly responseBody: number };
  /** `host:port` of the last upstream peer tried, if any. */
  readonly peer: string | null;
}

/** Consumers and their credentials, indexed once per config snapshot (O(1) lookups). */
export interface ConsumerIndex {
  byId(id: string): Consumer | undefined;
  /** Kong's `anonymous` setting: a consumer id or username. */
  byIdOrUsername(ref: string): Consumer | undefined;
  keyauth(key: string): { credential: KeyauthCredential; consumer: Consumer } | undefined;
  basicauth(username: string): { credential: BasicauthCredential; consumer: Consumer } | undefined;
  jwtSecret(key: string): { credential: JwtSecret; consumer: Consumer } | undefined;
  /** ACL groups of a consumer (Kong's acls entities). */
  groups(consumerId: string): readonly Acl[];
}

/** What a plugin instance does in each phase; every handler is optional. */
export interface PluginHandlers {
  /** Before proxying; return an exit to answer the client instead. */
  access?(ctx: PluginContext): PluginExit | undefined | Promise<PluginExit | undefined>;
  /** After the upstream's response headers arrive, before they are sent. */
  header_filter?(ctx: PluginContext): void;
  /**
   * Asked after header_filter: whether this plugin needs the whole response body for
   * body_filter. When any plugin says yes the body is buffered (up to 16 MiB; a longer body is
   * passed through unfiltered and logged), then body_filter runs by priority.
   */
  wantsBody?(ctx: PluginContext): boolean;
  /** Gets the whole response body; returns a replacement or undefined to keep it. */
  body_filter?(ctx: PluginContext, body: Buffer): Buffer | undefined;
  /** After the response is complete (or failed); never delays the client. */
  log?(ctx: PluginContext): void;
  /** Called when the snapshot that built this instance is retired. */
  close?(): void | Promise<void>;
}

export interface PluginBuildContext {
  /** The plugin entity (id, scope); `config` has every default filled. */
  readonly instance: { id: string; name: string; config: Record<string, unknown> };
  readonly consumersById: ReadonlyMap<string, Consumer>;
  readonly consumers: ConsumerIndex;
}

export interface GatewayPlugin {
  readonly name: string;
  readonly version: string;
  /** Kong's priority: higher runs first (key-auth 1250, rate-limiting 910, cors 2000, ...). */
  readonly priority: number;
  /** JSON Schema of the config; also registered with @gatehouse/config so CP and DP agree. */
  readonly configSchema: object;
  /** Checks the schema cannot express; messages are placed under `config`. */
  readonly check?: (config: Record<string, unknown>) => { path: (string | number)[]; message: string }[];
  /** Kong's no_consumer: refuse configs attaching this plugin to a consumer (authentication plugins, cors). */
  readonly noConsumer?: boolean;
  build(ctx: PluginBuildContext): PluginHandlers;
}

export type { Route, Service };
