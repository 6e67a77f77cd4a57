// Request bodies. Fastify hands every body over as raw bytes (one catch-all parser, bounded by
// bodyLimit); each endpoint decides here how to read them, by Content-Type, as Kong does:
// entities take JSON or form fields, POST /config takes YAML or JSON, the declarative document
// itself or wrapped in Kong's `config` field.

import { ENTITIES } from '@gatehouse/config';
import type { EntityType, PluginRegistry } from '@gatehouse/config';
import type { FastifyRequest } from 'fastify';
import { AdminError, badBody } from './admin-errors.js';
import { formToBody } from './form-body.js';
import type { Body } from './resources/index.js';

const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain']);

function mediaType(request: FastifyRequest): string {
  const header = request.headers['content-type'];
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function isJson(media: string): boolean {
  return media === 'application/json' || media.endsWith('+json');
}

function rawBody(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

function unsupported(media: string, accepted: string): AdminError {
  return new AdminError('GW_ERR_ADMIN_UNSUPPORTED_MEDIA_TYPE', {
    message: `unsupported Content-Type "${media}"; send ${accepted}`,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badBody('Cannot parse JSON body');
  }
}

/** An entity body: a JSON object or form fields typed by the entity's schema. */
export function entityBody(request: FastifyRequest, type: EntityType, plugins: PluginRegistry, storedPluginName?: string): Body {
  const bytes = rawBody(request);
  if (bytes.length === 0) return {};
  const media = mediaType(request);
  if (media === '' || isJson(media)) {
    const body = parseJson(bytes.toString('utf8'));
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw badBody('the body must be a JSON object with the fields of the entity');
    }
    return body as Body;
  }
  if (media === 'application/x-www-form-urlencoded') {
    const schema = ENTITIES[type].schema as unknown as Record<string, unknown>;
    return formToBody(bytes.toString('utf8'), schema, (raw) => {
      const name = typeof raw['name'] === 'string' ? raw['name'] : storedPluginName;
      const pluginSchema = type === 'plugins' && name !== undefined ? plugins.get(name)?.configSchema : undefined;
      return (path) => (path.length === 1 && path[0] === 'config' ? (pluginSchema as Record<string, unknown> | undefined) : undefined);
    });
  }
  throw unsupported(media, 'application/json or application/x-www-form-urlencoded');
}

/** What POST /config received: bytes to load (YAML or JSON), with the name shown in error positions. */
export interface ConfigInput {
  readonly input: Uint8Array | string;
  readonly fileName: string;
}

function fromWrapper(value: unknown): ConfigInput {
  if (typeof value === 'string') return { input: value, fileName: 'config' };
  throw badBody('expected a declarative configuration: the body itself (YAML or JSON with _format_version) or a "config" field holding it');
}

export function configBody(request: FastifyRequest): ConfigInput {
  const bytes = rawBody(request);
  const media = mediaType(request);
  if (bytes.length === 0) throw badBody('expected a declarative configuration');
  if (isJson(media)) {
    const parsed = parseJson(bytes.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && !('_format_version' in parsed) && 'config' in parsed) {
      return fromWrapper((parsed as Body)['config']);
    }
    return { input: bytes, fileName: 'request body' };
  }
  if (media === 'application/x-www-form-urlencoded') {
    return fromWrapper(new URLSearchParams(bytes.toString('utf8')).get('config') ?? undefined);
  }
  if (media === '' || YAML_TYPES.has(media)) return { input: bytes, fileName: 'request body' };
  throw unsupported(media, 'YAML (application/yaml) or JSON, or a form with a "config" field');
}
