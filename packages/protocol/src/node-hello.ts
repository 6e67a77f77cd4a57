// The first frame of every cluster connection: who the node is and what it runs.
import type { NodeIdentity } from './cluster-client-types.js';
import type { RunningConfig } from './config-receiver.js';
import { PROTOCOL_VERSION } from './message-schemas.js';
import type { ConfigSource, Hello } from './message-schemas.js';

export function helloMessage(node: NodeIdentity, running: RunningConfig | null, source: ConfigSource): Hello {
  return {
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    node_id: node.id,
    hostname: node.hostname,
    version: node.version,
    role: node.role,
    plugins: [...node.plugins],
    labels: { ...node.labels },
    capabilities: [...(node.capabilities ?? [])],
    config_hash: running?.hash ?? null,
    config_version: running?.version ?? null,
    config_source: source,
  };
}
