// One node's cluster connection on the control plane: hello and the compatibility check,
// heartbeats both ways, config pushes, ACK/NACK into the registry. A frame that fails to
// decode before hello closes the connection; after hello it is logged and ignored.
import { CLOSE_CODES, PROTOCOL_VERSION, checkPluginCompatibility, checkVersionCompatibility, closeReason, decodeMessage, encodeMessage } from '@gatehouse/protocol';
import type { ClusterLogger, CpMessage, Hello, Nack, NodeMessage, PluginInfo, SizeLimits } from '@gatehouse/protocol';
import type { RawData, WebSocket } from 'ws';
import type { PublishedConfig } from './config-pusher.js';
import type { NodeRegistry } from './node-registry.js';

export interface SessionHost {
  readonly registry: NodeRegistry;
  readonly log: ClusterLogger;
  readonly limits: SizeLimits;
  readonly cp: { readonly version: string; readonly plugins: readonly PluginInfo[] };
  readonly heartbeatIntervalMs: number;
  readonly deadAfterMs: number;
  current(): PublishedConfig | null;
  frame(config: PublishedConfig): Promise<Buffer | null>;
  /** Hello accepted: the host closes an older connection of the same node. */
  opened(session: NodeSession): void;
  closed(session: NodeSession): void;
  acked(session: NodeSession, version: number, hash: string): void;
  nacked(session: NodeSession, nack: Nack): void;
}

export class NodeSession {
  readonly #ws: WebSocket;
  readonly #host: SessionHost;
  readonly remote: string;
  readonly #ip: string;
  readonly #certExpiry: string | null;
  #hello: Hello | null = null;
  #token = 0;
  #nodeHash: string | null = null;
  #sentVersion = -1;
  #refusal: string | null = null;
  #deadline: NodeJS.Timeout;
  #heartbeat: NodeJS.Timeout | null = null;

  constructor(ws: WebSocket, peer: { ip: string; port: number }, certExpiry: string | null, host: SessionHost) {
    this.#ws = ws;
    this.#host = host;
    this.#ip = peer.ip;
    this.remote = `${peer.ip.includes(':') ? `[${peer.ip}]` : peer.ip}:${peer.port}`;
    this.#certExpiry = certExpiry;
    this.#deadline = setTimeout(() => this.#dead(), host.deadAfterMs);
    ws.on('message', (data: RawData, isBinary: boolean) => this.#onFrame(data, isBinary));
    ws.on('error', (err) => host.log.warn({ remote: this.remote, node_id: this.nodeId, err: err.message }, 'cluster connection error'));
    ws.on('close', (code: number, reason: Buffer) => this.#onClose(code, reason.toString('utf8')));
  }

  get nodeId(): string | null {
    return this.#hello?.node_id ?? null;
  }

  close(code: number, reason: string): void {
    this.#ws.close(code, closeReason(reason));
  }

  terminate(): void {
    this.#ws.terminate();
  }

  #log(): Record<string, unknown> {
    return { remote: this.remote, node_id: this.nodeId, hostname: this.#hello?.hostname };
  }

  #dead(): void {
    this.#host.log.warn({ ...this.#log(), code: 'GW_ERR_CLUSTER_PEER_DEAD' }, `node silent for ${this.#host.deadAfterMs} ms; connection dropped`);
    if (this.#hello) this.#host.registry.disconnected(this.#hello.node_id, this.#token);
    this.#ws.terminate();
  }

  #send(message: CpMessage): void {
    const encoded = encodeMessage(message, { from: 'control_plane', limits: this.#host.limits });
    if (encoded.ok) this.#ws.send(encoded.frame);
    else this.#host.log.error({ ...this.#log(), code: encoded.code }, `cannot send ${message.type}: ${encoded.error}`);
  }

  #onFrame(data: RawData, isBinary: boolean): void {
    this.#deadline.refresh();
    const decoded = decodeMessage(data, isBinary, { from: 'node', limits: this.#host.limits });
    if (!decoded.ok) {
      this.#host.log.warn({ ...this.#log(), code: decoded.code }, `${this.#hello ? 'ignored' : 'closed on'} a bad message from the node: ${decoded.error}`);
      if (!this.#hello) this.close(CLOSE_CODES.PROTOCOL_ERROR, decoded.error);
      return;
    }
    const message: NodeMessage = decoded.message;
    if (message.type === 'hello') return this.#onHello(message);
    const hello = this.#hello;
    if (!hello) {
      this.#host.log.warn({ ...this.#log(), code: 'GW_ERR_CLUSTER_MESSAGE_UNEXPECTED' }, `closed: "${message.type}" before hello`);
      return this.close(CLOSE_CODES.PROTOCOL_ERROR, `${message.type} before hello`);
    }
    const registry = this.#host.registry;
    switch (message.type) {
      case 'heartbeat':
        this.#nodeHash = message.config_hash;
        return registry.seen(hello.node_id, this.#token, message);
      case 'ack':
        this.#nodeHash = message.hash;
        registry.acked(hello.node_id, this.#token, message.version, message.hash);
        return this.#host.acked(this, message.version, message.hash);
      case 'nack':
        registry.nacked(hello.node_id, this.#token, message.hash, `${message.code}: ${message.message}`);
        this.#host.log.warn({ ...this.#log(), version: message.version, code: message.code }, `node refused config ${message.version}: ${message.message}`);
        return this.#host.nacked(this, message);
    }
  }

  #onHello(hello: Hello): void {
    const log = this.#host.log;
    if (this.#hello) {
      log.warn({ ...this.#log(), code: 'GW_ERR_CLUSTER_MESSAGE_UNEXPECTED' }, 'ignored a second hello');
      return;
    }
    this.#hello = hello;
    this.#nodeHash = hello.config_hash;
    const registry = this.#host.registry;
    const version = checkVersionCompatibility(this.#host.cp.version, hello.version);
    if (!version.ok) {
      this.#token = registry.connect(hello, this.#ip, this.#certExpiry, version.sync_status);
      log.warn({ ...this.#log(), sync_status: version.sync_status, node_version: hello.version }, `refused node: ${version.message}`);
      this.#send({ type: 'refused', sync_status: version.sync_status, message: version.message, closing: true });
      return this.close(CLOSE_CODES.REFUSED, version.sync_status);
    }
    this.#token = registry.connect(hello, this.#ip, this.#certExpiry);
    this.#host.opened(this);
    this.#send({ type: 'welcome', protocol: PROTOCOL_VERSION, version: this.#host.cp.version, max_payload: this.#host.limits.maxPayload, heartbeat_interval_ms: this.#host.heartbeatIntervalMs });
    const heartbeat = (): void => {
      const current = this.#host.current();
      this.#send({ type: 'heartbeat', config_hash: current?.hash ?? null, config_version: current?.version ?? null });
    };
    // One at once: a node that already runs the current config (from its cache or from fallback
    // storage) gets no push, and learns from this that the control plane stands behind it.
    heartbeat();
    this.#heartbeat = setInterval(heartbeat, this.#host.heartbeatIntervalMs);
    log.info({ ...this.#log(), node_version: hello.version, role: hello.role, config_hash: hello.config_hash, config_source: hello.config_source }, 'node connected');
    this.offer(this.#host.current());
  }

  /** Pushes `config` if the node can run it and does not run it yet; otherwise says why not. */
  offer(config: PublishedConfig | null): void {
    const hello = this.#hello;
    if (!hello || !config || this.#ws.readyState !== this.#ws.OPEN) return;
    const registry = this.#host.registry;
    const fit = checkPluginCompatibility(this.#host.cp.plugins, hello.plugins, config.plugins);
    if (!fit.ok) {
      registry.setIncompatible(hello.node_id, this.#token, fit.sync_status);
      const refusal = `${fit.sync_status}: ${fit.message}`;
      if (refusal !== this.#refusal) {
        this.#refusal = refusal;
        this.#host.log.warn({ ...this.#log(), sync_status: fit.sync_status, version: config.version }, `config not pushed to node: ${fit.message}`);
        this.#send({ type: 'refused', sync_status: fit.sync_status, message: fit.message, closing: false });
      }
      return;
    }
    if (this.#refusal !== null) {
      this.#refusal = null;
      registry.setIncompatible(hello.node_id, this.#token, null);
      this.#host.log.info(this.#log(), 'node is compatible with the config again');
    }
    if (this.#nodeHash === config.hash || config.version <= this.#sentVersion) return;
    this.#push(config).catch((err: unknown) => this.#host.log.error({ ...this.#log(), err, version: config.version }, 'config push failed'));
  }

  async #push(config: PublishedConfig): Promise<void> {
    const hello = this.#hello;
    if (!hello) return;
    this.#sentVersion = config.version;
    this.#host.registry.sent(hello.node_id, this.#token, config.hash);
    const frame = await this.#host.frame(config);
    // A newer version may have been sent meanwhile: never send an older one after it.
    if (!frame || this.#sentVersion !== config.version || this.#ws.readyState !== this.#ws.OPEN) return;
    this.#ws.send(frame);
  }

  #onClose(code: number, reason: string): void {
    clearTimeout(this.#deadline);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    const hello = this.#hello;
    if (hello) {
      const tooLarge = code === CLOSE_CODES.TOO_LARGE ? `GW_ERR_CLUSTER_MESSAGE_TOO_LARGE: the node refused a config over its size limit; raise cluster_max_payload on the node` : undefined;
      this.#host.registry.disconnected(hello.node_id, this.#token, tooLarge);
    }
    this.#host.closed(this);
    this.#host.log.info({ ...this.#log(), close_code: code, reason }, hello ? 'node disconnected' : 'cluster connection closed before hello');
  }
}
