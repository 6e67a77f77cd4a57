import type { CliIo } from '../io.js';
import { dpCommand } from './dp.js';

export const backupHelp = `Usage: gatehouse backup [-c <conf file>]

Runs a backup node: a data plane (role = data_plane) with cluster_fallback_config_export = on
and, unless cluster_fallback_config_export_allow_proxy = on, no proxy listener. It receives
every config from the control plane like any node and exports it to
cluster_fallback_config_storage (s3://bucket/prefix) after cluster_fallback_config_export_delay
seconds (only the newest config of the window is written; the first one at once). New data
planes with cluster_fallback_config_import = on read it when the control plane is down.
A backup node that also proxies can use worker_processes like 'gatehouse dp'; without a proxy
listener it runs in one process.

Storage credentials come only from the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN, AWS_REGION, and AWS_CONFIG_STORAGE_ENDPOINT for MinIO and other S3 stores.`;

export function backupCommand(args: string[], io: CliIo): Promise<number> {
  return dpCommand(args, io, { cluster_fallback_config_export: true });
}
