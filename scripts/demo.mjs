#!/usr/bin/env node
// `npm run demo [-- --outage --exit --base-port N]`: builds the CLI and what it needs, then runs
// `gatehouse demo` with the arguments given. See `gatehouse help demo`.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}packages/cli/bin/gatehouse.js`;

process.stdout.write('gatehouse demo: building the packages...\n');
const build = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only', '--filter=@gatehouse/cli...'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
});
if (build.status !== 0) process.exit(build.status ?? 1);

// The demo stops its cluster on Ctrl-C (the terminal sends SIGINT to it as well) or SIGTERM
// (passed on): wait for it to finish cleaning up and exit with its status.
const demo = spawn(process.execPath, [bin, 'demo', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.on('SIGINT', () => {});
process.on('SIGTERM', () => demo.kill('SIGTERM'));
demo.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
