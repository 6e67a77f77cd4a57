// Run with --import tsx (it loads the config generator's TypeScript). A gateway holding a generated config of N routes (0 = empty): prints its RSS once loaded.
import { normaliseConfig } from '@gatehouse/config';
import { pino } from 'pino';
import { GatewayNode } from '../../dist/index.js';
import { generateConfig } from '../../../config/bench/generate-config.ts';

const routes = Number(process.argv[2]);
const node = await GatewayNode.start({
  logger: pino({ level: 'warn' }),
  proxyListen: [{ host: '127.0.0.1', port: 0, ssl: false, http2: false }],
  statusListen: [],
});
if (routes > 0) {
  const r = normaliseConfig(generateConfig(routes), { plugins: node.engine.registry });
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
  const started = performance.now();
  const applied = node.apply(r.config, { version: 1, hash: r.hash, source: 'declarative_config' });
  if (!applied.ok) throw new Error(applied.message);
  process.stderr.write(`apply ${(performance.now() - started).toFixed(0)} ms\n`);
}
globalThis.gc?.();
await new Promise((resolve) => setTimeout(resolve, 200));
process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed })}\n`);
await node.close(0);
process.exit(0);
