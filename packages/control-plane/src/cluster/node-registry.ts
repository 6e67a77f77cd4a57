// The control plane's view of its nodes (GET /clustering/data-planes): who connected, what
// they run, whether they are in sync with the newest config. Nodes that stop reporting stay
// listed as disconnected for cluster_data_plane_purge_delay, then disappear.
import { CAPABILITY_FALLBACK_EXPORT } from '@gatehouse/protocol';
import type { ClusterLogger, ConfigSource, Hello, IncompatibleStatus, NodeRole, SyncStatus } from '@gatehouse/protocol';

/** One row of /clustering/data-planes. */
export interface NodeRow {
  readonly id: string;
  readonly hostname: string;
  readonly ip: string;
  readonly version: string;
  readonly role: NodeRole;
  readonly labels: Readonly<Record<string, string>>;
  readonly capabilities: readonly string[];
  readonly config_version: number | null;
  readonly config_hash: string | null;
  readonly sync_status: SyncStatus;
  readonly config_source: ConfigSource;
  readonly connected: boolean;
  /** ISO 8601. */
  readonly last_seen: string;
  readonly last_error: string | null;
  /** notAfter of the node's client certificate, ISO 8601 (null without TLS). */
  readonly cert_expiry: string | null;
}

export interface ClusterSummary {
  readonly total: number;
  readonly connected: number;
  readonly in_sync: number;
  /** behind or pending. */
  readonly behind: number;
  /** NACKed the newest config. */
  readonly failing: number;
  readonly incompatible: number;
  readonly disconnected: number;
  readonly config_version: number | null;
  readonly config_hash: string | null;
  /** Connected nodes that export to fallback storage. */
  readonly exporters: number;
  readonly warnings: readonly string[];
}

interface NodeRecord {
  hello: Hello;
  ip: string;
  certExpiry: string | null;
  session: number;
  connected: boolean;
  lastSeen: number;
  configVersion: number | null;
  configHash: string | null;
  configSource: ConfigSource;
  lastError: string | null;
  nackedHash: string | null;
  sentHash: string | null;
  incompatible: IncompatibleStatus | null;
}

export interface RegistryOptions {
  readonly purgeDelayMs: number;
  readonly logger: ClusterLogger;
  readonly now?: () => number;
}

export class NodeRegistry {
  readonly #nodes = new Map<string, NodeRecord>();
  readonly #purgeDelayMs: number;
  readonly #log: ClusterLogger;
  readonly #now: () => number;
  #current: { version: number; hash: string } | null = null;
  #sessions = 0;
  #exportersWarned = false;

  constructor(options: RegistryOptions) {
    this.#purgeDelayMs = options.purgeDelayMs;
    this.#log = options.logger;
    this.#now = options.now ?? Date.now;
  }

  /** The newest config of the control plane, against which sync_status is judged. */
  setCurrent(version: number, hash: string): void {
    this.#current = { version, hash };
  }

  /** Records a node's hello; returns a session token that later calls for this connection carry. */
  connect(hello: Hello, ip: string, certExpiry: string | null, incompatible: IncompatibleStatus | null = null): number {
    const session = ++this.#sessions;
    const previous = this.#nodes.get(hello.node_id);
    this.#nodes.set(hello.node_id, {
      hello,
      ip,
      certExpiry,
      session,
      connected: true,
      lastSeen: this.#now(),
      configVersion: hello.config_version,
      configHash: hello.config_hash,
      configSource: hello.config_source,
      lastError: previous?.lastError ?? null,
      nackedHash: previous?.nackedHash ?? null,
      sentHash: null,
      incompatible,
    });
    this.#checkExporters();
    return session;
  }

  #live(id: string, session: number): NodeRecord | undefined {
    const node = this.#nodes.get(id);
    return node && node.session === session ? node : undefined;
  }

  seen(id: string, session: number, report?: { config_hash: string | null; config_version: number | null; config_source: ConfigSource }): void {
    const node = this.#live(id, session);
    if (!node) return;
    node.lastSeen = this.#now();
    if (report) {
      node.configHash = report.config_hash;
      node.configVersion = report.config_version;
      node.configSource = report.config_source;
    }
  }

  sent(id: string, session: number, hash: string): void {
    const node = this.#live(id, session);
    if (node) node.sentHash = hash;
  }

  acked(id: string, session: number, version: number, hash: string): void {
    const node = this.#live(id, session);
    if (!node) return;
    node.lastSeen = this.#now();
    node.configVersion = version;
    node.configHash = hash;
    node.configSource = 'control_plane';
    node.lastError = null;
    node.nackedHash = null;
  }

  nacked(id: string, session: number, hash: string, error: string): void {
    const node = this.#live(id, session);
    if (!node) return;
    node.lastSeen = this.#now();
    node.lastError = error;
    node.nackedHash = hash;
  }

  setIncompatible(id: string, session: number, status: IncompatibleStatus | null): void {
    const node = this.#live(id, session);
    if (node) node.incompatible = status;
  }

  disconnected(id: string, session: number, reason?: string): void {
    const node = this.#live(id, session);
    if (!node) return;
    node.connected = false;
    node.lastSeen = this.#now();
    if (reason && node.incompatible === null && node.lastError === null) node.lastError = reason;
    this.#checkExporters();
  }

  /** Removes nodes unseen for the purge delay; returns their ids. */
  purge(): string[] {
    const cutoff = this.#now() - this.#purgeDelayMs;
    const removed: string[] = [];
    for (const [id, node] of this.#nodes) {
      if (!node.connected && node.lastSeen < cutoff) {
        this.#nodes.delete(id);
        removed.push(id);
      }
    }
    if (removed.length > 0) this.#log.info({ nodes: removed }, `purged ${removed.length} node(s) unseen for ${this.#purgeDelayMs / 1000} s`);
    return removed;
  }

  #status(node: NodeRecord): SyncStatus {
    if (node.incompatible) return node.incompatible;
    if (!node.connected) return 'disconnected';
    const current = this.#current;
    if (!current || node.configHash === current.hash) return 'normal';
    if (node.nackedHash === current.hash) return 'failed';
    return node.sentHash === current.hash ? 'pending' : 'behind';
  }

  #row(node: NodeRecord): NodeRow {
    const h = node.hello;
    return {
      id: h.node_id, hostname: h.hostname, ip: node.ip, version: h.version, role: h.role, labels: h.labels, capabilities: h.capabilities,
      config_version: node.configVersion, config_hash: node.configHash, sync_status: this.#status(node), config_source: node.configSource,
      connected: node.connected, last_seen: new Date(node.lastSeen).toISOString(), last_error: node.lastError, cert_expiry: node.certExpiry,
    };
  }

  get(id: string): NodeRow | undefined {
    this.purge();
    const node = this.#nodes.get(id);
    return node && this.#row(node);
  }

  list(): NodeRow[] {
    this.purge();
    return [...this.#nodes.values()].map((n) => this.#row(n)).sort((a, b) => a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id));
  }

  #exporters(): string[] {
    const ids: string[] = [];
    for (const [id, n] of this.#nodes) if (n.connected && (n.hello.role === 'backup' || n.hello.capabilities.includes(CAPABILITY_FALLBACK_EXPORT))) ids.push(id);
    return ids;
  }

  #checkExporters(): void {
    const exporters = this.#exporters();
    if (exporters.length >= 2 && !this.#exportersWarned) {
      this.#log.warn({ nodes: exporters }, `${exporters.length} fallback exporters connected: they export the same configs; run one exporter (exports never overwrite a newer snapshot, but the work is done twice)`);
    }
    this.#exportersWarned = exporters.length >= 2;
  }

  summary(): ClusterSummary {
    const rows = this.list();
    const count = (...statuses: SyncStatus[]) => rows.filter((r) => statuses.includes(r.sync_status)).length;
    const exporters = this.#exporters().length;
    return {
      total: rows.length,
      connected: rows.filter((r) => r.connected).length,
      in_sync: count('normal'),
      behind: count('behind', 'pending'),
      failing: count('failed'),
      incompatible: count('version_incompatible', 'plugin_set_incompatible', 'plugin_version_incompatible'),
      disconnected: count('disconnected'),
      config_version: this.#current?.version ?? null,
      config_hash: this.#current?.hash ?? null,
      exporters,
      warnings: exporters >= 2 ? [`two exporters connected: ${exporters} nodes export to fallback storage; run one`] : [],
    };
  }
}
