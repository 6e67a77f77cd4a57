// Error codes of the cluster protocol. Each is stable API: operators meet them in logs on both
// ends of a cluster connection and in a node's last_error on the control plane.

export const CLUSTER_ERROR_CODES = {
  GW_ERR_CLUSTER_MESSAGE_TOO_LARGE:
    'A cluster message is over the size limit (cluster_max_payload compressed, or the decompressed cap); raise cluster_max_payload on the control plane and every node, or shrink the config.',
  GW_ERR_CLUSTER_MESSAGE_MALFORMED: 'A cluster frame is not a JSON message or a config frame; the peer runs an incompatible or broken build.',
  GW_ERR_CLUSTER_MESSAGE_INVALID: 'A cluster message does not match its schema; the peer runs an incompatible or broken build.',
  GW_ERR_CLUSTER_MESSAGE_UNEXPECTED: 'A cluster message arrived in the wrong direction or at the wrong time (e.g. before hello).',
  GW_ERR_CLUSTER_CONFIG_CORRUPT: 'A pushed config could not be decompressed or is not a JSON object.',
  GW_ERR_CLUSTER_HASH_MISMATCH: 'A pushed config does not match the hash it was sent with.',
  GW_ERR_CLUSTER_CONFIG_OUTDATED: 'The control plane pushed a config older than the one the node already runs; the node keeps its config.',
  GW_ERR_CLUSTER_CONFIG_CONFLICT: 'The control plane pushed a different config under a version number the node already runs.',
  GW_ERR_CLUSTER_CONSUMER_FAILED: 'The node\'s config handler threw while taking a pushed config; the config was NACKed and the node keeps the one it runs.',
  GW_ERR_CLUSTER_TLS_CONFIG: 'cluster_cert, cluster_cert_key, cluster_ca_cert or cluster_mtls are missing, unreadable or inconsistent.',
  GW_ERR_CLUSTER_AUTH_REFUSED: 'The peer refused this node\'s certificate, or presented one this node does not trust.',
  GW_ERR_CLUSTER_PEER_DEAD: 'Nothing arrived from the peer within the heartbeat timeout; the connection was dropped.',
  GW_ERR_CLUSTER_NODE_ID: 'The node id file in the prefix could not be read or written.',
  GW_ERR_CLUSTER_CERT_EXISTS: 'A certificate or key file already exists; pass --force to overwrite it.',
  GW_ERR_CLUSTER_CERT_INVALID: 'Certificate generation was given invalid options.',
} as const;

export type ClusterErrorCode = keyof typeof CLUSTER_ERROR_CODES;

export class ClusterError extends Error {
  readonly code: ClusterErrorCode;

  constructor(code: ClusterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClusterError';
    this.code = code;
  }
}

/** The result shape of every parser in this package: it never throws on bad input. */
export type Result<T> = { readonly ok: true; readonly value: T } | Failure;
export interface Failure {
  readonly ok: false;
  readonly code: ClusterErrorCode;
  readonly error: string;
}

export function fail(code: ClusterErrorCode, error: string): Failure {
  return { ok: false, code, error };
}
