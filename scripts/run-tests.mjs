#!/usr/bin/env node
// Runs one package's tests with node:test through tsx and records the counts in
// .test-results/summary.json, which scripts/test-all.mjs sums over all packages.
// Node 20's `node --test` does not expand globs, so the files are listed here.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const cwd = process.cwd();
const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test'];
const reporter = fileURLToPath(new URL('./count-reporter.mjs', import.meta.url));
const resultsDir = join(cwd, '.test-results');
const summaryFile = join(resultsDir, 'summary.json');

function findTests(dir) {
  if (/\.test\.(ts|mts|js|mjs)$/.test(dir)) return [dir];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const found = [];
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist' || name === 'fixtures') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...findTests(full));
    else if (/\.test\.(ts|mts|js|mjs)$/.test(name)) found.push(full);
  }
  return found;
}

const files = roots.flatMap((r) => findTests(join(cwd, r))).sort();
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
if (files.length === 0) {
  writeFileSync(summaryFile, JSON.stringify({ passed: 0, failed: 0, skipped: 0 }) + '\n');
  process.stdout.write('no test files\n');
  process.exit(0);
}

const args = [
  '--import', 'tsx',
  '--test',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  `--test-reporter=${reporter}`, `--test-reporter-destination=${summaryFile}`,
  ...files.map((f) => relative(cwd, f)),
];
const child = spawn(process.execPath, args, { stdio: 'inherit', cwd });
child.on('exit', (code, signal) => {
  process.exit(signal ? 1 : (code ?? 1));
});
