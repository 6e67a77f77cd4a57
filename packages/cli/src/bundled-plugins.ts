/**
 * The plugins every gatehouse command works with: the bundled set, created once per process so
 * validate, the control plane and the data plane check configs against the same schemas.
 */
import type { PluginRegistry } from '@gatehouse/config';
import { createBundledPlugins, pluginRegistry } from '@gatehouse/plugins';
import type { BundledPlugins } from '@gatehouse/plugins';

let bundled: BundledPlugins | undefined;
let registry: PluginRegistry | undefined;

export function bundledPlugins(): BundledPlugins {
  return (bundled ??= createBundledPlugins());
}

export function bundledRegistry(): PluginRegistry {
  return (registry ??= pluginRegistry(bundledPlugins().plugins));
}
