/** The codes of the proxy worker processes (worker_processes > 1); docs/error-codes.md lists them. */
export const WORKER_ERROR_CODES = {
  GW_ERR_DP_WORKER_START: 'A proxy worker could not start (e.g. a proxy_listen address in use). At node start the node exits with the reason; later the slot is retried with backoff.',
  GW_ERR_DP_WORKER_EXITED: 'A proxy worker exited unexpectedly (logged with its pid, exit code and signal); it is replaced, at most once a second per slot, backing off while it keeps dying.',
  GW_ERR_DP_WORKER_VERSION: 'A replacement worker runs another gatehouse build than its primary (the installation changed under a running node); it is refused: restart the node.',
  GW_ERR_DP_WORKER_APPLY_TIMEOUT: 'Not every worker ran a new config within 60 s: the config is NACKed and the workers go back to the last good one.',
  GW_ERR_DP_WORKER_APPLY: 'A worker refused a config the primary accepted: NACKed with the worker\'s reason; every worker keeps the last good config.',
  GW_ERR_DP_WORKER_NOT_SERVING: 'A config reached a worker that was draining (e.g. SIGTERM sent to it alone); the rollout waits for its replacement, which starts with the config.',
  GW_ERR_DP_WORKER_SUPERSEDED: 'A newer config replaced one before every worker ran it; only the newer one is ACKed.',
  GW_ERR_DP_WORKERS_STOPPING: 'The node is shutting down: configs are no longer handed to the workers.',
  GW_ERR_DP_WORKER_MESSAGE: 'A malformed message between the primary and a worker was ignored (logged with what was wrong).',
} as const;
