/**
 * Plugins registered by the config tests: two small schemas in the shape of Kong's key-auth and
 * rate-limiting, with defaults (filled by normalisation), a cross-field check, and key-auth's
 * no_consumer rule.
 */
import { PluginRegistry } from '../../src/index.js';

const KEY_AUTH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    key_names: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, default: ['apikey'] },
    hide_credentials: { type: 'boolean', default: false },
  },
};

const RATE_LIMITING_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    minute: { type: 'integer', minimum: 1 },
    hour: { type: 'integer', minimum: 1 },
    policy: { type: 'string', enum: ['local', 'redis'], default: 'local' },
    fault_tolerant: { type: 'boolean', default: true },
  },
};

/** A fresh registry with `key-auth` and `rate-limiting`. */
export function testPlugins(): PluginRegistry {
  return new PluginRegistry()
    .register({ name: 'key-auth', version: '1.0.0', configSchema: KEY_AUTH_SCHEMA, noConsumer: true })
    .register({
      name: 'rate-limiting',
      version: '1.0.0',
      configSchema: RATE_LIMITING_SCHEMA,
      check: (config) =>
        config['minute'] === undefined && config['hour'] === undefined ? [{ path: [], message: 'set at least one of minute or hour' }] : [],
    });
}
