// A connector for undici pools whose connect timeout is a native timer: undici's own connect
// timer ticks at about one second, too coarse for a connect_timeout of a few hundred ms.

import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

type SocketReturningConnector = (options: buildConnector.Options, callback: buildConnector.Callback) => Socket | undefined;

export function preciseConnector(timeoutMs: number, tls: { rejectUnauthorized: boolean } | null): buildConnector.connector {
  // timeout 0 turns undici's timer off; ours below replaces it.
  const base = buildConnector({ ...(tls ?? {}), timeout: 0 }) as unknown as SocketReturningConnector;
  return (options, callback) => {
    let settled = false;
    const socket = base(options, (...args: Parameters<buildConnector.Callback>) => {
      if (settled) {
        args[1]?.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      callback(...args);
    });
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            if (settled) return;
            settled = true;
            socket?.destroy();
            const message = `no connection to ${options.hostname}:${options.port} within ${timeoutMs} ms`;
            callback(Object.assign(new Error(message), { code: 'UND_ERR_CONNECT_TIMEOUT' }), null);
          }, timeoutMs)
        : undefined;
  };
}
