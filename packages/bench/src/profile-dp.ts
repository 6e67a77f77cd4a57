/**
 * Where a Gatehouse data plane spends its CPU under the proxy benchmark's load: starts the
 * upstream and `gatehouse dp` (as the proxy step does) with `node --cpu-prof`, loads it for a
 * while, stops it gracefully (which writes the profile), and prints the self time by module
 * and by function over the loaded seconds only, per request too. With --compare, then the
 * same for fastify + @fastify/http-proxy, so the two can be read side by side.
 *
 *   npx tsx src/profile-dp.ts [--plugins] [--compare] [--seconds 15]
 *
 * Profiles and summaries land in results/profile/ (open a .cpuprofile in Chrome DevTools).
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderProfileSummary, summariseProfile } from './cpu-profile.js';
import type { CpuProfile } from './cpu-profile.js';
import { pickLoadGenerator } from './load-generators.js';
import type { LoadGenerator } from './load-generators.js';
import { BENCH_ROOT } from './repo-paths.js';
import { integer, milliseconds } from './stats.js';
import { startFastifyHttpProxy } from './targets/fastify-http-proxy.js';
import { startGatehouseDp } from './targets/gatehouse-dp.js';
import type { ProxyTarget } from './targets/target.js';
import { startUpstream } from './targets/upstream.js';

const args = process.argv.slice(2);
const secondsAt = args.indexOf('--seconds');
const seconds = secondsAt === -1 ? 15 : Number(args[secondsAt + 1]);
if (!Number.isFinite(seconds) || seconds < 3) throw new Error('--seconds: expected a number of at least 3');
const out = join(BENCH_ROOT, 'results', 'profile');
await rm(out, { recursive: true, force: true });

/** Trimmed off each end of the load, so ramp-up and wind-down are not in the summary. */
const TRIM_MS = 500;

async function profile(name: string, start: (nodeArgs: string[]) => Promise<ProxyTarget>, generator: LoadGenerator): Promise<string> {
  const dir = join(out, name);
  await mkdir(dir, { recursive: true });
  const target = await start(['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${name}.cpuprofile`]);
  try {
    await target.verify();
    const load = (durationSec: number) => generator.run({ url: target.url, connections: 50, durationSec, headers: target.headers });
    await load(3);
    const loadStart = performance.now();
    const sample = await load(seconds);
    const loadEnd = performance.now();
    await target.close();
    const exited = performance.now();
    const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no .cpuprofile in ${dir}: did ${target.label} exit gracefully?`);
    const cpuProfile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    // Counted back from the process's exit, which is the profile's end.
    const window = { fromEndUs: (exited - loadStart - TRIM_MS) * 1000, toEndUs: (exited - loadEnd + TRIM_MS) * 1000 };
    const summary = summariseProfile(cpuProfile, window, 25);
    const requestsInWindow = (sample.requests * (loadEnd - loadStart - 2 * TRIM_MS)) / (loadEnd - loadStart);
    const text =
      `# CPU profile: ${target.label}\n\n${generator.description}, ${seconds} s: ${integer(sample.requestsPerSec)} req/s, ` +
      `p50 ${milliseconds(sample.latencyMs.p50)} ms, p99 ${milliseconds(sample.latencyMs.p99)} ms\n\n${renderProfileSummary(summary, requestsInWindow)}`;
    await writeFile(join(dir, 'summary.md'), text);
    return text;
  } finally {
    await target.close().catch(() => undefined);
  }
}

const generator = await pickLoadGenerator((process.env['BENCH_LOAD_GENERATOR'] as 'wrk' | 'autocannon' | undefined) ?? 'auto', 50);
const upstream = await startUpstream();
try {
  const plugins = args.includes('--plugins');
  process.stdout.write(await profile(plugins ? 'gatehouse-plugins' : 'gatehouse', (nodeArgs) => startGatehouseDp(upstream.url, { plugins, nodeArgs }), generator));
  if (args.includes('--compare')) {
    process.stdout.write('\n' + (await profile('fastify-http-proxy', (nodeArgs) => startFastifyHttpProxy(upstream.url, nodeArgs), generator)));
  }
  process.stdout.write(`\nProfiles and summaries: ${out}\n`);
} finally {
  await upstream.close();
}
