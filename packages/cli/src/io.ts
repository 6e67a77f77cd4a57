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
  GW_ERR_DP_CLUSTER_UNAVAILABLE: 'gatehouse dp was started without declarative_config; connecting to a control plane is not in this build yet.',
} as const;
