// The Admin API as a fastify app: Kong's paths, status codes and error bodies over the config
// store. Bodies arrive as raw bytes (bounded by bodyLimit) and each endpoint reads them as it
// needs; every error leaves as Kong's body with a GW_ERR_ADMIN_* code in the log.

import { hostname } from 'node:os';
import type { PluginRegistry } from '@gatehouse/config';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { ConfigChanges } from '../config-changes.js';
import { ConfigService } from '../config-service.js';
import { logNotice } from '../node-logger.js';
import type { ConfigStore } from '../store/index.js';
import { requestAuthor, tokenChecker } from './admin-auth.js';
import { AdminError, bodyTooLarge, isAdminError, notFound, tokenRequiredError, unauthorized, unexpected } from './admin-errors.js';
import { registerConfigRoutes } from './config-routes.js';
import { registerEntityRoutes } from './entity-routes.js';

/** Default Admin API body limit: room for a declarative config of tens of thousands of routes. */
export const DEFAULT_ADMIN_BODY_LIMIT = 32 * 1024 * 1024;

/** Told about every answered request, e.g. to count them for /metrics. */
export type AdminRequestObserver = (route: string, method: string, status: number) => void;

export interface AdminApiOptions {
  readonly store: ConfigStore;
  readonly plugins: PluginRegistry;
  readonly logger: FastifyBaseLogger;
  /** Required unless the API listens on loopback only. */
  readonly adminToken?: string | undefined;
  /** Whether every address the API listens on is a loopback address. */
  readonly listenIsLoopback: boolean;
  readonly bodyLimit?: number;
  /** Subscribers to new config versions (shared with the cluster server). */
  readonly changes?: ConfigChanges;
  /** Share one service between several listeners of the same store, so writes queue together. */
  readonly service?: ConfigService;
  readonly onRequestDone?: AdminRequestObserver;
  /** Shown by GET /. */
  readonly version?: string;
}

const services = new WeakMap<ConfigStore, ConfigService>();

function serviceFor(options: AdminApiOptions): ConfigService {
  if (options.service) return options.service;
  let service = services.get(options.store);
  if (!service) {
    service = new ConfigService(options.store, options.plugins, options.changes);
    services.set(options.store, service);
  }
  return service;
}

function toAdminError(err: FastifyError | Error, bodyLimit: number): AdminError {
  if (isAdminError(err)) return err;
  const code = (err as FastifyError).code;
  const status = (err as FastifyError).statusCode;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return bodyTooLarge(bodyLimit);
  if (status !== undefined && status >= 400 && status < 500) {
    return new AdminError('GW_ERR_ADMIN_BAD_REQUEST', { message: err.message }, { cause: err });
  }
  return unexpected('GW_ERR_ADMIN_INTERNAL', err);
}

/**
 * Builds the Admin API (not yet listening). Throws GW_ERR_ADMIN_TOKEN_REQUIRED when it would
 * listen beyond loopback without a token.
 */
export function createAdminApi(options: AdminApiOptions): FastifyInstance {
  const token = options.adminToken === '' ? undefined : options.adminToken;
  if (!options.listenIsLoopback && token === undefined) throw tokenRequiredError();
  const bodyLimit = options.bodyLimit ?? DEFAULT_ADMIN_BODY_LIMIT;
  const service = serviceFor(options);
  const checkToken = token === undefined ? undefined : tokenChecker(token);

  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'admin-api' }),
    bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  if (checkToken) {
    app.addHook('onRequest', async (request) => {
      if (!checkToken(request)) throw unauthorized();
    });
  }
  if (options.onRequestDone) {
    const observe = options.onRequestDone;
    app.addHook('onResponse', async (request, reply) => {
      observe(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode);
    });
  }

  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    const error = toAdminError(err, bodyLimit);
    const details = { code: error.code, status: error.status, method: request.method, url: request.url };
    // Refused credentials are worth a warning; other client errors are notices (seen at the default level).
    if (error.status >= 500) request.log.error({ ...details, err }, error.message);
    else if (error.status === 401) request.log.warn(details, error.message);
    else logNotice(request.log, details, error.message);
    return reply.code(error.status).send(error.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = notFound();
    logNotice(request.log, { code: error.code, status: 404, method: request.method, url: request.url }, 'no such endpoint');
    return reply.code(404).send(error.body);
  });

  const ctx = {
    service,
    author: (request: FastifyRequest) => requestAuthor(request, checkToken !== undefined),
  };
  app.get('/', async () => ({
    tagline: 'Welcome to Gatehouse',
    version: options.version ?? 'unknown',
    hostname: hostname(),
    configuration: { role: 'control_plane' },
    plugins: { available_on_server: service.plugins.names() },
  }));
  registerConfigRoutes(app, ctx);
  registerEntityRoutes(app, ctx);
  return app;
}
