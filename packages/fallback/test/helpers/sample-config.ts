// Small valid configs: normalised by @gatehouse/config like the control plane does, so the
// hash is the one the CP would assign.
import { normaliseConfig } from '@gatehouse/config';
import type { NormalisedConfig } from '@gatehouse/config';
import type { ExportMeta } from '../../src/index.js';

export interface SampleConfig {
  readonly config: NormalisedConfig;
  readonly meta: ExportMeta;
}

/** A config with one service whose route path names the version, so configs differ by version. */
export function sampleConfig(version: number, exporterId = 'backup-1', tag = 'a'): SampleConfig {
  const result = normaliseConfig({
    _format_version: '3.0',
    services: [{ name: `svc-${tag}`, url: 'http://127.0.0.1:9/', routes: [{ name: `r-${tag}`, paths: [`/v${version}-${tag}`] }] }],
  });
  if (!result.ok) throw new Error(`sample config is invalid: ${JSON.stringify(result.errors)}`);
  return { config: result.config, meta: { version, hash: result.hash, exporterId, gatehouseVersion: '0.1.0' } };
}
