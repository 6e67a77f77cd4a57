/**
 * The plugin contract: what a plugin gives the gateway, and what it gets per request.
 * Kong's model: a plugin has a name, a version, a priority (higher runs first) and a JSON
 * Schema for its config; `build` runs once per config snapshot per plugin instance (never per
 * request) and returns phase handlers. Like a Caddy module: build -> validate -> use -> close.
 */
import type { Consumer, Route, Service } from '@gatehouse/config';

export type Phase = 'access' | 'header_filter' | 'log';

/** A response a plugin sends instead of proxying (Kong's kong.response.exit). */
export interface PluginExit {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
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
}

/** What a plugin instance does in each phase; every handler is optional. */
export interface PluginHandlers {
  /** Before proxying; return an exit to answer the client instead. */
  access?(ctx: PluginContext): PluginExit | undefined | Promise<PluginExit | undefined>;
  /** After the upstream's response headers arrive, before they are sent. */
  header_filter?(ctx: PluginContext): void;
  /** After the response is complete (or failed); never delays the client. */
  log?(ctx: PluginContext): void;
  /** Called when the snapshot that built this instance is retired. */
  close?(): void | Promise<void>;
}

export interface PluginBuildContext {
  /** The plugin entity (id, scope); `config` has every default filled. */
  readonly instance: { id: string; name: string; config: Record<string, unknown> };
  readonly consumersById: ReadonlyMap<string, Consumer>;
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
  build(ctx: PluginBuildContext): PluginHandlers;
}

export type { Route, Service };
