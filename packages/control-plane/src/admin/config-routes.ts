// The whole-config endpoints: POST /config (apply; ?check=1 dry run; ?check_hash=1 answers 304
// when nothing changes, as Kong), POST /config/validate, GET /config (YAML or JSON by Accept,
// secrets only with ?include_secrets=1), GET /config/history, POST /config/rollback/{version}.
// An empty config never replaces a non-empty one unless the request says ?force=1.

import { ENTITY_TYPES, configHash } from '@gatehouse/config';
import type { ConfigResult, NormalisedConfig } from '@gatehouse/config';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConfigSnapshot } from '../config-service.js';
import { emptyConfig, isEmptyConfig, mapStoreError } from '../config-service.js';
import { isUnchanged } from '../store/index.js';
import type { ConfigMeta } from '../store/index.js';
import { AdminError } from './admin-errors.js';
import { exportConfig, redactedSecrets } from './declarative-export.js';
import type { AdminContext } from './entity-routes.js';
import { queryOf, sourceOf } from './entity-routes.js';
import { configBody } from './request-body.js';
import { configErrors } from './write-errors.js';
import { toYaml } from './yaml-emit.js';

const flag = (value: string | undefined): boolean => value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());

const countEntities = (config: NormalisedConfig): number => ENTITY_TYPES.reduce((n, type) => n + config[type].length, 0);

function refuseEmpty(current: ConfigSnapshot): AdminError {
  return new AdminError('GW_ERR_ADMIN_EMPTY_CONFIG', {
    message:
      `the new config is empty and would replace the current one (version ${current.meta?.version ?? 0}, ` +
      `${countEntities(current.config)} entities); repeat the request with ?force=1 to apply it anyway`,
  });
}

/** Prefers YAML only when the client asks for it more than for JSON. */
function wantsYaml(request: FastifyRequest): boolean {
  let best: { yaml: boolean; q: number } | undefined;
  for (const part of (request.headers.accept ?? '').split(',')) {
    const [media = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const yaml = /^(application|text)\/(x-)?yaml$/.test(media.trim());
    const json = media.trim() === 'application/json';
    if ((yaml || json) && (best === undefined || q > best.q)) best = { yaml, q };
  }
  return best?.yaml ?? false;
}

function applied(meta: ConfigMeta, what: string): Record<string, unknown> {
  return { message: `${what} as version ${meta.version}`, ...meta };
}

export function registerConfigRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const { service } = ctx;

  const dryRun = async (result: ConfigResult & { ok: true }): Promise<Record<string, unknown>> => {
    const current = await service.snapshot();
    const currentHash = current.meta?.hash ?? configHash(emptyConfig());
    return { message: 'the configuration is valid', hash: result.hash, changed: result.hash !== currentHash, current_version: current.meta?.version ?? 0 };
  };

  const validate = (request: FastifyRequest): ConfigResult & { ok: true } => {
    const input = configBody(request);
    const result = service.load(input.input, input.fileName);
    if (!result.ok) throw configErrors(result.errors);
    return result;
  };

  const commit = async (request: FastifyRequest, reply: FastifyReply, result: ConfigResult & { ok: true }, what: string) => {
    const force = flag(queryOf(request)['force']);
    const outcome = await service.write(
      (current) => {
        if (!force && isEmptyConfig(result.config) && !current.isEmpty()) throw refuseEmpty(current);
        return result;
      },
      { source: sourceOf(request), author: ctx.author(request) },
    );
    if (isUnchanged(outcome.result)) {
      if (flag(queryOf(request)['check_hash'])) return reply.code(304).send();
      const meta = outcome.result.unchanged;
      return reply.code(200).send({ message: `unchanged: version ${meta.version} has this hash already; no new version`, unchanged: true, ...meta });
    }
    return reply.code(201).send(applied(outcome.result, what));
  };

  app.post('/config', async (request, reply) => {
    const result = validate(request);
    if (flag(queryOf(request)['check'])) return dryRun(result);
    const markers = redactedSecrets(result.config);
    if (markers.length > 0) {
      throw new AdminError('GW_ERR_ADMIN_REDACTED_SECRET', {
        message:
          `the config holds redaction markers instead of secrets (${markers.slice(0, 3).join('; ')}${markers.length > 3 ? ' ...' : ''}); ` +
          'it was exported without secrets: export it with GET /config?include_secrets=1',
      });
    }
    return commit(request, reply, result, 'applied');
  });

  app.post('/config/validate', async (request) => dryRun(validate(request)));

  app.get('/config', async (request, reply) => {
    const snapshot = await service.snapshot();
    const doc = exportConfig(snapshot.config, { includeSecrets: flag(queryOf(request)['include_secrets']) });
    void reply.header('etag', `"${snapshot.meta?.hash ?? configHash(snapshot.config)}"`);
    void reply.header('gatehouse-config-version', String(snapshot.meta?.version ?? 0));
    if (wantsYaml(request)) return reply.type('application/yaml; charset=utf-8').send(toYaml(doc));
    return doc;
  });

  app.get('/config/history', async () => {
    const data = await service.store.history().catch((err: unknown) => {
      throw mapStoreError(err);
    });
    return { data, next: null };
  });

  app.post('/config/rollback/:version', async (request, reply) => {
    const text = (request.params as Record<string, string>)['version'] ?? '';
    const version = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(version) || version < 1) {
      throw new AdminError('GW_ERR_ADMIN_BAD_REQUEST', { message: `"${text}" is not a version number; GET /config/history lists them` });
    }
    const stored = await service.store.get(version).catch((err: unknown) => {
      throw mapStoreError(err);
    });
    const result = service.normalise(JSON.parse(stored.content));
    if (!result.ok) throw configErrors(result.errors, `version ${version} is not valid on this control plane`);
    return commit(request, reply, result, `rolled back to version ${version}`);
  });
}
