import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { TestkitError } from './testkit-error.js';

/**
 * Asks the OS for a free TCP port (listen on port 0, read it, close). Only for programs
 * that must be told a port up front; anything in-process should listen on 0 itself.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`unexpected listen address ${String(address)}`));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

function tryConnect(port: number, host: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(Math.max(1, timeoutMs));
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** Resolves once a TCP connection to host:port succeeds; rejects after timeoutMs. */
export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt';
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const failure = await tryConnect(port, host, remaining);
    if (failure === undefined) return;
    lastError = failure;
    if (deadline - Date.now() > 0) await sleep(Math.min(25, deadline - Date.now()));
  }
  throw new TestkitError(
    'GW_ERR_TESTKIT_TIMEOUT',
    `nothing accepted connections on ${host}:${port} within ${timeoutMs} ms (last error: ${lastError})`,
  );
}
