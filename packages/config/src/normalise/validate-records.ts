import type { ConfigError } from '../errors.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { compileSchema, toConfigErrors } from '../schema/ajv-errors.js';
import { ENTITIES } from '../schema/entities.js';
import type { FlatRecord } from './flatten.js';

const URL_PARTS = ['protocol', 'host', 'port', 'path'] as const;

/** Kong's `url` shorthand on services: expands into protocol, host, port and path. */
/** Returns false when the url is unusable (its error is reported; the record is not checked further). */
function expandServiceUrl(record: FlatRecord, errors: ConfigError[]): boolean {
  const { data } = record;
  if (!('url' in data)) return true;
  const url = data['url'];
  delete data['url'];
  const path = [...record.path, 'url'];
  const clash = URL_PARTS.filter((k) => data[k] !== undefined && data[k] !== null);
  if (clash.length > 0) {
    errors.push({ code: 'GW_ERR_CONFIG_SCHEMA', path, message: `url cannot be combined with ${clash.join(', ')}; use one or the other` });
    record.valid = false;
    return false;
  }
  let parsed: URL;
  try {
    if (typeof url !== 'string') throw new Error('not a string');
    parsed = new URL(url);
  } catch {
    errors.push({ code: 'GW_ERR_CONFIG_SCHEMA', path, message: `must be an absolute URL such as http://example.com:8080/path (got ${JSON.stringify(url)})` });
    record.valid = false;
    return false;
  }
  const protocol = parsed.protocol.replace(/:$/, '');
  if (protocol !== 'http' && protocol !== 'https') {
    errors.push({ code: 'GW_ERR_CONFIG_SCHEMA', path, message: `must be an http:// or https:// URL (got ${JSON.stringify(url)})` });
    record.valid = false;
    return false;
  }
  data['protocol'] = protocol;
  data['host'] = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  data['port'] = parsed.port !== '' ? Number(parsed.port) : protocol === 'https' ? 443 : 80;
  const rawPath = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(url as string)?.[1];
  data['path'] = rawPath === undefined || rawPath === '' ? null : rawPath;
  return true;
}

/** Kong stores targets as host:port, adding its default port 8000 when none is given. */
function withDefaultPort(target: string): string {
  if (/^\[[^\]]*\]$/.test(target) || (!target.includes(':') && target !== '')) return `${target}:8000`;
  return target;
}

/**
 * Fills defaults and checks every record against its entity schema, and every plugin config
 * against its plugin's schema. Records that fail are marked invalid but stay in the list, so
 * reference and uniqueness checks can still report on them.
 */
export function validateRecords(records: FlatRecord[], plugins: PluginRegistry): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const record of records) {
    if (record.type === 'services' && !expandServiceUrl(record, errors)) continue;
    const validate = compileSchema(ENTITIES[record.type].schema);
    if (!validate(record.data)) {
      errors.push(...toConfigErrors(validate.errors, record.path));
      record.valid = false;
      continue;
    }
    if (record.type === 'targets') record.data['target'] = withDefaultPort(String(record.data['target']));
    if (record.type === 'plugins') {
      const { name, config } = record.data as { name: string; config: Record<string, unknown> };
      const pluginErrors = plugins.validateConfig(name, config, [...record.path, 'config']);
      if (plugins.get(name)?.noConsumer && (record.data['consumer'] != null || record.parent?.field === 'consumer')) {
        pluginErrors.push({
          code: 'GW_ERR_CONFIG_PLUGIN_SCOPE',
          path: record.path,
          message: `plugin "${name}" cannot be attached to a consumer (as in Kong); attach it to a service, a route or globally`,
        });
      }
      if (pluginErrors.length > 0) {
        errors.push(...pluginErrors);
        record.valid = false;
      }
    }
  }
  return errors;
}
