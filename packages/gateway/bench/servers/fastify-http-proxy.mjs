// Baseline: bare fastify + @fastify/http-proxy to the same upstream, as a user would set it up.
import Fastify from 'fastify';
import proxy from '@fastify/http-proxy';

const upstream = process.argv[2];
const app = Fastify({ logger: false });
await app.register(proxy, { upstream, prefix: '/', http: undefined });
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${app.server.address().port}\n`);
