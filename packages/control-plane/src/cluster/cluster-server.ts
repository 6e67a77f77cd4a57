// The control plane's cluster listener (cluster_listen): WebSocket over mutually
// authenticated TLS. Accepts nodes, keeps the registry, and pushes every published config.
import { EventEmitter } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CLOSE_CODES, CLUSTER_PATH, DEFAULT_DEAD_AFTER_MS, DEFAULT_HEARTBEAT_INTERVAL_MS, MAX_CONTROL_MESSAGE_BYTES, checkClusterTls, serverTlsOptions, silentLogger, sizeLimits } from '@gatehouse/protocol';
import type { ClusterLogger, ClusterTls, Nack, PluginInfo, SizeLimits } from '@gatehouse/protocol';
import { WebSocketServer } from 'ws';
import { AckLog } from './ack-log.js';
import type { AckEvent } from './ack-log.js';
import { ConfigPusher } from './config-pusher.js';
import type { FrameStats, PublishInput, PublishedConfig } from './config-pusher.js';
import { NodeRegistry } from './node-registry.js';
import { NodeSession } from './node-session.js';
import type { SessionHost } from './node-session.js';
import { peerAuthenticator } from './peer-auth.js';
import type { PeerAuthenticator } from './peer-auth.js';

export const DEFAULT_PUSH_INTERVAL_MS = 1000;
export const DEFAULT_PURGE_DELAY_MS = 86_400_000;

export interface ClusterServerOptions {
  /** cluster_listen (port 0: the OS picks). */
  readonly listen: readonly { readonly host: string; readonly port: number }[];
  /** { mode: 'plaintext' } accepts ws:// without authentication: development only, logged loudly. */
  readonly tls: ClusterTls;
  /** The control plane's gatehouse version and plugins, for the compatibility check. */
  readonly version: string;
  readonly plugins: readonly PluginInfo[];
  /** cluster_push_interval, ms (default 1000). */
  readonly pushIntervalMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly deadAfterMs?: number;
  /** cluster_max_payload. */
  readonly maxPayload?: number;
  readonly maxDecompressedBytes?: number;
  /** cluster_data_plane_purge_delay, ms (default one day). */
  readonly purgeDelayMs?: number;
  readonly logger?: ClusterLogger;
}

export interface ClusterServerEvents {
  /** A node ACKed a config; latency_ms runs from publish() of that version. */
  ack: [AckEvent];
  nack: [{ readonly node_id: string; readonly version: number; readonly code: string; readonly message: string }];
  /** A version was compressed and framed (once per pushed version). */
  frame: [FrameStats];
}

export class ClusterServer extends EventEmitter<ClusterServerEvents> {
  readonly registry: NodeRegistry;
  readonly #options: ClusterServerOptions;
  readonly #log: ClusterLogger;
  readonly #limits: SizeLimits;
  readonly #servers: Server[] = [];
  readonly #wss: WebSocketServer;
  readonly #sessions = new Set<NodeSession>();
  readonly #byNode = new Map<string, NodeSession>();
  readonly #pusher: ConfigPusher;
  readonly #acks = new AckLog();
  readonly #host: SessionHost;
  readonly #authenticate: PeerAuthenticator;
  readonly #purgeTimer: NodeJS.Timeout;

  private constructor(options: ClusterServerOptions) {
    super();
    this.#options = options;
    this.#log = options.logger ?? silentLogger;
    this.#limits = sizeLimits(options);
    checkClusterTls(options.tls);
    this.#authenticate = peerAuthenticator(options.tls);
    const purgeDelayMs = options.purgeDelayMs ?? DEFAULT_PURGE_DELAY_MS;
    this.registry = new NodeRegistry({ purgeDelayMs, logger: this.#log });
    this.#purgeTimer = setInterval(() => this.registry.purge(), Math.min(purgeDelayMs, 60_000)).unref();
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CONTROL_MESSAGE_BYTES, perMessageDeflate: false });
    this.#pusher = new ConfigPusher({ intervalMs: options.pushIntervalMs ?? DEFAULT_PUSH_INTERVAL_MS, logger: this.#log, onPush: (c) => this.#pushAll(c) });
    this.#host = this.#sessionHost();
  }

  static async start(options: ClusterServerOptions): Promise<ClusterServer> {
    const server = new ClusterServer(options);
    try {
      for (const address of options.listen) await server.#listen(address);
    } catch (err) {
      await server.close();
      throw err;
    }
    return server;
  }

  #sessionHost(): SessionHost {
    return {
      registry: this.registry,
      log: this.#log,
      limits: this.#limits,
      cp: { version: this.#options.version, plugins: this.#options.plugins },
      heartbeatIntervalMs: this.#options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
      deadAfterMs: this.#options.deadAfterMs ?? DEFAULT_DEAD_AFTER_MS,
      current: () => this.#pusher.current,
      frame: (config) => config.frame(this.#limits, this.#log, (stats) => this.#emit('frame', stats)),
      opened: (session) => {
        const id = session.nodeId!;
        const previous = this.#byNode.get(id);
        this.#byNode.set(id, session);
        if (previous && previous !== session) {
          this.#log.warn({ node_id: id, remote: session.remote, previous: previous.remote }, 'node id connected again; the older connection is closed (two nodes sharing one prefix would fight here)');
          previous.close(CLOSE_CODES.REPLACED, 'replaced by a newer connection');
        }
      },
      closed: (session) => {
        this.#sessions.delete(session);
        const id = session.nodeId;
        if (id !== null && this.#byNode.get(id) === session) this.#byNode.delete(id);
      },
      acked: (session, version, hash) => {
        const published = this.#pusher.find(version);
        if (!published || published.hash !== hash) return;
        this.#emit('ack', this.#acks.record(session.nodeId!, version, hash, performance.now() - published.publishedAt));
      },
      nacked: (session, nack: Nack) => this.#emit('nack', { node_id: session.nodeId!, version: nack.version, code: nack.code, message: nack.message }),
    };
  }

  /** Observers (metrics, benchmarks) must not break the cluster: a throwing listener is logged. */
  #emit<K extends keyof ClusterServerEvents>(event: K, ...args: ClusterServerEvents[K]): void {
    try {
      this.emit(event, ...(args as never));
    } catch (err) {
      this.#log.error({ err, event }, 'a cluster event listener threw');
    }
  }

  async #listen(address: { host: string; port: number }): Promise<void> {
    const tls = this.#options.tls;
    const server = tls.mode === 'plaintext' ? createHttpServer() : createHttpsServer(serverTlsOptions(tls));
    if (tls.mode === 'plaintext') {
      this.#log.warn(address, 'INSECURE: cluster listener without TLS or authentication (development flag); any host that reaches it can join and read every config. Never use this in production');
    }
    server.on('request', (_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' }).end('cluster connections are WebSocket upgrades\n');
    });
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.#onUpgrade(req, socket, head));
    server.on('tlsClientError', (err: Error, socket: Socket) => {
      this.#log.warn({ remote: `${socket.remoteAddress}:${socket.remotePort}`, err: err.message }, 'refused a cluster connection: TLS handshake failed (wrong cluster_cert, unknown CA, or not a cluster client)');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.port, address.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#servers.push(server);
    const bound = server.address() as AddressInfo;
    this.#log.info({ host: bound.address, port: bound.port, mtls: tls.mode }, 'cluster listener ready');
  }

  #onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    const refuse = (status: number, reason: string) => {
      this.#log.warn({ remote, status }, `refused a cluster connection: ${reason}`);
      socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Not Found'}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}\n`);
    };
    socket.on('error', () => socket.destroy());
    if (new URL(req.url ?? '/', 'http://x').pathname !== CLUSTER_PATH) return refuse(404, `no cluster endpoint at ${req.url}; nodes connect to ${CLUSTER_PATH}`);
    const peer = this.#authenticate(socket);
    if (!peer.ok) return refuse(403, peer.reason);
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new NodeSession(ws, { ip: socket.remoteAddress ?? 'unknown', port: socket.remotePort ?? 0 }, peer.certExpiry, this.#host);
      this.#sessions.add(session);
    });
  }

  #pushAll(config: PublishedConfig): void {
    for (const session of this.#byNode.values()) session.offer(config);
  }

  /** Bound addresses, in the order of `listen`. */
  addresses(): { host: string; port: number }[] {
    return this.#servers.map((s) => {
      const a = s.address() as AddressInfo;
      return { host: a.address, port: a.port };
    });
  }

  /** Makes `change` the newest config and pushes it (at once, or batched within cluster_push_interval). */
  publish(change: PublishInput): void {
    if (!this.#pusher.publish(change)) return;
    this.registry.setCurrent(change.version, change.hash);
  }

  /** The most recent ACK latencies, oldest first. */
  ackLatencies(): readonly AckEvent[] {
    return this.#acks.list();
  }

  async close(): Promise<void> {
    this.#pusher.close();
    clearInterval(this.#purgeTimer);
    for (const session of this.#sessions) session.close(CLOSE_CODES.GOING_AWAY, 'control plane shutting down');
    // Nodes get a second to answer the close frame; then their sockets are cut.
    const cut = setTimeout(() => {
      for (const session of this.#sessions) session.terminate();
    }, 1000);
    await Promise.all(
      this.#servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
    clearTimeout(cut);
    this.#wss.close();
  }
}
