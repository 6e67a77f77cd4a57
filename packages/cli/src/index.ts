// @gatehouse/cli — the `gatehouse` command. The binary is bin/gatehouse.js.
export { run } from './main.js';
export { CLI_ERROR_CODES, EXIT, processIo } from './io.js';
export type { CliIo } from './io.js';
export { GATEHOUSE_VERSION } from './version.js';
