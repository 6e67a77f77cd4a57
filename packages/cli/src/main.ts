import { backupCommand, backupHelp } from './commands/backup.js';
import { certCommand, certHelp } from './commands/cert.js';
import { checkCommand, checkHelp } from './commands/check.js';
import { configCommand, configHelp } from './commands/config-hash.js';
import { cpCommand, cpHelp } from './commands/cp.js';
import { demoCommand, demoHelp } from './commands/demo.js';
import { dpCommand, dpHelp } from './commands/dp.js';
import { fallbackCommand, fallbackHelp } from './commands/fallback.js';
import { reloadCommand, reloadHelp } from './commands/reload.js';
import { validateCommand, validateHelp } from './commands/validate.js';
import { EXIT, processIo } from './io.js';
import type { CliIo } from './io.js';
import { GATEHOUSE_VERSION } from './version.js';

interface Command {
  summary: string;
  help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  validate: { summary: 'check a declarative config file and report every error', help: validateHelp, run: validateCommand },
  cp: { summary: 'run a control plane (Admin API, config store, status API)', help: cpHelp, run: cpCommand },
  dp: { summary: 'run a data plane (standalone on declarative_config)', help: dpHelp, run: dpCommand },
  backup: { summary: 'run a backup node: exports every config to S3-compatible storage', help: backupHelp, run: backupCommand },
  fallback: { summary: 'list, show and verify the config snapshots in fallback storage', help: fallbackHelp, run: fallbackCommand },
  reload: { summary: 'make the running node re-read its declarative_config (SIGHUP)', help: reloadHelp, run: reloadCommand },
  cert: { summary: 'generate cluster certificates (shared, or a CA and node certificates for pki)', help: certHelp, run: certCommand },
  check: { summary: 'check node settings (conf file + GATEHOUSE_* environment) and print them', help: checkHelp, run: checkCommand },
  config: { summary: 'config tools: `config hash <file>` prints the canonical hash', help: configHelp, run: configCommand },
  demo: { summary: 'run a local cluster on 127.0.0.1 to try things; --outage plays a control-plane outage', help: demoHelp, run: demoCommand },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `gatehouse ${GATEHOUSE_VERSION} — API gateway with control-plane / data-plane clustering

Usage: gatehouse <command> [options]

Commands:
${lines.join('\n')}

Options:
  -h, --help     show help (also: gatehouse <command> --help)
  -v, --version  print the version

Run 'gatehouse help <command>' for a command's options and exit codes.`;
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '-h' || name === '--help') {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === '-v' || name === '--version' || name === 'version') {
    io.out(GATEHOUSE_VERSION);
    return EXIT.OK;
  }
  if (name === 'help') {
    const topic = args[0];
    const command = topic === undefined ? undefined : COMMANDS[topic];
    io.out(command ? command.help : usage());
    return topic === undefined || command ? EXIT.OK : EXIT.USAGE;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`gatehouse: unknown command "${name}"\n\n${usage()}`);
    return EXIT.USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.help);
    return EXIT.OK;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    const e = err as Error & { code?: string };
    io.err(`gatehouse ${name}: ${e.message}${e.code ? ` (${e.code})` : ''}`);
    return EXIT.INVALID;
  }
}
