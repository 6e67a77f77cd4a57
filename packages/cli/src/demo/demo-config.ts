/**
 * The files the demo's nodes read: the example config pointed at the demo's echo upstream
 * (a copy in the demo's directory; the example is never modified) and one conf file per node.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatConfigError, loadDeclarativeConfig } from '@gatehouse/config';
import type { NormalisedConfig } from '@gatehouse/config';
import { bundledRegistry } from '../bundled-plugins.js';
import { DemoFailure } from './demo-abort.js';

/** examples/demo/kong.yml of the source tree, from dist/demo/ (or src/demo/). */
export const EXAMPLE_CONFIG = fileURLToPath(new URL('../../../../examples/demo/kong.yml', import.meta.url));

export interface DemoConfig {
  /** The rewritten copy the control plane is seeded with. */
  readonly path: string;
  /** The example, relative to the working directory, for messages. */
  readonly shownAs: string;
  readonly counts: string;
}

/**
 * Every service that names a host (not an upstream) and every upstream target now points at
 * `origin` (host:port). Works on the normalised config, which loads back to the same config.
 */
export function pointAt(config: NormalisedConfig, origin: { host: string; port: number }): NormalisedConfig {
  const upstreams = new Set(config.upstreams.map((u) => u.name));
  return {
    ...config,
    services: config.services.map((s) => (upstreams.has(s.host) ? s : { ...s, protocol: 'http', host: origin.host, port: origin.port })),
    targets: config.targets.map((t) => ({ ...t, target: `${origin.host}:${origin.port}` })),
  };
}

function describeCounts(config: NormalisedConfig): string {
  const n = (k: 'services' | 'routes' | 'consumers' | 'plugins') => `${config[k].length} ${config[k].length === 1 ? k.slice(0, -1) : k}`;
  return [n('services'), n('routes'), n('consumers'), n('plugins')].join(', ');
}

/** `path` relative to the working directory when it is below it, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** Validates the example with the bundled plugins and writes the copy for the control plane. */
export async function writeDemoConfig(dir: string, origin: { host: string; port: number }, source = EXAMPLE_CONFIG): Promise<DemoConfig> {
  const shownAs = shown(source);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (err) {
    throw new DemoFailure(`cannot read the demo config ${source}: ${(err as Error).message} (the demo runs from a Gatehouse source checkout)`, '', { cause: err });
  }
  const loaded = loadDeclarativeConfig(text, { fileName: shownAs, plugins: bundledRegistry() });
  if (!loaded.ok) {
    const errors = loaded.errors.map((e) => formatConfigError(e)).join('\n');
    throw new DemoFailure(`the demo config ${shownAs} is not valid (check it with \`gatehouse validate ${shownAs}\`)`, errors);
  }
  const config = pointAt(loaded.config, origin);
  const path = join(dir, 'kong.json');
  await writeFile(path, JSON.stringify(config, null, 2) + '\n');
  return { path, shownAs, counts: describeCounts(config) };
}

/** Writes `<dir>/<name>.conf` with `key = value` lines. */
export async function writeConf(dir: string, name: string, settings: Record<string, string | number>): Promise<string> {
  const path = join(dir, `${name}.conf`);
  await writeFile(path, Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
  return path;
}
