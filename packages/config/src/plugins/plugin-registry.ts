import type { ValidateFunction } from 'ajv';
import type { ConfigError, JsonPath } from '../errors.js';
import { compileSchema, suggest, toConfigErrors } from '../schema/ajv-errors.js';

/** What a plugin tells the config layer: its name, version and the JSON Schema of its config. */
export interface PluginSchemaEntry {
  name: string;
  version: string;
  /** JSON Schema (TypeBox or plain) of `config`; defaults in it are filled during normalisation. */
  configSchema: object;
  /** Checks a schema cannot express; messages are reported at `plugins[i].config.<path>`. */
  check?: (config: Record<string, unknown>) => { path: JsonPath; message: string }[];
  /** Kong's no_consumer: the plugin cannot be attached to a consumer (it is what identifies one). */
  noConsumer?: boolean;
}

/**
 * Plugins register their config schema by name. The same registry validates configs on the
 * control plane and on the data plane, so both refuse the same things.
 */
export class PluginRegistry {
  readonly #entries = new Map<string, { entry: PluginSchemaEntry; validate: ValidateFunction }>();

  register(entry: PluginSchemaEntry): this {
    if (this.#entries.has(entry.name)) throw new Error(`plugin "${entry.name}" is already registered`);
    this.#entries.set(entry.name, { entry, validate: compileSchema(entry.configSchema) });
    return this;
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  names(): string[] {
    return [...this.#entries.keys()].sort();
  }

  get(name: string): PluginSchemaEntry | undefined {
    return this.#entries.get(name)?.entry;
  }

  /** Validates (and fills defaults into) `config` in place; errors are placed under `base`. */
  validateConfig(name: string, config: Record<string, unknown>, base: JsonPath): ConfigError[] {
    const found = this.#entries.get(name);
    if (!found) {
      const known = this.names();
      const hint = suggest(name, known);
      return [
        {
          code: 'GW_ERR_CONFIG_UNKNOWN_PLUGIN',
          path: [...base.slice(0, -1), 'name'],
          message: `unknown plugin "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; available: ${known.length > 0 ? known.join(', ') : 'none'}`,
        },
      ];
    }
    if (!found.validate(config)) {
      return toConfigErrors(found.validate.errors, base).map((e) => ({
        ...e,
        code: e.code === 'GW_ERR_CONFIG_UNKNOWN_FIELD' ? e.code : 'GW_ERR_CONFIG_PLUGIN_CONFIG',
      }));
    }
    return (found.entry.check?.(config) ?? []).map((p) => ({
      code: 'GW_ERR_CONFIG_PLUGIN_CONFIG',
      path: [...base, ...p.path],
      message: p.message,
    }));
  }
}
