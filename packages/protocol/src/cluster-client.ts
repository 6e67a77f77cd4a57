// The cluster client of data planes and backup nodes: one WebSocket to the control plane,
// secured per cluster_mtls, re-established with exponential backoff and full jitter. It sends
// hello and heartbeats, checks every frame, and hands each new config to its consumer, who
// applies it and answers ack() or nack(). Versions only move forward (see ConfigGate).
import { EventEmitter } from 'node:events';
import { WebSocket } from 'ws';
import type { ClientOptions, RawData } from 'ws';
import { backoffDelay } from './backoff.js';
import { describeClose, describeError, readRefusal } from './close-codes.js';
import type { CloseReason } from './close-codes.js';
import { CLUSTER_PATH } from './cluster-client-types.js';
import type { ClusterClientEvents, ClusterClientOptions, ClusterClientState } from './cluster-client-types.js';
import { silentLogger } from './cluster-logger.js';
import type { ClusterLogger } from './cluster-logger.js';
import { clientTlsOptions } from './cluster-tls.js';
import { ConfigReceiver, nackMessage } from './config-receiver.js';
import type { RunningConfig } from './config-receiver.js';
import { DEFAULT_DEAD_AFTER_MS, DEFAULT_HEARTBEAT_INTERVAL_MS, sizeLimits, wsMaxPayload } from './limits.js';
import type { SizeLimits } from './limits.js';
import { decodeMessage, encodeMessage } from './message-codec.js';
import { helloMessage } from './node-hello.js';
import type { CpMessage, IncompatibleStatus, NodeMessage } from './message-schemas.js';

/** A connection that lasted this long resets the backoff. */
const STABLE_CONNECTION_MS = 10_000;

interface Connection {
  readonly ws: WebSocket;
  failure?: CloseReason;
  heartbeat?: NodeJS.Timeout;
  deadline?: NodeJS.Timeout;
}

export class ClusterClient extends EventEmitter<ClusterClientEvents> {
  readonly #options: ClusterClientOptions;
  readonly #log: ClusterLogger;
  readonly #limits: SizeLimits;
  readonly #target: string;
  readonly #receiver: ConfigReceiver;
  #conn: Connection | null = null;
  #welcomed = false;
  #started = false;
  #closed = false;
  #attempts = 0;
  /** Backoff step: unlike `attempts`, reset only by a connection that stayed up (no fast loop on flapping). */
  #step = 0;
  #welcomedAt = 0;
  #since = new Date().toISOString();
  #lastError: CloseReason | null = null;
  #refused: IncompatibleStatus | null = null;
  #retry: NodeJS.Timeout | null = null;

  constructor(options: ClusterClientOptions) {
    super();
    this.#options = options;
    this.#log = options.logger ?? silentLogger;
    this.#limits = sizeLimits(options);
    const { host, port } = options.controlPlane;
    this.#target = `${options.tls.mode === 'plaintext' ? 'ws' : 'wss'}://${host.includes(':') ? `[${host}]` : host}:${port}${CLUSTER_PATH}`;
    this.#receiver = new ConfigReceiver(options.running ?? null, this.#limits, this.#log, {
      send: (message) => this.#send(message),
      deliver: (event) => this.emit('config', event), // a throw here is NACKed by the receiver
    });
  }

  /** Starts connecting (and reconnecting) until close(). */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    if (this.#options.tls.mode === 'plaintext') {
      this.#log.warn(
        { control_plane: this.#target },
        'INSECURE: cluster connection without TLS or authentication (development flag); anyone on the network can read and forge configs. Never use this in production',
      );
    }
    this.#connect();
  }

  state(): ClusterClientState {
    return {
      connected: this.#welcomed,
      last_error: this.#lastError?.reason ?? null,
      last_error_code: this.#lastError?.code ?? null,
      attempts: this.#attempts,
      since: this.#since,
      control_plane: this.#target,
      running: this.#receiver.running(),
      refused: this.#refused,
    };
  }

  /** Tells the control plane the node runs this config now (sent on reconnect through hello if offline). */
  ack(version: number, hash: string): void {
    this.#receiver.acked(version, hash);
    this.#send({ type: 'ack', version, hash });
  }

  /** Tells the control plane the node refused this config and keeps the one it runs. */
  nack(version: number, hash: string, code: string, message: string): void {
    this.#receiver.nacked(version, hash);
    this.#send(nackMessage(version, hash, code, message));
  }

  /** Reports a config the node loaded itself (cache, fallback storage); pushes never go back from it. */
  setRunning(running: RunningConfig | null): void {
    this.#receiver.setRunning(running);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    const ws = this.#conn?.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => ws.terminate(), 1000);
      ws.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000, 'node shutting down');
    });
  }

  #connect(): void {
    this.#retry = null;
    const tls = this.#options.tls;
    const options: ClientOptions = {
      ...(tls.mode === 'plaintext' ? {} : (clientTlsOptions(tls) as ClientOptions)),
      maxPayload: wsMaxPayload(this.#limits),
      handshakeTimeout: this.#options.connectTimeoutMs ?? 10_000,
      perMessageDeflate: false,
      followRedirects: false,
    };
    const conn: Connection = { ws: new WebSocket(this.#target, options) };
    this.#conn = conn;
    const { ws } = conn;
    ws.on('unexpected-response', (_req, res) => {
      void readRefusal(res).then((why) => {
        conn.failure = why;
        ws.terminate();
      });
    });
    ws.on('error', (err: Error & { code?: string }) => {
      conn.failure ??= describeError(err);
    });
    ws.on('open', () => this.#onOpen(conn));
    ws.on('message', (data: RawData, isBinary: boolean) => this.#onFrame(conn, data, isBinary));
    ws.on('close', (code: number, reason: Buffer) => this.#onClose(conn, conn.failure ?? describeClose(code, reason.toString('utf8'))));
  }

  #onOpen(conn: Connection): void {
    this.#send(helloMessage(this.#options.node, this.#receiver.running(), this.#receiver.source));
    const deadAfter = this.#options.deadAfterMs ?? DEFAULT_DEAD_AFTER_MS;
    conn.deadline = setTimeout(() => {
      conn.failure = { reason: `nothing from the control plane for ${deadAfter} ms`, code: 'GW_ERR_CLUSTER_PEER_DEAD' };
      conn.ws.terminate();
    }, deadAfter);
    conn.heartbeat = setInterval(() => {
      const r = this.#receiver.running();
      this.#send({ type: 'heartbeat', config_hash: r?.hash ?? null, config_version: r?.version ?? null, config_source: this.#receiver.source });
    }, this.#options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS);
  }

  #onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
    if (conn !== this.#conn) return;
    conn.deadline?.refresh();
    const decoded = decodeMessage(data, isBinary, { from: 'control_plane', limits: this.#limits });
    if (!decoded.ok) {
      this.#log.warn({ control_plane: this.#target, code: decoded.code }, `ignored a message from the control plane: ${decoded.error}`);
      // A config refused by size still names itself: say so to the control plane.
      if (decoded.config && this.#welcomed) this.#send(nackMessage(decoded.config.version, decoded.config.hash, decoded.code, decoded.error));
      return;
    }
    this.#onMessage(decoded.message);
  }

  #onMessage(message: CpMessage): void {
    switch (message.type) {
      case 'welcome':
        this.#welcomed = true;
        this.#attempts = 0;
        this.#welcomedAt = Date.now();
        this.#refused = null;
        this.#since = new Date().toISOString();
        this.#log.info({ control_plane: this.#target, cp_version: message.version }, 'connected to the control plane');
        this.#emit('connected', { control_plane: this.#target, cp_version: message.version });
        return;
      case 'refused':
        this.#refused = message.sync_status;
        this.#lastError = { reason: `${message.sync_status}: ${message.message}` };
        // The close that follows a closing refusal adds nothing: keep the reason that says what to do.
        if (message.closing && this.#conn) this.#conn.failure = this.#lastError;
        this.#log.error({ control_plane: this.#target, sync_status: message.sync_status }, `the control plane sends this node no config: ${message.message}`);
        this.#emit('refused', { sync_status: message.sync_status, message: message.message, closing: message.closing });
        return;
      case 'config':
        if (!this.#welcomed) {
          this.#log.warn({ control_plane: this.#target, code: 'GW_ERR_CLUSTER_MESSAGE_UNEXPECTED' }, 'ignored a config sent before welcome');
          return;
        }
        this.#refused = null;
        this.#receiver.receive(message).catch((err: unknown) => this.#log.error({ err, version: message.version }, 'config push not handled'));
        return;
      case 'heartbeat':
        if (this.#welcomed && message.config_version !== null && message.config_hash !== null) this.#receiver.confirmed(message.config_version, message.config_hash);
        return;
    }
  }

  #onClose(conn: Connection, why: CloseReason): void {
    if (conn !== this.#conn) return;
    clearInterval(conn.heartbeat);
    clearTimeout(conn.deadline);
    this.#conn = null;
    const wasConnected = this.#welcomed;
    this.#welcomed = false;
    this.#lastError = why;
    if (wasConnected) {
      this.#since = new Date().toISOString();
      this.#emit('disconnected', why);
    }
    if (this.#closed) return;
    if (wasConnected && Date.now() - this.#welcomedAt >= STABLE_CONNECTION_MS) this.#step = 0;
    const delay = backoffDelay(this.#step, this.#options.backoff);
    this.#step += 1;
    this.#attempts += 1;
    this.#log.warn(
      { control_plane: this.#target, code: why.code, attempts: this.#attempts, retry_in_ms: delay },
      `${wasConnected ? 'lost the control plane' : 'cannot connect to the control plane'}: ${why.reason}`,
    );
    this.#retry = setTimeout(() => this.#connect(), delay);
  }

  /** A listener that throws is the consumer's bug: logged, never a crash inside a socket callback. */
  #emit<K extends keyof ClusterClientEvents>(event: K, ...args: ClusterClientEvents[K]): void {
    try {
      this.emit(event, ...(args as never));
    } catch (err) {
      this.#log.error({ err, event }, 'a cluster client event listener threw');
    }
  }

  #send(message: NodeMessage): void {
    const ws = this.#conn?.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const encoded = encodeMessage(message, { from: 'node', limits: this.#limits });
    if (!encoded.ok) {
      this.#log.error({ code: encoded.code, type: message.type }, `cannot send: ${encoded.error}`);
      return;
    }
    ws.send(encoded.frame);
  }
}
