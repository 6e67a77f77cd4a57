// The upstream every proxy forwards to: a minimal keep-alive HTTP server with a small JSON
// body, in its own process. Prints its port on stdout when listening.
import { createServer } from 'node:http';

const body = JSON.stringify({ hello: 'world', padding: 'x'.repeat(200) });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
