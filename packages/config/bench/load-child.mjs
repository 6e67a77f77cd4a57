// Runs in a fresh process, as the CLI or a node loading its config does, on the built package.
// argv: <file> <mode: load | baseline>. Prints one JSON line: cold ms, warm ms, peak RSS bytes.
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { loadDeclarativeConfig } from '../dist/index.js';

const [file, mode] = process.argv.slice(2);
const run = () => {
  const bytes = readFileSync(file);
  if (mode === 'baseline') return load(bytes.toString('utf8'));
  const r = loadDeclarativeConfig(bytes, { fileName: 'bench.yml' });
  if (!r.ok) throw new Error(`generated config is invalid: ${r.errors[0]?.message}`);
  return r;
};
let t = performance.now();
run();
const cold = performance.now() - t;
const maxRss = process.resourceUsage().maxRSS * 1024;
const warm = [];
for (let i = 0; i < 3; i++) {
  t = performance.now();
  run();
  warm.push(performance.now() - t);
}
warm.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ cold, warm: warm[1], maxRss }) + '\n');
