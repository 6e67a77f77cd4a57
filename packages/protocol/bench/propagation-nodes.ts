// Child process of propagation.bench.ts: hosts a share of the benchmark's nodes.
//   full  — real ClusterClients (TLS, bounded gunzip, hash check, JSON parse), ACK at once;
//   light — a TLS WebSocket that sends hello, checks each frame's header and ACKs on arrival:
//           the control plane's fan-out and the wire, without the node's own work.
// argv: <port> <count> <full|light>; env: BENCH_CERT, BENCH_KEY. Exits when stdin closes.
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { CLUSTER_PATH, ClusterClient, PROTOCOL_VERSION, clientTlsOptions, decodeMessage, encodeMessage } from '../src/index.js';
import type { ClusterTls, NodeMessage } from '../src/index.js';

const [portText, countText, mode] = process.argv.slice(2);
const cert = process.env['BENCH_CERT'];
const key = process.env['BENCH_KEY'];
if (!portText || !countText || !cert || !key || (mode !== 'full' && mode !== 'light')) {
  throw new Error('usage: propagation-nodes.ts <port> <count> <full|light> with BENCH_CERT and BENCH_KEY set');
}
const port = Number(portText);
const tls = { mode: 'shared', cert, key } as const satisfies ClusterTls;
const node = (i: number) => ({ id: randomUUID(), hostname: `bench-${process.pid}-${i}`, version: '0.1.0', role: 'data_plane' as const, plugins: [] });

function send(ws: WebSocket, message: NodeMessage): void {
  const encoded = encodeMessage(message, { from: 'node' });
  if (encoded.ok) ws.send(encoded.frame);
}

function lightNode(i: number): () => Promise<void> {
  const ws = new WebSocket(`wss://127.0.0.1:${port}${CLUSTER_PATH}`, { ...(clientTlsOptions(tls) as object), perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  const n = node(i);
  ws.on('open', () =>
    send(ws, {
      type: 'hello', protocol: PROTOCOL_VERSION, node_id: n.id, hostname: n.hostname, version: n.version, role: n.role, plugins: [], labels: {},
      capabilities: [], config_hash: null, config_version: null, config_source: 'none',
    }),
  );
  ws.on('message', (data, isBinary) => {
    const decoded = decodeMessage(data, isBinary, { from: 'control_plane' });
    if (decoded.ok && decoded.message.type === 'config') send(ws, { type: 'ack', version: decoded.message.version, hash: decoded.message.hash });
  });
  ws.on('error', (err) => process.stderr.write(`light node: ${err.message}\n`));
  return async () => ws.terminate();
}

function fullNode(i: number): () => Promise<void> {
  const client = new ClusterClient({ controlPlane: { host: '127.0.0.1', port }, tls, node: node(i), backoff: { initialMs: 50, maxMs: 500 } });
  client.on('config', (e) => client.ack(e.version, e.hash));
  client.start();
  return () => client.close();
}

const stops = Array.from({ length: Number(countText) }, (_, i) => (mode === 'full' ? fullNode(i) : lightNode(i)));
process.stdin.resume();
process.stdin.on('end', () => {
  void Promise.all(stops.map((stop) => stop())).then(() => process.exit(0));
});
