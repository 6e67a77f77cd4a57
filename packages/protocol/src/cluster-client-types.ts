// Options, events and state of the ClusterClient.
import type { BackoffOptions } from './backoff.js';
import type { CloseReason } from './close-codes.js';
import type { ClusterErrorCode } from './cluster-errors.js';
import type { ClusterLogger } from './cluster-logger.js';
import type { ClusterTls } from './cluster-tls.js';
import type { ConfigEvent, RunningConfig } from './config-receiver.js';
import type { IncompatibleStatus, NodeRole, PluginInfo } from './message-schemas.js';

/** The path of the cluster WebSocket on the control plane's cluster_listen. */
export const CLUSTER_PATH = '/v1/cluster';

export interface NodeIdentity {
  readonly id: string;
  readonly hostname: string;
  /** The gatehouse version the node runs. */
  readonly version: string;
  readonly role: NodeRole;
  readonly plugins: readonly PluginInfo[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly capabilities?: readonly string[];
}

export interface ClusterClientOptions {
  /** cluster_control_plane. */
  readonly controlPlane: { readonly host: string; readonly port: number };
  /** { mode: 'plaintext' } connects over ws:// without TLS: development only, logged loudly. */
  readonly tls: ClusterTls;
  readonly node: NodeIdentity;
  /** The config the node runs at start (cache, fallback storage): reported in hello; pushes never go back from it. */
  readonly running?: RunningConfig | null;
  readonly heartbeatIntervalMs?: number;
  readonly deadAfterMs?: number;
  readonly maxPayload?: number;
  readonly maxDecompressedBytes?: number;
  readonly backoff?: BackoffOptions;
  /** Time allowed for TCP + TLS + upgrade; default 10 s. */
  readonly connectTimeoutMs?: number;
  readonly logger?: ClusterLogger;
}

export type DisconnectedEvent = CloseReason;
export interface RefusedEvent {
  readonly sync_status: IncompatibleStatus;
  readonly message: string;
  /** true: the control plane closes the connection; false: it stays open and pushes once the config fits. */
  readonly closing: boolean;
}
export interface ClusterClientEvents {
  connected: [{ readonly control_plane: string; readonly cp_version: string }];
  disconnected: [DisconnectedEvent];
  refused: [RefusedEvent];
  config: [ConfigEvent];
}

export interface ClusterClientState {
  readonly connected: boolean;
  readonly last_error: string | null;
  readonly last_error_code: ClusterErrorCode | null;
  /** Consecutive failed connection attempts (0 once connected). */
  readonly attempts: number;
  /** When `connected` last changed, ISO 8601. */
  readonly since: string;
  readonly control_plane: string;
  readonly running: RunningConfig | null;
  /** Why the control plane sends no config, while it says so. */
  readonly refused: IncompatibleStatus | null;
}
