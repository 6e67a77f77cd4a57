// Baseline: bare fastify + @fastify/http-proxy to the same upstream, set up as its README
// shows. argv: <upstream url>. Prints its port on stdout when listening.
import Fastify from 'fastify';
import proxy from '@fastify/http-proxy';

const upstream = process.argv[2];
const app = Fastify({ logger: false });
await app.register(proxy, { upstream, prefix: '/' });
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${app.server.address().port}\n`);
// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile.
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
