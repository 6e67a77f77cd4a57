// Kong's hybrid-mode compatibility rules: same major version; the node's minor not newer than
// the control plane's; every plugin the config uses installed on the node with the same major
// and a minor not newer than the control plane's. A failed check names what to do.
import type { IncompatibleStatus, PluginInfo } from './message-schemas.js';

export interface ParsedVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** "1.2.3", "1.2", "1", with an optional -prerelease/+build suffix; undefined for anything else. */
export function parseVersion(text: string): ParsedVersion | undefined {
  const m = /^(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:[-+].*)?$/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0) };
}

export type Compatibility =
  | { readonly ok: true }
  | { readonly ok: false; readonly sync_status: IncompatibleStatus; readonly message: string };

export interface CompatibilitySide {
  readonly version: string;
  readonly plugins: readonly PluginInfo[];
}

const OK: Compatibility = { ok: true };

/** Gatehouse versions only: same major, node minor ≤ control plane minor. */
export function checkVersionCompatibility(cpVersion: string, nodeVersion: string): Compatibility {
  const cp = parseVersion(cpVersion);
  const node = parseVersion(nodeVersion);
  if (!cp || !node) {
    return { ok: false, sync_status: 'version_incompatible', message: `cannot compare gatehouse versions "${nodeVersion}" (node) and "${cpVersion}" (control plane)` };
  }
  if (node.major !== cp.major) {
    return {
      ok: false,
      sync_status: 'version_incompatible',
      message: `node runs gatehouse ${nodeVersion} and the control plane ${cpVersion}: major versions must match; run the node on ${cp.major}.x with a minor of at most ${cp.minor}`,
    };
  }
  if (node.minor > cp.minor) {
    return {
      ok: false,
      sync_status: 'version_incompatible',
      message: `node runs gatehouse ${nodeVersion}, newer than the control plane ${cpVersion}: upgrade the control plane first, or run the node on ${cp.major}.${cp.minor}.x or older`,
    };
  }
  return OK;
}

/** The names of the plugins a config uses (its `plugins[].name`), sorted, without repeats. */
export function pluginsInConfig(config: unknown): string[] {
  const plugins = (config as { plugins?: unknown } | null | undefined)?.plugins;
  if (!Array.isArray(plugins)) return [];
  const names = new Set<string>();
  for (const p of plugins as unknown[]) {
    const name = (p as { name?: unknown } | null)?.name;
    if (typeof name === 'string') names.add(name);
  }
  return [...names].sort();
}

/** Plugins: each one the config uses is on the node, same major, node minor ≤ control plane minor. */
export function checkPluginCompatibility(cp: readonly PluginInfo[], node: readonly PluginInfo[], configPlugins: readonly string[]): Compatibility {
  const onNode = new Map(node.map((p) => [p.name, p.version]));
  const onCp = new Map(cp.map((p) => [p.name, p.version]));
  const missing = configPlugins.filter((name) => !onNode.has(name));
  if (missing.length > 0) {
    const list = missing.map((n) => `"${n}"`).join(', ');
    return {
      ok: false,
      sync_status: 'plugin_set_incompatible',
      message: `plugin${missing.length > 1 ? 's' : ''} ${list} used by the config ${missing.length > 1 ? 'are' : 'is'} not installed on the node: install ${missing.length > 1 ? 'them' : 'it'} on the node or remove ${missing.length > 1 ? 'them' : 'it'} from the config`,
    };
  }
  for (const name of configPlugins) {
    const cpText = onCp.get(name);
    const nodeText = onNode.get(name);
    if (cpText === undefined || nodeText === undefined) continue;
    const cpV = parseVersion(cpText);
    const nodeV = parseVersion(nodeText);
    const same = cpV && nodeV && cpV.major === nodeV.major;
    if (!same || nodeV.minor > cpV.minor) {
      return {
        ok: false,
        sync_status: 'plugin_version_incompatible',
        message: `plugin "${name}" is ${nodeText} on the node and ${cpText} on the control plane: install a ${cpV ? `${cpV.major}.x version with a minor of at most ${cpV.minor}` : 'matching version'} on the node, or upgrade the control plane`,
      };
    }
  }
  return OK;
}

/** The whole check the control plane runs before it pushes a config to a node. */
export function checkCompatibility(cp: CompatibilitySide, node: CompatibilitySide, configPlugins: readonly string[]): Compatibility {
  const version = checkVersionCompatibility(cp.version, node.version);
  if (!version.ok) return version;
  return checkPluginCompatibility(cp.plugins, node.plugins, configPlugins);
}
