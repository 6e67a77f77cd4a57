// WebSocket close codes of cluster connections, and what each means to the node's operator.
import type { IncomingMessage } from 'node:http';
import type { ClusterErrorCode } from './cluster-errors.js';

export const CLOSE_CODES = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  /** ws: a frame over maxPayload. */
  TOO_LARGE: 1009,
  /** A frame the peer could not accept before hello, or a broken handshake. */
  PROTOCOL_ERROR: 4000,
  /** Nothing arrived within the heartbeat timeout. */
  PEER_DEAD: 4001,
  /** Incompatible node (version): see the refused message sent before. */
  REFUSED: 4003,
  /** The same node id connected again; the older connection is closed. */
  REPLACED: 4009,
} as const;

export interface CloseReason {
  readonly reason: string;
  readonly code?: ClusterErrorCode | undefined;
}

/** ws close reasons are at most 123 bytes. */
export function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

export function describeClose(code: number, reason: string): CloseReason {
  const suffix = reason ? `: ${reason}` : '';
  switch (code) {
    case CLOSE_CODES.NORMAL:
      return { reason: `the peer closed the connection${suffix}` };
    case CLOSE_CODES.GOING_AWAY:
      return { reason: `the peer is shutting down${suffix}` };
    case CLOSE_CODES.TOO_LARGE:
      return { reason: `a message was over the size limit${suffix}; raise cluster_max_payload on the control plane and every node`, code: 'GW_ERR_CLUSTER_MESSAGE_TOO_LARGE' };
    case CLOSE_CODES.PROTOCOL_ERROR:
      return { reason: `protocol error${suffix}`, code: 'GW_ERR_CLUSTER_MESSAGE_INVALID' };
    case CLOSE_CODES.PEER_DEAD:
      return { reason: `the peer heard nothing within its heartbeat timeout${suffix}`, code: 'GW_ERR_CLUSTER_PEER_DEAD' };
    case CLOSE_CODES.REFUSED:
      return { reason: `refused by the control plane${suffix}` };
    case CLOSE_CODES.REPLACED:
      return { reason: `another connection with this node id replaced this one${suffix}; give every node its own prefix (node_id file)` };
    case 1006:
      return { reason: 'connection lost without a close frame' };
    default:
      return { reason: `connection closed with code ${code}${suffix}` };
  }
}

/** Turns a socket or ws error into the reason a node logs. */
export function describeError(err: Error & { code?: string }): CloseReason {
  if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
    return { reason: 'the control plane sent a message over this node\'s size limit; raise cluster_max_payload on this node to match the control plane', code: 'GW_ERR_CLUSTER_MESSAGE_TOO_LARGE' };
  }
  if (err.code === 'GW_ERR_CLUSTER_AUTH_REFUSED') return { reason: err.message, code: 'GW_ERR_CLUSTER_AUTH_REFUSED' };
  if (/certificate|self[- ]signed|altnames|SSL|TLS/i.test(`${err.code ?? ''} ${err.message}`)) {
    return { reason: `TLS: ${err.message}${err.code ? ` (${err.code})` : ''}; check cluster_cert, cluster_ca_cert and cluster_server_name`, code: 'GW_ERR_CLUSTER_AUTH_REFUSED' };
  }
  return { reason: err.code ? `${err.message} (${err.code})` : err.message };
}

/** Reads the reason of a refused upgrade (the control plane answers 403 with a text body). */
export function readRefusal(res: IncomingMessage): Promise<CloseReason> {
  return new Promise((resolve) => {
    let body = '';
    const done = () => {
      clearTimeout(timer);
      res.destroy();
      const status = res.statusCode ?? 0;
      resolve({
        reason: `control plane refused the connection (HTTP ${status})${body ? `: ${body.trim()}` : ''}`,
        code: status === 401 || status === 403 ? 'GW_ERR_CLUSTER_AUTH_REFUSED' : undefined,
      });
    };
    const timer = setTimeout(done, 2000);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 1024) {
        body = body.slice(0, 1024);
        done();
      }
    });
    res.once('end', done);
    res.once('error', done);
  });
}
