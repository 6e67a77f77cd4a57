/**
 * Data-plane memory with a large config: RSS of a gateway process holding a generated
 * 10,000-route config, against the same process with no config (the baseline, same run).
 * Each figure is the median of several fresh processes. Run after a build. With --json it
 * prints {"progress": "..."} lines and one {"result": {...}} line, for packages/bench.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROUTES = Number(process.env['BENCH_ROUTES'] ?? 10000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const CHILD = fileURLToPath(new URL('./servers/loaded-node.mjs', import.meta.url));
const JSON_MODE = process.argv.includes('--json');

function sample(routes: number): { rss: number; heapUsed: number; applyMs: number } {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, String(routes)], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  const applyMs = Number(/apply (\d+) ms/.exec(r.stderr)?.[1] ?? 0);
  return { ...(JSON.parse(r.stdout) as { rss: number; heapUsed: number }), applyMs };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
const loaded: ReturnType<typeof sample>[] = [];
const empty: ReturnType<typeof sample>[] = [];
for (let i = 0; i < RUNS; i++) {
  loaded.push(sample(ROUTES));
  empty.push(sample(0));
  if (JSON_MODE) {
    const line = `run ${i + 1}/${RUNS}: RSS ${mib(loaded.at(-1)!.rss)} with ${ROUTES} routes, ${mib(empty.at(-1)!.rss)} empty`;
    process.stdout.write(JSON.stringify({ progress: line }) + '\n');
  }
}
const m = (xs: ReturnType<typeof sample>[], k: 'rss' | 'heapUsed' | 'applyMs') => median(xs.map((x) => x[k]));
if (JSON_MODE) {
  const result = {
    routes: ROUTES,
    runs: RUNS,
    loaded: { rss: m(loaded, 'rss'), heapUsed: m(loaded, 'heapUsed'), applyMs: m(loaded, 'applyMs') },
    empty: { rss: m(empty, 'rss'), heapUsed: m(empty, 'heapUsed') },
  };
  process.stdout.write(JSON.stringify({ result }) + '\n');
  process.exit(0);
}
process.stdout.write(`data-plane memory, ${ROUTES} routes, median of ${RUNS} fresh processes each\n`);
process.stdout.write(`| | RSS | JS heap |\n| --- | --- | --- |\n`);
process.stdout.write(`| ${ROUTES} routes loaded | ${mib(m(loaded, 'rss'))} | ${mib(m(loaded, 'heapUsed'))} |\n`);
process.stdout.write(`| no config (baseline) | ${mib(m(empty, 'rss'))} | ${mib(m(empty, 'heapUsed'))} |\n`);
process.stdout.write(`| difference | +${mib(m(loaded, 'rss') - m(empty, 'rss'))} | +${mib(m(loaded, 'heapUsed') - m(empty, 'heapUsed'))} |\n`);
process.stdout.write(`engine.apply() (compile + swap) of ${ROUTES} routes: ${m(loaded, 'applyMs')} ms (median)\n`);
