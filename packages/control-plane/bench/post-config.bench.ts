// Benchmark (not a test): time to apply a generated 10,000-route config through POST /config
// on a real socket with the file store (fsync included), against the same config's
// normaliseConfig time alone in the same run. Also one entity PATCH on that config, which
// re-validates the whole config as every Admin API write does.
//
//   npx tsx bench/post-config.bench.ts [routes=10000] [runs=5]

import { performance } from 'node:perf_hooks';
import { loadDeclarativeConfig, normaliseConfig, PluginRegistry } from '@gatehouse/config';
import { httpRequest, tempDir } from '@gatehouse/testkit';
import { pino } from 'pino';
import { createAdminApi, FileConfigStore } from '../src/index.js';

// The config package's generator, imported by URL: it lives outside this package's rootDir.
const generatorUrl = new URL('../../config/bench/generate-config.ts', import.meta.url).href;
const { generateConfig } = (await import(generatorUrl)) as { generateConfig: (routeCount: number) => Record<string, unknown> };

const routes = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 5);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** The generated config with one tag that differs per run, so every POST makes a new version. */
function variant(run: number): Record<string, unknown> {
  const config = generateConfig(routes);
  const services = config['services'] as Record<string, unknown>[];
  services[0]!['tags'] = [`run-${run}`];
  return config;
}

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

const dir = await tempDir('gatehouse-bench-');
const { store } = await FileConfigStore.open(dir.path);
const plugins = new PluginRegistry();
const app = createAdminApi({ store, plugins, logger: pino({ level: 'silent' }), listenIsLoopback: true });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;

const posts: number[] = [];
const normalises: number[] = [];
const loads: number[] = [];
let bytes = 0;
for (let run = 0; run <= runs; run++) {
  const doc = variant(run);
  const body = JSON.stringify(doc);
  bytes = Buffer.byteLength(body);
  const [normaliseMs, normalised] = await time(() => normaliseConfig(doc, { plugins }));
  if (!normalised.ok) throw new Error('the generated config is invalid');
  const [loadMs] = await time(() => loadDeclarativeConfig(body, { plugins }));
  const [postMs, res] = await time(() =>
    httpRequest(`${base}/config`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, timeoutMs: 120_000 }),
  );
  if (res.status !== 201) throw new Error(`POST /config answered ${res.status}: ${res.text().slice(0, 300)}`);
  if (run === 0) continue; // warm-up
  posts.push(postMs);
  normalises.push(normaliseMs);
  loads.push(loadMs);
}

const patches: number[] = [];
for (let run = 0; run < runs; run++) {
  const [patchMs, res] = await time(() =>
    httpRequest(`${base}/services/service-0`, { method: 'PATCH', json: { retries: run % 2 === 0 ? 1 : 2 }, timeoutMs: 60_000 }),
  );
  if (res.status !== 200) throw new Error(`PATCH answered ${res.status}`);
  patches.push(patchMs);
}

await app.close();
await store.close();
await dir.cleanup();

const post = median(posts);
const normalise = median(normalises);
console.log(`POST /config, ${routes} routes (${(bytes / 1024 / 1024).toFixed(1)} MiB JSON), median of ${runs} after a warm-up:`);
console.log(`  POST /config (HTTP + load + validate + canonical JSON + fsync'd commit): ${ms(post)}  [${posts.map(ms).join(', ')}]`);
console.log(`  loadDeclarativeConfig(body) alone:                                      ${ms(median(loads))}`);
console.log(`  normaliseConfig(object) alone (baseline):                               ${ms(normalise)}`);
console.log(`  ratio POST / normaliseConfig:                                           ${(post / normalise).toFixed(2)}x`);
console.log(`  PATCH /services/service-0 on that config (whole-config revalidation):   ${ms(median(patches))}`);
