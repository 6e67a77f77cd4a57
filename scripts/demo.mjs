#!/usr/bin/env node
// `npm run demo`: builds what is needed and runs `gatehouse demo` once that command exists.
// Until the local cluster lands (control plane, backup node, data planes), it shows what
// works today — the demo config validated and hashed by the built CLI — and says what is missing.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}packages/cli/bin/gatehouse.js`;
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });

process.stdout.write('gatehouse demo: building the packages...\n');
const build = run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only', '--filter=@gatehouse/cli...']);
if (build.status !== 0) process.exit(build.status ?? 1);

const help = spawnSync(process.execPath, [bin, 'help', 'demo'], { cwd: root, encoding: 'utf8' });
if (help.status === 0) {
  const demo = run(process.execPath, [bin, 'demo', ...process.argv.slice(2)]);
  process.exit(demo.status ?? 1);
}

process.stdout.write(`
The one-command local cluster ('gatehouse demo') is not built yet. What works today:

  $ gatehouse validate examples/demo/kong.yml
`);
const validate = run(process.execPath, [bin, 'validate', 'examples/demo/kong.yml']);
process.stdout.write(`
The nodes exist; docs/cluster.md shows how to start them by hand:
  gatehouse cert generate    gatehouse cp -c cp.conf    gatehouse dp -c dp.conf    gatehouse backup -c backup.conf
What 'gatehouse demo' will add: an embedded S3 server, an echo upstream, the whole cluster on
127.0.0.1 in one command, and the outage walk-through.
`);
process.exit(validate.status ?? 1);
