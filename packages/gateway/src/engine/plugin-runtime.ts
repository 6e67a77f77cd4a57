/**
 * Runs plugin phases for one request: builds the PluginContext once, runs access handlers by
 * priority (re-resolving the chain when authentication identifies a consumer, so plugins
 * attached to that consumer apply, as Kong does), then header_filter and log.
 */
import type { Route, Service } from '@gatehouse/config';
import type { BuiltPlugin, PluginChains } from '../plugins/plugin-chains.js';
import type { Authenticated, PluginContext, PluginExit, PluginRequest, RequestOutcome, UpstreamRequestEditor } from '../plugins/plugin-contract.js';
import type { Logger } from 'pino';

/** What access-phase plugins changed about the upstream request. */
export interface UpstreamEdits {
  headers: Record<string, string | string[]>;
  query: URLSearchParams | null;
  method: string | null;
  path: string | null;
  body: Buffer | null;
}

/** The context as the engine holds it: response and outcome are filled in as the request goes. */
export type EngineContext = PluginContext & { response: PluginContext['response']; outcome: RequestOutcome | null };

export interface RequestPlugins {
  readonly ctx: EngineContext;
  readonly edits: UpstreamEdits;
  chain: readonly BuiltPlugin[];
}

export function createPluginContext(
  request: PluginRequest,
  route: Route,
  service: Service | null,
  headers: Record<string, string | string[]>,
  startedAt: number,
): { ctx: EngineContext; edits: UpstreamEdits } {
  const edits: UpstreamEdits = { headers, query: null, method: null, path: null, body: null };
  const upstream: UpstreamRequestEditor = {
    setHeader: (name, value) => {
      edits.headers[name.toLowerCase()] = value;
    },
    removeHeader: (name) => {
      delete edits.headers[name.toLowerCase()];
    },
    setQuery: (query) => {
      edits.query = query;
    },
    setMethod: (method) => {
      edits.method = method.toUpperCase();
    },
    setPath: (path) => {
      edits.path = path;
    },
    setBody: (body) => {
      edits.body = body;
    },
  };
  let shared: Map<string, unknown> | undefined;
  const ctx = {
    request,
    upstream,
    route,
    service,
    auth: null as Authenticated | null,
    authenticate(auth: Authenticated) {
      ctx.auth = auth;
    },
    // Most requests never touch it: made on first use.
    get shared(): Map<string, unknown> {
      return (shared ??= new Map<string, unknown>());
    },
    response: null as PluginContext['response'],
    startedAt,
    outcome: null as RequestOutcome | null,
  };
  return { ctx, edits };
}

/** Runs the access phase; returns the exit a plugin chose, or undefined to proxy. */
export async function runAccess(
  chains: PluginChains,
  first: readonly BuiltPlugin[],
  ctx: PluginContext,
  scheme: 'http' | 'https',
  log: Logger,
): Promise<{ exit: PluginExit | undefined; chain: readonly BuiltPlugin[] }> {
  let chain = first;
  const ran = new Set<string>();
  let consumerSeen: string | null = null;
  for (let i = 0; i < chain.length; i++) {
    const built = chain[i]!;
    if (ran.has(built.plugin.name)) continue;
    ran.add(built.plugin.name);
    const handler = built.handlers.access;
    if (handler) {
      let exit: PluginExit | undefined;
      try {
        exit = await handler(ctx);
      } catch (err) {
        if ((err as { code?: unknown }).code === 'ECONNRESET') {
          log.debug({ plugin: built.plugin.name, code: 'GW_ERR_PLUGIN_BODY_READ' }, 'the client went away while a plugin read its body');
          return { exit: { status: 400, body: { message: 'Bad request' } }, chain };
        }
        log.error({ err, plugin: built.plugin.name, code: 'GW_ERR_PLUGIN_ACCESS' }, 'plugin failed in access');
        return { exit: { status: 500, body: { message: 'An unexpected error occurred' } }, chain };
      }
      if (exit) return { exit, chain };
    }
    const consumerId = ctx.auth?.consumer?.id ?? null;
    if (consumerId !== null && consumerId !== consumerSeen && chains.hasConsumerScoped) {
      consumerSeen = consumerId;
      // The consumer is known: plugins attached to it now apply; those already run are skipped.
      chain = chains.chainFor(ctx.route.id, ctx.service?.id ?? null, consumerId, scheme);
      i = -1;
    }
  }
  return { exit: undefined, chain };
}

export function runHeaderFilter(chain: readonly BuiltPlugin[], ctx: PluginContext, log: Logger): void {
  for (const built of chain) {
    try {
      built.handlers.header_filter?.(ctx);
    } catch (err) {
      log.error({ err, plugin: built.plugin.name, code: 'GW_ERR_PLUGIN_HEADER_FILTER' }, 'plugin failed in header_filter');
    }
  }
}

export function runLog(chain: readonly BuiltPlugin[], ctx: PluginContext, log: Logger): void {
  for (const built of chain) {
    try {
      built.handlers.log?.(ctx);
    } catch (err) {
      log.error({ err, plugin: built.plugin.name, code: 'GW_ERR_PLUGIN_LOG' }, 'plugin failed in log');
    }
  }
}

/**
 * After header_filter: the function that rewrites the whole response body, when a plugin in
 * the chain wants it (body_filter by priority), else null so the body streams.
 */
export function responseBodyFilter(chain: readonly BuiltPlugin[], ctx: PluginContext, log: Logger): ((body: Buffer) => Buffer) | null {
  let wanting: BuiltPlugin[] | null = null;
  for (const built of chain) {
    const { body_filter: filter, wantsBody } = built.handlers;
    if (!filter) continue;
    let wants = true;
    try {
      wants = wantsBody ? wantsBody(ctx) : true;
    } catch (err) {
      log.error({ err, plugin: built.plugin.name, code: 'GW_ERR_PLUGIN_BODY_FILTER' }, 'plugin failed deciding on body_filter');
      wants = false;
    }
    if (wants) (wanting ??= []).push(built);
  }
  if (!wanting) return null;
  const plugins = wanting;
  return (body) => {
    let out = body;
    for (const built of plugins) {
      try {
        out = built.handlers.body_filter!(ctx, out) ?? out;
      } catch (err) {
        log.error({ err, plugin: built.plugin.name, code: 'GW_ERR_PLUGIN_BODY_FILTER' }, 'plugin failed in body_filter; its change is skipped');
      }
    }
    return out;
  };
}
