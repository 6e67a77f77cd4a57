/** Where a command writes: injectable so commands stay plain functions. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Exit codes shared by every command. */
export const EXIT = { OK: 0, INVALID: 1, UNREADABLE: 2, USAGE: 64 } as const;

/** Error codes the CLI itself reports (the docs' error table includes them). */
export const CLI_ERROR_CODES = {
  GW_ERR_CONFIG_READ: 'The file named on the command line could not be read (exit status 2).',
  GW_ERR_DP_NO_CONTROL_PLANE: 'A clustered data plane was started without cluster_control_plane.',
  GW_ERR_DP_HASH_MISMATCH: 'A config from the control plane does not normalise to the hash it was sent with (NACKed).',
  GW_ERR_DP_CACHE_CORRUPT: 'The data plane\'s config cache was unreadable or failed its hash; it was set aside and the node waits for the CP.',
  GW_ERR_DP_CACHE_WRITE: 'A config was applied but could not be written to the local cache.',
  GW_ERR_CP_EXPORT_UNSUPPORTED: 'cluster_fallback_config_export = on on a control plane: exporting is done by a backup node; the CP refuses to start rather than ignore it.',
  GW_ERR_CLUSTER_PLAINTEXT: 'cluster_allow_plaintext is on: cluster traffic is not encrypted or authenticated (development only).',
} as const;
