// @gatehouse/protocol — the CP<->DP wire protocol, compatibility rules, the cluster client,
// and cluster certificates.

// Messages: schemas, types, codec
export {
  AckSchema, CAPABILITY_FALLBACK_EXPORT, CONFIG_SOURCES, ConfigHeaderSchema, CpHeartbeatSchema, HashSchema, HelloSchema, INCOMPATIBLE_STATUSES,
  NackSchema, NODE_ROLES, NodeHeartbeatSchema, NodeIdSchema, PROTOCOL_VERSION, PluginInfoSchema, RefusedSchema, SYNC_STATUSES, WelcomeSchema,
} from './message-schemas.js';
export type {
  Ack, ClusterMessage, ConfigHeader, ConfigMessage, ConfigSource, CpHeartbeat, CpMessage, Hello, IncompatibleStatus, Nack, NodeHeartbeat,
  NodeMessage, NodeRole, PluginInfo, Refused, Sender, SyncStatus, Welcome,
} from './message-schemas.js';
export { CONFIG_FRAME_MAGIC, decodeMessage, encodeMessage } from './message-codec.js';
export type { CodecOptions, DecodeFailure, Decoded, Encoded, MessageFrom, RawFrame } from './message-codec.js';
export { compressConfig, decompressConfig, sha256 } from './config-payload.js';
export type { CompressedConfig, DecompressedConfig } from './config-payload.js';

// Limits and close codes
export {
  DECOMPRESSED_FACTOR, DEFAULT_DEAD_AFTER_MS, DEFAULT_HEARTBEAT_INTERVAL_MS, DEFAULT_MAX_PAYLOAD, FRAME_OVERHEAD_BYTES, MAX_CONTROL_MESSAGE_BYTES,
  MAX_ERROR_MESSAGE_CHARS, sizeLimits, wsMaxPayload,
} from './limits.js';
export type { SizeLimits } from './limits.js';
export { CLOSE_CODES, closeReason, describeClose } from './close-codes.js';
export type { CloseReason } from './close-codes.js';

// Errors and logging
export { CLUSTER_ERROR_CODES, ClusterError } from './cluster-errors.js';
export type { ClusterErrorCode, Failure, Result } from './cluster-errors.js';
export { silentLogger } from './cluster-logger.js';
export type { ClusterLogger } from './cluster-logger.js';

// Compatibility (Kong's rules)
export { checkCompatibility, checkPluginCompatibility, checkVersionCompatibility, parseVersion, pluginsInConfig } from './compatibility.js';
export type { Compatibility, CompatibilitySide, ParsedVersion } from './compatibility.js';

// The cluster client (data planes, backup nodes)
export { ClusterClient } from './cluster-client.js';
export { CLUSTER_PATH } from './cluster-client-types.js';
export type { ClusterClientEvents, ClusterClientOptions, ClusterClientState, DisconnectedEvent, NodeIdentity, RefusedEvent } from './cluster-client-types.js';
export type { ConfigEvent, RunningConfig } from './config-receiver.js';
export { ConfigGate } from './config-gate.js';
export type { GateDecision, VersionedHash } from './config-gate.js';
export { DEFAULT_BACKOFF_INITIAL_MS, DEFAULT_BACKOFF_MAX_MS, backoffDelay } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { NODE_ID_FILE, loadOrCreateNodeId } from './node-id.js';
export type { NodeIdResult } from './node-id.js';

// TLS and certificates
export { certFingerprint, certNotAfter, checkClusterTls, clientTlsOptions, readClusterTls, serverTlsOptions } from './cluster-tls.js';
export type { ClusterTls, ClusterTlsFiles } from './cluster-tls.js';
export { generateCa, generateSharedCert, issueNodeCert } from './cert-generate.js';
export type { CaOptions, NodeCertOptions, PemPair, SharedCertOptions } from './cert-generate.js';
export { writeCertFiles } from './cert-files.js';
export type { WriteCertOptions, WrittenCertFiles } from './cert-files.js';
