// Shared pieces of the cluster tests: certificates, a control plane, nodes that ACK, configs.
import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PluginRegistry, normaliseConfig } from '@gatehouse/config';
import { ClusterClient, clientTlsOptions, generateCa, generateSharedCert, issueNodeCert } from '@gatehouse/protocol';
import type { ClusterClientOptions, ClusterLogger, ClusterTls, ConfigEvent, PemPair } from '@gatehouse/protocol';
import { WebSocket } from 'ws';
import { ClusterServer } from '../../src/cluster/index.js';
import type { ClusterServerOptions } from '../../src/cluster/index.js';

export const CP_VERSION = '1.4.2';
export const PLUGINS = [{ name: 'cors', version: '1.2.0' }, { name: 'key-auth', version: '1.0.0' }];

export interface LogEntry {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}
export type CapturedLog = ClusterLogger & { entries: LogEntry[]; find(re: RegExp): LogEntry | undefined };

export function captureLog(): CapturedLog {
  const entries: LogEntry[] = [];
  const at = (level: string) => (obj: object, msg: string) => void entries.push({ level, obj: obj as Record<string, unknown>, msg });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), find: (re) => entries.find((e) => re.test(e.msg)) };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

let sharedPair: Promise<PemPair> | undefined;
export function sharedCert(): Promise<PemPair> {
  sharedPair ??= generateSharedCert();
  return sharedPair;
}
export async function sharedTls(pair?: PemPair): Promise<ClusterTls> {
  const p = pair ?? (await sharedCert());
  return { mode: 'shared', cert: p.certPem, key: p.keyPem };
}

export async function pkiSetup(): Promise<{ ca: PemPair; cp: ClusterTls; node: ClusterTls; rogue: ClusterTls }> {
  const [ca, otherCa] = await Promise.all([generateCa(), generateCa({ commonName: 'rogue_ca' })]);
  const [cp, node, rogue] = await Promise.all([
    issueNodeCert(ca, { commonName: 'cp', serverNames: ['cp.cluster.test'] }),
    issueNodeCert(ca, { commonName: 'dp-1' }),
    issueNodeCert(otherCa, { commonName: 'rogue' }),
  ]);
  return {
    ca,
    cp: { mode: 'pki', cert: cp.certPem, key: cp.keyPem, ca: ca.certPem },
    node: { mode: 'pki', cert: node.certPem, key: node.keyPem, ca: ca.certPem, serverName: 'cp.cluster.test' },
    // Trusts the real CA (so it reaches the upgrade) but its own cert comes from another CA.
    rogue: { mode: 'pki', cert: rogue.certPem, key: rogue.keyPem, ca: ca.certPem, serverName: 'cp.cluster.test' },
  };
}

export async function startCp(t: TestContext, options: Partial<ClusterServerOptions> = {}): Promise<{ server: ClusterServer; log: CapturedLog; port: number }> {
  const log = captureLog();
  const server = await ClusterServer.start({
    listen: [{ host: '127.0.0.1', port: 0 }],
    tls: await sharedTls(),
    version: CP_VERSION,
    plugins: PLUGINS,
    pushIntervalMs: 50,
    logger: log,
    ...options,
  });
  t.after(() => server.close());
  return { server, log, port: server.addresses()[0]!.port };
}

export interface TestNode {
  client: ClusterClient;
  id: string;
  configs: ConfigEvent[];
  log: CapturedLog;
}

/** A node whose consumer ACKs every config (or NACKs it, when `nack` says so). */
export async function startNode(
  t: TestContext,
  port: number,
  options: Partial<ClusterClientOptions> & { nack?: (e: ConfigEvent) => string | undefined } = {},
): Promise<TestNode> {
  const id = options.node?.id ?? randomUUID();
  const log = captureLog();
  const client = new ClusterClient({
    controlPlane: { host: '127.0.0.1', port },
    tls: options.tls ?? (await sharedTls()),
    node: { id, hostname: `node-${id.slice(0, 4)}`, version: CP_VERSION, role: 'data_plane', plugins: PLUGINS, ...options.node },
    backoff: { initialMs: 20, maxMs: 100 },
    logger: log,
    ...options,
  });
  const configs: ConfigEvent[] = [];
  client.on('config', (e) => {
    configs.push(e);
    const error = options.nack?.(e);
    if (error === undefined) client.ack(e.version, e.hash);
    else client.nack(e.version, e.hash, 'GW_ERR_CONFIG_INVALID', error);
  });
  client.start();
  t.after(() => client.close());
  return { client, id, configs, log };
}

/** A valid normalised config with `routes` routes and the given plugins. */
export function makeConfig(version: number, routes = 2, plugins: string[] = []): { version: number; hash: string; config: unknown } {
  const registry = new PluginRegistry();
  for (const name of ['cors', 'key-auth', 'acl', 'rate-limiting']) registry.register({ name, version: '1.0.0', configSchema: { type: 'object' } });
  const result = normaliseConfig(
    {
      _format_version: '3.0',
      services: [{ name: `svc-${version}`, url: 'http://127.0.0.1:9/', routes: Array.from({ length: routes }, (_, i) => ({ name: `r${i}`, paths: [`/v${version}/r${i}`] })) }],
      plugins: plugins.map((name) => ({ name, config: {} })),
    },
    { plugins: registry },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { version, hash: result.hash, config: result.config };
}

/** A raw WebSocket to the cluster port with the shared cert: for sending what a real node never would. */
export async function rawNode(t: TestContext, port: number, tls?: ClusterTls): Promise<WebSocket> {
  const options = tls ?? (await sharedTls());
  if (options.mode === 'plaintext') throw new Error('raw nodes use TLS');
  const ws = new WebSocket(`wss://127.0.0.1:${port}/v1/cluster`, { ...(clientTlsOptions(options) as object) });
  ws.on('error', () => {});
  t.after(() => ws.terminate());
  return ws;
}
