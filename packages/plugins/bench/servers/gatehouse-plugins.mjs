// A Gatehouse gateway (built dist) with one route to the given upstream, either with no plugins
// or with key-auth + rate-limiting + cors on the route, as a typical public API would have.
// Prints its proxy port on stdout when ready.
import { normaliseConfig } from '@gatehouse/config';
import { GatewayNode } from '@gatehouse/gateway';
import { pino } from 'pino';
import { createBundledPlugins } from '../../dist/index.js';

const [upstream, mode] = process.argv.slice(2);
const { plugins } = createBundledPlugins();
const node = await GatewayNode.start({
  logger: pino({ level: 'warn' }),
  proxyListen: [{ host: '127.0.0.1', port: 0, ssl: false, http2: false }],
  statusListen: [],
  plugins,
});
const routePlugins =
  mode === 'plugins'
    ? [
        { name: 'key-auth' },
        // A limit no benchmark reaches: the counting and the headers are what is measured.
        { name: 'rate-limiting', config: { second: 1_000_000_000, minute: 1_000_000_000, limit_by: 'consumer', policy: 'local' } },
        { name: 'cors', config: { origins: ['https://app.example.com'], credentials: true, max_age: 3600 } },
      ]
    : [];
const doc = {
  _format_version: '3.0',
  consumers: [{ username: 'bench', keyauth_credentials: [{ key: 'bench-key' }] }],
  services: [{ name: 'bench', url: upstream, routes: [{ name: 'all', paths: ['/'], plugins: routePlugins }] }],
};
const r = normaliseConfig(doc, { plugins: node.engine.registry });
if (!r.ok) throw new Error(JSON.stringify(r.errors));
const applied = node.apply(r.config, { version: 1, hash: r.hash, source: 'declarative_config' });
if (!applied.ok) throw new Error(applied.message);
process.stdout.write(`${node.proxyAddresses()[0].port}\n`);
process.on('SIGINT', () => process.exit(0));
