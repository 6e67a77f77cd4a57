// Valid messages and configs shared by the protocol tests.
import { configHash, normaliseConfig } from '@gatehouse/config';
import type { NormalisedConfig } from '@gatehouse/config';
import type { Ack, ConfigMessage, CpHeartbeat, Hello, Nack, NodeHeartbeat, Refused, Welcome } from '../src/index.js';

export const NODE_ID = '3f2b8c1e-9d4a-4b7e-8f11-2a6c5d9e0b13';
export const HASH = 'a'.repeat(64);

export const hello: Hello = {
  type: 'hello',
  protocol: 1,
  node_id: NODE_ID,
  hostname: 'dp-1.example.internal',
  version: '0.1.0',
  role: 'data_plane',
  plugins: [{ name: 'key-auth', version: '1.0.0' }, { name: 'rate-limiting', version: '1.2' }],
  labels: { region: 'eu-west-1', tier: 'gold' },
  capabilities: ['fallback_export'],
  config_hash: null,
  config_version: null,
  config_source: 'none',
};

export const welcome: Welcome = { type: 'welcome', protocol: 1, version: '0.1.0', max_payload: 16 * 1024 * 1024, heartbeat_interval_ms: 30_000 };
export const refused: Refused = { type: 'refused', sync_status: 'plugin_set_incompatible', message: 'install key-auth', closing: false };
export const ack: Ack = { type: 'ack', version: 3, hash: HASH };
export const nack: Nack = { type: 'nack', version: 3, hash: HASH, code: 'GW_ERR_CONFIG_INVALID', message: 'routes[0]: bad' };
export const nodeHeartbeat: NodeHeartbeat = { type: 'heartbeat', config_hash: HASH, config_version: 3, config_source: 'cache' };
export const cpHeartbeat: CpHeartbeat = { type: 'heartbeat', config_hash: null, config_version: null };

export function configMessage(payload = Buffer.from([1, 2, 3]), size = 10): ConfigMessage {
  return { type: 'config', version: 7, hash: HASH, size, payload };
}

/** A small valid normalised config and its hash. */
export function sampleConfig(routes = 3): { config: NormalisedConfig; hash: string } {
  const result = normaliseConfig({
    _format_version: '3.0',
    services: [{ name: 'svc', url: 'http://127.0.0.1:9/', routes: Array.from({ length: routes }, (_, i) => ({ name: `r${i}`, paths: [`/r${i}`] })) }],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  if (result.hash !== configHash(result.config)) throw new Error('hash differs from configHash');
  return { config: result.config, hash: result.hash };
}
