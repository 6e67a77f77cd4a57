// The one table of node settings: name, type, default and a one-line description each. The
// loader, the `Settings` type, `describeSettings()` and the generated docs all read it.
// Defaults are written in conf-file syntax and parsed like user input, so the docs can print
// them verbatim. Secrets are not here: they live in secrets.ts and come only from the environment.
import type { HostPort, ListenAddress } from './listen-address.js';
import type { StorageLocation } from './storage-url.js';

export const ROLES = ['control_plane', 'data_plane'] as const;
export type Role = (typeof ROLES)[number];

export const LOG_LEVELS = ['debug', 'info', 'notice', 'warn', 'error', 'crit'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const CLUSTER_MTLS_MODES = ['shared', 'pki'] as const;
export type ClusterMtlsMode = (typeof CLUSTER_MTLS_MODES)[number];

export type JsonObject = { readonly [key: string]: unknown };

interface SettingDoc {
  /** One line for the generated settings reference. */
  readonly description: string;
  /** In conf-file syntax; a setting without one is optional and `undefined` when unset. */
  readonly default?: string;
}

export type SettingDef = SettingDoc &
  (
    | { readonly kind: 'string' }
    | { readonly kind: 'path' } // resolved against the working directory
    | { readonly kind: 'boolean' } // on/off, true/false
    | { readonly kind: 'integer'; readonly min?: number; readonly max?: number }
    | { readonly kind: 'integer_or_auto'; readonly min: number; readonly max: number } // `auto` or a whole number
    | { readonly kind: 'enum'; readonly values: readonly string[] }
    | { readonly kind: 'listen' } // host:port [ssl] [http2] [backlog=N], ... | off
    | { readonly kind: 'duration'; readonly min?: number; readonly positive?: boolean } // seconds
    | { readonly kind: 'json_object' }
    | { readonly kind: 'host_port' }
    | { readonly kind: 'storage_url' }
  );

export type SettingKind = SettingDef['kind'];

export const SETTINGS = {
  role: {
    kind: 'enum', values: ROLES, default: 'data_plane',
    description: 'What the node does: control_plane (Admin API, pushes config) or data_plane (proxies traffic, or backs config up to storage).',
  },
  prefix: {
    kind: 'path', default: './gatehouse',
    description: 'Directory for the node\'s state (config store, config cache); a relative path is resolved from the working directory.',
  },
  log_level: { kind: 'enum', values: LOG_LEVELS, default: 'notice', description: 'Lowest severity that is logged.' },
  proxy_access_log: {
    kind: 'boolean', default: 'on',
    description: 'Data planes: one JSON log line per proxied request (request id, trace id, method, path without the query string, status, route, service, consumer, latencies, bytes); off to turn request logs off.',
  },
  proxy_listen: {
    kind: 'listen', default: '0.0.0.0:8000, 0.0.0.0:8443 ssl',
    description: 'Addresses the proxy serves client traffic on: host:port [ssl] [http2] [backlog=N], comma-separated, or off.',
  },
  worker_processes: {
    kind: 'integer_or_auto', min: 1, max: 256, default: '1',
    description: 'Data planes: proxy worker processes, auto (one per CPU: os.availableParallelism()) or 1–256; above 1 a primary process keeps the control-plane link and status API. ' +
      'Kong defaults to auto; Gatehouse to 1, so rate-limiting counters (policy local) and memory are one process\'s unless asked. Control planes ignore it.',
  },
  admin_listen: { kind: 'listen', default: '127.0.0.1:8001', description: 'Addresses of the Admin API (control planes), or off.' },
  status_listen: {
    kind: 'listen', default: '127.0.0.1:8100',
    description: 'Addresses of the read-only status API (/status, /status/ready), or off.',
  },
  cluster_listen: { kind: 'listen', default: '0.0.0.0:8005', description: 'Addresses a control plane accepts cluster connections on.' },
  cluster_control_plane: {
    kind: 'host_port', description: 'host:port of the control plane a data plane connects to, e.g. cp.example.com:8005.',
  },
  cluster_mtls: {
    kind: 'enum', values: CLUSTER_MTLS_MODES, default: 'shared',
    description: 'Cluster authentication: shared (the same certificate on every node) or pki (CA-signed node certificates).',
  },
  cluster_cert: { kind: 'path', description: 'Certificate (PEM) the node presents on cluster connections; set with cluster_cert_key.' },
  cluster_cert_key: { kind: 'path', description: 'Private key (PEM) of cluster_cert.' },
  cluster_ca_cert: { kind: 'path', description: 'CA certificate (PEM) that signs the cluster certificates; required with cluster_mtls = pki.' },
  cluster_server_name: { kind: 'string', description: 'Name a data plane expects in the control plane\'s certificate (pki mode).' },
  cluster_allow_plaintext: {
    kind: 'boolean', default: 'off',
    description: 'Development only: cluster connections over plain ws:// with no TLS and no authentication; logged loudly at start.',
  },
  cluster_push_interval: {
    kind: 'duration', min: 0, default: '1',
    description: 'Control planes: seconds between config pushes; the first change goes out at once, later ones in a burst are batched.',
  },
  cluster_max_payload: {
    kind: 'integer', min: 1048576, default: '16777216',
    description: 'Largest compressed config payload, in bytes, sent or accepted on a cluster connection.',
  },
  cluster_data_plane_purge_delay: {
    kind: 'duration', min: 60, default: '86400',
    description: 'Seconds a control plane keeps listing a data plane that stopped reporting.',
  },
  declarative_config: {
    kind: 'path', description: 'Declarative config file loaded at start; a data plane without cluster_control_plane runs standalone on it.',
  },
  cluster_fallback_config_import: {
    kind: 'boolean', default: 'off',
    description: 'Data planes: import config from fallback storage when the control plane is unreachable at start and nothing is cached.',
  },
  cluster_fallback_config_storage: {
    kind: 'storage_url', description: 'Fallback storage, s3://<bucket>[/<prefix>]; required when import or export is on.',
  },
  cluster_fallback_config_export: {
    kind: 'boolean', default: 'off',
    description: 'Export every config the node receives to fallback storage (a control plane, or a data plane as backup node).',
  },
  cluster_fallback_config_export_delay: {
    kind: 'duration', min: 0, default: '60',
    description: 'Seconds to wait after a config change before exporting; only the newest config of the window is uploaded.',
  },
  cluster_fallback_export_s3_config: {
    kind: 'json_object', description: 'JSON object merged into every S3 PutObject request, e.g. {"ServerSideEncryption":"aws:kms"}.',
  },
  cluster_fallback_config_timeout: {
    kind: 'duration', positive: true, default: '5',
    description: 'Seconds a data plane with nothing cached waits for the control plane at start before importing from storage.',
  },
  cluster_fallback_config_signing_key: {
    kind: 'path', description: 'Exporters: Ed25519 private key (PEM) that signs every exported snapshot.',
  },
  cluster_fallback_config_verify_key: {
    kind: 'path', description: 'Importers: Ed25519 public key (PEM); with it, unsigned or wrongly signed snapshots are refused.',
  },
  cluster_fallback_config_export_allow_proxy: {
    kind: 'boolean', default: 'off',
    description: 'Let a data plane with export on proxy traffic too (off: it is a backup node without a proxy listener).',
  },
} as const satisfies Record<string, SettingDef>;

export type SettingName = keyof typeof SETTINGS;

export const SETTING_NAMES = Object.keys(SETTINGS) as readonly SettingName[];

export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(SETTINGS, name);
}

interface KindValues {
  readonly string: string;
  readonly path: string;
  readonly boolean: boolean;
  readonly integer: number;
  readonly integer_or_auto: number | 'auto';
  readonly listen: readonly ListenAddress[];
  readonly duration: number;
  readonly json_object: JsonObject;
  readonly host_port: HostPort;
  readonly storage_url: StorageLocation;
}

type ValueOf<D> = D extends { readonly kind: 'enum'; readonly values: readonly (infer V)[] }
  ? V
  : D extends { readonly kind: infer K extends keyof KindValues }
    ? KindValues[K]
    : never;

/** The effective settings of a node, keyed by Kong's snake_case names. */
export type Settings = {
  readonly [K in SettingName]: (typeof SETTINGS)[K] extends { readonly default: string }
    ? ValueOf<(typeof SETTINGS)[K]>
    : ValueOf<(typeof SETTINGS)[K]> | undefined;
};
