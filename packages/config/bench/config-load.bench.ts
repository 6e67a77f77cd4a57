/**
 * Benchmark: load, validate, normalise and hash a generated 10,000-route config, as a fresh
 * process does (the CLI, a control plane at start). Run: npm run bench -w @gatehouse/config
 * (needs the built package). Baseline in the same run: the same fresh process only reading
 * the file and parsing its YAML with js-yaml (the parse floor). With --json it prints
 * {"progress": "..."} lines and one {"result": {...}} line, for the suite in packages/bench.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { generateConfig } from './generate-config.js';

const ROUTES = Number(process.env['BENCH_ROUTES'] ?? 10000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const CHILD = fileURLToPath(new URL('./load-child.mjs', import.meta.url));
const JSON_MODE = process.argv.includes('--json');
const say = (line: string): void => {
  process.stdout.write(JSON_MODE ? JSON.stringify({ progress: line }) + '\n' : `${line}\n`);
};

interface Sample {
  cold: number;
  warm: number;
  maxRss: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;

function sample(file: string, mode: string): Sample {
  const r = spawnSync(process.execPath, [CHILD, file, mode], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`benchmark child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Sample;
}

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
try {
  const text = stringify(generateConfig(ROUTES));
  const file = join(dir, 'bench.yml');
  writeFileSync(file, text);
  say(`config: ${ROUTES} routes, ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB of YAML; ${RUNS} fresh processes each`);
  const load: Sample[] = [];
  const base: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so machine noise hits both alike.
    load.push(sample(file, 'load'));
    base.push(sample(file, 'baseline'));
    if (JSON_MODE) say(`run ${i + 1}/${RUNS}: first load ${load.at(-1)!.cold.toFixed(0)} ms, js-yaml parse ${base.at(-1)!.cold.toFixed(0)} ms`);
  }
  const m = (xs: Sample[], k: keyof Sample) => median(xs.map((x) => x[k]));
  if (JSON_MODE) {
    const summary = (xs: Sample[]) => ({ coldMs: m(xs, 'cold'), warmMs: m(xs, 'warm'), maxRss: m(xs, 'maxRss') });
    const result = { routes: ROUTES, yamlBytes: Buffer.byteLength(text), runs: RUNS, load: summary(load), parseFloor: summary(base) };
    process.stdout.write(JSON.stringify({ result }) + '\n');
  }
  const rows: [string, string, string][] = [
    ['first load in a fresh process (median)', `${m(load, 'cold').toFixed(0)} ms`, `${(m(load, 'cold') / m(base, 'cold')).toFixed(2)}× parse floor`],
    ['later loads, same process (median)', `${m(load, 'warm').toFixed(0)} ms`, `${(m(load, 'warm') / m(base, 'warm')).toFixed(2)}× parse floor`],
    ['parse floor: js-yaml only, fresh process', `${m(base, 'cold').toFixed(0)} ms`, '1.00×'],
    ['peak RSS after the first load (median)', mib(m(load, 'maxRss')), `+${mib(m(load, 'maxRss') - m(base, 'maxRss'))} over the parse floor`],
    ['peak RSS, parse floor', mib(m(base, 'maxRss')), ''],
  ];
  if (!JSON_MODE) for (const [what, value, ratio] of rows) process.stdout.write(`${what.padEnd(44)} ${value.padStart(9)}  ${ratio}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
