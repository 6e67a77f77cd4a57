#!/usr/bin/env node
// The README's test command: lint, typecheck and every package's tests through Turborepo,
// then one total line over all packages ("N passed, N failed"), which Turborepo's own
// summary does not give.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'examples']
  .flatMap((dir) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((n) => join(root, dir, n)) : []))
  .concat([join(root, 'e2e')]);

for (const ws of workspaces) rmSync(join(ws, '.test-results'), { recursive: true, force: true });

const turbo = spawnSync(
  'npx',
  ['turbo', 'run', 'lint', 'typecheck', 'test', 'e2e', '--continue', '--concurrency=2', ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: root, env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' } },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const ws of workspaces) {
  if (!existsSync(join(ws, 'package.json'))) continue;
  const file = join(ws, '.test-results', 'summary.json');
  if (!existsSync(file)) {
    const scripts = JSON.parse(readFileSync(join(ws, 'package.json'), 'utf8')).scripts ?? {};
    if (scripts.test || scripts.e2e) missing.push(ws.slice(root.length));
    continue;
  }
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const counts = JSON.parse(line);
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
  }
}
if (missing.length > 0) process.stdout.write(`\nno test results from: ${missing.join(', ')} (their task failed before tests ran)\n`);
const status = turbo.status ?? 1;
if (status !== 0 && failed === 0) process.stdout.write('\nlint, typecheck or a test run failed: see the output above\n');
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(status !== 0 || failed > 0 || missing.length > 0 ? 1 : 0);
