/**
 * Which plugin instances run for a request, with Kong's precedence: for each plugin name the
 * most specific attachment wins —
 *   consumer+route+service > consumer+route > consumer+service > route+service
 *   > consumer > route > service > global
 * and the winners run by priority, highest first. Instances are built once per snapshot; the
 * per-(route, service, consumer, scheme) chains are memoised.
 */
import type { Consumer, NormalisedConfig, Plugin } from '@gatehouse/config';
import { createConsumerIndex } from './consumer-index.js';
import type { GatewayPlugin, PluginHandlers } from './plugin-contract.js';

export interface BuiltPlugin {
  readonly plugin: GatewayPlugin;
  readonly entity: Plugin;
  readonly handlers: PluginHandlers;
}

const scopeKey = (consumer: string, route: string, service: string): string => `${consumer}|${route}|${service}`;
const MAX_MEMO = 10_000;

export class PluginChains {
  readonly #byScope = new Map<string, Map<string, BuiltPlugin>>();
  readonly #memo = new Map<string, readonly BuiltPlugin[]>();
  readonly #all: BuiltPlugin[] = [];
  /** Whether any plugin is attached to a consumer (if not, auth never changes the chain). */
  readonly hasConsumerScoped: boolean;

  constructor(config: NormalisedConfig, plugins: ReadonlyMap<string, GatewayPlugin>) {
    const consumersById = new Map<string, Consumer>(config.consumers.map((c) => [c.id, c]));
    const consumers = createConsumerIndex(config, consumersById);
    let consumerScoped = false;
    for (const entity of config.plugins) {
      if (!entity.enabled) continue;
      const plugin = plugins.get(entity.name);
      let handlers: PluginHandlers;
      try {
        if (!plugin) throw Object.assign(new Error(`plugin "${entity.name}" is not available on this node`), { code: 'GW_ERR_PLUGIN_UNAVAILABLE' });
        handlers = plugin.build({ instance: { id: entity.id, name: entity.name, config: entity.config }, consumersById, consumers });
      } catch (err) {
        // The snapshot will not be used: release what the instances built so far hold.
        void this.close();
        throw err;
      }
      const built: BuiltPlugin = { plugin, entity, handlers };
      this.#all.push(built);
      const key = scopeKey(entity.consumer?.id ?? '', entity.route?.id ?? '', entity.service?.id ?? '');
      let byName = this.#byScope.get(key);
      if (!byName) this.#byScope.set(key, (byName = new Map()));
      byName.set(entity.name, built);
      if (entity.consumer) consumerScoped = true;
    }
    this.hasConsumerScoped = consumerScoped;
  }

  get size(): number {
    return this.#all.length;
  }

  /** The plugins to run, highest priority first. */
  chainFor(routeId: string, serviceId: string | null, consumerId: string | null, scheme: 'http' | 'https'): readonly BuiltPlugin[] {
    const memoKey = `${routeId}|${serviceId ?? ''}|${consumerId ?? ''}|${scheme}`;
    const cached = this.#memo.get(memoKey);
    if (cached) return cached;
    const c = consumerId ?? '';
    const r = routeId;
    const s = serviceId ?? '';
    const scopes = [
      c && r && s ? scopeKey(c, r, s) : '',
      c && r ? scopeKey(c, r, '') : '',
      c && s ? scopeKey(c, '', s) : '',
      r && s ? scopeKey('', r, s) : '',
      c ? scopeKey(c, '', '') : '',
      scopeKey('', r, ''),
      s ? scopeKey('', '', s) : '',
      scopeKey('', '', ''),
    ];
    const winners = new Map<string, BuiltPlugin>();
    for (const key of scopes) {
      if (key === '') continue;
      for (const [name, built] of this.#byScope.get(key) ?? []) {
        if (!winners.has(name) && built.entity.protocols.includes(scheme)) winners.set(name, built);
      }
    }
    const chain = Object.freeze(
      [...winners.values()].sort((a, b) => b.plugin.priority - a.plugin.priority || (a.plugin.name < b.plugin.name ? -1 : 1)),
    );
    if (this.#memo.size >= MAX_MEMO) this.#memo.clear();
    this.#memo.set(memoKey, chain);
    return chain;
  }

  /** Closes every instance; called when the snapshot is retired. */
  async close(): Promise<void> {
    await Promise.allSettled(this.#all.map(async (b) => b.handlers.close?.()));
  }
}
