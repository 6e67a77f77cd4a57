// Gatehouse: the engine with one route and no plugins (or key-auth + rate-limiting + cors once
// they exist), built from dist as it runs in production.
import { normaliseConfig } from '@gatehouse/config';
import { pino } from 'pino';
import { GatewayNode } from '../../dist/index.js';

const upstream = process.argv[2];
const node = await GatewayNode.start({
  logger: pino({ level: 'warn' }),
  proxyListen: [{ host: '127.0.0.1', port: 0, ssl: false, http2: false }],
  statusListen: [],
});
const r = normaliseConfig({ _format_version: '3.0', services: [{ name: 'bench', url: upstream, routes: [{ name: 'all', paths: ['/'] }] }] }, { plugins: node.engine.registry });
if (!r.ok) throw new Error(JSON.stringify(r.errors));
const applied = node.apply(r.config, { version: 1, hash: r.hash, source: 'declarative_config' });
if (!applied.ok) throw new Error(applied.message);
process.stdout.write(`${node.proxyAddresses()[0].port}\n`);
process.on('SIGINT', () => process.exit(0));
