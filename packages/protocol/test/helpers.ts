// Test helpers: a log that records entries, a scriptable control plane, waiting for events.
import { once } from 'node:events';
import type { EventEmitter } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { compressConfig, decodeMessage, encodeMessage, serverTlsOptions } from '../src/index.js';
import type { ClusterLogger, ClusterTls, CpMessage, NodeMessage } from '../src/index.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

export function captureLog(): ClusterLogger & { entries: LogEntry[]; find(re: RegExp, level?: LogEntry['level']): LogEntry | undefined } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (obj: object, msg: string) => void entries.push({ level, obj: obj as Record<string, unknown>, msg });
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    find: (re, level) => entries.find((e) => re.test(e.msg) && (level === undefined || e.level === level)),
  };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export function nextEvent<T>(emitter: EventEmitter, name: string, timeoutMs = 5000): Promise<T> {
  return once(emitter, name, { signal: AbortSignal.timeout(timeoutMs) }).then((args) => args[0] as T);
}

/** A control plane whose every move the test decides: records node messages, sends raw frames. */
export class FakeControlPlane {
  readonly received: NodeMessage[] = [];
  readonly sockets: WebSocket[] = [];
  onUpgrade: ((status: (code: number, body: string) => void) => boolean) | null = null;
  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true });

  private constructor(tls: ClusterTls) {
    this.#server = tls.mode === 'plaintext' ? createHttpServer() : createHttpsServer(serverTlsOptions(tls));
    this.#server.on('upgrade', (req, socket, head) => {
      const refuse = (code: number, body: string) => socket.end(`HTTP/1.1 ${code} Forbidden\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      if (this.onUpgrade && !this.onUpgrade(refuse)) return;
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.push(ws);
        ws.on('message', (data, isBinary) => {
          const decoded = decodeMessage(data, isBinary, { from: 'node' });
          if (decoded.ok) this.received.push(decoded.message);
        });
      });
    });
  }

  static async start(tls: ClusterTls, port = 0): Promise<FakeControlPlane> {
    const cp = new FakeControlPlane(tls);
    cp.#server.listen(port, '127.0.0.1');
    await once(cp.#server, 'listening');
    return cp;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  get socket(): WebSocket {
    const ws = this.sockets.at(-1);
    if (!ws) throw new Error('no node connected');
    return ws;
  }

  send(message: CpMessage): void {
    const encoded = encodeMessage(message, { from: 'control_plane' });
    if (!encoded.ok) throw new Error(encoded.error);
    this.socket.send(encoded.frame);
  }

  welcome(): void {
    this.send({ type: 'welcome', protocol: 1, version: '0.1.0', max_payload: 16 * 1024 * 1024, heartbeat_interval_ms: 30_000 });
  }

  async pushConfig(version: number, config: unknown, hash?: string): Promise<string> {
    const compressed = await compressConfig(config);
    this.send({ type: 'config', version, hash: hash ?? compressed.hash, size: compressed.size, payload: compressed.payload });
    return compressed.hash;
  }

  messages<T extends NodeMessage['type']>(type: T): Extract<NodeMessage, { type: T }>[] {
    return this.received.filter((m): m is Extract<NodeMessage, { type: T }> => m.type === type);
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
